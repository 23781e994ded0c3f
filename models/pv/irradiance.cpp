#include "models/pv/irradiance.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numbers>

namespace wf {
namespace {

constexpr double kPi = std::numbers::pi;
constexpr double kDeg = kPi / 180.0;

// Perez et al. (1990), Solar Energy 44(5) 271-289, table 6: 'allsitescomposite1990',
// the set pvlib uses by default [PVLIB]. Rows: sky-clearness bins; f11 f12 f13 f21 f22 f23.
constexpr std::array<std::array<double, 6>, 8> kPerez{{
    {-0.008, 0.588, -0.062, -0.060, 0.072, -0.022},
    {0.130, 0.683, -0.151, -0.019, 0.066, -0.029},
    {0.330, 0.487, -0.221, 0.055, -0.064, -0.026},
    {0.568, 0.187, -0.295, 0.109, -0.152, -0.014},
    {0.873, -0.392, -0.362, 0.226, -0.462, 0.001},
    {1.132, -1.237, -0.412, 0.288, -0.823, 0.056},
    {1.060, -1.600, -0.359, 0.264, -1.127, 0.131},
    {0.678, -0.327, -0.250, 0.156, -1.377, 0.251},
}};
// Upper edges of the first seven clearness bins (pvlib: digitize(..., right=True)).
constexpr std::array<double, 7> kEpsEdges{1.065, 1.23, 1.5, 1.95, 2.8, 4.5, 6.2};

double perez(const Plane& p, const HorizontalIrradiance& h, const SunAngles& sun, double cos_aoi,
             double dni_extra, double airmass) {
  const double zenith = sun.zenith;
  if (std::isnan(airmass) || h.dhi <= 0) return 0.0;  // sun down (pvlib zeroes it) or no diffuse
  const double kappa = 1.041;                         // for zenith in rad
  const double z3 = kappa * zenith * zenith * zenith;
  const double eps = ((h.dhi + h.dni) / h.dhi + z3) / (1 + z3);
  std::size_t bin = 0;
  while (bin < kEpsEdges.size() && eps > kEpsEdges[bin]) ++bin;
  const auto& f = kPerez[bin];
  const double delta = h.dhi * airmass / dni_extra;
  const double F1 = std::max(f[0] + f[1] * delta + f[2] * zenith, 0.0);
  const double F2 = f[3] + f[4] * delta + f[5] * zenith;
  const double a = std::max(cos_aoi, 0.0);
  const double b = std::max(sun.cos_zenith, 0.08715574274765817);  // cos 85 deg
  const double sky = h.dhi * (0.5 * (1 - F1) * (1 + p.cos_tilt) + F1 * a / b + F2 * p.sin_tilt);
  return std::max(sky, 0.0);
}

double hay_davies(const Plane& p, const HorizontalIrradiance& h, const SunAngles& sun,
                  double cos_aoi, double dni_extra) {
  // pvlib: Rb floors cos(zenith) at 0.01745 (about 89 deg) so it stays finite at sunrise.
  const double rb = std::max(cos_aoi, 0.0) / std::max(sun.cos_zenith, 0.01745);
  const double ai = h.dni / dni_extra;
  const double iso = std::max(h.dhi * (1 - ai) * 0.5 * (1 + p.cos_tilt), 0.0);
  const double circ = std::max(h.dhi * ai * rb, 0.0);
  return iso + circ;
}

}  // namespace

Plane::Plane(double tilt_rad, double azimuth_rad, double albedo_)
    : tilt(tilt_rad),
      azimuth(azimuth_rad),
      albedo(albedo_),
      cos_tilt(std::cos(tilt_rad)),
      sin_tilt(std::sin(tilt_rad)) {}

SunAngles::SunAngles(double zenith_rad, double azimuth_rad)
    : zenith(zenith_rad),
      cos_zenith(std::cos(zenith_rad)),
      sin_zenith(std::sin(zenith_rad)),
      azimuth(azimuth_rad) {}

double dni_extra_spencer(int doy) {
  const double b = 2 * kPi * (doy - 1) / 365.0;  // pvlib day angle, offset 1
  return 1366.1 * (1.00011 + 0.034221 * std::cos(b) + 0.00128 * std::sin(b) +
                   0.000719 * std::cos(2 * b) + 0.000077 * std::sin(2 * b));
}

double airmass_kasten_young(const SunAngles& sun) {
  const double z = sun.zenith / kDeg;
  if (z > 90) return std::numeric_limits<double>::quiet_NaN();
  return 1.0 / (sun.cos_zenith + 0.50572 * std::pow(6.07995 + (90 - z), -1.6364));
}

double cos_aoi(const Plane& plane, const SunAngles& sun) {
  const double c = plane.cos_tilt * sun.cos_zenith +
                   plane.sin_tilt * sun.sin_zenith * std::cos(sun.azimuth - plane.azimuth);
  return std::clamp(c, -1.0, 1.0);
}

double sky_diffuse(SkyModel model, const Plane& plane, const HorizontalIrradiance& h,
                   const SunAngles& sun, double cos_aoi, double dni_extra, double airmass) {
  switch (model) {
    case SkyModel::isotropic:
      return h.dhi * 0.5 * (1 + plane.cos_tilt);
    case SkyModel::haydavies:
      return hay_davies(plane, h, sun, cos_aoi, dni_extra);
    case SkyModel::perez:
      return perez(plane, h, sun, cos_aoi, dni_extra, airmass);
  }
  return 0.0;
}

PoaIrradiance poa_irradiance(SkyModel model, const Plane& plane, const HorizontalIrradiance& h,
                             const SunAngles& sun, double cos_aoi, double dni_extra,
                             double airmass) {
  PoaIrradiance p;
  p.direct = std::max(h.dni * cos_aoi, 0.0);
  p.sky_diffuse = sky_diffuse(model, plane, h, sun, cos_aoi, dni_extra, airmass);
  p.ground_diffuse = h.ghi * plane.albedo * 0.5 * (1 - plane.cos_tilt);
  return p;
}

double iam(IamModel model, double cos_aoi, double b0) {
  if (model == IamModel::none) return 1.0;
  if (cos_aoi <= 0) return 0.0;
  if (model == IamModel::ashrae) return std::clamp(1 - b0 * (1 / cos_aoi - 1), 0.0, 1.0);
  // Physical (De Soto et al. 2006, as pvlib.iam.physical): glass n = 1.526, K L = 4 /m * 2 mm.
  const double n = 1.526, kl = 4.0 * 0.002;
  const double th = std::max(std::acos(cos_aoi), 1e-6);  // the ratios are 0/0 at normal incidence
  const double thr = std::asin(std::sin(th) / n);
  const double rho_para = std::pow(std::tan(thr - th) / std::tan(thr + th), 2);
  const double rho_perp = std::pow(std::sin(thr - th) / std::sin(thr + th), 2);
  const double rho0 = std::pow((1 - n) / (1 + n), 2);
  const double tau = std::exp(-kl / std::cos(thr)), tau0 = std::exp(-kl);
  return std::max((1 - (rho_para + rho_perp) / 2) / (1 - rho0) * tau / tau0, 0.0);
}

std::string_view sky_model_name(SkyModel m) {
  switch (m) {
    case SkyModel::isotropic:
      return "isotropic";
    case SkyModel::haydavies:
      return "haydavies";
    case SkyModel::perez:
      return "perez";
  }
  return "?";
}

}  // namespace wf
