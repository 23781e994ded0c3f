#include "models/pv/synthetic_weather.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "models/pv/synthetic_temperature.hpp"
#include "sim/error.hpp"
#include "sim/random.hpp"

namespace wf {
namespace {

constexpr double kPi = std::numbers::pi;

// Clear-sky index by day type: mean and spread (clear, broken, overcast). Broken cloud
// reaches above 1 (cloud enhancement); the index is kept in [0.03, 1.15].
struct DayType {
  double mean, sd;
};
constexpr std::array<DayType, 3> kDayTypes{{{0.97, 0.02}, {0.60, 0.25}, {0.25, 0.08}}};

int draw_day_type(const SyntheticWeatherParams& p, Rng& rng, int previous) {
  if (previous >= 0 && rng.uniform() < p.persistence) return previous;
  const double x = rng.uniform();
  return x < p.clear_days ? 0 : (x < 1 - p.overcast_days ? 1 : 2);
}

// Beam and diffuse from GHI as pvlib.irradiance.erbs (min cos zenith 0.065, no beam
// beyond 87 deg).
HorizontalIrradiance split(double ghi, double cos_z, double dni_extra) {
  if (ghi <= 0) return {0, 0, 0};
  const double kt = std::clamp(ghi / (dni_extra * std::max(cos_z, 0.065)), 0.0, 1.0);
  double dni = ghi * (1 - erbs_diffuse_fraction(kt)) / std::max(cos_z, 0.065);
  if (cos_z < std::cos(87 * kPi / 180)) dni = 0;
  return {ghi, dni, ghi - dni * cos_z};
}

}  // namespace

const std::array<Param<SyntheticWeatherParams>, 8>& synthetic_weather_param_table() {
  using P = SyntheticWeatherParams;
  static const std::array<Param<P>, 8> table{{
      {{"clear_days", Dim::dimensionless, "30 %", 0, 1, false, "share of clear days"},
       &P::clear_days},
      {{"overcast_days", Dim::dimensionless, "30 %", 0, 1, false, "share of overcast days"},
       &P::overcast_days},
      {{"persistence", Dim::dimensionless, "50 %", 0, 1, false,
        "chance that a day keeps the previous day's type"},
       &P::persistence},
      {{"correlation_time", Dim::time, "30 min", 60, 86400, false,
        "correlation time of the clear-sky index within a day"},
       &P::correlation_time_s},
      {{"temp_mean", Dim::temperature, "10 degC", 200, 330, false, "annual mean air temperature"},
       &P::temp_mean_k},
      {{"temp_season", Dim::temperature, "9 K", 0, 40, false,
        "seasonal amplitude of air temperature (a difference: write it in K)"},
       &P::temp_season_k},
      {{"temp_day", Dim::temperature, "4 K", 0, 20, false,
        "daily amplitude of air temperature (a difference: write it in K)"},
       &P::temp_day_k},
      {{"wind_speed", Dim::dimensionless, "2", 0, 50, false, "constant 10 m wind speed in m/s"},
       &P::wind_speed},
  }};
  return table;
}

double clear_sky_ghi_haurwitz(double cos_zenith) {
  return cos_zenith <= 0 ? 0.0 : 1098.0 * cos_zenith * std::exp(-0.057 / cos_zenith);
}

double erbs_diffuse_fraction(double kt) {
  if (kt <= 0.22) return 1 - 0.09 * kt;
  if (kt <= 0.80) return 0.9511 + kt * (-0.1604 + kt * (4.388 + kt * (-16.638 + kt * 12.336)));
  return 0.165;
}

WeatherData synthetic_weather(const SyntheticWeatherParams& p, const SiteLocation& site, Time start,
                              Time end, Time step, std::uint64_t seed, SolarAlgorithm algorithm) {
  WF_ASSERT(step > Time::zero() && end > start);
  Rng rng(seed);
  const double phi = std::exp(-step.to_seconds() / p.correlation_time_s);  // AR(1) per step
  const double innovation = std::sqrt(1 - phi * phi);
  SunTrack sun(site, 67.0, algorithm);
  WeatherData w;
  Time day = Time::never();
  int type = -1;
  double x = 0, dni_extra = 0;
  int doy = 1;
  for (Time t = start; t < end; t += step) {
    const Time d = floor_to(t, Time::zero(), Time::days(1));
    if (d != day) {
      day = d;
      type = draw_day_type(p, rng, type);
      doy = day_of_year(t);
      dni_extra = dni_extra_spencer(doy);
    }
    x = phi * x + innovation * rng.normal();
    const double k = std::clamp(kDayTypes[type].mean + kDayTypes[type].sd * x, 0.03, 1.15);
    const double cos_z = std::cos(sun.at(t, p.pressure_pa, p.temp_mean_k).apparent_zenith);
    WeatherSample s;
    s.irr = split(k * clear_sky_ghi_haurwitz(cos_z), cos_z, dni_extra);
    const double solar_h =
        static_cast<double>((t - d).count_us()) / 3.6e9 + site.longitude * 12 / kPi;
    s.temp_air_k =
        cosine_air_temperature(p.temp_mean_k, p.temp_season_k, p.temp_day_k, doy, solar_h);
    s.wind_speed = p.wind_speed;
    s.pressure_pa = p.pressure_pa;
    w.t.push_back(t);
    w.rec.push_back(s);
  }
  w.end = w.t.back() + step;
  return w;
}

}  // namespace wf
