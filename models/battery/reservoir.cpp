#include "models/battery/reservoir.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "sim/error.hpp"

namespace wf {

const std::array<Param<ReservoirParams>, 8>& reservoir_param_table() {
  using P = ReservoirParams;
  static const std::array<Param<P>, 8> table{{
      {{"capacity", Dim::energy, "", 0, INFINITY, true, "full-scale stored energy of the cabinet"},
       &P::capacity_j},
      {{"soc_initial", Dim::dimensionless, "50 %", 0, 1, false, "state of charge at the start"},
       &P::soc_initial},
      {{"soc_min", Dim::dimensionless, "5 %", 0, 1, false,
        "lowest state of charge the cabinet is used to"},
       &P::soc_min},
      {{"soc_max", Dim::dimensionless, "95 %", 0, 1, false,
        "highest state of charge the cabinet is used to"},
       &P::soc_max},
      {{"max_charge_power", Dim::power, "", 0, INFINITY, false, "largest AC charging power"},
       &P::max_charge_w},
      {{"max_discharge_power", Dim::power, "", 0, INFINITY, false, "largest AC discharging power"},
       &P::max_discharge_w},
      {{"charge_efficiency", Dim::dimensionless, "95 %", 0, 1, true,
        "stored energy per AC energy taken in"},
       &P::charge_efficiency},
      {{"discharge_efficiency", Dim::dimensionless, "95 %", 0, 1, true,
        "AC energy delivered per stored energy"},
       &P::discharge_efficiency},
  }};
  return table;
}

std::string reservoir_params_problem(const ReservoirParams& p) {
  if (!(p.soc_min < p.soc_max)) return "soc_min must lie below soc_max";
  if (p.soc_initial < p.soc_min || p.soc_initial > p.soc_max)
    return "soc_initial must lie between soc_min and soc_max";
  return {};
}

Reservoir::Reservoir(std::string id, const ReservoirParams& p, Time start)
    : Battery(std::move(id)), p_(p), now_(start) {
  // Checked at load (battery_registration.cpp); here a caller's contract.
  if (std::string why = reservoir_params_problem(p); !why.empty()) throw InternalError(why);
  e_min_ = p.soc_min * p.capacity_j;
  e_max_ = p.soc_max * p.capacity_j;
  energy_j_ = p.soc_initial * p.capacity_j;
}

double Reservoir::max_discharge_w() const {
  return energy_j_ > e_min_ ? p_.max_discharge_w : 0.0;
}
double Reservoir::max_charge_w() const {
  return energy_j_ < e_max_ ? p_.max_charge_w : 0.0;
}

Battery::Limit Reservoir::at_limit() const {
  if (energy_j_ <= e_min_) return Limit::empty;
  if (energy_j_ >= e_max_) return Limit::full;
  return Limit::none;
}

double Reservoir::loss_w() const {
  return p_w_ > 0 ? p_w_ * (1 / p_.discharge_efficiency - 1) : -p_w_ * (1 - p_.charge_efficiency);
}

void Reservoir::set_power(double p_w) {
  WF_ASSERT(p_w <= max_discharge_w() * (1 + 1e-12) + 1e-9 &&
            -p_w <= max_charge_w() * (1 + 1e-12) + 1e-9);
  p_w_ = p_w;
  rate_w_ = p_w > 0 ? -p_w / p_.discharge_efficiency : -p_w * p_.charge_efficiency;
  // Locate the limit hit; rounding up means the clamp in advance_to lands it exactly.
  double target = rate_w_ < 0 ? e_min_ : rate_w_ > 0 ? e_max_ : energy_j_;
  if (rate_w_ == 0 || (target - energy_j_) / rate_w_ <= 0) {
    next_event_ = rate_w_ == 0 ? Time::never() : now_;
    slope_per_s_ = 0;
    return;
  }
  double seconds = (target - energy_j_) / rate_w_;
  // A vanishing power (1e-40 W from a fuzzed register) reaches the limit in
  // longer than a Time can count: it is never reached within any run.
  if (!(seconds < 1e12)) {
    next_event_ = Time::never();
    slope_per_s_ = rate_w_ / p_.capacity_j;
    return;
  }
  next_event_ = now_ + Time::us(static_cast<std::int64_t>(std::ceil(seconds * 1e6)));
  slope_per_s_ = (target - energy_j_) / (next_event_ - now_).to_seconds() / p_.capacity_j;
}

void Reservoir::advance_to(Time t) {
  WF_ASSERT(t >= now_);
  const double before = energy_j_;
  energy_j_ = std::clamp(energy_j_ + rate_w_ * (t - now_).to_seconds(), e_min_, e_max_);
  if (energy_j_ < before) dc_out_j_ += before - energy_j_;
  now_ = t;
  if (at_limit() != Limit::none &&
      ((at_limit() == Limit::empty && rate_w_ < 0) || (at_limit() == Limit::full && rate_w_ > 0))) {
    // Sitting on the limit: the site re-solves now and sets a feasible power.
    next_event_ = t;
  }
}

}  // namespace wf
