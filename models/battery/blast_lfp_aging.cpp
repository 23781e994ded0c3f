#include "models/battery/blast_lfp_aging.hpp"

#include <cmath>

namespace wf {

double BlastLfpAging::anode_potential(double soc) {
  const double x = 0.0085 + soc * (0.78 - 0.0085);
  return 0.6379 + 0.5416 * std::exp(-305.5309 * x) + 0.044 * std::tanh(-(x - 0.1958) / 0.1088) -
         0.1978 * std::tanh((x - 1.0571) / 0.0854) - 0.6875 * std::tanh((x + 0.0117) / 0.0529) -
         0.0175 * std::tanh((x - 0.5692) / 0.0875);
}

double BlastLfpAging::calendar_k(double kelvin, double soc) const {
  return p_.p1 * std::exp(p_.p2 / kelvin) * std::exp(p_.p3 * anode_potential(soc) / kelvin);
}

double BlastLfpAging::cycle_k(double dod, double c_rate, double kelvin) const {
  return (p_.p4 + p_.p5 * dod + p_.p6 * c_rate) *
         (std::exp(p_.p7 / kelvin) + std::exp(-p_.p8 / kelvin));
}

// Continuing q = k x^p from its virtual x (x_v = (q/k)^(1/p)) by dx is adding
// k^(1/p) dx to q^(1/p): the stress is summed in that root and raised once.
void BlastLfpAging::add_calendar(double kelvin, double soc, double dt_s) {
  if (dt_s <= 0) return;
  if (soc != u_soc_) {  // an idle cell holds its SoC: no new potential
    u_soc_ = soc, u_anode_ = anode_potential(soc);
    k_kelvin_ = NAN;
  }
  // k^(1/p) = p1^(1/p) exp((p2 + p3 U_a) / (p T)), p1 > 0: again only when T or U_a moved
  if (kelvin != k_kelvin_) {
    k_kelvin_ = kelvin;
    k_root_ = p1_root_ * std::exp((p_.p2 + p_.p3 * u_anode_) / (p_.pcal * kelvin));
  }
  root_cal_ += k_root_ * dt_s / 86400;
  q_cal_ = std::pow(root_cal_, p_.pcal);
}

void BlastLfpAging::add_cycle(double dod, double c_rate, double fec, double kelvin) {
  if (fec <= 0) return;
  const double k = cycle_k(dod, c_rate, kelvin);
  if (k <= 0) return;
  root_cyc_ += std::pow(k, 1 / p_.pcyc) * fec;
  q_cyc_ = std::pow(root_cyc_, p_.pcyc);
}

}  // namespace wf
