#include "models/ems/mpc.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "sim/error.hpp"

namespace wf {

DispatchProblem window_of(const DispatchProblem& p, std::size_t k, std::size_t len, double soc_now,
                          const std::vector<double>& billed_peak_w,
                          const std::vector<DaysSoFar>& days_so_far) {
  const std::size_t n = p.steps(), end = k + len;
  if (len == 0 || end > n)
    throw InternalError(fmt::format("window_of: [{}, {}) outside [0, {})", k, end, n));
  // Field by field: copying p whole would copy the run's full series at every step.
  DispatchProblem w;
  w.step_s = p.step_s;
  w.import_limit_w = p.import_limit_w, w.export_limit_w = p.export_limit_w;
  w.capacity_wh = p.capacity_wh;
  w.soc_min = p.soc_min, w.soc_max = p.soc_max, w.soc_end_min = p.soc_end_min;
  w.reserve_wh = p.reserve_wh;
  w.max_charge_w = p.max_charge_w, w.max_discharge_w = p.max_discharge_w;
  w.eta_charge = p.eta_charge, w.eta_discharge = p.eta_discharge;
  w.degradation_eur_per_kwh = p.degradation_eur_per_kwh;
  auto cut = [&](const std::vector<double>& v) {
    return std::vector<double>(v.begin() + static_cast<std::ptrdiff_t>(k),
                               v.begin() + static_cast<std::ptrdiff_t>(end));
  };
  w.net_load_w = cut(p.net_load_w);
  w.import_eur_per_mwh = cut(p.import_eur_per_mwh);
  w.export_eur_per_mwh = cut(p.export_eur_per_mwh);
  w.soc0 = soc_now;
  if (end < n) w.soc_end_min = 0;  // the terminal floor belongs to the run's end
  for (std::size_t i = 0; i < p.demand.size(); ++i) {
    const DemandCharge& d = p.demand[i];
    if (d.end_step <= k || d.first_step >= end) continue;
    w.demand.push_back({.first_step = std::max(d.first_step, k) - k,
                        .end_step = std::min(d.end_step, end) - k,
                        .eur_per_kw = d.eur_per_kw,
                        .already_w = i < billed_peak_w.size() ? billed_peak_w[i] : d.already_w});
  }
  for (std::size_t i = 0; i < p.top_days.size(); ++i) {
    const TopDaysCharge& c = p.top_days[i];
    if (c.end_step <= k || c.first_step >= end) continue;
    const std::size_t a = std::max(c.first_step, k), b = std::min(c.end_step, end);
    TopDaysCharge cw{.first_step = a - k,
                     .end_step = b - k,
                     .day_starts = {a - k},
                     .top_days = c.top_days,
                     .cost = c.cost};
    for (std::size_t ds : c.day_starts)
      if (ds > a && ds < b) cw.day_starts.push_back(ds - k);
    // Days the window does not see: those starting after it, and the one it cuts.
    cw.last_day_cut =
        b < c.end_step && !std::binary_search(c.day_starts.begin(), c.day_starts.end(), b);
    cw.unseen_days =
        c.unseen_days + (cw.last_day_cut ? 1 : 0) +
        static_cast<std::size_t>(std::count_if(c.day_starts.begin(), c.day_starts.end(),
                                               [&](std::size_t ds) { return ds >= b; }));
    if (c.first_step >= k) {
      cw.past_daily_w = c.past_daily_w, cw.today_w = c.today_w;
    } else if (i < days_so_far.size()) {
      cw.past_daily_w = days_so_far[i].past_daily_w, cw.today_w = days_so_far[i].today_w;
    }
    w.top_days.push_back(std::move(cw));
  }
  return w;
}

namespace {

// Executes the planned net battery power for one step on the truth; returns the
// battery power actually delivered and the energy stored at the step's end.
struct Executed {
  double battery_w, grid_w, unserved_w, e_wh;
  bool clamped;
};

Executed execute_step(const DispatchProblem& p, std::size_t t, double planned_w, double e_wh) {
  const double h = p.step_s / 3600.0;
  const double floor_wh = std::max(p.soc_min * p.capacity_wh, p.reserve_wh);
  const double ceil_wh = p.soc_max * p.capacity_wh;
  // What the battery can do this step without leaving its power and SoC range.
  const double d_max = std::clamp((e_wh - floor_wh) * p.eta_discharge / h, 0.0, p.max_discharge_w);
  const double c_max = std::clamp((ceil_wh - e_wh) / (p.eta_charge * h), 0.0, p.max_charge_w);
  double b = std::clamp(planned_w, -c_max, d_max);
  const double net = p.net_load_w[t];
  // Protection before preference: hold the grid limits with the battery first.
  if (net - b > p.import_limit_w) b = std::min(d_max, net - p.import_limit_w);
  if (b - net > p.export_limit_w) b = std::max(-c_max, net + p.export_limit_w);
  const double grid = std::clamp(net - b, -p.export_limit_w, p.import_limit_w);
  const double stored = b >= 0 ? -b * h / p.eta_discharge : -b * h * p.eta_charge;
  // Rounding must not take the state outside the range the clamps aimed for.
  const double e_next =
      std::clamp(e_wh + stored, std::min(floor_wh, e_wh), std::max(ceil_wh, e_wh));
  const bool clamped = std::abs(b - planned_w) > 1e-6 * (1 + std::abs(planned_w));
  return {b, grid, net - b - grid, e_next, clamped};
}

// The plan's first battery power. A wrong forecast can leave a state from which the
// forecast problem has no plan (the terminal floor out of reach, a forecast load
// beyond import limit + discharge); the run goes on: first without the terminal
// floor, then idle, leaving the rest to the protection in execute_step.
double first_step_w(const DispatchProblem& f, std::size_t& fallbacks) {
  try {
    return solve_dispatch(f).battery_w[0];
  } catch (const InputError&) {
    throw;  // Clp did not load: not a problem without a plan
  } catch (const std::runtime_error&) {
    ++fallbacks;
  }
  if (f.soc_end_min > 0) {
    DispatchProblem relaxed = f;
    relaxed.soc_end_min = 0;
    try {
      return solve_dispatch(relaxed).battery_w[0];
    } catch (const InputError&) {
      throw;  // Clp did not load: not a problem without a plan
    } catch (const std::runtime_error&) {
    }
  }
  return 0.0;
}

}  // namespace

MpcResult run_mpc(const DispatchProblem& truth, const MpcOptions& opt, const ForecastFn& forecast) {
  if (opt.horizon_steps == 0) throw InternalError("run_mpc: horizon_steps must be >= 1");
  const std::size_t n = truth.steps(), nw = truth.demand.size();
  if (truth.import_eur_per_mwh.size() != n || truth.export_eur_per_mwh.size() != n)
    throw InternalError("run_mpc: truth price and net load lengths differ");
  const double h = truth.step_s / 3600.0;

  MpcResult r;
  DispatchPlan& x = r.executed;
  x.battery_w.resize(n), x.charge_w.resize(n), x.discharge_w.resize(n);
  x.grid_w.resize(n), x.soc.resize(n), r.unserved_w.resize(n);
  std::vector<double> billed(nw);
  for (std::size_t i = 0; i < nw; ++i) billed[i] = truth.demand[i].already_w;

  double e_wh = truth.soc0 * truth.capacity_wh;
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t len = std::min(opt.horizon_steps, n - k);
    const DispatchProblem f = forecast(k, len, e_wh / truth.capacity_wh, billed);
    if (f.steps() != len)
      throw InternalError(
          fmt::format("run_mpc: forecast at step {} has {} steps, expected {}", k, f.steps(), len));
    const double planned_w = first_step_w(f, r.fallback_steps);

    const Executed ex = execute_step(truth, k, planned_w, e_wh);
    e_wh = ex.e_wh;
    x.battery_w[k] = ex.battery_w, x.grid_w[k] = ex.grid_w, r.unserved_w[k] = ex.unserved_w;
    x.discharge_w[k] = std::max(0.0, ex.battery_w), x.charge_w[k] = std::max(0.0, -ex.battery_w);
    x.soc[k] = e_wh / truth.capacity_wh;
    r.clamped_steps += ex.clamped ? 1 : 0;

    const double imp = std::max(0.0, ex.grid_w), exp = std::max(0.0, -ex.grid_w);
    x.energy_eur +=
        (imp * truth.import_eur_per_mwh[k] - exp * truth.export_eur_per_mwh[k]) * h / 1e6;
    x.degradation_eur += std::abs(ex.battery_w) * h / 1e3 * truth.degradation_eur_per_kwh;
    for (std::size_t i = 0; i < nw; ++i)
      if (truth.demand[i].first_step <= k && k < truth.demand[i].end_step)
        billed[i] = std::max(billed[i], imp);
  }
  x.peak_w = billed;
  for (std::size_t i = 0; i < nw; ++i) x.demand_eur += truth.demand[i].eur_per_kw * billed[i] / 1e3;
  x.cost_eur = x.energy_eur + x.demand_eur + x.degradation_eur;
  return r;
}

}  // namespace wf
