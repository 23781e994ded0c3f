// Optimal dispatch over a year of hourly steps: one perfect-foresight LP, and the
// 8760 re-solves of a 48-step window that MPC needs (target: < 60 s per year).
#include <benchmark/benchmark.h>

#include "models/ems/mpc.hpp"
#include "models/ems/optimal_dispatch.hpp"
#include "tests/models/ems/synthetic_dispatch.hpp"

namespace wf {
namespace {

// A year of the tests' synthetic site (tests/models/ems/synthetic_dispatch.hpp) with
// monthly demand windows on calendar months, as German RLM bills them (§5.2).
DispatchProblem synthetic_year() {
  constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  DispatchProblem p = test::synthetic_site(365, 2024);
  p.demand.clear();
  std::size_t first = 0;
  for (int d : kDays) {
    const std::size_t end = first + static_cast<std::size_t>(d) * 24;
    p.demand.push_back({.first_step = first, .end_step = end, .eur_per_kw = 8});
    first = end;
  }
  return p;
}

void BM_PerfectForesightYearHourly(benchmark::State& state) {
  const DispatchProblem p = synthetic_year();
  double cost = 0;
  for (auto _ : state) {
    const DispatchPlan plan = solve_dispatch(p);
    // The in-out overload on a plain double gave garbage here (benchmark 1.7.1, GCC 12).
    benchmark::DoNotOptimize(plan);
    cost = plan.cost_eur;
  }
  state.counters["cost_eur"] = cost;
}
BENCHMARK(BM_PerfectForesightYearHourly)->Unit(benchmark::kMillisecond)->Iterations(1);

void BM_MpcYearHourly48h(benchmark::State& state) {
  const DispatchProblem truth = synthetic_year();
  double cost = 0;
  for (auto _ : state) {
    const MpcResult r = run_mpc(truth, {.horizon_steps = 48}, test::perfect_forecast(truth));
    benchmark::DoNotOptimize(r);
    cost = r.executed.cost_eur;
  }
  state.counters["cost_eur"] = cost;
}
BENCHMARK(BM_MpcYearHourly48h)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace
}  // namespace wf
