#pragma once
// What a cabinet needs from an aging law: calendar stress over time, cycle
// stress per counted range, and the resulting capacity and resistance changes.
#include <memory>

namespace wf {

class AgingModel {
 public:
  virtual ~AgingModel() = default;
  /// Ages by dt_s seconds at temperature (K) and mean state of charge (0..1).
  virtual void add_calendar(double kelvin, double soc, double dt_s) = 0;
  /// Ages by a counted range: depth dod (0..1), C-rate (1/h), `fec` full equivalent cycles,
  /// at temperature (K).
  virtual void add_cycle(double dod, double c_rate, double fec, double kelvin) = 0;
  virtual double calendar_loss() const = 0;  ///< capacity fraction lost to time
  virtual double cycle_loss() const = 0;     ///< capacity fraction lost to cycling
  double capacity_loss() const { return calendar_loss() + cycle_loss(); }
  /// Relative resistance increase (fraction, >= 0).
  virtual double resistance_growth() const = 0;
  /// A copy with the same state (to close the counting for a summary).
  virtual std::unique_ptr<AgingModel> clone() const = 0;
};

}  // namespace wf
