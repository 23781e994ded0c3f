#include "models/ems/optimal_dispatch.hpp"

#include <fmt/format.h>
#include <ClpSimplex.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "sim/error.hpp"

namespace wf {
namespace {

// The LP works in kW, kWh and hours: coefficients near 1 keep Clp's scaling easy.
constexpr double kKilo = 1e3;
const double kInf = COIN_DBL_MAX;

double lp_bound(double kw) {
  return std::isinf(kw) ? kInf : kw;
}

void validate(const DispatchProblem& p) {
  const std::size_t n = p.steps();
  auto bad = [](const std::string& what) { throw InternalError("dispatch: " + what); };
  if (n == 0) bad("no steps");
  if (!(p.step_s > 0)) bad("step_s must be > 0");
  if (p.import_eur_per_mwh.size() != n || p.export_eur_per_mwh.size() != n)
    bad(fmt::format("{} steps of net load but {} import and {} export prices", n,
                    p.import_eur_per_mwh.size(), p.export_eur_per_mwh.size()));
  if (!(p.import_limit_w >= 0) || !(p.export_limit_w >= 0)) bad("grid limits must be >= 0");
  if (!(p.capacity_wh > 0) || std::isinf(p.capacity_wh)) bad("capacity_wh must be finite and > 0");
  if (!(p.max_charge_w >= 0) || !(p.max_discharge_w >= 0) || std::isinf(p.max_charge_w) ||
      std::isinf(p.max_discharge_w))
    bad("max_charge_w and max_discharge_w must be finite and >= 0");
  if (!(p.eta_charge > 0 && p.eta_charge <= 1) || !(p.eta_discharge > 0 && p.eta_discharge <= 1))
    bad("efficiencies must be in (0, 1]");
  if (!(0 <= p.soc_min && p.soc_min <= p.soc_max && p.soc_max <= 1))
    bad(fmt::format("need 0 <= soc_min ({}) <= soc_max ({}) <= 1", p.soc_min, p.soc_max));
  if (!(p.soc0 >= 0 && p.soc0 <= 1)) bad(fmt::format("soc0 {} outside [0, 1]", p.soc0));
  if (!(p.reserve_wh >= 0) || !(p.degradation_eur_per_kwh >= 0) || !(p.soc_end_min >= 0))
    bad("reserve_wh, soc_end_min and degradation_eur_per_kwh must be >= 0");
  for (std::size_t t = 0; t < n; ++t)
    if (!std::isfinite(p.net_load_w[t]) || !std::isfinite(p.import_eur_per_mwh[t]) ||
        !std::isfinite(p.export_eur_per_mwh[t]))
      bad(fmt::format("non-finite net load or price at step {}", t));
  for (std::size_t k = 0; k < p.demand.size(); ++k) {
    const DemandCharge& w = p.demand[k];
    if (!(w.first_step < w.end_step && w.end_step <= n))
      bad(fmt::format("demand window {} [{}, {}) not inside [0, {})", k, w.first_step, w.end_step,
                      n));
    if (!(w.eur_per_kw >= 0) || !(w.already_w >= 0) || std::isinf(w.already_w))
      bad(fmt::format("demand window {}: eur_per_kw and already_w must be finite and >= 0", k));
  }
}

// Exact feasibility test before the LP, so an infeasible problem gets a reason.
// At each step the AC net charge u = c - d must lie in [u_lo, u_hi] (power and grid
// limits), and the stored energy can then move by any amount in [lo, hi]: the most
// is gained with u = u_hi and no simultaneous discharge; the least with as much
// simultaneous charge and discharge as possible (that burns eta losses). The set
// of reachable energies is an interval, so propagating it forward and intersecting
// it with each step's bounds is exact. Returns the bounds on e_t for the LP, eased
// by at most the tolerance where the floor is only just reachable, so that a state
// handed over from a previous plan (MPC) is not refused for a rounding error.
struct EnergyBounds {
  std::vector<double> lo, hi;  // kWh
};

EnergyBounds check_feasible(const DispatchProblem& p) {
  const std::size_t n = p.steps();
  const double h = p.step_s / 3600.0;
  const double c_max = p.max_charge_w / kKilo, d_max = p.max_discharge_w / kKilo;
  const double ec = p.eta_charge, ed = p.eta_discharge;
  const double cap = p.capacity_wh / kKilo;
  const double floor_all = std::max(p.soc_min * cap, p.reserve_wh / kKilo);
  const double ceil_all = p.soc_max * cap;
  const double tol = 1e-6 * (1 + cap);
  if (floor_all > ceil_all + tol)
    throw std::runtime_error(
        fmt::format("dispatch infeasible: reserve {} Wh lies above soc_max x capacity {} Wh",
                    p.reserve_wh, ceil_all * kKilo));
  if (p.soc_end_min * cap > ceil_all + tol)
    throw std::runtime_error(fmt::format("dispatch infeasible: soc_end_min {} above soc_max {}",
                                         p.soc_end_min, p.soc_max));
  auto gain = [&](double u) {  // stored-energy change at net charge u, no burning
    return u >= 0 ? ec * u * h : u * h / ed;
  };
  auto least = [&](double u) {  // with the most simultaneous charge and discharge
    const double d = std::min(d_max, c_max - u);
    return (ec * (u + d) - d / ed) * h;
  };
  EnergyBounds b{std::vector<double>(n), std::vector<double>(n)};
  double lo = p.soc0 * cap, hi = lo;
  for (std::size_t t = 0; t < n; ++t) {
    const double net = p.net_load_w[t] / kKilo;
    const double u_lo = std::max(-d_max, -net - p.export_limit_w / kKilo);
    const double u_hi = std::min(c_max, p.import_limit_w / kKilo - net);
    if (u_lo > u_hi + 1e-9 * (1 + std::abs(net))) {
      if (net > 0)
        throw std::runtime_error(fmt::format(
            "dispatch infeasible at step {}: net load {} W exceeds import limit {} W + max "
            "discharge {} W",
            t, p.net_load_w[t], p.import_limit_w, p.max_discharge_w));
      throw std::runtime_error(
          fmt::format("dispatch infeasible at step {}: surplus {} W exceeds export limit {} W + "
                      "max charge {} W",
                      t, -p.net_load_w[t], p.export_limit_w, p.max_charge_w));
    }
    double drop = std::min(least(u_lo), least(u_hi));
    if (c_max - d_max > u_lo && c_max - d_max < u_hi) drop = std::min(drop, least(c_max - d_max));
    const bool last = t + 1 == n;
    const double floor_t = last ? std::max(floor_all, p.soc_end_min * cap) : floor_all;
    const double new_hi = std::min(ceil_all, hi + gain(u_hi));
    const double new_lo = std::max(floor_t, lo + drop);
    // A start below the reserve or soc_min (after an outage, say) is no contradiction:
    // the bound eases to what charging at full power reaches. Only a terminal floor
    // out of reach makes the problem infeasible.
    if (last && p.soc_end_min * cap >= floor_all && hi + gain(u_hi) < floor_t - tol)
      throw std::runtime_error(fmt::format(
          "dispatch infeasible at step {}: the terminal floor soc_end_min ({} Wh) cannot be "
          "reached, at most {} Wh stored (charge power, import limit and net load allow no more)",
          t, floor_t * kKilo, (hi + gain(u_hi)) * kKilo));
    if (lo + drop > ceil_all + tol)
      throw std::runtime_error(fmt::format(
          "dispatch infeasible at step {}: at least {} Wh stay stored, above soc_max ({} Wh): soc0 "
          "too high for the discharge power, or a surplus beyond the export limit must be charged",
          t, (lo + drop) * kKilo, ceil_all * kKilo));
    b.lo[t] = std::min(floor_t, hi + gain(u_hi));
    b.hi[t] = std::max(ceil_all, lo + drop);
    lo = std::min(new_lo, new_hi), hi = new_hi;
  }
  for (std::size_t t = 0; t < n; ++t) {
    const double imp = p.import_eur_per_mwh[t], exp = p.export_eur_per_mwh[t];
    if (exp > imp && std::isinf(p.import_limit_w) && std::isinf(p.export_limit_w))
      throw std::runtime_error(fmt::format(
          "dispatch unbounded at step {}: export earns {} EUR/MWh, more than import costs ({}), "
          "and both grid limits are infinite",
          t, exp, imp));
  }
  return b;
}

// Column-major sparse matrix, built in one pass (Clp copies it on load).
struct Csc {
  std::vector<CoinBigIndex> start{0};
  std::vector<int> index;
  std::vector<double> value;
  void add(int row, double v) { index.push_back(row), value.push_back(v); }
  void close() { start.push_back(static_cast<CoinBigIndex>(index.size())); }
};

}  // namespace

DispatchPlan solve_dispatch(const DispatchProblem& p) {
  validate(p);
  const EnergyBounds eb = check_feasible(p);

  const std::size_t n = p.steps(), nw = p.demand.size();
  const double h = p.step_s / 3600.0;
  const double cap = p.capacity_wh / kKilo;
  const double deg = p.degradation_eur_per_kwh * h;  // EUR per kW held one step

  // Columns: per step c, d, g+, g-, e (5 t + 0..4); then one peak per window.
  // Rows: balance t; energy n + t; per window and step in it, P_k - g+_t >= 0.
  enum { kC, kD, kGp, kGm, kE, kPerStep };
  const std::size_t ncol = kPerStep * n + nw;
  std::vector<std::size_t> peak_row0(nw);
  std::size_t nrow = 2 * n;
  for (std::size_t k = 0; k < nw; ++k)
    peak_row0[k] = nrow, nrow += p.demand[k].end_step - p.demand[k].first_step;

  std::vector<double> col_lo(ncol, 0.0), col_hi(ncol), obj(ncol, 0.0);
  std::vector<double> row_lo(nrow), row_hi(nrow);
  Csc m;
  m.index.reserve(9 * n + 2 * (nrow - 2 * n));
  m.value.reserve(m.index.capacity());
  m.start.reserve(ncol + 1);
  const int bal0 = 0, en0 = static_cast<int>(n);
  for (std::size_t t = 0; t < n; ++t) {
    const int ti = static_cast<int>(t);
    const std::size_t j = kPerStep * t;
    m.add(bal0 + ti, -1.0), m.add(en0 + ti, -p.eta_charge * h), m.close();  // c
    col_hi[j + kC] = p.max_charge_w / kKilo, obj[j + kC] = deg;
    m.add(bal0 + ti, 1.0), m.add(en0 + ti, h / p.eta_discharge), m.close();  // d
    col_hi[j + kD] = p.max_discharge_w / kKilo, obj[j + kD] = deg;
    m.add(bal0 + ti, 1.0);  // g+
    for (std::size_t k = 0; k < nw; ++k)
      if (p.demand[k].first_step <= t && t < p.demand[k].end_step)
        m.add(static_cast<int>(peak_row0[k] + t - p.demand[k].first_step), -1.0);
    m.close();
    col_hi[j + kGp] = lp_bound(p.import_limit_w / kKilo);
    obj[j + kGp] = p.import_eur_per_mwh[t] * h / kKilo;
    m.add(bal0 + ti, -1.0), m.close();  // g-
    col_hi[j + kGm] = lp_bound(p.export_limit_w / kKilo);
    obj[j + kGm] = -p.export_eur_per_mwh[t] * h / kKilo;
    m.add(en0 + ti, 1.0);  // e_t, also e_{t-1} of the next step's energy row
    if (t + 1 < n) m.add(en0 + ti + 1, -1.0);
    m.close();
    col_lo[j + kE] = eb.lo[t], col_hi[j + kE] = eb.hi[t];
    row_lo[t] = row_hi[t] = p.net_load_w[t] / kKilo;
    row_lo[n + t] = row_hi[n + t] = t == 0 ? p.soc0 * cap : 0.0;
  }
  for (std::size_t k = 0; k < nw; ++k) {
    const DemandCharge& w = p.demand[k];
    for (std::size_t t = w.first_step; t < w.end_step; ++t) {
      const std::size_t r = peak_row0[k] + t - w.first_step;
      m.add(static_cast<int>(r), 1.0);
      row_lo[r] = 0.0, row_hi[r] = kInf;
    }
    m.close();
    const std::size_t j = kPerStep * n + k;
    col_lo[j] = w.already_w / kKilo, col_hi[j] = kInf, obj[j] = w.eur_per_kw;
  }

  ClpSimplex lp;
  lp.setLogLevel(0);
  lp.loadProblem(static_cast<int>(ncol), static_cast<int>(nrow), m.start.data(), m.index.data(),
                 m.value.data(), col_lo.data(), col_hi.data(), obj.data(), row_lo.data(),
                 row_hi.data());
  lp.setOptimizationDirection(1);
  lp.dual();
  if (!lp.isProvenOptimal()) {
    const int st = lp.status();
    const char* why = st == 1   ? "primal infeasible"
                      : st == 2 ? "unbounded (dual infeasible)"
                      : st == 3 ? "stopped on the iteration limit"
                                : "stopped on numerical difficulties";
    throw std::runtime_error(
        fmt::format("dispatch: Clp found no optimum over {} steps ({}, status {}, secondary {})", n,
                    why, st, lp.secondaryStatus()));
  }

  const double* x = lp.primalColumnSolution();
  DispatchPlan plan;
  plan.battery_w.resize(n), plan.charge_w.resize(n), plan.discharge_w.resize(n);
  plan.grid_w.resize(n), plan.soc.resize(n), plan.peak_w.resize(nw);
  for (std::size_t t = 0; t < n; ++t) {
    const std::size_t j = kPerStep * t;
    const double c = std::max(0.0, x[j + kC]), d = std::max(0.0, x[j + kD]);
    const double gp = std::max(0.0, x[j + kGp]), gm = std::max(0.0, x[j + kGm]);
    plan.charge_w[t] = c * kKilo, plan.discharge_w[t] = d * kKilo;
    plan.battery_w[t] = (d - c) * kKilo;
    plan.grid_w[t] = (gp - gm) * kKilo;
    plan.soc[t] = x[j + kE] / cap;
    plan.energy_eur += (gp * p.import_eur_per_mwh[t] - gm * p.export_eur_per_mwh[t]) * h / kKilo;
    plan.degradation_eur += (c + d) * deg;
  }
  for (std::size_t k = 0; k < nw; ++k) {
    plan.peak_w[k] = x[kPerStep * n + k] * kKilo;
    plan.demand_eur += p.demand[k].eur_per_kw * x[kPerStep * n + k];
  }
  plan.cost_eur = plan.energy_eur + plan.demand_eur + plan.degradation_eur;
  return plan;
}

}  // namespace wf
