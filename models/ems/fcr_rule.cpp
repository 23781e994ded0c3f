#include "models/ems/fcr_rule.hpp"

#include <algorithm>
#include <cmath>

namespace wf {

double FcrRule::battery_setpoint_w(const SiteSnapshot& s) {
  SiteSnapshot c = s;
  propose(c);
  return response_w_;
}

// Books the stretch since the last call at what was in force then.
void FcrRule::book(Time now) {
  if (!started_) return;
  const double dt = (now - last_).to_seconds();
  if (up_) held_s_ += dt;
  (response_w_ > 0 ? up_j_ : down_j_) += std::abs(response_w_) * dt;
  last_ = now;
}

std::optional<double> FcrRule::propose(SiteSnapshot& s) {
  book(s.now);
  started_ = true, last_ = s.now, up_ = s.grid_up;
  if (!s.grid_up) {  // no grid, nothing to contain; the island keeps its batteries
    response_w_ = 0;
    return std::nullopt;
  }
  s.max_discharge_w = std::max(0.0, s.max_discharge_w - p_.reserved_w);
  s.max_charge_w = std::max(0.0, s.max_charge_w - p_.reserved_w);
  response_w_ = fcr_power_w(p_.product, s.frequency_hz, p_.reserved_w);
  return std::nullopt;
}

std::vector<SummaryValue> FcrRule::summary() const {
  const double revenue =
      fcr_capacity_revenue_eur(p_.capacity_price, p_.reserved_w, Time::from_seconds(held_s_));
  return {
      {"ems.fcr.reserved", "kW", "power held for frequency containment", p_.reserved_w / 1e3},
      {"ems.fcr.hours", "h", "hours the reserve was offered (grid up)", held_s_ / 3600},
      {"ems.fcr.capacity_revenue", "EUR", "capacity payment for the reserve", revenue},
      {"ems.fcr.up_energy", "kWh", "energy delivered for up-regulation", up_j_ / 3.6e6},
      {"ems.fcr.down_energy", "kWh", "energy absorbed for down-regulation", down_j_ / 3.6e6},
  };
}

}  // namespace wf
