#include "models/ems/optimal_controller.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <utility>

#include "models/ems/mpc.hpp"
#include "models/grid/tariff_rates.hpp"
#include "sim/calendar.hpp"
#include "sim/error.hpp"
#include "sim/windowed_steps.hpp"

namespace wf {

void OptimalController::build(const SiteSnapshot& s) {
  const SiteView& v = *s.site;
  start_ = s.now;
  const Time end = v.run_end();
  // Whole steps only: a remainder shorter than a step keeps the last step's grid target.
  const auto n = std::max<std::size_t>(1, static_cast<std::size_t>((end - start_) / p_.step));
  const StorageRating r = v.storage_rating();
  DispatchProblem& d = truth_;
  d.step_s = p_.step.to_seconds();
  d.import_limit_w = s.import_limit_w, d.export_limit_w = s.export_limit_w;
  d.capacity_wh = r.capacity_j / 3600;
  d.soc_min = r.soc_min, d.soc_max = r.soc_max;
  d.soc0 = std::clamp(s.soc, r.soc_min, r.soc_max);
  d.soc_end_min = d.soc0;  // end where it started: no free energy from draining it
  // The reserve sits above the usable window's floor and must cover the discharge losses.
  d.reserve_wh =
      p_.reserve_j > 0
          ? std::min(r.soc_min * r.capacity_j + p_.reserve_j / std::max(r.eta_discharge, 1e-9),
                     r.soc_max * r.capacity_j) /
                3600
          : 0.0;
  d.max_charge_w = r.charge_w, d.max_discharge_w = r.discharge_w;
  d.eta_charge = r.eta_charge, d.eta_discharge = r.eta_discharge;
  d.degradation_eur_per_kwh = p_.degradation_eur_per_kwh;
  double energy = 0, peak = 0;
  for (std::size_t k = 0; k < n; ++k) {
    const Time a = start_ + p_.step * k, b = std::min(a + p_.step, end);
    // What the grid and battery together cannot meet is shed by the twin anyway.
    // The cabinets' own auxiliaries draw from the bus too: taken as what they draw now.
    const double net =
        std::clamp(v.net_demand_mean_w(a, b) + r.aux_w, -d.export_limit_w - d.max_charge_w,
                   d.import_limit_w + d.max_discharge_w);
    d.net_load_w.push_back(net);
    energy += std::max(net, 0.0) * (b - a).to_hours();
    peak = std::max(peak, net);
  }
  // German annual-peak pair: chosen on the site's own utilisation hours (per year).
  const Tariff* t = v.tariff();
  const double years = (end - start_).to_hours() / 8760;
  const double threshold_h = t && t->annual_peak ? t->annual_peak->threshold_h : 2500;
  const bool high = peak > 0 && energy / peak / std::max(years, 1e-9) >= threshold_h;
  // Norwegian capacity steps: the LP prices the mean of each month's three highest daily
  // peaks by the steps' convex envelope below the site's own level, and stays below the
  // next step above it (the envelope spreads a step's jump over its run-up, so charging
  // could buy a step cheaply in the LP; it must not).
  if (t && !t->capacity_steps.empty()) {
    for (const CapacityStep& c : t->capacity_steps)
      if (c.from_w > peak) {
        d.import_limit_w = std::min(d.import_limit_w, c.from_w * (1 - 1e-6));
        break;
      }
    add_capacity_charges(v, *t, peak);
  }
  const WindowedSteps* prices = v.prices();
  for (std::size_t k = 0; k < n; ++k) {
    const Time a = start_ + p_.step * k, b = std::min(a + p_.step, end);
    const double spot = prices ? prices->mean(a, b) : 0.0;
    d.import_eur_per_mwh.push_back(t ? marginal_import_eur_per_mwh(*t, v.timezone(), a, spot, high)
                                     : spot);
    d.export_eur_per_mwh.push_back(t ? marginal_export_eur_per_mwh(*t, spot) : 0.0);
  }
  if (t)
    for (const PeakWindow& w : peak_windows(*t, v.timezone(), start_, end, high)) {
      DemandCharge c;
      c.first_step = static_cast<std::size_t>((w.from - start_) / p_.step);
      c.end_step =
          std::min(n, static_cast<std::size_t>((w.to - start_ + p_.step - Time::us(1)) / p_.step));
      c.eur_per_kw = w.eur_per_kw;
      if (c.end_step > c.first_step) d.demand.push_back(c);
    }
  forecast_ = truth_;
  if (p_.naive_forecast) {
    const auto day = static_cast<std::size_t>(Time::days(1) / p_.step);
    for (std::size_t k = day; k < n; ++k) forecast_.net_load_w[k] = truth_.net_load_w[k - day];
  }
  billed_peak_w_.assign(d.demand.size(), 0.0);
  grid_plan_w_.assign(n, 0.0);
  soc_plan_.assign(n, d.soc0);
  built_ = true;
  if (!p_.mpc) plan_from(0, s);
}

void OptimalController::add_capacity_charges(const SiteView& v, const Tariff& t, double peak_w) {
  DispatchProblem& d = truth_;
  const std::vector<CostLine> lines = capacity_step_envelope(
      t, std::max(0.0, peak_w - d.max_discharge_w), std::min(d.import_limit_w, peak_w));
  // The bill's local days: the tariff's zone, else the site's (as the site builder).
  bill_tz_ = t.timezone.empty() ? v.timezone() : TimeZone::find(t.timezone);
  const TimeZone& tz = *bill_tz_;
  const std::size_t n = d.steps();
  // Local days from the run's start; a charge per local month.
  int month = tz.fields(start_).month;
  TopDaysCharge c{.first_step = 0, .end_step = n, .day_starts = {0}};
  for (const CostLine& l : lines) c.cost.push_back({l.eur, l.eur_per_kw});
  Time day = start_;
  while (true) {
    const Time local = tz.to_local(day);
    day = tz.resolve(floor_to(local, Time::zero(), Time::days(1)) + Time::days(1)).earliest;
    const auto k = static_cast<std::size_t>(std::max<std::int64_t>(0, (day - start_) / p_.step));
    if (k >= n) break;
    const int day_month = tz.fields(day).month;
    if (k <= c.day_starts.back()) {  // a day shorter than a step: its start is in the last one
      month = day_month;
      continue;
    }
    if (day_month != month) {
      month = day_month;
      c.end_step = k;
      TopDaysCharge next{.first_step = k, .end_step = n, .day_starts = {k}, .cost = c.cost};
      d.top_days.push_back(std::exchange(c, std::move(next)));
    } else {
      c.day_starts.push_back(k);
    }
  }
  d.top_days.push_back(std::move(c));
  days_so_far_.assign(d.top_days.size(), {});
}

// The twin's metered daily peaks of the month before step k, for the charge covering it.
void OptimalController::note_days_so_far(std::size_t k, const SiteSnapshot& s) {
  for (std::size_t i = 0; i < truth_.top_days.size(); ++i) {
    DaysSoFar& f = days_so_far_[i];
    f = {};
    const TopDaysCharge& c = truth_.top_days[i];
    if (k <= c.first_step || k >= c.end_step || s.month_daily_peaks_w == nullptr) continue;
    const int today = bill_tz_->fields(s.now).day;
    for (const auto& [day, w] : *s.month_daily_peaks_w) {
      if (day < today) f.past_daily_w.push_back(w);
      if (day == today) f.today_w = w;
    }
  }
}

void OptimalController::plan_from(std::size_t k, const SiteSnapshot& s) {
  const std::size_t n = truth_.steps();
  const std::size_t len = p_.mpc ? std::min(p_.horizon_steps, n - k) : n;
  DispatchProblem w =
      p_.mpc ? window_of(forecast_, k, len, std::clamp(s.soc, truth_.soc_min, truth_.soc_max),
                         billed_peak_w_, days_so_far_)
             : truth_;
  DispatchPlan plan;
  try {
    plan = solve_dispatch(w);
  } catch (const InputError&) {
    throw;  // Clp did not load: not a problem without a plan
  } catch (const std::runtime_error&) {
    // No plan for this window (a forecast the battery cannot meet, a floor out of
    // reach): plan again without the terminal floor, else hold the grid at the net load.
    w.soc_end_min = w.soc_min;
    try {
      plan = solve_dispatch(w);
    } catch (const InputError&) {
      throw;  // Clp did not load: not a problem without a plan
    } catch (const std::runtime_error&) {
      // Every step this plan would have covered: the grid takes the net load.
      fallbacks_ += static_cast<long>(p_.mpc ? 1 : n - k);
      for (std::size_t i = k; i < (p_.mpc ? k + 1 : n); ++i) grid_plan_w_[i] = truth_.net_load_w[i];
      return;
    }
  }
  ++solves_;
  if (!p_.mpc) plan_cost_ = plan.cost_eur;
  for (std::size_t i = 0; i < (p_.mpc ? 1 : len); ++i) {
    grid_plan_w_[k + i] = plan.grid_w[i];
    soc_plan_[k + i] = plan.soc[i];
  }
}

double OptimalController::battery_setpoint_w(const SiteSnapshot& s) {
  if (s.site == nullptr || s.capacity_j <= 0) return 0;
  if (!built_) build(s);
  if (!s.grid_up) return s.net_w();  // an island: the batteries carry what they can
  const auto k = static_cast<std::size_t>(std::min<std::int64_t>(
      (s.now - start_) / p_.step, static_cast<std::int64_t>(truth_.steps()) - 1));
  if (k != step_) {
    // A new step: how far the twin drifted from the plan over the last one.
    if (step_ != SIZE_MAX) {
      const double dev = std::abs(s.soc - soc_plan_[step_]);
      max_dev_ = std::max(max_dev_, dev);
      if (dev > 0.02) ++deviation_steps_;
    }
    for (std::size_t i = 0; i < truth_.demand.size(); ++i) {
      const DemandCharge& c = truth_.demand[i];
      if (c.first_step <= k && k < c.end_step)
        billed_peak_w_[i] = std::max(billed_peak_w_[i], s.month_peak_w);
    }
    if (p_.mpc) {
      note_days_so_far(k, s);
      plan_from(k, s);
    }
    step_ = k;
  }
  return s.net_w() - grid_plan_w_[k];
}

Time OptimalController::next_decision(Time now) const {
  if (!built_) return Time::never();
  return start_ + p_.step * ((now - start_) / p_.step + 1);
}

std::vector<SummaryValue> OptimalController::summary() const {
  const std::string n = "ems." + std::string(name()) + ".";
  std::vector<SummaryValue> out{
      {n + "solves", "1", "linear programmes solved", static_cast<double>(solves_)},
      {n + "fallback_steps", "1", "steps without a plan (the grid took the net load)",
       static_cast<double>(fallbacks_)},
      {n + "max_soc_deviation", "1", "largest |SoC of the twin - SoC of the plan| at a step end",
       max_dev_},
      {n + "deviation_steps", "1", "steps that ended more than 2 % SoC off the plan",
       static_cast<double>(deviation_steps_)},
  };
  if (!p_.mpc)
    out.push_back(
        {n + "plan_cost", "EUR",
         "the LP's own cost of its plan (energy + demand + degradation, simplified tariff)",
         plan_cost_});
  return out;
}

}  // namespace wf
