#include "models/battery/naumann_aging.hpp"

#include <algorithm>
#include <cmath>

namespace wf {

namespace {
constexpr double kGas = 8.3144598;  // J/(mol K), as in SimSES

// Continues q = k sqrt(x) from its virtual x by dx under stress k.
double continue_sqrt(double q, double k, double dx) {
  if (k <= 0) return q;
  const double xv = (q / k) * (q / k);
  return k * std::sqrt(xv + dx);
}
}  // namespace

void NaumannAging::update_kt(double kelvin) {
  if (kelvin == kt_cache_k_) return;
  const double inv = 1 / kelvin - 1 / p_.t_ref_k;
  kt_cache_ = p_.cal_k_ref * std::exp(-p_.cal_ea / kGas * inv);
  ktr_cache_ = p_.rcal_k_ref * std::exp(-p_.rcal_ea / kGas * inv);
  kt_cache_k_ = kelvin;
}

double NaumannAging::calendar_k(double kelvin, double soc) const {
  const double s = soc - 0.5;
  const double inv = 1 / kelvin - 1 / p_.t_ref_k;
  return p_.cal_k_ref * std::exp(-p_.cal_ea / kGas * inv) * (p_.cal_c * s * s * s + p_.cal_d);
}

double NaumannAging::cycle_k(double c_rate, double dod) const {
  const double s = dod - 0.6;
  return (p_.cyc_a * c_rate + p_.cyc_b) * (p_.cyc_c * s * s * s + p_.cyc_d) / 100;
}

void NaumannAging::add_calendar(double kelvin, double soc, double dt_s) {
  if (dt_s <= 0) return;
  update_kt(kelvin);
  const double s = soc - 0.5;
  q_cal_ = continue_sqrt(q_cal_, kt_cache_ * (p_.cal_c * s * s * s + p_.cal_d), dt_s);
  r_cal_ += std::max(0.0, ktr_cache_ * (p_.rcal_c * s * s + p_.rcal_d)) * dt_s;
}

void NaumannAging::add_cycle(double dod, double c_rate, double fec, double /*kelvin*/) {
  if (fec <= 0) return;
  q_cyc_ = continue_sqrt(q_cyc_, cycle_k(c_rate, dod), fec);
  const double s = dod - 0.5;
  // The published fit turns negative above ~1 C; resistance does not heal, so clamp at 0.
  const double kr = (p_.rcyc_a * c_rate + p_.rcyc_b) * (p_.rcyc_c * s * s * s + p_.rcyc_d) / 100;
  r_cyc_ += std::max(0.0, kr) * fec;
}

}  // namespace wf
