#include "models/pv/pv_chain.hpp"

#include <fmt/format.h>

#include <utility>

#include "sim/error.hpp"
#include "sim/huge_pages.hpp"
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

namespace {

// The chain over [start, end) on start + k step; `sink.add` receives each step's outputs
// (t, AC, DC, POA, cell temperature, clipped AC).
template <class Sink>
void chain_steps(const PvChainSpec& spec, const WeatherData& weather,
                 const std::string& weather_file, Time start, Time end, Sink& sink,
                 std::vector<PvStages>* stages) {
  if (start < weather.t.front() || end > weather.end)
    throw InputError(
        weather_file, 0, "weather",
        fmt::format("expected weather covering the run {} .. {}; the file covers {} .. {}",
                    format_utc(start), format_utc(end), format_utc(weather.t.front()),
                    format_utc(weather.end)));
  WF_ASSERT(spec.step > Time::zero() && end > start);
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
      sink.add(t, 0.0, 0.0, 0.0, w.temp_air_k, 0.0);
      continue;
    }
    const PvStages s = array.evaluate(sun.at(t, w.pressure_pa, w.temp_air_k), dni_extra, w);
    sink.add(t, s.pac_w, s.pdc_w, s.poa.global(), s.cell_temp_k, s.pac_unclipped_w - s.pac_w);
    if (stages) stages->push_back(s);
  }
}

std::size_t step_count(Time start, Time end, Time step) {
  return static_cast<std::size_t>((end - start - Time::us(1)) / step) + 1;
}

struct ColumnSink {
  PvChainResult& r;
  void add(Time t, double ac, double dc, double poa, double cell, double clip) {
    r.t.push_back(t);
    r.ac_w.push_back(ac);
    r.dc_w.push_back(dc);
    r.poa_w_m2.push_back(poa);
    r.cell_temp_k.push_back(cell);
    r.clipped_w.push_back(clip);
  }
};

// One output as steps while the chain runs: a step starts where the value changes.
struct StepBuilder {
  std::vector<Time> t;
  std::vector<double> v;
  void add(Time at, double x) {
    if (v.empty() || x != v.back()) {
      t.push_back(at);
      v.push_back(x);
    }
  }
  StepSeries finish(Time end) { return StepSeries(std::move(t), std::move(v), end); }
};

struct SeriesSink {
  explicit SeriesSink(std::size_t n) {
    // Reserved, not touched: what a series really has becomes resident, 2 MiB at a
    // time (huge pages: a year's faults cost a tenth of a PV-A run in 4 KiB pages).
    for (StepBuilder* b : {&ac, &dc, &poa, &cell, &clip}) {
      b->t.reserve(n);
      b->v.reserve(n);
      advise_huge_pages(b->t);
      advise_huge_pages(b->v);
    }
  }
  StepBuilder ac, dc, poa, cell, clip;
  void add(Time t, double a, double d, double p, double c, double k) {
    ac.add(t, a);
    dc.add(t, d);
    poa.add(t, p);
    cell.add(t, c);
    clip.add(t, k);
  }
};

}  // namespace

PvChainResult run_pv_chain(const PvChainSpec& spec, const WeatherData& weather,
                           const std::string& weather_file, Time start, Time end,
                           std::vector<PvStages>* stages) {
  PvChainResult r;
  r.end = end;
  if (end > start && spec.step > Time::zero()) {
    const std::size_t n = step_count(start, end, spec.step);
    for (auto* c : {&r.ac_w, &r.dc_w, &r.poa_w_m2, &r.cell_temp_k, &r.clipped_w}) c->reserve(n);
    r.t.reserve(n);
  }
  ColumnSink sink{r};
  chain_steps(spec, weather, weather_file, start, end, sink, stages);
  return r;
}

PvChainSeries run_pv_chain_series(const PvChainSpec& spec, const WeatherData& weather,
                                  const std::string& weather_file, Time start, Time end) {
  SeriesSink sink(end > start && spec.step > Time::zero() ? step_count(start, end, spec.step) : 0);
  chain_steps(spec, weather, weather_file, start, end, sink, nullptr);
  return {sink.ac.finish(end), sink.dc.finish(end), sink.poa.finish(end), sink.cell.finish(end),
          sink.clip.finish(end)};
}

}  // namespace wf
