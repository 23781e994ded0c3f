#include "models/ems/arbitrage.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "sim/calendar.hpp"
#include "sim/windowed_steps.hpp"

namespace wf {

void Arbitrage::thresholds(const SiteSnapshot& s) {
  lo_ = p_.charge_below, hi_ = p_.discharge_above;
  if (!std::isnan(lo_) && !std::isnan(hi_)) return;
  // Quarter-hour samples of the local day (92 or 100 on the DST days).
  const TimeZone& tz = s.site->timezone();
  const Time local = tz.to_local(s.now);
  const Time midnight = floor_to(local, Time::zero(), Time::days(1));
  const Time a = tz.resolve(midnight).earliest, b = tz.resolve(midnight + Time::days(1)).earliest;
  std::vector<double> q;
  for (Time t = a; t < b; t += Time::minutes(15)) q.push_back(s.site->prices()->value_at(t));
  std::sort(q.begin(), q.end());
  const auto pick = [&](double hours) {
    const auto k = static_cast<std::size_t>(std::lround(hours * 4));
    return std::clamp<std::size_t>(k, 1, q.size()) - 1;
  };
  if (std::isnan(lo_)) lo_ = p_.charge_hours > 0 ? q[pick(p_.charge_hours)] : -INFINITY;
  if (std::isnan(hi_))
    hi_ = p_.discharge_hours > 0 ? q[q.size() - 1 - pick(p_.discharge_hours)] : INFINITY;
}

std::optional<double> Arbitrage::propose(SiteSnapshot& s) {
  if (!s.grid_up || std::isnan(s.price_eur_per_mwh)) return std::nullopt;
  const long day = static_cast<long>(
      s.site ? floor_to(s.site->timezone().to_local(s.now), Time::zero(), Time::days(1)) /
                   Time::days(1)
             : 0);
  if (day != day_) {
    if (s.site) thresholds(s);
    day_ = day;
  }
  const double price = s.price_eur_per_mwh;
  switch (state_) {
    case State::charging:
      if (price > lo_ + p_.hysteresis) state_ = State::idle;
      break;
    case State::discharging:
      if (price < hi_ - p_.hysteresis) state_ = State::idle;
      break;
    case State::idle:
      break;
  }
  if (state_ == State::idle) {
    if (price <= lo_)
      state_ = State::charging;
    else if (price >= hi_)
      state_ = State::discharging;
  }
  const double net = s.net_w();
  if (state_ == State::charging)  // from the grid, within the import limit
    return -std::min({p_.power_w, s.max_charge_w, std::max(0.0, s.import_limit_w - net)});
  if (state_ == State::discharging)
    return p_.export_energy ? std::min(p_.power_w, s.max_discharge_w)
                            : std::min({p_.power_w, s.max_discharge_w, std::max(0.0, net)});
  return std::nullopt;
}

}  // namespace wf
