#pragma once
// Forecast-driven pre-charge, the mechanism the cabinet vendor describes: when
// the forecast says a pulse above the limit comes within the horizon (15 min),
// charge ahead of it with the headroom under the limit, so peak shaving has the
// energy when the pulse arrives. Otherwise it passes. Stack it below peak
// shaving (which handles the pulse itself).
#include <algorithm>

#include "models/ems/controller.hpp"

namespace wf {

struct PreChargeParams {
  double limit_w = 0;                ///< import level the pulses must be held to
  Time horizon = Time::minutes(15);  ///< how far ahead the forecast looks
  double target_soc = 1;             ///< charge up to this aggregate SoC
  double power_w = INFINITY;         ///< charging power at most
};

class PreCharge final : public StackRule {
 public:
  explicit PreCharge(const PreChargeParams& p) : p_(p) {}
  std::string_view name() const override { return "precharge"; }
  std::optional<double> propose(SiteSnapshot& s) override {
    if (!s.grid_up || s.site == nullptr || s.soc >= p_.target_soc) return std::nullopt;
    const double headroom = p_.limit_w - s.net_w();
    if (headroom <= 0) return std::nullopt;
    // Cooling follows IT (PUE), so the demand peak scales with the IT peak.
    const double it_peak = s.site->it_peak_forecast_w(s.now, s.now + p_.horizon);
    const double scale = s.it_w > 0 ? (s.it_w + s.cooling_w) / s.it_w : 1.0;
    const double peak_net = it_peak * scale + s.aux_w - s.pv_w;
    if (peak_net <= p_.limit_w) return std::nullopt;
    ++precharges_;
    return -std::min({p_.power_w, s.max_charge_w, headroom});
  }
  std::vector<SummaryValue> summary() const override {
    return {{"ems.precharge.decisions", "1", "solves at which a forecast pulse made it charge",
             static_cast<double>(precharges_)}};
  }

 private:
  PreChargeParams p_;
  long precharges_ = 0;
};

}  // namespace wf
