#include "models/pv/pv_chain.hpp"

#include <fmt/format.h>

#include <utility>

#include "sim/error.hpp"
#include "sim/time_format.hpp"

namespace wf {

namespace {
// Days since 1970 and the UTC year of instant t.
std::pair<long, int> days_and_year(Time t) {
  const long days = static_cast<long>(floor_to(t, Time::zero(), Time::days(1)) / Time::days(1));
  // Start at or before the year (truncation, minus one), then step up.
  int y = 1970 + static_cast<int>(days / 365) - 1;
  while (days_from_civil(y + 1, 1, 1) <= days) ++y;
  return {days, y};
}
}  // namespace

int day_of_year(Time t) {
  const auto [days, y] = days_and_year(t);
  return static_cast<int>(days - days_from_civil(y, 1, 1)) + 1;
}

int utc_year(Time t) {
  return days_and_year(t).second;
}

StepSeries PvChainResult::ac_series() const {
  return series(ac_w);
}

StepSeries PvChainResult::series(const std::vector<double>& column) const {
  WF_ASSERT(!t.empty() && column.size() == t.size());
  // Counted first so each vector is allocated once (a year at 1 min is 525,600 steps).
  std::size_t n = 1;
  for (std::size_t k = 1; k < column.size(); ++k) n += column[k] != column[k - 1];
  std::vector<Time> ts;
  std::vector<double> vs;
  ts.reserve(n);
  vs.reserve(n);
  ts.push_back(t.front());
  vs.push_back(column.front());
  for (std::size_t k = 1; k < t.size(); ++k)
    if (column[k] != vs.back()) {
      ts.push_back(t[k]);
      vs.push_back(column[k]);
    }
  return StepSeries(std::move(ts), std::move(vs), end);
}

PvChainResult run_pv_chain(const PvChainSpec& spec, const WeatherData& weather,
                           const std::string& weather_file, Time start, Time end,
                           std::vector<PvStages>* stages) {
  if (start < weather.t.front() || end > weather.end)
    throw InputError(
        weather_file, 0, "weather",
        fmt::format("expected weather covering the run {} .. {}; the file covers {} .. {}",
                    format_utc(start), format_utc(end), format_utc(weather.t.front()),
                    format_utc(weather.end)));
  WF_ASSERT(spec.step > Time::zero() && end > start);
  PvChainResult r;
  r.end = end;
  const std::size_t n = static_cast<std::size_t>((end - start - Time::us(1)) / spec.step) + 1;
  r.t.reserve(n);
  r.ac_w.reserve(n);
  r.dc_w.reserve(n);
  r.poa_w_m2.reserve(n);
  r.cell_temp_k.reserve(n);
  r.clipped_w.reserve(n);
  SunTrack sun(spec.site, spec.delta_t_s, spec.algorithm);
  WeatherCursor wc(weather);
  const PvArray array(spec.array);
  Time day = Time::never();
  double dni_extra = 0;
  for (Time t = start; t < end; t += spec.step) {
    const WeatherSample w = wc.at(t);
    const Time d = floor_to(t, Time::zero(), Time::days(1));
    if (d != day) {
      day = d;
      dni_extra = dni_extra_spencer(day_of_year(t));  // pvlib: integer day of year
    }
    if (!stages && w.irr.ghi <= 0 && w.irr.dni <= 0 && w.irr.dhi <= 0) {
      // No light: every POA component is zero whatever the sun, so skip the sun (fast nights).
      r.t.push_back(t);
      r.ac_w.push_back(0.0);
      r.dc_w.push_back(0.0);
      r.poa_w_m2.push_back(0.0);
      r.cell_temp_k.push_back(w.temp_air_k);
      r.clipped_w.push_back(0.0);
      continue;
    }
    const PvStages s = array.evaluate(sun.at(t, w.pressure_pa, w.temp_air_k), dni_extra, w);
    r.t.push_back(t);
    r.ac_w.push_back(s.pac_w);
    r.dc_w.push_back(s.pdc_w);
    r.poa_w_m2.push_back(s.poa.global());
    r.cell_temp_k.push_back(s.cell_temp_k);
    r.clipped_w.push_back(s.pac_unclipped_w - s.pac_w);
    if (stages) stages->push_back(s);
  }
  return r;
}

}  // namespace wf
