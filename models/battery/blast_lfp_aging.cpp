#include "models/battery/blast_lfp_aging.hpp"

#include <cmath>

namespace wf {

namespace {
// Continues q = k x^p from its virtual x by dx under stress k.
double continue_power(double q, double k, double p, double dx) {
  if (k <= 0) return q;
  const double xv = std::pow(q / k, 1 / p);
  return k * std::pow(xv + dx, p);
}
}  // namespace

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

void BlastLfpAging::add_calendar(double kelvin, double soc, double dt_s) {
  if (dt_s <= 0) return;
  q_cal_ = continue_power(q_cal_, calendar_k(kelvin, soc), p_.pcal, dt_s / 86400);
}

void BlastLfpAging::add_cycle(double dod, double c_rate, double fec, double kelvin) {
  if (fec <= 0) return;
  q_cyc_ = continue_power(q_cyc_, cycle_k(dod, c_rate, kelvin), p_.pcyc, fec);
}

}  // namespace wf
