#pragma once
// Calendar and cycle aging of the Sony US26650 LFP/graphite cell after
// Naumann et al. (calendar: J. Energy Storage 17 (2018) 153; cycle: J. Power
// Sources 451 (2020) 227666) as SimSES implements it [SIMSES-DEG], domain
// reference 1.5.1. Stress factors change over time, so each update continues the
// sqrt law from the "virtual" time / FEC at which the loss so far would have
// been reached under today's stress. Calendar and cycle losses add up.
#include "models/battery/aging_model.hpp"

namespace wf {

struct NaumannParams {
  // Capacity, calendar: q = k_ref exp(-Ea/R (1/T - 1/Tref)) (c (soc - 0.5)^3 + d) sqrt(t[s]).
  double cal_k_ref = 1.2571e-5, cal_ea = 17126, cal_c = 2.8575, cal_d = 0.60225;
  // Capacity, cycle [%]: (a C + b) (c (DoD - 0.6)^3 + d) sqrt(FEC).
  double cyc_a = 0.0630, cyc_b = 0.0971, cyc_c = 4.0253, cyc_d = 1.0923;
  // Resistance, calendar: k_ref exp(...) (c (soc - 0.5)^2 + d) t[s].
  double rcal_k_ref = 3.4194e-10, rcal_ea = 71827, rcal_c = -3.3903, rcal_d = 1.5604;
  // Resistance, cycle [%]: (a C + b) (c (DoD - 0.5)^3 + d) FEC.
  double rcyc_a = -0.0020, rcyc_b = 0.0021, rcyc_c = 6.8477, rcyc_d = 0.9182;
  double t_ref_k = 298.15;
};

class NaumannAging final : public AgingModel {
 public:
  explicit NaumannAging(const NaumannParams& p = {}) : p_(p) {}

  /// Calendar capacity stress factor (1/sqrt(s)) at temperature (K) and soc (0..1).
  double calendar_k(double kelvin, double soc) const;
  /// Cycle capacity stress factor (fraction per sqrt(FEC)) for a half cycle.
  double cycle_k(double c_rate, double dod) const;
  /// Ages by dt_s seconds of rest at (kelvin, soc).
  void add_calendar(double kelvin, double soc, double dt_s) override;
  /// Ages by a counted range: depth dod (0..1), C-rate (1/h), `fec` full equivalent cycles.
  /// The published law has no temperature term (cycled at 25 C only).
  void add_cycle(double dod, double c_rate, double fec, double kelvin = 298.15) override;

  double calendar_loss() const override { return q_cal_; }
  double cycle_loss() const override { return q_cyc_; }
  double resistance_growth() const override { return r_cal_ + r_cyc_; }
  std::unique_ptr<AgingModel> clone() const override {
    return std::make_unique<NaumannAging>(*this);
  }

 private:
  NaumannParams p_;
  double q_cal_ = 0, q_cyc_ = 0, r_cal_ = 0, r_cyc_ = 0;
  double kt_cache_k_ = -1, kt_cache_ = 0, ktr_cache_ = 0;
  void update_kt(double kelvin);
};

}  // namespace wf
