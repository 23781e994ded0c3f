#pragma once
// Capacity fade of large-format (>250 Ah) prismatic LFP/graphite cells after
// NREL BLAST-Lite `lfp_gr_250AhPrismatic_2019` [BLAST-250], domain reference
// 1.5.2: calendar q = k_cal(T, U_a(SoC)) t_days^0.526 and cycle
// q = k_cyc(DoD, C, T) EFC^0.828, each continued from its virtual time / EFC
// when the stress changes. No resistance growth in this model.
#include <cmath>

#include "models/battery/aging_model.hpp"

namespace wf {

struct BlastLfpParams {
  double p1 = 8.37e4, p2 = -5.21e3, p3 = -3.56e3, pcal = 0.526;  // calendar (K, K/V)
  double p4 = 4.38e-8, p5 = 1.55e-8, p6 = 1.68e-7, p7 = 2.19e3, p8 = 1.55e5, pcyc = 0.828;
};

class BlastLfpAging final : public AgingModel {
 public:
  explicit BlastLfpAging(const BlastLfpParams& p = {})
      : p_(p), p1_root_(std::pow(p.p1, 1 / p.pcal)) {}

  /// Graphite anode potential (V) at cell SoC (Safari & Delacourt 2011, as BLAST-Lite codes it).
  static double anode_potential(double soc);
  /// Calendar stress factor (1/day^pcal) at temperature (K) and SoC.
  double calendar_k(double kelvin, double soc) const;
  /// Cycle stress factor (1/EFC^pcyc) for depth dod, C-rate and temperature (K).
  double cycle_k(double dod, double c_rate, double kelvin) const;

  void add_calendar(double kelvin, double soc, double dt_s) override;
  void add_cycle(double dod, double c_rate, double fec, double kelvin) override;
  double calendar_loss() const override { return q_cal_; }
  double cycle_loss() const override { return q_cyc_; }
  double resistance_growth() const override { return 0; }
  std::unique_ptr<AgingModel> clone() const override {
    return std::make_unique<BlastLfpAging>(*this);
  }

 private:
  BlastLfpParams p_;
  double p1_root_;
  double root_cal_ = 0, root_cyc_ = 0;  // q^(1/p): additive under changing stress
  double q_cal_ = 0, q_cyc_ = 0;
  double u_soc_ = -1, u_anode_ = 0;     // the last SoC's anode potential
  double k_kelvin_ = NAN, k_root_ = 0;  // k^(1/p) at that SoC and this temperature
};

}  // namespace wf
