#pragma once
// A synthetic hourly site for the dispatch LP and MPC, shared by their tests and the
// dispatch benchmark (free of gtest).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <random>
#include <vector>

#include "models/ems/mpc.hpp"
#include "models/ems/optimal_dispatch.hpp"

namespace wf::test {

// Hourly site over `days`: compute load with a daily swing, PV at noon, a day-ahead
// price shape with noise; one demand window per week.
inline DispatchProblem synthetic_site(std::size_t days, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> noise(0, 1);
  const std::size_t n = days * 24;
  DispatchProblem p;
  p.step_s = 3600;
  p.net_load_w.resize(n), p.import_eur_per_mwh.resize(n), p.export_eur_per_mwh.resize(n);
  for (std::size_t t = 0; t < n; ++t) {
    const double hour = static_cast<double>(t % 24);
    const double day_phase = std::sin(2 * std::numbers::pi * (hour - 9) / 24);
    const double pv = std::max(0.0, std::sin(std::numbers::pi * (hour - 6) / 12)) * 120e3;
    p.net_load_w[t] = 200e3 + 40e3 * day_phase + 15e3 * noise(rng) - pv;
    const double spot = 80 + 40 * std::sin(2 * std::numbers::pi * (hour - 13) / 24) -
                        30 * std::max(0.0, std::sin(std::numbers::pi * (hour - 8) / 8)) +
                        10 * noise(rng);
    p.import_eur_per_mwh[t] = spot + 60;  // levies and grid energy charge, §5.2
    p.export_eur_per_mwh[t] = spot;
  }
  p.import_limit_w = 400e3, p.export_limit_w = 100e3;
  p.capacity_wh = 400e3, p.soc0 = 0.5, p.soc_min = 0.05, p.soc_max = 0.95, p.soc_end_min = 0.5;
  p.reserve_wh = 40e3;
  p.max_charge_w = 100e3, p.max_discharge_w = 100e3;
  p.eta_charge = 0.96, p.eta_discharge = 0.96;
  p.degradation_eur_per_kwh = 0.02;
  for (std::size_t first = 0; first < n; first += 7 * 24)
    p.demand.push_back(
        {.first_step = first, .end_step = std::min(n, first + 7 * 24), .eur_per_kw = 4});
  return p;
}

/// Forecasts that are the truth itself.
inline ForecastFn perfect_forecast(const DispatchProblem& truth) {
  return [&truth](std::size_t k, std::size_t len, double soc, const std::vector<double>& billed) {
    return window_of(truth, k, len, soc, billed);
  };
}

}  // namespace wf::test
