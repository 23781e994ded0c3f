#include "models/pv/solar_position.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "models/pv/spa.hpp"

namespace wf {
namespace {

constexpr double kPi = std::numbers::pi;
constexpr double kDeg = kPi / 180.0;
constexpr Time kJ2000 = Time::seconds(946728000);  // 2000-01-01T12:00:00 UTC (JD 2451545)

double days_since_j2000(Time t) {
  return static_cast<double>((t - kJ2000).count_us()) / 86400e6;
}

}  // namespace

// std::fmod(x, 360), bit for bit, without libm's loop over the exponent difference (a
// tenth of a PV chain step for the sidereal angle, some 3e6 degrees). For |x| < 2^43,
// q * 360 is exact (q below 2^35, 360 = 45 * 8) and so is x - q * 360: fmod's result,
// or it plus or minus 360 when x / 360 rounded put q one off, all representable.
double fmod_360(double x) {
  if (!(std::abs(x) < 0x1p43)) return std::fmod(x, 360.0);
  double r = x - std::trunc(x / 360.0) * 360.0;
  if (x >= 0) {
    if (r < 0) r += 360.0;
    if (r >= 360.0) r -= 360.0;
  } else {
    if (r > 0) r -= 360.0;
    if (r <= -360.0) r += 360.0;
  }
  return r == 0 ? std::copysign(0.0, x) : r;  // fmod keeps x's sign on a zero
}

double wrap_2pi(double a) {
  // fmod leaves |a| < 2 pi as it is: the angles of a step (atan2 + pi) mostly are.
  if (!(a > -2 * kPi && a < 2 * kPi)) a = std::fmod(a, 2 * kPi);
  return a < 0 ? a + 2 * kPi : a;
}

// SPA eq. 42: refraction (deg) for elevation e0 (deg) at pressure (hPa) and air temperature
// (degC); zero once the sun's upper limb is below the horizon (0.26667 + 0.5667 deg).
double refraction_deg(double e0_deg, double pressure_hpa, double temp_c) {
  if (e0_deg < -(0.26667 + 0.5667)) return 0.0;
  return (pressure_hpa / 1010.0) * (283.0 / (273.0 + temp_c)) * 1.02 /
         (60.0 * std::tan(kDeg * (e0_deg + 10.3 / (e0_deg + 5.11))));
}

SunGeocentric sun_geocentric(Time t, double delta_t_s) {
  // Meeus ch. 25 (low accuracy, ~0.01 deg), in Julian centuries of terrestrial time.
  const double T = (days_since_j2000(t) + delta_t_s / 86400.0) / 36525.0;
  const double L0 = 280.46646 + T * (36000.76983 + T * 0.0003032);
  const double M = kDeg * (357.52911 + T * (35999.05029 - T * 0.0001537));
  const double e = 0.016708634 - T * (0.000042037 + T * 0.0000001267);
  const double C = (1.914602 - T * (0.004817 + T * 0.000014)) * std::sin(M) +
                   (0.019993 - T * 0.000101) * std::sin(2 * M) + 0.000289 * std::sin(3 * M);
  const double nu = M + kDeg * C;
  const double omega = kDeg * (125.04 - 1934.136 * T);
  // Apparent longitude: aberration (-0.00569 deg) and nutation (-0.00478 sin omega).
  const double lambda = kDeg * (L0 + C - 0.00569 - 0.00478 * std::sin(omega));
  const double eps0 =
      23.0 + (26.0 + (21.448 - T * (46.8150 + T * (0.00059 - T * 0.001813))) / 60.0) / 60.0;
  const double eps = kDeg * (eps0 + 0.00256 * std::cos(omega));
  SunGeocentric g;
  g.right_ascension = wrap_2pi(std::atan2(std::cos(eps) * std::sin(lambda), std::cos(lambda)));
  g.declination = std::asin(std::sin(eps) * std::sin(lambda));
  g.distance_au = 1.000001018 * (1 - e * e) / (1 + e * std::cos(nu));
  g.sidereal_nutation = kDeg * (-0.00478 * std::sin(omega)) * std::cos(eps);  // delta psi cos eps
  return g;
}

double greenwich_mean_sidereal(Time t) {
  // Meeus eq. 12.4, UT. Reduced before scaling to keep the precision of the big term.
  const double d = days_since_j2000(t);
  const double T = d / 36525.0;
  const double deg =
      fmod_360(280.46061837 + 360.98564736629 * d) + T * T * (0.000387933 - T / 38710000.0);
  return kDeg * deg;
}

namespace {

SunPosition topocentric(const SunGeocentric& g, double gmst, double longitude, double sin_phi,
                        double cos_phi, double pressure_pa, double temp_air_k) {
  const double H = gmst + g.sidereal_nutation + longitude - g.right_ascension;
  const double sin_d = std::sin(g.declination), cos_d = std::cos(g.declination);
  const double cos_h = std::cos(H), sin_h = std::sin(H);
  const double e_geo = std::asin(std::clamp(sin_phi * sin_d + cos_phi * cos_d * cos_h, -1.0, 1.0));
  // SPA eqs. 37-41 reduced to the elevation term: horizontal parallax 8.794" / R.
  const double xi = kDeg * 8.794 / 3600.0 / g.distance_au;
  const double e0_deg = (e_geo - xi * std::cos(e_geo)) / kDeg;
  const double de = refraction_deg(e0_deg, pressure_pa / 100.0, temp_air_k - 273.15);
  SunPosition p;
  p.zenith = kDeg * (90.0 - e0_deg);
  p.apparent_zenith = kDeg * (90.0 - e0_deg - de);
  p.azimuth = wrap_2pi(std::atan2(sin_h, cos_h * sin_phi - sin_d / cos_d * cos_phi) + kPi);
  return p;
}

}  // namespace

SunPosition sun_position(const SunGeocentric& g, double gmst, const SiteLocation& site,
                         double pressure_pa, double temp_air_k) {
  return topocentric(g, gmst, site.longitude, std::sin(site.latitude), std::cos(site.latitude),
                     pressure_pa, temp_air_k);
}

SunPosition sun_position(Time t, const SiteLocation& site, double pressure_pa, double temp_air_k,
                         double delta_t_s, SolarAlgorithm algorithm) {
  if (algorithm == SolarAlgorithm::spa)
    return topocentric_spa(sun_geocentric_spa(t, delta_t_s), greenwich_mean_sidereal(t), site,
                           pressure_pa, temp_air_k);
  return sun_position(sun_geocentric(t, delta_t_s), greenwich_mean_sidereal(t), site, pressure_pa,
                      temp_air_k);
}

double pressure_at_altitude(double altitude_m) {
  // Standard atmosphere (pvlib's alt2pres): p = 100 ((44331.514 - h) / 11880.516)^(1/0.1902632).
  return 100.0 * std::pow((44331.514 - altitude_m) / 11880.516, 1.0 / 0.1902632);
}

SunGeocentric SunTrack::geocentric(Time t) const {
  return algorithm_ == SolarAlgorithm::spa ? sun_geocentric_spa(t, delta_t_s_)
                                           : sun_geocentric(t, delta_t_s_);
}

SunPosition SunTrack::at(Time t, double pressure_pa, double temp_air_k) {
  const Time h = floor_to(t, Time::zero(), Time::hours(1));
  if (h != h0_) {
    g0_ = (!h0_.is_never() && h == h0_ + Time::hours(1)) ? g1_ : geocentric(h);
    g1_ = geocentric(h + Time::hours(1));
    h0_ = h;
  }
  const double f = static_cast<double>((t - h).count_us()) / 3.6e9;
  double ra1 = g1_.right_ascension;
  if (ra1 < g0_.right_ascension - kPi) ra1 += 2 * kPi;  // unwrap across 0/2 pi
  SunGeocentric g;
  g.declination = g0_.declination + f * (g1_.declination - g0_.declination);
  g.right_ascension = g0_.right_ascension + f * (ra1 - g0_.right_ascension);
  g.distance_au = g0_.distance_au + f * (g1_.distance_au - g0_.distance_au);
  g.sidereal_nutation = g0_.sidereal_nutation;
  if (algorithm_ == SolarAlgorithm::spa)
    return topocentric_spa(g, greenwich_mean_sidereal(t), site_, pressure_pa, temp_air_k);
  return topocentric(g, greenwich_mean_sidereal(t), site_.longitude, sin_lat_, cos_lat_,
                     pressure_pa, temp_air_k);
}

}  // namespace wf
