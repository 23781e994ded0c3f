#include "models/site/site.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "models/site/balance.hpp"
#include "sim/error.hpp"
#include "sim/summary_figures.hpp"

namespace wf {

namespace {

constexpr double kJPerKWh = 3.6e6;

// The billing looks back at the quarter-hours metered since the last wake, the
// controllers at most this far: the price window keeps it.
constexpr Time kPriceLookback = Time::days(1);

}  // namespace

Site::Site(SiteParts parts, Time start, Time interval)
    : p_(std::move(parts)),
      start_(start),
      recording_(
          start, interval, !p_.batteries.empty(), !p_.pv.empty(),
          std::any_of(p_.pv.begin(), p_.pv.end(), [](const auto& pv) { return pv->has_detail(); }),
          p_.controller ? p_.controller->rule_labels() : std::vector<std::string>{},
          [this](std::span<const double> row) {
            if (rows_) rows_(row);
          }),
      dispatch_(p_.dispatch, p_.batteries.size(), start),
      disturbances_(p_.id, p_.outages, p_.sags, p_.topology, p_.transfer_s, p_.loads, p_.batteries,
                    events_),
      injection_(p_.graph.size()),
      flow_(p_.graph.size()),
      overloaded_(p_.graph.size(), 0),
      battery_limit_(p_.batteries.size(), Battery::Limit::none),
      ambient_(p_.ambient_k.cursor(start)),
      carbon_(p_.carbon_g_per_kwh.cursor(start)),
      frequency_(p_.frequency_hz.cursor(start)),
      carbon_t_(start),
      grid_view_(start, p_.grid_view),
      scoring_(p_.loads, start, p_.end) {
  WF_ASSERT(p_.controller != nullptr);
  for (int v = 0; v < static_cast<int>(p_.graph.size()); ++v)
    if (v != p_.graph.root())
      min_edge_capacity_w_ = std::min(min_edge_capacity_w_, p_.graph.capacity(v));
  keep_load_history();
}

void Site::keep_load_history() {
  const Time h = p_.controller->load_history();
  for (auto& l : p_.loads) l->keep_history(h);
}

void Site::connect(Recorder::RowSink rows, EventSink events) {
  rows_ = std::move(rows);
  events_ = std::move(events);
}

void Site::take_inputs(Time now) {
  for (auto& l : p_.loads) l->update(now);
  for (auto& pv : p_.pv) pv->update(now);
  const double before = ambient_.value();
  ambient_.advance_to(now);
  carbon_.advance_to(now);
  if (p_.prices) {
    p_.prices->keep_from(now - kPriceLookback);
    p_.prices->advance_to(now);
  }
  frequency_.advance_to(now);
  if (ambient_.value() != before)
    for (auto& b : p_.batteries) b->set_ambient_temperature(ambient_.value());
}

void Site::start(Engine& engine) {
  Time now = engine.now();
  take_inputs(now);
  for (auto& b : p_.batteries) b->set_ambient_temperature(ambient_.value());
  solve(now);
  schedule_next(engine);
  for (const auto& [from, to] : p_.outages) {
    if (to <= now) continue;
    engine.schedule(std::max(from, now), Phase::input, &Site::on_grid_change, this, 0);
    engine.schedule(to, Phase::input, &Site::on_grid_change, this, 1);
  }
  for (std::size_t i = 0; i < p_.sags.size(); ++i)
    if (p_.sags[i].at >= now) engine.schedule(p_.sags[i].at, Phase::input, &Site::on_sag, this, i);
}

void Site::on_sag(void* self, Engine& e, std::uint64_t index) {
  static_cast<Site*>(self)->disturbances_.sag(e.now(), index);
}

void Site::on_grid_change(void* self, Engine& e, std::uint64_t up) {
  auto* site = static_cast<Site*>(self);
  const Time now = e.now();
  site->integrate(now);
  site->take_inputs(now);
  site->note_battery_limits(now);
  site->disturbances_.grid_change(now, up != 0);
  site->solve(now);
  site->schedule_next(e);
}

void Site::on_wake(void* self, Engine& e, std::uint64_t) {
  auto* site = static_cast<Site*>(self);
  const Time now = e.now();
  site->integrate(now);
  site->take_inputs(now);
  site->note_battery_limits(now);
  site->solve(now);
  site->schedule_next(e);
}

void Site::integrate(Time t) {
  if (p_.carbon_given) {
    // Imports only (location-based): g/kWh x kWh over the stretch since the last instant.
    emissions_g_ += carbon_.value() * std::max(grid_now_w_, 0.0) / 1e3 * (t - carbon_t_).to_hours();
    carbon_t_ = t;
  }
  for (auto& b : p_.batteries) b->advance_to(t);
  if (p_.billing) p_.billing->advance_to(t);
  recording_.recorder().advance_to(t);
}

void Site::note_battery_limits(Time now) {
  for (std::size_t i = 0; i < p_.batteries.size(); ++i) {
    Battery::Limit lim = p_.batteries[i]->at_limit();
    if (lim != battery_limit_[i] && lim != Battery::Limit::none && events_)
      events_(now, p_.id, lim == Battery::Limit::empty ? "battery_empty" : "battery_full",
              p_.batteries[i]->soc(), p_.batteries[i]->id());
    battery_limit_[i] = lim;
  }
}

void Site::solve(Time now) {
  double it = 0, aux = 0, pv = 0, cooling = 0;
  double loads_abs = 0, cooling_abs = 0;  // for the overload bound (below)
  for (const auto& l : p_.loads) {
    const double w = l->demand_w();
    (l->kind() == LoadKind::it ? it : aux) += w;
    loads_abs += std::abs(w);
  }
  for (const auto& c : p_.cooling) {
    const double w = c.power_w(it, ambient_.value());
    cooling += w, cooling_abs += std::abs(w);
  }
  for (const auto& b : p_.batteries) aux += b->aux_power_w();
  double pv_clipped = 0;
  double pv_abs = 0;
  for (const auto& s : p_.pv) {
    const double w = s->available_w();
    pv += w, pv_abs += std::abs(w), pv_clipped += s->clipped_w();
  }
  double max_dis = 0, max_chg = 0, cap = 0, energy = 0;
  for (const auto& b : p_.batteries) {
    const double cap_j = b->capacity_j();
    max_dis += b->max_discharge_w();
    max_chg += b->max_charge_w();
    cap += cap_j;
    energy += b->soc() * cap_j;
  }
  // In an outage the site is an island: nothing flows through the connection.
  const bool grid_up = disturbances_.grid_up();
  const double imp = grid_up ? p_.grid.import_limit_w : 0.0;
  const double exp = grid_up ? p_.grid.export_limit_w : 0.0;

  // Control.
  SiteSnapshot snap{now,     it,     cooling, aux, pv, imp, exp, cap > 0 ? energy / cap : 0,
                    max_chg, max_dis};
  snap.capacity_j = cap;
  if (p_.prices) snap.price_eur_per_mwh = p_.prices->value();
  snap.frequency_hz = frequency_.value();
  if (p_.billing) {
    snap.month_peak_w = p_.billing->month_peak_w();
    snap.year_peak_w = p_.billing->year_peak_w();
    snap.month_daily_peaks_w = &p_.billing->month_daily_peaks_w();
  }
  snap.grid_up = grid_up;
  snap.site = this;
  const double request = std::clamp(p_.controller->battery_setpoint_w(snap), -max_chg, max_dis);
  soc_floor_ = p_.controller->soc_floor(snap);

  // Solve: protection before preference.
  const double demand = it + cooling + aux;
  const BalanceSolution bal = solve_balance({.demand_w = demand,
                                             .pv_w = pv,
                                             .request_w = request,
                                             .max_charge_w = max_chg,
                                             .max_discharge_w = max_dis,
                                             .import_limit_w = imp,
                                             .export_limit_w = exp});
  const double served = bal.served, curtailed = bal.curtailed_w;
  it *= served, cooling *= served, aux *= served;
  const double pv_out = pv - curtailed;
  const double loss = 0;  // no bus-side loss model yet
  dispatch_.dispatch(now, bal.battery_w, p_.batteries, !grid_up);
  // While a PCS is still on its way to the setpoint, the grid covers the difference.
  double batt = 0, batt_abs = 0;
  for (const auto& b : p_.batteries) {
    const double w = b->power_w();
    batt += w, batt_abs += std::abs(w);
  }
  const double grid = it + cooling + aux + loss - pv_out - batt;

  const bool shed = (served < 1), curtail = (curtailed > 0);
  if (shed && !shedding_ && !grid_up) disturbances_.island_collapse(now);
  if (events_ && shed != shedding_)
    events_(now, p_.id,
            shed ? (grid_up ? "load_shed_start" : "interruption_start") : "load_shed_end",
            demand * (1 - served),
            shed ? (grid_up ? "import limit and batteries cannot carry the demand"
                            : "grid outage and the batteries cannot carry the demand: compute is "
                              "interrupted")
                 : "demand served again");
  if (events_ && curtail != curtailing_)
    events_(now, p_.id, curtail ? "pv_curtail_start" : "pv_curtail_end", curtailed,
            curtail ? "export limit reached with batteries full" : "PV no longer curtailed");
  shedding_ = shed, curtailing_ = curtail;

  // Overloads are events only: none without a sink. No connection carries more than all
  // injections together, so below the smallest capacity, with none overloaded before and
  // all demand served (the injections below are then these very terms), there is nothing
  // to check: most instants of most sites.
  const double all_injections_w = loads_abs + cooling_abs + pv_abs + batt_abs;
  if (p_.graph.limited() && events_ &&
      (overloads_ > 0 || served < 1 || !(all_injections_w <= min_edge_capacity_w_))) {
    // Per-device injections for the edge-capacity check (loads negative).
    const double pv_share = pv > 0 ? pv_out / pv : 0;
    for (std::size_t i = 0; i < p_.loads.size(); ++i)
      injection_[p_.load_vertex[i]] = -p_.loads[i]->demand_w() * served;
    for (std::size_t i = 0; i < p_.pv.size(); ++i)
      injection_[p_.pv_vertex[i]] = p_.pv[i]->available_w() * pv_share;
    for (std::size_t i = 0; i < p_.batteries.size(); ++i)
      injection_[p_.battery_vertex[i]] = p_.batteries[i]->power_w();
    const double it_total = served > 0 ? it / served : 0;
    for (std::size_t i = 0; i < p_.cooling.size(); ++i)
      injection_[p_.cooling_vertex[i]] =
          -p_.cooling[i].power_w(it_total, ambient_.value()) * served;
    check_edges(now);
  }

  if (grid_view_.active(now)) grid_view_.set(now, grid, demand - pv);
  if (p_.billing) p_.billing->set_power(grid);
  grid_now_w_ = grid;

  // Record.
  SiteInstant x{.grid = grid,
                .pv = pv_out,
                .battery = batt,
                .it = it,
                .cooling = cooling,
                .aux = aux,
                .loss = loss,
                .unserved = demand * (1 - served),
                .pv_curtailed = curtailed,
                .pv_clipped = pv_clipped};
  double soc_slope = 0, soh_w = 0, soc = 0;
  for (const auto& b : p_.batteries) {
    const double cap_j = b->capacity_j();  // one virtual call where three asked the same
    x.battery_loss += b->loss_w();
    soc_slope += b->soc_slope_per_s() * cap_j;
    soh_w += b->soh() * cap_j;
    soc += b->soc() * cap_j;
  }
  if (cap > 0) {
    x.has_soc = true;
    x.soc = soc / cap, x.soc_slope_per_s = soc_slope / cap, x.soh = soh_w / cap;
    soc_now_ = x.soc, soc_slope_ = x.soc_slope_per_s;
  }
  if (recording_.totals_only()) return recording_.record(x);
  if (recording_.records_rules()) x.decided_rule = p_.controller->decided_rule();
  if (recording_.pv_detail()) {
    int n = 0;
    for (const auto& a : p_.pv) {
      if (!a->has_detail()) continue;
      x.pv_dc += a->dc_w(), x.poa_w_m2 += a->poa_w_m2(), x.pv_cell_k += a->cell_temp_k();
      ++n;
    }
    x.poa_w_m2 /= n, x.pv_cell_k /= n;
  }
  recording_.record(x);
}

void Site::check_edges(Time now) {
  p_.graph.edge_flows(injection_, flow_);
  for (std::size_t v = 0; v < flow_.size(); ++v) {
    if (static_cast<int>(v) == p_.graph.root()) continue;
    const double cap = p_.graph.capacity(static_cast<int>(v));
    const bool over = std::abs(flow_[v]) > cap * (1 + 1e-9);
    if (over != static_cast<bool>(overloaded_[v]) && events_)
      events_(now, p_.id, over ? "edge_overload_start" : "edge_overload_end", flow_[v],
              fmt::format("connection of '{}' carries {:.1f} kW against a capacity of {:.1f} kW",
                          p_.vertex_ids[v], flow_[v] / 1e3, cap / 1e3));
    overloads_ += int(over) - int(overloaded_[v] != 0);
    overloaded_[v] = over;
  }
}

void Site::schedule_next(Engine& e) {
  Time next = Time::never();
  for (const auto& l : p_.loads) next = std::min(next, l->next_change());
  for (const auto& pv : p_.pv) next = std::min(next, pv->next_change());
  for (const auto& b : p_.batteries) next = std::min(next, b->next_event());
  next = std::min(next, ambient_.next_change());
  next = std::min(next, carbon_.next_change());
  next = std::min(next, dispatch_.next_arrival(e.now()));
  if (Time d = p_.controller->next_decision(e.now()); d > e.now()) next = std::min(next, d);
  if (p_.prices) next = std::min(next, p_.prices->next_change());
  next = std::min(next, frequency_.next_change());
  // A reserve floor is met exactly: wake when the batteries reach it from either
  // side (rounded up to the microsecond, so the rule sees the floor reached).
  // Strictly moving towards it: on the floor itself there is nothing to wait for.
  if (soc_floor_ > 0 && (soc_now_ - soc_floor_) * soc_slope_ < 0) {
    const double us = std::ceil((soc_now_ - soc_floor_) / -soc_slope_ * 1e6);
    if (us < 1e15)
      next = std::min(next,
                      e.now() + Time::us(std::max<std::int64_t>(1, static_cast<std::int64_t>(us))));
  }
  e.cancel(wake_);  // an outage event may have come before the pending wake
  wake_ = next.is_never() ? EventId{}
                          : e.schedule(std::max(next, e.now()), Phase::input, &Site::on_wake, this);
}

double Site::it_peak_forecast_w(Time from, Time to, LoadForecast f, Time season) const {
  double w = 0;
  for (const auto& l : p_.loads) {
    if (l->kind() != LoadKind::it) continue;
    const WindowedSteps* plan = l->plan();
    switch (f) {
      case LoadForecast::schedule:
        w += plan ? plan->max(from, to) : l->demand_w();
        break;
      case LoadForecast::perfect:
        w += l->demand().max(from, to);
        break;
      case LoadForecast::persistence:
        w += l->demand_w();
        break;
      case LoadForecast::seasonal_naive:
        // A season into the run there is no season back yet: the demand now.
        w += from - season < start_ ? l->demand_w() : l->demand().max(from - season, to - season);
        break;
    }
  }
  return w;
}

double Site::net_demand_mean_w(Time a, Time b) const {
  double it = 0, other = 0;
  for (const auto& l : p_.loads) (l->kind() == LoadKind::it ? it : other) += l->demand().mean(a, b);
  const double ambient = p_.ambient_k.value_at(a);
  for (const auto& c : p_.cooling) other += c.power_w(it, ambient);
  for (const auto& pv : p_.pv) other -= pv->mean_w(a, b);
  return it + other;
}

double Site::import_headroom_w(Time a, Time b, double extra_it_w) const {
  double it = extra_it_w, other = 0;
  for (const auto& l : p_.loads) (l->kind() == LoadKind::it ? it : other) += l->demand().max(a, b);
  const double ambient = p_.ambient_k.value_at(a);
  for (const auto& c : p_.cooling) other += c.power_w(it, ambient);
  return p_.grid.import_limit_w - it - other;
}

StorageRating Site::storage_rating() const {
  StorageRating r;
  double lo = 0, hi = 0, ec = 0, ed = 0;
  for (const auto& b : p_.batteries) {
    const Battery::Rating x = b->rating();
    const double c = b->capacity_j();
    r.capacity_j += c;
    r.charge_w += x.charge_w, r.discharge_w += x.discharge_w;
    r.aux_w += b->aux_power_w();
    lo += x.soc_min * c, hi += x.soc_max * c;
    ec += x.eta_charge * x.charge_w, ed += x.eta_discharge * x.discharge_w;
  }
  if (r.capacity_j > 0) r.soc_min = lo / r.capacity_j, r.soc_max = hi / r.capacity_j;
  if (r.charge_w > 0) r.eta_charge = ec / r.charge_w;
  if (r.discharge_w > 0) r.eta_discharge = ed / r.discharge_w;
  return r;
}

const Tariff* Site::tariff() const {
  return p_.billing ? &p_.billing->tariff() : nullptr;
}

void Site::finish(Time end) {
  p_.controller->finish(end);
  grid_view_.finish(end);
  integrate(end);
  disturbances_.finish(end);
  if (p_.billing) p_.billing->finish(end);
  recording_.recorder().finish(end);
}

Site::Totals Site::totals() const {
  Totals t;
  if (p_.billing) t.bill = p_.billing->bill();
  if (!has_battery()) return t;
  const Recorder& r = recording_.recorder();
  for (const auto& b : p_.batteries) t.nameplate_j += b->soh() > 0 ? b->capacity_j() / b->soh() : 0;
  t.final_soh = r.value(ch_soh);
  t.charge_j = r.negative_integral(ch_battery);
  t.discharge_j = r.positive_integral(ch_battery);
  return t;
}

Site::Running Site::running() const {
  Running r{.lost_node_hours = disturbances_.counts().lost_node_hours};
  if (p_.controller)
    for (const auto& v : p_.controller->summary())
      if (v.units == "EUR" && v.name.ends_with("revenue")) r.revenue_eur += v.value;
  if (!has_battery()) return r;
  const Recorder& rec = recording_.recorder();
  r.charge_j = rec.negative_integral(ch_battery);
  r.discharge_j = rec.positive_integral(ch_battery);
  double now_j = 0, new_j = 0;
  for (const auto& b : p_.batteries) {
    now_j += b->capacity_j();
    new_j += b->soh() > 0 ? b->capacity_j() / b->soh() : 0;
  }
  r.soh = new_j > 0 ? now_j / new_j : 1;
  return r;
}

std::vector<SummaryValue> Site::summary() const {
  const Recorder& r = recording_.recorder();
  auto kwh = [](double joules) { return joules / kJPerKWh; };
  std::vector<SummaryValue> s = recording_.summary(disturbances_.counts(), p_.batteries);
  if (std::isfinite(p_.grid.import_limit_w))  // what peaks are judged against (the report)
    s.push_back(site_figure("grid_import_limit")(p_.grid.import_limit_w / 1e3));
  // What the site could have known of its IT loads in advance (15 min and a day ahead).
  for (auto& v : scoring_.summary(r.now())) s.push_back(std::move(v));
  if (p_.carbon_given) {
    const double import_kwh = kwh(r.positive_integral(ch_grid));
    s.push_back(site_figure("grid_emissions")(emissions_g_ / 1e3));
    s.push_back(
        site_figure("grid_carbon_intensity_mean")(import_kwh > 0 ? emissions_g_ / import_kwh : 0));
  }
  if (p_.billing && p_.billing->bill())
    for (auto& v : bill_summary(*p_.billing->bill())) s.push_back(std::move(v));
  for (auto& v : p_.controller->summary()) s.push_back(std::move(v));
  for (const auto& v : extra_summary_) s.push_back(v);
  if (p_.grid_view > Time::zero())
    for (auto& v : grid_view_.summary()) s.push_back(std::move(v));
  return s;
}

}  // namespace wf
