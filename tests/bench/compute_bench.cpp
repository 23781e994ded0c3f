// Issue 6 acceptance 4: a fleet of 1,000 nodes over one day at 1 s workload
// resolution (training cycles of 2 s: one change per second per job) runs in < 10 s.
#include <benchmark/benchmark.h>

#include <fmt/format.h>

#include "assembly/run.hpp"
#include "models/compute/load.hpp"
#include "models/compute/workload.hpp"
#include "tests/models/compute/training_group.hpp"

namespace wf {
namespace {

// `groups` load devices sharing 1,000 nodes, each an independent training job stream.
std::string fleet_day(int groups) {
  std::string devices;
  for (int i = 0; i < groups; ++i)
    devices += fmt::format(
        "      g{0}: {{type: load, connect: bus, power: {{workload: ai_training, nodes: {1},"
        " node: h100_8gpu, seed: {0}, period: 2 s, duty: 50 %, job_interval: 10 min}}}}\n",
        i, 1000 / groups);
  return fmt::format(
      "start: 2025-06-02T00:00:00Z\nduration: 1d\noutput_interval: 1min\nsites:\n  s:\n"
      "    devices:\n      grid: {{type: grid, import_limit: 20 MW}}\n"
      "      bus: {{type: bus, connect: grid}}\n{}",
      devices);
}

void BM_Fleet1000NodesDay(benchmark::State& state) {
  const std::string text = fleet_day(static_cast<int>(state.range(0)));
  std::uint64_t events = 0;
  for (auto _ : state) {
    Scenario s = parse_scenario(text, "compute_bench.yaml");  // generators run at load
    RunResult r = run_scenario(s, {});
    events = r.events;
  }
  state.counters["events"] = static_cast<double>(events);
}
// Arg: number of independent node groups (jobs out of phase add breakpoints).
BENCHMARK(BM_Fleet1000NodesDay)->Arg(1)->Arg(10)->Unit(benchmark::kMillisecond);

void BM_GenerateAiTrainingYear(benchmark::State& state) {
  const WorkloadGroup g = test::training_group(64, Time::days(365), 0);
  AiTrainingParams p;  // default 66 s cycle
  std::size_t points = 0;
  for (auto _ : state) points = generate_ai_training(g, p).power.size();
  state.counters["points"] = static_cast<double>(points);
}
BENCHMARK(BM_GenerateAiTrainingYear)->Unit(benchmark::kMillisecond);

// A live load (wattfleet hil --live-load) polled every second for `range(0)` hours,
// its value changing at every poll: the cost of a value must not grow with the session.
void BM_LiveLoadPolls(benchmark::State& state) {
  const auto polls = static_cast<std::int64_t>(state.range(0)) * 3600;
  for (auto _ : state) {
    Load l("racks", LoadKind::it, StepSeries({Time::zero()}, {50e3}, Time::days(1)), Time::zero());
    for (std::int64_t k = 0; k < polls; ++k) {
      const Time now = Time::seconds(k);
      l.update(now);
      l.set_live_value(now, 40e3 + static_cast<double>(k % 97) * 100, now + Time::seconds(1));
    }
    benchmark::DoNotOptimize(l.demand_w());
  }
  state.SetItemsProcessed(state.iterations() * polls);
}
BENCHMARK(BM_LiveLoadPolls)->Arg(1)->Arg(6)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace wf
