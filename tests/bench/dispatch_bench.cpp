// Optimal dispatch over a year of hourly steps: one perfect-foresight LP, and the
// 8760 re-solves of a 48-step window that MPC needs (target: < 60 s per year).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>

#include "models/ems/mpc.hpp"
#include "models/ems/optimal_dispatch.hpp"

namespace wf {
namespace {

// Synthetic year: load with a daily swing and noise, PV at noon scaled by season,
// a day-ahead price day shape (morning/evening peaks, midday dip) plus levies;
// monthly demand windows on calendar months (German RLM monthly prices, §5.2).
DispatchProblem synthetic_year() {
  constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  std::mt19937_64 rng(2024);
  std::normal_distribution<double> noise(0, 1);
  const std::size_t n = 8760;
  DispatchProblem p;
  p.step_s = 3600;
  p.net_load_w.resize(n), p.import_eur_per_mwh.resize(n), p.export_eur_per_mwh.resize(n);
  for (std::size_t t = 0; t < n; ++t) {
    const double hour = static_cast<double>(t % 24), day = static_cast<double>(t / 24);
    const double season = 0.5 - 0.5 * std::cos(2 * std::numbers::pi * (day - 10) / 365);
    const double pv = std::max(0.0, std::sin(std::numbers::pi * (hour - 6) / 12)) * 150e3 * season;
    p.net_load_w[t] =
        220e3 + 40e3 * std::sin(2 * std::numbers::pi * (hour - 9) / 24) + 15e3 * noise(rng) - pv;
    const double spot = 80 + 25 * std::exp(-0.5 * std::pow((hour - 8) / 1.5, 2)) +
                        35 * std::exp(-0.5 * std::pow((hour - 19) / 2, 2)) -
                        40 * season * std::exp(-0.5 * std::pow((hour - 13) / 2.5, 2)) +
                        12 * noise(rng);
    p.import_eur_per_mwh[t] = spot + 60;
    p.export_eur_per_mwh[t] = spot;
  }
  p.import_limit_w = 500e3, p.export_limit_w = 150e3;
  p.capacity_wh = 500e3, p.soc0 = 0.5, p.soc_min = 0.05, p.soc_max = 0.95, p.soc_end_min = 0.5;
  p.reserve_wh = 50e3;
  p.max_charge_w = 125e3, p.max_discharge_w = 125e3;
  p.eta_charge = 0.96, p.eta_discharge = 0.96;
  p.degradation_eur_per_kwh = 0.02;
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
  auto forecast = [&truth](std::size_t k, std::size_t len, double soc,
                           const std::vector<double>& billed) {
    return window_of(truth, k, len, soc, billed);
  };
  double cost = 0;
  for (auto _ : state) {
    const MpcResult r = run_mpc(truth, {.horizon_steps = 48}, forecast);
    benchmark::DoNotOptimize(r);
    cost = r.executed.cost_eur;
  }
  state.counters["cost_eur"] = cost;
}
BENCHMARK(BM_MpcYearHourly48h)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace
}  // namespace wf
