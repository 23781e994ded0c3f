#include "models/ems/optimal_dispatch.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <stdexcept>

#include "models/ems/clp_model.hpp"
#include "sim/error.hpp"

namespace wf {
namespace {

// The LP works in kW, kWh and hours: coefficients near 1 keep Clp's scaling easy.
constexpr double kKilo = 1e3;
const double kInf = std::numeric_limits<double>::max();  // Clp's infinity (COIN_DBL_MAX)

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
  auto check_span = [&](const char* what, std::size_t k, std::size_t first, std::size_t end) {
    if (!(first < end && end <= n))
      bad(fmt::format("{} {} [{}, {}) not inside [0, {})", what, k, first, end, n));
  };
  for (std::size_t k = 0; k < p.demand.size(); ++k) {
    const DemandCharge& w = p.demand[k];
    check_span("demand window", k, w.first_step, w.end_step);
    if (!(w.eur_per_kw >= 0) || !(w.already_w >= 0) || std::isinf(w.already_w))
      bad(fmt::format("demand window {}: eur_per_kw and already_w must be finite and >= 0", k));
  }
  for (std::size_t k = 0; k < p.top_days.size(); ++k) {
    const TopDaysCharge& c = p.top_days[k];
    check_span("top-days charge", k, c.first_step, c.end_step);
    if (c.day_starts.empty() || c.day_starts.front() != c.first_step ||
        !std::is_sorted(c.day_starts.begin(), c.day_starts.end(), std::less_equal<>()) ||
        c.day_starts.back() >= c.end_step)
      bad(fmt::format("top-days charge {}: day starts must rise from first_step within the charge",
                      k));
    if (c.top_days == 0 || c.cost.empty())
      bad(fmt::format("top-days charge {}: no days or no cost", k));
    for (const auto& l : c.cost)
      if (!std::isfinite(l.eur) || !std::isfinite(l.eur_per_kw) || l.eur_per_kw < 0)
        bad(fmt::format("top-days charge {}: cost lines must be finite and not fall", k));
    for (double w : c.past_daily_w)
      if (!(w >= 0) || std::isinf(w)) bad(fmt::format("top-days charge {}: bad past peak", k));
    if (!(c.today_w >= 0) || std::isinf(c.today_w))
      bad(fmt::format("top-days charge {}: bad peak of today", k));
    if (c.last_day_cut && c.unseen_days == 0)
      bad(fmt::format("top-days charge {}: a cut last day is an unseen one", k));
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
  std::vector<int> start{0};
  std::vector<int> index;
  std::vector<double> value;
  void add(int row, double v) { index.push_back(row), value.push_back(v); }
  void close() { start.push_back(static_cast<int>(index.size())); }
};

// Where a top-days charge's columns and rows sit, and how many candidates it weighs: the
// complete days in the window (a day cut by the window's end is not one), the past days,
// and `copies` of the highest window day standing for the days not seen (MPC).
struct TopDaysLayout {
  std::size_t nd, candidates_in_window, np, copies, lines;
  double k;  // days in the mean: top_days, or all candidates when there are fewer (as the bill)
  explicit TopDaysLayout(const TopDaysCharge& c)
      : nd(c.day_starts.size()),
        candidates_in_window(nd - (c.last_day_cut ? 1 : 0)),
        np(c.past_daily_w.size()),
        copies(std::min(c.top_days, c.unseen_days)),
        lines(c.cost.size()),
        k(static_cast<double>(std::min(c.top_days, candidates_in_window + np + copies))) {}
  // Columns: D_d (nd), u per candidate (window days, past days, one for the copies), lambda,
  // Y, the highest window day H.
  std::size_t u_count() const { return candidates_in_window + np + (copies ? 1 : 0); }
  std::size_t columns() const { return nd + u_count() + 2 + (copies ? 1 : 0); }
  // Rows after the steps': one per u (u - x + lambda >= 0), one per line, and with copies
  // H - D_d >= 0 per window day.
  std::size_t rows(std::size_t steps) const {
    return steps + u_count() + lines + (copies ? nd : 0);
  }
};

// The columns and rows of one top-days charge (see solve_dispatch), from row0 and col0.
void add_top_days(const TopDaysCharge& c, std::size_t row0, std::size_t col0, Csc& m,
                  std::vector<double>& col_lo, std::vector<double>& col_hi,
                  std::vector<double>& obj, std::vector<double>& row_lo,
                  std::vector<double>& row_hi) {
  const TopDaysLayout L(c);
  const std::size_t steps = c.end_step - c.first_step;
  const std::size_t u_row0 = row0 + steps, line_row0 = u_row0 + L.u_count();
  const std::size_t high_row0 = line_row0 + L.lines;
  auto row = [](std::size_t r) { return static_cast<int>(r); };
  for (std::size_t r = row0; r < row0 + L.rows(steps); ++r) row_lo[r] = 0, row_hi[r] = kInf;
  for (std::size_t q = 0; q < L.np; ++q)
    row_lo[u_row0 + L.candidates_in_window + q] = c.past_daily_w[q] / kKilo;
  for (std::size_t j = 0; j < L.lines; ++j) row_lo[line_row0 + j] = c.cost[j].eur;
  const std::size_t copies_row = u_row0 + L.candidates_in_window + L.np;
  std::size_t col = col0;
  for (std::size_t d = 0; d < L.nd; ++d, ++col) {  // D_d
    const std::size_t to = d + 1 < L.nd ? c.day_starts[d + 1] : c.end_step;
    for (std::size_t t = c.day_starts[d]; t < to; ++t) m.add(row(row0 + t - c.first_step), 1.0);
    if (d < L.candidates_in_window) m.add(row(u_row0 + d), -1.0);
    if (L.copies) m.add(row(high_row0 + d), -1.0);
    m.close();
    col_lo[col] = d == 0 ? c.today_w / kKilo : 0.0, col_hi[col] = kInf;
  }
  for (std::size_t q = 0; q < L.u_count(); ++q, ++col) {  // u
    const double weight = q + 1 == L.u_count() && L.copies ? static_cast<double>(L.copies) : 1.0;
    m.add(row(u_row0 + q), 1.0);
    for (std::size_t j = 0; j < L.lines; ++j)
      m.add(row(line_row0 + j), -c.cost[j].eur_per_kw * weight / L.k);
    m.close();
    col_lo[col] = 0, col_hi[col] = kInf;
  }
  for (std::size_t q = 0; q < L.u_count(); ++q) m.add(row(u_row0 + q), 1.0);  // lambda
  for (std::size_t j = 0; j < L.lines; ++j) m.add(row(line_row0 + j), -c.cost[j].eur_per_kw);
  m.close();
  col_lo[col] = 0, col_hi[col] = kInf, ++col;
  for (std::size_t j = 0; j < L.lines; ++j) m.add(row(line_row0 + j), 1.0);  // Y
  m.close();
  col_lo[col] = -kInf, col_hi[col] = kInf, obj[col] = 1.0, ++col;
  if (L.copies) {  // H: at least every window day; its u row: u - H + lambda >= 0
    m.add(row(copies_row), -1.0);
    for (std::size_t d = 0; d < L.nd; ++d) m.add(row(high_row0 + d), 1.0);
    m.close();
    col_lo[col] = 0, col_hi[col] = kInf;
  }
}

}  // namespace

DispatchPlan solve_dispatch(const DispatchProblem& p) {
  validate(p);
  const EnergyBounds eb = check_feasible(p);

  const std::size_t n = p.steps(), nw = p.demand.size(), nc = p.top_days.size();
  const double h = p.step_s / 3600.0;
  const double cap = p.capacity_wh / kKilo;
  const double deg = p.degradation_eur_per_kwh * h;  // EUR per kW held one step

  // Columns: per step c, d, g+, g-, e (5 t + 0..4); then one peak per window; then per
  // top-days charge its days' peaks D_d, the excesses u over lambda (its days', then the
  // past days'), lambda and the cost Y. The sum of the k largest of x >= 0 is the least
  // k lambda + sum (x - lambda)+ over lambda >= 0, so minimising Y finds it.
  // Rows: balance t; energy n + t; per window and step in it, P_k - g+_t >= 0; per
  // charge and step D_day(t) - g+_t >= 0, per day u_d - D_d + lambda >= 0, per past day
  // u_p + lambda >= its peak, per cost line Y - b (lambda + sum u / k) >= a.
  enum { kC, kD, kGp, kGm, kE, kPerStep };
  std::size_t ncol = kPerStep * n + nw;
  std::vector<std::size_t> peak_row0(nw), cap_row0(nc), cap_col0(nc);
  std::size_t nrow = 2 * n;
  for (std::size_t k = 0; k < nw; ++k)
    peak_row0[k] = nrow, nrow += p.demand[k].end_step - p.demand[k].first_step;
  for (std::size_t i = 0; i < nc; ++i) {
    const TopDaysCharge& c = p.top_days[i];
    const TopDaysLayout L(c);
    cap_row0[i] = nrow, nrow += L.rows(c.end_step - c.first_step);
    cap_col0[i] = ncol, ncol += L.columns();
  }

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
    for (std::size_t i = 0; i < nc; ++i)
      if (p.top_days[i].first_step <= t && t < p.top_days[i].end_step)
        m.add(static_cast<int>(cap_row0[i] + t - p.top_days[i].first_step), -1.0);
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
  for (std::size_t i = 0; i < nc; ++i)
    add_top_days(p.top_days[i], cap_row0[i], cap_col0[i], m, col_lo, col_hi, obj, row_lo, row_hi);

  ClpModel lp;
  lp.load(static_cast<int>(ncol), static_cast<int>(nrow), m.start.data(), m.index.data(),
          m.value.data(), col_lo.data(), col_hi.data(), obj.data(), row_lo.data(), row_hi.data());
  lp.minimise_dual();
  if (!lp.proven_optimal()) {
    const int st = lp.status();
    const char* why = st == 1   ? "primal infeasible"
                      : st == 2 ? "unbounded (dual infeasible)"
                      : st == 3 ? "stopped on the iteration limit"
                                : "stopped on numerical difficulties";
    throw std::runtime_error(
        fmt::format("dispatch: Clp found no optimum over {} steps ({}, status {}, secondary {})", n,
                    why, st, lp.secondary_status()));
  }

  const double* x = lp.columns();
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
  plan.top_days_w.resize(nc);
  for (std::size_t i = 0; i < nc; ++i) {
    // The mean of the highest days from the plan's import (the LP's day peaks, lambda and
    // u are not unique where the cost is flat).
    const TopDaysCharge& c = p.top_days[i];
    const TopDaysLayout L(c);
    const std::size_t y = cap_col0[i] + L.nd + L.u_count() + 1;
    std::vector<double> days(c.past_daily_w.begin(), c.past_daily_w.end());
    double high = 0;
    for (std::size_t d = 0; d < L.nd; ++d) {
      const std::size_t to = d + 1 < L.nd ? c.day_starts[d + 1] : c.end_step;
      double w = d == 0 ? c.today_w : 0.0;
      for (std::size_t t = c.day_starts[d]; t < to; ++t)
        w = std::max(w, std::max(0.0, x[kPerStep * t + kGp]) * kKilo);
      high = std::max(high, w);
      if (d < L.candidates_in_window) days.push_back(w);
    }
    days.insert(days.end(), L.copies, high);
    std::sort(days.begin(), days.end(), std::greater<>());
    double sum = 0;
    for (std::size_t q = 0; q < static_cast<std::size_t>(L.k); ++q) sum += days[q];
    plan.top_days_w[i] = sum / L.k;
    plan.demand_eur += x[y];
  }
  plan.cost_eur = plan.energy_eur + plan.demand_eur + plan.degradation_eur;
  return plan;
}

}  // namespace wf
