#include "models/grid/frequency_response.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace wf {

namespace {

constexpr const auto& kNames = kFcrProductNames;
constexpr double kNominalHz = 50.0;  // Continental Europe and the Nordics, §5.7
// The deviation is rounded to 1e-6 mHz, far below any meter's resolution, so that decimal
// breakpoints land exactly: (49.99 - 50) * 1000 is -10.000000000005116 in binary.
double deviation_mhz(double freq_hz) {
  return std::round((freq_hz - kNominalHz) * 1e9) * 1e-6;
}

// CE FCR (§5.7): deadband 49.99-50.01 Hz [RL-ACT]; outside it the power follows the
// product's straight line through 50 Hz, full at +-200 mHz (SOGL Annex V, marked U in §5.7).
// The line is not shifted by the deadband: at 10.1 mHz the activation is 5.05 %.
double ce(double dev_mhz) {
  if (std::abs(dev_mhz) <= 10.0) return 0.0;
  return std::clamp(-dev_mhz / 200.0, -1.0, 1.0);
}

// FCR-N (§5.7, [FINGRID-FCR]): linear over 49.9-50.1 Hz, no deadband (the product allows
// up to +-10 mHz; none is modelled).
double nordic_n(double dev_mhz) {
  return std::clamp(-dev_mhz / 100.0, -1.0, 1.0);
}

// FCR-D (§5.7, [FINGRID-FCR], [NORDIC-FCR-TR]): linear over a 400 mHz span beyond +-100 mHz.
double nordic_d_up(double dev_mhz) {
  return std::clamp((-dev_mhz - 100.0) / 400.0, 0.0, 1.0);
}
double nordic_d_down(double dev_mhz) {
  return -std::clamp((dev_mhz - 100.0) / 400.0, 0.0, 1.0);
}

}  // namespace

std::string_view product_name(FcrProduct p) {
  return kNames[static_cast<std::size_t>(p)];
}

FcrProduct parse_fcr_product(const ConfigNode& node) {
  return static_cast<FcrProduct>(node.choice(kNames));
}

double fcr_activation(FcrProduct p, double freq_hz) {
  const double dev_mhz = deviation_mhz(freq_hz);
  switch (p) {
    case FcrProduct::fcr_ce:
      return ce(dev_mhz);
    case FcrProduct::fcr_n:
      return nordic_n(dev_mhz);
    case FcrProduct::fcr_d_up:
      return nordic_d_up(dev_mhz);
    case FcrProduct::fcr_d_down:
      return nordic_d_down(dev_mhz);
  }
  return 0.0;
}

double fcr_power_w(FcrProduct p, double freq_hz, double reserved_w) {
  return fcr_activation(p, freq_hz) * reserved_w;
}

double fcr_capacity_revenue_eur(double price_eur_per_mw_h, double reserved_w, Time duration) {
  return price_eur_per_mw_h * (reserved_w * 1e-6) * duration.to_hours();
}

}  // namespace wf
