#pragma once
// Price arbitrage on the day-ahead price: charge when it is cheap, discharge when
// it is dear, with hysteresis so a price hovering at a threshold does not make the
// battery chatter. "Cheap" and "dear" are fixed prices, or the cheapest and
// dearest hours of each local day (day-ahead prices are known a day ahead).
#include "models/ems/controller.hpp"

namespace wf {

struct ArbitrageParams {
  double charge_below = NAN;     ///< EUR/MWh; NaN: use charge_hours
  double discharge_above = NAN;  ///< EUR/MWh; NaN: use discharge_hours
  double charge_hours = 0;       ///< cheapest hours of each local day
  double discharge_hours = 0;    ///< dearest hours of each local day
  double hysteresis = 0;         ///< EUR/MWh a price must move back past a threshold to stop
  double power_w = INFINITY;
  bool export_energy = false;  ///< discharge beyond the site's own demand into the grid
};

class Arbitrage final : public StackRule {
 public:
  explicit Arbitrage(const ArbitrageParams& p) : p_(p) {}
  std::string_view name() const override { return "arbitrage"; }
  std::optional<double> propose(SiteSnapshot& s) override;

 private:
  enum class State { idle, charging, discharging };
  ArbitrageParams p_;
  State state_ = State::idle;
  long day_ = -1;  // local day the thresholds were computed for
  double lo_ = NAN, hi_ = NAN;
  void thresholds(const SiteSnapshot& s);
};

}  // namespace wf
