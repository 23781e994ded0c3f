#pragma once
// Peak shaving on the site's net load (demand - PV): discharge whatever exceeds
// the limit; below it, recharge with the headroom (from grid and PV) until the
// batteries are full. This is the rule of the BAT-A reference scenario. With
// follow_month_peak the limit rises to the month's billed 15-min peak once the
// month has one: shaving below a peak already billed saves nothing.
#include <algorithm>

#include "models/ems/controller.hpp"

namespace wf {

struct PeakShavingParams {
  double limit_w = 0;         ///< net-load threshold to hold the grid import at
  double recharge_below = 1;  ///< recharge only while the aggregate SoC is below this
  bool recharge = true;       ///< use the headroom under the limit to recharge
  bool follow_month_peak = false;
};

class PeakShaving final : public StackRule {
 public:
  explicit PeakShaving(const PeakShavingParams& p) : p_(p) {}
  std::string_view name() const override { return "peak_shaving"; }
  std::optional<double> propose(SiteSnapshot& s) override {
    const double limit = p_.follow_month_peak ? std::max(p_.limit_w, s.month_peak_w) : p_.limit_w;
    const double excess = s.net_w() - limit;  // > 0: above the limit
    if (excess > 0) return excess;
    if (p_.recharge && s.soc < p_.recharge_below) return excess;
    return std::nullopt;
  }

 private:
  PeakShavingParams p_;
};

}  // namespace wf
