#pragma once
// How a site's batteries share its battery power, and how each PCS reaches
// its setpoint: at once when grid-forming (an island), after its
// energy-equivalent delay when grid-following (pcs_response.hpp).
#include <memory>
#include <vector>

#include "models/battery/battery.hpp"
#include "sim/time.hpp"

namespace wf {

/// How several batteries share the site's battery power.
enum class DispatchRule {
  limits,    ///< in proportion to what each can deliver now (derating included)
  energy,    ///< in proportion to stored energy (discharge) or room (charge): balances SoC
  capacity,  ///< in proportion to capacity (SoH-weighted): a worn cabinet works less
};

class BatteryDispatch {
 public:
  BatteryDispatch(DispatchRule rule, std::size_t batteries, Time start);

  /// Shares `request_w` (discharge > 0) by the rule, water-filling past each
  /// battery's limit, and commands every battery.
  void dispatch(Time now, double request_w, const std::vector<std::unique_ptr<Battery>>& batteries,
                bool grid_forming);
  /// The earliest instant after `now` at which a PCS reaches its setpoint (never: none pending).
  Time next_arrival(Time now) const;

 private:
  DispatchRule rule_;
  // Per battery: the setpoint last commanded and when its PCS gets there (grid-following).
  std::vector<double> cmd_w_;
  std::vector<Time> cmd_due_;
  std::vector<double> limit_, weight_, share_;  // scratch: dispatch runs at every event
};

}  // namespace wf
