#pragma once
// The simplest honest battery: an energy reservoir with separate charge and
// discharge efficiencies, power limits and a usable SoC window. Its state moves
// linearly between events, so it is integrated exactly and its limit hits are
// located to the microsecond.
#include <algorithm>
#include <array>

#include "models/battery/battery.hpp"
#include "sim/params.hpp"

namespace wf {

struct ReservoirParams {
  double capacity_j = 0;  ///< full-scale stored energy
  double soc_initial = 0.5;
  double soc_min = 0.05, soc_max = 0.95;
  double max_charge_w = 0, max_discharge_w = 0;                  ///< AC side
  double charge_efficiency = 0.95, discharge_efficiency = 0.95;  ///< one way, AC <-> stored
};

/// The parameter table: names, units, defaults, ranges, meaning.
const std::array<Param<ReservoirParams>, 8>& reservoir_param_table();

/// Why the parameters contradict each other; empty when they do not (checked at load).
std::string reservoir_params_problem(const ReservoirParams& p);

class Reservoir final : public Battery {
 public:
  /// Parameters failing reservoir_params_problem() are a caller's error (InternalError).
  Reservoir(std::string id, const ReservoirParams& p, Time start);

  double max_discharge_w() const override;
  double max_charge_w() const override;
  void set_power(double p_w) override;
  double power_w() const override { return p_w_; }
  Rating rating() const override {
    return {p_.max_charge_w, p_.max_discharge_w,   p_.soc_min,
            p_.soc_max,      p_.charge_efficiency, p_.discharge_efficiency};
  }
  double rated_power_w() const override { return std::max(p_.max_charge_w, p_.max_discharge_w); }
  void advance_to(Time t) override;
  Time next_event() const override { return next_event_; }
  Limit at_limit() const override;
  double soc() const override { return energy_j_ / p_.capacity_j; }
  /// Towards a limit, the chord to the limit at next_event() (rounded up to the
  /// microsecond), so a recorded SoC line never passes the clamped state.
  double soc_slope_per_s() const override { return slope_per_s_; }
  double soh() const override { return 1.0; }  // no aging in this model
  double capacity_j() const override { return p_.capacity_j; }
  double loss_w() const override;
  double energy_j() const { return energy_j_; }
  /// The stored side is the DC side: what left the store.
  std::optional<double> dc_discharged_j() const override { return dc_out_j_; }

 private:
  ReservoirParams p_;
  double e_min_, e_max_;
  double energy_j_;
  double p_w_ = 0;
  double dc_out_j_ = 0;
  double rate_w_ = 0;  // d(stored energy)/dt
  double slope_per_s_ = 0;
  Time now_;
  Time next_event_ = Time::never();
};

}  // namespace wf
