// The quickstart scenario for a whole year, without and with the HDF5 file.
#include <benchmark/benchmark.h>

#include <filesystem>

#include "assembly/run.hpp"

namespace wf {
namespace {

const std::filesystem::path kQuickstart =
    std::filesystem::path(WF_SOURCE_DIR) / "scenarios/quickstart.yaml";

void BM_QuickstartYear(benchmark::State& state) {
  Scenario s = load_scenario(kQuickstart,
                             {state.range(0) ? "output_interval=1min" : "output_interval=15min"});
  auto out = std::filesystem::temp_directory_path() / "wattfleet_bench_quickstart.h5";
  std::uint64_t events = 0;
  for (auto _ : state) {
    RunResult r = run_scenario(s, {.output = state.range(1) ? out : std::filesystem::path{}});
    events = r.events;
  }
  std::filesystem::remove(out);
  state.counters["events"] = static_cast<double>(events);
}
// Args: {1-minute output?, write HDF5?}
BENCHMARK(BM_QuickstartYear)
    ->Args({0, 0})
    ->Args({0, 1})
    ->Args({1, 1})
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace wf
