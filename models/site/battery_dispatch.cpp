#include "models/site/battery_dispatch.hpp"

#include <algorithm>
#include <cmath>

#include "models/pcs/pcs_response.hpp"

namespace wf {
namespace {
constexpr double kSmallStep = 0.005;  // of the rated power
}  // namespace

BatteryDispatch::BatteryDispatch(DispatchRule rule, std::size_t batteries, Time start)
    : rule_(rule),
      cmd_w_(batteries, 0.0),
      cmd_due_(batteries, start),
      limit_(batteries),
      weight_(batteries),
      share_(batteries) {}

void BatteryDispatch::dispatch(Time now, double request_w,
                               const std::vector<std::unique_ptr<Battery>>& batteries,
                               bool grid_forming) {
  const bool discharge = request_w > 0;
  const std::size_t n = batteries.size();
  std::vector<double>&limit = limit_, &weight = weight_, &share = share_;
  limit.resize(n), weight.resize(n);
  share.assign(n, 0.0);
  // Nothing to share (every battery told to stay idle): no limits or weights needed.
  for (std::size_t i = 0; i < n && request_w != 0; ++i) {
    const Battery& b = *batteries[i];
    limit[i] = discharge ? b.max_discharge_w() : b.max_charge_w();
    switch (rule_) {
      case DispatchRule::limits:
        weight[i] = limit[i];
        break;
      case DispatchRule::energy:  // what it holds (discharge) or has room for (charge)
        weight[i] = (discharge ? b.soc() : 1 - b.soc()) * b.capacity_j();
        break;
      case DispatchRule::capacity:
        weight[i] = b.capacity_j();
        break;
    }
    if (limit[i] <= 0) weight[i] = 0;
  }
  // Water-filling: share by weight; a battery at its limit drops out and the
  // rest is shared again, so the total is met whenever the limits allow it.
  double rest = std::abs(request_w);
  for (std::size_t round = 0; round < n && rest > 0; ++round) {
    double w = 0;
    for (std::size_t i = 0; i < n; ++i)
      if (share[i] < limit[i]) w += weight[i];
    if (w <= 0) break;
    double given = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (share[i] >= limit[i] || weight[i] <= 0) continue;
      const double add = std::min(rest * weight[i] / w, limit[i] - share[i]);
      share[i] += add;
      given += add;
    }
    rest -= given;
    if (given <= 0) break;
  }
  for (std::size_t i = 0; i < n; ++i) {
    Battery& b = *batteries[i];
    const double target = discharge ? share[i] : -share[i];
    // Once the last command has arrived, the PCS is at it and a new one starts from it.
    const bool arrived = now >= cmd_due_[i];
    const double from = arrived ? cmd_w_[i] : b.power_w();
    // A step within kSmallStep of the rating follows at once: its delay costs a few
    // joules, and delaying it would chain a solve every delay while a limit drifts with
    // the state of charge.
    const bool small = arrived && std::abs(target - from) <= kSmallStep * b.rated_power_w();
    if (grid_forming || b.response().instant() || small) {
      cmd_w_[i] = target, cmd_due_[i] = now;
      b.set_power(target);
      continue;
    }
    if (target != cmd_w_[i]) {
      // A transition under way keeps its end and takes the new target: pushing the end
      // back on every new command would freeze a PCS whose commands come faster than
      // its delay.
      if (arrived)
        cmd_due_[i] = now + Time::from_seconds(pcs_equivalent_delay_s(b.response(), from, target));
      cmd_w_[i] = target;
    }
    b.set_power(now >= cmd_due_[i] ? target
                                   : std::clamp(from, -b.max_charge_w(), b.max_discharge_w()));
  }
}

Time BatteryDispatch::next_arrival(Time now) const {
  Time next = Time::never();
  for (Time due : cmd_due_)
    if (due > now) next = std::min(next, due);
  return next;
}

}  // namespace wf
