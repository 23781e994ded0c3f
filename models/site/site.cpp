#include "models/site/site.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "models/forecast/load_skill.hpp"
#include "sim/error.hpp"

namespace wf {

namespace {

std::vector<RecordedChannel> site_channels(bool battery, bool pv_detail,
                                           const std::vector<std::string>& rules) {
  using B = BalanceSide;
  std::vector<RecordedChannel> c{
      {"grid_power", "W", "power drawn from the grid (import > 0, export < 0)", B::supply},
      {"pv_power", "W", "PV power delivered to the bus", B::supply},
      {"battery_power", "W", "battery power delivered to the bus (discharge > 0, charge < 0)",
       B::supply},
      {"it_power", "W", "IT load served", B::demand},
      {"cooling_power", "W", "cooling load served", B::demand},
      {"aux_power", "W", "auxiliary load served", B::demand},
      {"loss_power", "W", "bus-side losses (transformer, cables)", B::demand},
      {"unserved_power", "W", "demand shed because the grid limit and batteries could not carry it",
       B::none},
      {"pv_curtailed_power", "W", "PV power curtailed to respect the export limit", B::none},
      {"battery_loss_power", "W", "conversion losses inside the batteries (not on the bus)",
       B::none},
  };
  if (battery) {
    c.push_back({"soc", "1", "state of charge of the site's batteries (energy-weighted)", B::none});
    c.push_back({"soh", "1", "state of health of the site's batteries (capacity-weighted)", B::none,
                 false});
  }
  if (pv_detail) {
    c.push_back(
        {"pv_dc_power", "W", "DC power of the modelled PV arrays (before the inverters)", B::none});
    c.push_back(
        {"poa_irradiance", "W/m2", "plane-of-array irradiance (mean over the arrays)", B::none});
    c.push_back(
        {"pv_cell_temperature", "K", "PV cell temperature (mean over the arrays)", B::none});
  }
  for (const auto& r : rules)
    c.push_back({"ems_" + r, "1",
                 "share of the interval in which the controller's rule '" + r +
                     "' decided the battery power",
                 B::none, false});
  return c;
}

constexpr double kJPerKWh = 3.6e6;

const StepSeries& no_prices() {
  static const StepSeries none = StepSeries::constant(NAN);
  return none;
}

}  // namespace

Site::Site(SiteParts parts, Time start, Time interval)
    : p_(std::move(parts)),
      start_(start),
      recorder_(
          start, interval,
          site_channels(!p_.batteries.empty(),
                        std::any_of(p_.pv.begin(), p_.pv.end(),
                                    [](const auto& pv) { return pv->has_detail(); }),
                        p_.controller ? p_.controller->rule_labels() : std::vector<std::string>{}),
          [this](std::span<const double> row) {
            if (rows_) rows_(row);
          }),
      injection_(p_.graph.size()),
      flow_(p_.graph.size()),
      overloaded_(p_.graph.size(), 0),
      battery_limit_(p_.batteries.size(), Battery::Limit::none),
      ambient_(p_.ambient_k.cursor(start)),
      carbon_(p_.carbon_g_per_kwh.cursor(start)),
      price_((p_.prices ? *p_.prices : no_prices()).cursor(start)),
      frequency_(p_.frequency_hz.cursor(start)),
      carbon_t_(start),
      cmd_w_(p_.batteries.size(), 0.0),
      cmd_due_(p_.batteries.size(), start),
      grid_view_(start, p_.grid_view) {
  WF_ASSERT(p_.controller != nullptr);
  pv_detail_ =
      std::any_of(p_.pv.begin(), p_.pv.end(), [](const auto& pv) { return pv->has_detail(); });
  ch_pv_detail_ = p_.batteries.empty() ? std::size_t{ch_soc} : std::size_t{ch_count};
  rule_labels_ = p_.controller->rule_labels();
  n_rule_ch_ = rule_labels_.size();
  ch_rules_ = ch_pv_detail_ + (pv_detail_ ? 3 : 0);
}

void Site::connect(Recorder::RowSink rows, EventSink events) {
  rows_ = std::move(rows);
  events_ = std::move(events);
}

void Site::update_inputs(Time now) {
  for (auto& l : p_.loads) l->update(now);
  for (auto& pv : p_.pv) pv->update(now);
  const double before = ambient_.value();
  ambient_.advance_to(now);
  carbon_.advance_to(now);
  if (p_.prices) price_.advance_to(now);
  frequency_.advance_to(now);
  if (ambient_.value() != before)
    for (auto& b : p_.batteries) b->set_ambient_temperature(ambient_.value());
}

void Site::start(Engine& engine) {
  Time now = engine.now();
  update_inputs(now);
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

void Site::judge_disturbance(Time now, const Disturbance& d, std::string_view what) {
  // Cabinets that cannot carry the island protect nothing.
  const bool cabinet_ready = std::any_of(p_.batteries.begin(), p_.batteries.end(),
                                         [](const auto& b) { return b->max_discharge_w() > 0; });
  const Topology topo = cabinet_ready ? p_.topology : Topology::direct;
  if (rides_through(d, topo, p_.transfer_s)) return;
  ++dropouts_;
  const Disturbance seen = seen_by_it(d, topo, p_.transfer_s);
  if (events_)
    events_(now, p_.id, "it_dropout", seen.duration_s,
            fmt::format("{}: the IT load saw {:.0f} % voltage for {:.0f} ms, outside the ITIC "
                        "curve; running jobs are lost",
                        what, 100 * seen.voltage_pu, 1e3 * seen.duration_s));
  kill_jobs(now, what);
}

void Site::kill_jobs(Time now, std::string_view why) {
  Load::JobLoss total;
  for (auto& l : p_.loads) {
    if (l->kind() != LoadKind::it) continue;
    const Load::JobLoss x = l->kill_running_jobs(now);
    total.jobs += x.jobs;
    total.node_hours += x.node_hours;
  }
  if (total.jobs == 0) return;
  jobs_killed_ += total.jobs;
  lost_node_hours_ += total.node_hours;
  if (events_)
    events_(now, p_.id, "jobs_lost", total.node_hours,
            fmt::format("{}: {} running jobs killed, {:.1f} node-hours of work since their last "
                        "checkpoints lost",
                        why, total.jobs, total.node_hours));
}

void Site::on_sag(void* self, Engine& e, std::uint64_t index) {
  auto* site = static_cast<Site*>(self);
  const Sag& sag = site->p_.sags[index];
  if (site->events_)
    site->events_(
        e.now(), site->p_.id, "voltage_sag", sag.voltage_pu,
        fmt::format("{:.0f} % for {:.0f} ms", 100 * sag.voltage_pu, 1e3 * sag.duration_s));
  if (site->grid_up_)
    site->judge_disturbance(e.now(), {sag.voltage_pu, sag.duration_s}, "voltage sag");
}

void Site::on_grid_change(void* self, Engine& e, std::uint64_t up) {
  auto* site = static_cast<Site*>(self);
  const Time now = e.now();
  site->advance(now);
  site->update_inputs(now);
  site->note_battery_limits(now);
  site->grid_up_ = up != 0;
  if (site->grid_up_) {
    site->outage_s_ += (now - site->outage_start_).to_seconds();
  } else {
    site->outage_start_ = now;
    ++site->outages_seen_;
    auto it = std::find_if(site->p_.outages.begin(), site->p_.outages.end(),
                           [&](const Outage& o) { return o.first <= now && now < o.second; });
    const double length_s = it != site->p_.outages.end() ? (it->second - now).to_seconds() : 3600.0;
    site->judge_disturbance(now, {0.0, length_s}, "grid outage");
  }
  if (site->events_)
    site->events_(
        now, site->p_.id, up ? "grid_restored" : "grid_outage", 0,
        up ? "the grid is back" : "the grid connection is down: the site runs as an island");
  // The cabinets' PCS mode (domain reference 2.4): grid-forming in the island,
  // grid-following (after resynchronising) once the grid is back.
  if (site->events_ && site->has_battery())
    site->events_(now, site->p_.id, up ? "pcs_grid_following" : "pcs_grid_forming",
                  up ? 0.0 : site->p_.transfer_s,
                  up ? "the cabinets resynchronise to the grid and follow setpoints again"
                     : "the cabinets form the island's voltage and carry its load at once");
  site->solve(now);
  site->schedule_next(e);
}

void Site::on_wake(void* self, Engine& e, std::uint64_t) {
  auto* site = static_cast<Site*>(self);
  const Time now = e.now();
  site->advance(now);
  site->update_inputs(now);
  site->note_battery_limits(now);
  site->solve(now);
  site->schedule_next(e);
}

void Site::advance(Time t) {
  if (p_.carbon_given) {
    // Imports only (location-based): g/kWh x kWh over the stretch since the last instant.
    emissions_g_ += carbon_.value() * std::max(grid_now_w_, 0.0) / 1e3 * (t - carbon_t_).to_hours();
    carbon_t_ = t;
  }
  for (auto& b : p_.batteries) b->advance_to(t);
  if (p_.billing) p_.billing->advance_to(t);
  recorder_.advance_to(t);
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

void Site::dispatch_batteries(Time now, double request_w) {
  const bool discharge = request_w > 0;
  const std::size_t n = p_.batteries.size();
  std::vector<double> limit(n), weight(n), share(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    const Battery& b = *p_.batteries[i];
    limit[i] = discharge ? b.max_discharge_w() : b.max_charge_w();
    switch (p_.dispatch) {
      case DispatchRule::limits:
        weight[i] = limit[i];
        break;
      case DispatchRule::energy:  // what it holds (discharge) or has room for (charge)
        weight[i] = (discharge ? b.soc() : 1 - b.soc()) * b.capacity_j();
        break;
      case DispatchRule::capacity:
        weight[i] = b.capacity_j();
        break;
    }
    if (limit[i] <= 0) weight[i] = 0;
  }
  // Water-filling: share by weight; a battery at its limit drops out and the
  // rest is shared again, so the total is met whenever the limits allow it.
  double rest = std::abs(request_w);
  for (std::size_t round = 0; round < n && rest > 0; ++round) {
    double w = 0;
    for (std::size_t i = 0; i < n; ++i)
      if (share[i] < limit[i]) w += weight[i];
    if (w <= 0) break;
    double given = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (share[i] >= limit[i] || weight[i] <= 0) continue;
      const double add = std::min(rest * weight[i] / w, limit[i] - share[i]);
      share[i] += add;
      given += add;
    }
    rest -= given;
    if (given <= 0) break;
  }
  for (std::size_t i = 0; i < n; ++i) {
    Battery& b = *p_.batteries[i];
    const double target = discharge ? share[i] : -share[i];
    // Grid-forming in an island, a PCS carries the load at once; grid-following,
    // it reaches a new setpoint after its energy-equivalent delay (pcs_response.hpp).
    if (!grid_up_ || b.response().instant()) {
      cmd_w_[i] = target, cmd_due_[i] = now;
      b.set_power(target);
      continue;
    }
    if (target != cmd_w_[i]) {
      // A transition under way keeps its end and takes the new target: pushing the end
      // back on every new command would freeze a PCS whose commands come faster than
      // its delay.
      if (now >= cmd_due_[i])
        cmd_due_[i] =
            now + Time::from_seconds(pcs_equivalent_delay_s(b.response(), b.power_w(), target));
      cmd_w_[i] = target;
    }
    b.set_power(now >= cmd_due_[i]
                    ? target
                    : std::clamp(b.power_w(), -b.max_charge_w(), b.max_discharge_w()));
  }
}

void Site::solve(Time now) {
  double it = 0, aux = 0, pv = 0, cooling = 0;
  for (const auto& l : p_.loads) (l->kind() == LoadKind::it ? it : aux) += l->demand_w();
  for (const auto& c : p_.cooling) cooling += c.power_w(it, ambient_.value());
  for (const auto& b : p_.batteries) aux += b->aux_power_w();
  for (const auto& s : p_.pv) pv += s->available_w();
  double max_dis = 0, max_chg = 0, cap = 0, energy = 0;
  for (const auto& b : p_.batteries) {
    max_dis += b->max_discharge_w();
    max_chg += b->max_charge_w();
    cap += b->capacity_j();
    energy += b->soc() * b->capacity_j();
  }
  // In an outage the site is an island: nothing flows through the connection.
  const double imp = grid_up_ ? p_.grid.import_limit_w : 0.0;
  const double exp = grid_up_ ? p_.grid.export_limit_w : 0.0;
  SiteSnapshot snap{now,     it,     cooling, aux, pv, imp, exp, cap > 0 ? energy / cap : 0,
                    max_chg, max_dis};
  snap.capacity_j = cap;
  if (p_.prices) snap.price_eur_per_mwh = price_.value();
  snap.frequency_hz = frequency_.value();
  if (p_.billing) snap.month_peak_w = p_.billing->month_peak_w();
  snap.grid_up = grid_up_;
  snap.site = this;
  double batt = std::clamp(p_.controller->battery_setpoint_w(snap), -max_chg, max_dis);
  soc_floor_ = p_.controller->soc_floor(snap);

  // Protection before preference: the grid limits bind the controller's wish.
  const double demand = it + cooling + aux;
  double grid = demand - pv - batt;
  if (grid > imp) batt = std::min(max_dis, batt + (grid - imp));
  if (grid < -exp) batt = std::max(-max_chg, batt - (-exp - grid));
  double served = 1, curtailed = 0;
  grid = demand - pv - batt;
  if (grid > imp && demand > 0) served = std::max(0.0, (imp + pv + batt) / demand);
  if (grid < -exp) curtailed = std::min(pv, -exp - grid);
  it *= served, cooling *= served, aux *= served;
  const double pv_out = pv - curtailed;
  const double loss = 0;  // no bus-side loss model yet
  dispatch_batteries(now, batt);
  // While a PCS is still on its way to the setpoint, the grid covers the difference.
  batt = 0;
  for (const auto& b : p_.batteries) batt += b->power_w();
  grid = it + cooling + aux + loss - pv_out - batt;

  const bool shed = (served < 1), curtail = (curtailed > 0);
  if (shed && !shedding_ && !grid_up_) {
    ++interruptions_;
    kill_jobs(now, "island collapse");
  }
  if (events_ && shed != shedding_)
    events_(now, p_.id,
            shed ? (grid_up_ ? "load_shed_start" : "interruption_start") : "load_shed_end",
            demand * (1 - served),
            shed ? (grid_up_ ? "import limit and batteries cannot carry the demand"
                             : "grid outage and the batteries cannot carry the demand: compute is "
                               "interrupted")
                 : "demand served again");
  if (events_ && curtail != curtailing_)
    events_(now, p_.id, curtail ? "pv_curtail_start" : "pv_curtail_end", curtailed,
            curtail ? "export limit reached with batteries full" : "PV no longer curtailed");
  shedding_ = shed, curtailing_ = curtail;

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
    injection_[p_.cooling_vertex[i]] = -p_.cooling[i].power_w(it_total, ambient_.value()) * served;
  check_edges(now);

  double batt_loss = 0, soc_slope = 0, soh_w = 0;
  for (const auto& b : p_.batteries) {
    batt_loss += b->loss_w();
    soc_slope += b->soc_slope_per_s() * b->capacity_j();
    soh_w += b->soh() * b->capacity_j();
  }
  if (grid_view_.active(now)) grid_view_.set(now, grid, demand - pv);
  recorder_.set(ch_grid, grid);
  if (p_.billing) p_.billing->set_power(grid);
  grid_now_w_ = grid;
  recorder_.set(ch_pv, pv_out);
  recorder_.set(ch_battery, batt);
  recorder_.set(ch_it, it);
  recorder_.set(ch_cooling, cooling);
  recorder_.set(ch_aux, aux);
  recorder_.set(ch_loss, loss);
  recorder_.set(ch_unserved, demand * (1 - served));
  recorder_.set(ch_pv_curtailed, curtailed);
  recorder_.set(ch_battery_loss, batt_loss);
  if (cap > 0) {
    double soc = 0;
    for (const auto& b : p_.batteries) soc += b->soc() * b->capacity_j();
    recorder_.set(ch_soc, soc / cap, soc_slope / cap);
    soc_now_ = soc / cap, soc_slope_ = soc_slope / cap;
    recorder_.set(ch_soh, soh_w / cap);
  }
  if (n_rule_ch_ > 0) {
    const std::size_t d = p_.controller->decided_rule();
    for (std::size_t i = 0; i < n_rule_ch_; ++i) recorder_.set(ch_rules_ + i, i == d ? 1.0 : 0.0);
  }
  if (pv_detail_) {
    double dc = 0, poa = 0, cell = 0;
    int n = 0;
    for (const auto& a : p_.pv) {
      if (!a->has_detail()) continue;
      dc += a->dc_w(), poa += a->poa_w_m2(), cell += a->cell_temp_k();
      ++n;
    }
    recorder_.set(ch_pv_detail_, dc);
    recorder_.set(ch_pv_detail_ + 1, poa / n);
    recorder_.set(ch_pv_detail_ + 2, cell / n);
  }
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
  for (Time due : cmd_due_)
    if (due > e.now()) next = std::min(next, due);
  if (Time d = p_.controller->next_decision(e.now()); d > e.now()) next = std::min(next, d);
  if (p_.prices) next = std::min(next, price_.next_change());
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

double Site::it_peak_forecast_w(Time from, Time to) const {
  double w = 0;
  for (const auto& l : p_.loads) {
    if (l->kind() != LoadKind::it) continue;
    const StepSeries* plan = l->plan();
    w += plan ? plan->max(from, to) : l->demand_w();
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
  advance(end);
  if (!grid_up_) outage_s_ += (end - outage_start_).to_seconds();
  if (p_.billing) p_.billing->finish(end);
  recorder_.finish(end);
}

std::vector<SummaryValue> Site::summary() const {
  const Recorder& r = recorder_;
  auto kwh = [](double joules) { return joules / kJPerKWh; };
  std::vector<SummaryValue> s{
      {"grid_import_energy", "kWh", "energy drawn from the grid",
       kwh(r.positive_integral(ch_grid))},
      {"grid_export_energy", "kWh", "energy fed into the grid", kwh(r.negative_integral(ch_grid))},
      {"peak_import", "kW", "highest grid import at any instant",
       std::max(0.0, r.peak(ch_grid)) / 1e3},
      {"peak_export", "kW", "highest grid export at any instant",
       std::max(0.0, -r.trough(ch_grid)) / 1e3},
      {"pv_energy", "kWh", "PV energy delivered to the bus", kwh(r.integral(ch_pv))},
      {"pv_curtailed_energy", "kWh", "PV energy curtailed", kwh(r.integral(ch_pv_curtailed))},
      {"it_energy", "kWh", "IT energy served", kwh(r.integral(ch_it))},
      {"cooling_energy", "kWh", "cooling energy served", kwh(r.integral(ch_cooling))},
      {"aux_energy", "kWh", "auxiliary energy served", kwh(r.integral(ch_aux))},
      {"loss_energy", "kWh", "bus-side losses", kwh(r.integral(ch_loss))},
      {"unserved_energy", "kWh", "demand shed", kwh(r.integral(ch_unserved))},
      {"grid_outages", "1", "grid interruptions during the run",
       static_cast<double>(outages_seen_)},
      {"grid_outage_hours", "h", "time without grid", outage_s_ / 3600},
      {"it_dropouts", "1", "sags and outages the IT load did not ride through (ITIC)",
       static_cast<double>(dropouts_)},
      {"compute_interruptions", "1", "outages in which the demand could not be carried",
       static_cast<double>(interruptions_)},
      {"jobs_killed", "1", "running jobs killed by IT dropouts and island collapses",
       static_cast<double>(jobs_killed_)},
      {"lost_node_hours", "h", "node-hours of work lost since the killed jobs' last checkpoints",
       lost_node_hours_},
      {"balance_max_relative_residual", "1",
       "largest |supply - demand| / (|supply| + |demand|) over the output intervals",
       r.max_balance_residual()},
  };
  if (has_battery()) {
    double cap = 0;
    for (const auto& b : p_.batteries) cap += b->capacity_j();
    const double dis = r.positive_integral(ch_battery), chg = r.negative_integral(ch_battery);
    s.push_back({"battery_discharge_energy", "kWh", "AC energy the batteries delivered", kwh(dis)});
    s.push_back({"battery_charge_energy", "kWh", "AC energy the batteries took in", kwh(chg)});
    s.push_back({"battery_loss_energy", "kWh", "conversion losses inside the batteries",
                 kwh(r.integral(ch_battery_loss))});
    s.push_back({"battery_equivalent_full_cycles", "1", "discharged energy / full-scale capacity",
                 cap > 0 ? dis / cap : 0});
    s.push_back({"battery_final_soc", "1", "state of charge at the end", r.value(ch_soc)});
    s.push_back({"battery_final_soh", "1", "state of health at the end", r.value(ch_soh)});
    double nameplate = 0;
    for (const auto& b : p_.batteries) nameplate += b->soh() > 0 ? b->capacity_j() / b->soh() : 0;
    s.push_back({"battery_nameplate_energy", "kWh", "full-scale energy of the batteries when new",
                 kwh(nameplate)});
    for (const auto& b : p_.batteries)
      for (SummaryValue v : b->summary()) {
        v.name = b->id() + "." + v.name;
        s.push_back(std::move(v));
      }
  }
  // What the site could have known of its IT loads in advance (15 min and a day ahead).
  for (const auto& l : p_.loads)
    if (l->kind() == LoadKind::it && l->demand().size() > 1)
      for (auto& v : load_forecast_skills(l->id(), l->demand(), l->plan(), start_, r.now()))
        s.push_back(std::move(v));
  if (p_.carbon_given) {
    const double import_kwh = kwh(r.positive_integral(ch_grid));
    s.push_back({"grid_emissions", "kg",
                 "CO2 of the energy drawn from the grid (imports x carbon intensity)",
                 emissions_g_ / 1e3});
    s.push_back({"grid_carbon_intensity_mean", "g/kWh", "import-weighted carbon intensity",
                 import_kwh > 0 ? emissions_g_ / import_kwh : 0});
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
