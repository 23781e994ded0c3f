#pragma once
// Seeded synthetic weather for scenarios without weather files: Haurwitz
// clear-sky GHI times a stochastic clear-sky index (a persistent day type,
// clear / broken / overcast, with AR(1) fluctuations inside the day), split
// into beam and diffuse by Erbs (1982) [PVLIB]; air temperature from a
// seasonal and a daily cosine. Not a TMY: for sizing studies and tests.
#include <array>
#include <cstdint>

#include "models/pv/pv_chain.hpp"
#include "sim/params.hpp"

namespace wf {

struct SyntheticWeatherParams {
  double clear_days = 0.3;           ///< share of clear days
  double overcast_days = 0.3;        ///< share of overcast days (the rest are broken cloud)
  double persistence = 0.5;          ///< chance a day keeps the previous day's type
  double correlation_time_s = 1800;  ///< of the clear-sky index inside a day
  double temp_mean_k = 283.15, temp_season_k = 9, temp_day_k = 4;  ///< amplitudes in K
  double wind_speed = 2.0;                                         ///< m/s
  double pressure_pa = 101325;
};

/// Scenario fields of the synthetic weather block.
const std::array<Param<SyntheticWeatherParams>, 8>& synthetic_weather_param_table();

/// Clear-sky GHI (W/m2) after Haurwitz (1945) for the zenith's cosine; 0 below the horizon.
double clear_sky_ghi_haurwitz(double cos_zenith);

/// Erbs (1982) diffuse fraction for clearness index kt (0..1).
double erbs_diffuse_fraction(double kt);

/// Weather samples on start + k step over [start, end), reproducible for one seed.
WeatherData synthetic_weather(const SyntheticWeatherParams& p, const SiteLocation& site, Time start,
                              Time end, Time step, std::uint64_t seed,
                              SolarAlgorithm algorithm = SolarAlgorithm::meeus);

}  // namespace wf
