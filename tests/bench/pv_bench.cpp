// The PV-A chain (tests/models/pv/pv_a_spec.hpp) for a year at one-minute and hourly
// resolution (issue 4: a one-minute year under 0.2 s). Uses PV-A's weather when ../shared/data is
// there, otherwise a synthetic clear-sky-like year of the same shape.
#include <benchmark/benchmark.h>

#include <cmath>
#include <filesystem>
#include <numbers>

#include "models/pv/pv_chain.hpp"
#include "tests/models/pv/pv_a_spec.hpp"

namespace wf {
namespace {

const std::filesystem::path kTmy = std::filesystem::path(WF_SOURCE_DIR) /
                                   "../shared/data/reference/tmy_45.000_8.000_2005_2023.csv";
const Time kStart = Time::days(days_from_civil(2023, 1, 1));
const Time kEnd = Time::days(days_from_civil(2024, 1, 1));

WeatherData synthetic_year() {
  WeatherData w;
  for (Time t = kStart; t < kEnd; t += Time::hours(1)) {
    const double h = static_cast<double>((t % Time::days(1)).count_us()) / 3.6e9;
    const double s = std::max(0.0, std::sin(std::numbers::pi * (h - 6) / 12));
    WeatherSample x;
    x.irr = {800 * s, 700 * s, 100 * s};
    w.t.push_back(t);
    w.rec.push_back(x);
  }
  w.end = kEnd;
  return w;
}

WeatherData weather() {
  if (std::filesystem::exists(kTmy)) return read_weather({kTmy, WeatherFormat::pvgis_tmy, 2023});
  return synthetic_year();
}

// Args: {sky model, step in minutes}
void BM_PvChainYear(benchmark::State& state) {
  const WeatherData w = weather();
  const auto sp =
      test::pv_a_spec(static_cast<SkyModel>(state.range(0)), Time::minutes(state.range(1)));
  std::size_t steps = 0;
  for (auto _ : state) {
    PvChainResult r = run_pv_chain(sp, w, "tmy", kStart, kEnd);
    StepSeries s = r.ac_series();
    benchmark::DoNotOptimize(s);
    steps = r.t.size();
  }
  state.counters["steps"] = static_cast<double>(steps);
}
BENCHMARK(BM_PvChainYear)
    ->Args({0, 1})
    ->Args({1, 1})
    ->Args({2, 1})
    ->Args({1, 60})
    ->Unit(benchmark::kMillisecond);

// Reading and checking the PVGIS file (what a scenario load adds to the chain).
void BM_PvgisRead(benchmark::State& state) {
  if (!std::filesystem::exists(kTmy)) {
    state.SkipWithError("../shared/data absent");
    return;
  }
  for (auto _ : state)
    benchmark::DoNotOptimize(read_weather({kTmy, WeatherFormat::pvgis_tmy, 2023}));
}
BENCHMARK(BM_PvgisRead)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace wf
