#pragma once
// Peak shaving on the site's net load (demand - PV): discharge whatever exceeds
// the limit; below it, recharge with the headroom (from grid and PV) until the
// batteries are full. This is the rule of the BAT-A reference scenario.
#include "models/ems/controller.hpp"

namespace wf {

struct PeakShavingParams {
  double limit_w = 0;          ///< net-load threshold to hold the grid import at
  double recharge_below = 1;   ///< recharge only while the aggregate SoC is below this
  bool recharge = true;        ///< use the headroom under the limit to recharge
};

class PeakShaving final : public Controller {
 public:
  explicit PeakShaving(const PeakShavingParams& p) : p_(p) {}
  std::string_view name() const override { return "peak_shaving"; }
  double battery_setpoint_w(const SiteSnapshot& s) override {
    const double excess = s.demand_w() - s.pv_w - p_.limit_w;  // > 0: above the limit
    if (excess > 0) return excess;
    return p_.recharge && s.soc < p_.recharge_below ? excess : 0.0;
  }

 private:
  PeakShavingParams p_;
};

}  // namespace wf
