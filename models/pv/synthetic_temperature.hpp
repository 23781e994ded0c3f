#pragma once
// Seeded synthetic outdoor air temperature for a site without a weather file: the
// seasonal and daily cosines of the synthetic weather plus a slowly varying anomaly
// (AR(1), warm and cold spells), so a year has hot afternoons and not only its mean
// day. For the climate PUE and the cabinets' thermal model. Not a TMY.
#include <array>
#include <cstdint>

#include "sim/params.hpp"
#include "sim/time_series.hpp"

namespace wf {

struct SyntheticTemperatureParams {
  double longitude = 0;  ///< rad, east positive: local solar time of the daily maximum
  double temp_mean_k = 283.15, temp_season_k = 9, temp_day_k = 4;  ///< as synthetic weather
  double anomaly_k = 0;                 ///< standard deviation of the anomaly
  double anomaly_time_s = 3 * 86400.0;  ///< its correlation time
  double step_s = 3600;                 ///< one value per step
};

/// Scenario fields of `ambient_temperature: {format: synthetic, ...}`.
const std::array<Param<SyntheticTemperatureParams>, 7>& synthetic_temperature_param_table();

/// The cosine year of the synthetic weather: coldest in mid-January, warmest at 15:00
/// local solar time (`solar_hour`), K.
double cosine_air_temperature(double mean_k, double season_k, double day_k, int day_of_year,
                              double solar_hour);

/// Air temperature (K) on start + k step over [start, end), each step holding the value
/// at its middle; reproducible for one seed.
StepSeries synthetic_temperature(const SyntheticTemperatureParams& p, Time start, Time end,
                                 std::uint64_t seed);

}  // namespace wf
