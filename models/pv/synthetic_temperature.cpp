#include "models/pv/synthetic_temperature.hpp"

#include <cmath>
#include <numbers>
#include <vector>

#include "models/pv/pv_chain.hpp"
#include "sim/error.hpp"
#include "sim/random.hpp"

namespace wf {

const std::array<Param<SyntheticTemperatureParams>, 7>& synthetic_temperature_param_table() {
  using P = SyntheticTemperatureParams;
  constexpr double kPi = std::numbers::pi;
  static const std::array<Param<P>, 7> table{{
      {{"longitude", Dim::angle, "0 deg", -kPi, kPi, false,
        "longitude of the site, east positive (the daily maximum at 15:00 local solar time)"},
       &P::longitude},
      {{"temp_mean", Dim::temperature, "10 degC", 200, 330, false, "annual mean air temperature"},
       &P::temp_mean_k},
      {{"temp_season", Dim::temperature, "9 K", 0, 40, false,
        "seasonal amplitude (coldest mid-January; a difference: write it in K)"},
       &P::temp_season_k},
      {{"temp_day", Dim::temperature, "4 K", 0, 20, false,
        "daily amplitude (a difference: write it in K)"},
       &P::temp_day_k},
      {{"anomaly", Dim::temperature, "0 K", 0, 20, false,
        "standard deviation of the warm and cold spells added to the cosines (a difference)"},
       &P::anomaly_k},
      {{"anomaly_time", Dim::time, "3 d", 3600, 90 * 86400.0, false,
        "correlation time of the spells (AR(1))"},
       &P::anomaly_time_s},
      {{"step", Dim::time, "1 h", 60, 86400, false, "one temperature per step"}, &P::step_s},
  }};
  return table;
}

double cosine_air_temperature(double mean_k, double season_k, double day_k, int day_of_year,
                              double solar_hour) {
  constexpr double kPi = std::numbers::pi;
  return mean_k - season_k * std::cos(2 * kPi * (day_of_year - 15) / 365.0) +
         day_k * std::cos(2 * kPi * (solar_hour - 15) / 24);
}

StepSeries synthetic_temperature(const SyntheticTemperatureParams& p, Time start, Time end,
                                 std::uint64_t seed) {
  WF_ASSERT(end > start && p.step_s > 0);
  const Time step = Time::from_seconds(p.step_s);
  Rng rng(seed);
  const double phi = std::exp(-p.step_s / p.anomaly_time_s);
  const double innovation = p.anomaly_k * std::sqrt(1 - phi * phi);
  double x = p.anomaly_k > 0 ? p.anomaly_k * rng.normal() : 0.0;  // stationary start
  std::vector<Time> t;
  std::vector<double> v;
  for (Time a = start; a < end; a += step) {
    const Time mid = a + (std::min(a + step, end) - a) / 2;
    const Time day = floor_to(mid, Time::zero(), Time::days(1));
    const double solar_h =
        static_cast<double>((mid - day).count_us()) / 3.6e9 + p.longitude * 12 / std::numbers::pi;
    t.push_back(a);
    v.push_back(cosine_air_temperature(p.temp_mean_k, p.temp_season_k, p.temp_day_k,
                                       day_of_year(mid), solar_h) +
                x);
    if (p.anomaly_k > 0) x = phi * x + innovation * rng.normal();
  }
  return StepSeries(std::move(t), std::move(v), end);
}

}  // namespace wf
