#include "models/site/site_recording.hpp"

#include "sim/summary_figures.hpp"

namespace wf {

namespace {

std::vector<RecordedChannel> site_channels(bool battery, bool pv, bool pv_detail,
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
  if (pv)
    c.push_back({"pv_clipped_power", "W",
                 "PV power the inverters cut off at their AC rating (the chain's inverter and "
                 "`ac_limit`)",
                 B::none});
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

}  // namespace

SiteRecording::SiteRecording(Time start, Time interval, bool battery, bool pv, bool pv_detail,
                             std::vector<std::string> rule_labels, Recorder::RowSink rows)
    : pv_(pv),
      pv_detail_(pv_detail),
      ch_pv_clipped_(battery ? std::size_t{ch_count} : std::size_t{ch_soc}),
      rule_labels_(std::move(rule_labels)),
      ch_pv_detail_((battery ? std::size_t{ch_count} : std::size_t{ch_soc}) + (pv ? 1 : 0)),
      ch_rules_(ch_pv_detail_ + (pv_detail ? 3 : 0)),
      n_rule_ch_(rule_labels_.size()),
      recorder_(start, interval, site_channels(battery, pv, pv_detail, rule_labels_),
                std::move(rows)) {}

void SiteRecording::record(const SiteInstant& x) {
  if (totals_only_) {
    recorder_.set(ch_battery, x.battery);
    if (x.has_soc) recorder_.set(ch_soh, x.soh);
    return;
  }
  recorder_.set(ch_grid, x.grid);
  recorder_.set(ch_pv, x.pv);
  recorder_.set(ch_battery, x.battery);
  recorder_.set(ch_it, x.it);
  recorder_.set(ch_cooling, x.cooling);
  recorder_.set(ch_aux, x.aux);
  recorder_.set(ch_loss, x.loss);
  recorder_.set(ch_unserved, x.unserved);
  recorder_.set(ch_pv_curtailed, x.pv_curtailed);
  recorder_.set(ch_battery_loss, x.battery_loss);
  if (x.has_soc) {
    recorder_.set(ch_soc, x.soc, x.soc_slope_per_s);
    recorder_.set(ch_soh, x.soh);
  }
  for (std::size_t i = 0; i < n_rule_ch_; ++i)
    recorder_.set(ch_rules_ + i, i == x.decided_rule ? 1.0 : 0.0);
  if (pv_) {
    recorder_.set(ch_pv_clipped_, x.pv_clipped);
    if ((x.pv_clipped > 0) != clipping_) {
      if (clipping_) clipped_s_ += (recorder_.now() - clip_since_).to_seconds();
      clipping_ = !clipping_, clip_since_ = recorder_.now();
    }
  }
  if (pv_detail_) {
    recorder_.set(ch_pv_detail_, x.pv_dc);
    recorder_.set(ch_pv_detail_ + 1, x.poa_w_m2);
    recorder_.set(ch_pv_detail_ + 2, x.pv_cell_k);
  }
}

std::vector<SummaryValue> SiteRecording::summary(
    const DisturbanceCounts& d, const std::vector<std::unique_ptr<Battery>>& batteries) const {
  const Recorder& r = recorder_;
  auto kwh = [](double joules) { return joules / kJPerKWh; };
  std::vector<SummaryValue> s{
      site_figure("grid_import_energy")(kwh(r.positive_integral(ch_grid))),
      site_figure("grid_export_energy")(kwh(r.negative_integral(ch_grid))),
      site_figure("peak_import")(std::max(0.0, r.peak(ch_grid)) / 1e3),
      site_figure("peak_export")(std::max(0.0, -r.trough(ch_grid)) / 1e3),
      site_figure("pv_energy")(kwh(r.integral(ch_pv))),
      site_figure("pv_curtailed_energy")(kwh(r.integral(ch_pv_curtailed))),
      site_figure("it_energy")(kwh(r.integral(ch_it))),
      site_figure("cooling_energy")(kwh(r.integral(ch_cooling))),
      site_figure("aux_energy")(kwh(r.integral(ch_aux))),
      site_figure("loss_energy")(kwh(r.integral(ch_loss))),
      site_figure("unserved_energy")(kwh(r.integral(ch_unserved))),
      site_figure("grid_outages")(static_cast<double>(d.outages)),
      site_figure("grid_outage_hours")(d.outage_s / 3600),
      site_figure("it_dropouts")(static_cast<double>(d.dropouts)),
      site_figure("compute_interruptions")(static_cast<double>(d.interruptions)),
      site_figure("jobs_killed")(static_cast<double>(d.jobs_killed)),
      site_figure("lost_node_hours")(d.lost_node_hours),
      site_figure("balance_max_relative_residual")(r.max_balance_residual()),
  };
  if (pv_) {
    s.push_back(site_figure("pv_clipped_energy")(kwh(r.integral(ch_pv_clipped_))));
    const double open = clipping_ ? (r.now() - clip_since_).to_seconds() : 0.0;
    s.push_back(site_figure("pv_clipped_minutes")((clipped_s_ + open) / 60));
  }
  if (batteries.empty()) return s;
  const double dis = r.positive_integral(ch_battery), chg = r.negative_integral(ch_battery);
  s.push_back(site_figure("battery_discharge_energy")(kwh(dis)));
  s.push_back(site_figure("battery_charge_energy")(kwh(chg)));
  s.push_back(site_figure("battery_loss_energy")(kwh(r.integral(ch_battery_loss))));
  double nameplate = 0, dc_out = 0;
  bool dc_known = true;
  for (const auto& b : batteries) {
    nameplate += b->soh() > 0 ? b->capacity_j() / b->soh() : 0;
    const auto dc = b->dc_discharged_j();
    dc_known = dc_known && dc.has_value();
    dc_out += dc.value_or(0);
  }
  // One definition of full cycles, as SimSES and the literature count them; a battery
  // that cannot know its DC side (a real cabinet) leaves it out, the AC figure stays.
  if (dc_known)
    s.push_back(
        site_figure("battery_equivalent_full_cycles")(nameplate > 0 ? dc_out / nameplate : 0));
  s.push_back(
      site_figure("battery_ac_equivalent_full_cycles")(nameplate > 0 ? dis / nameplate : 0));
  s.push_back(site_figure("battery_final_soc")(r.value(ch_soc)));
  s.push_back(site_figure("battery_final_soh")(r.value(ch_soh)));
  s.push_back(site_figure("battery_nameplate_energy")(kwh(nameplate)));
  for (const auto& b : batteries)
    for (SummaryValue v : b->summary()) {
      v.name = b->id() + "." + v.name;
      s.push_back(std::move(v));
    }
  return s;
}

}  // namespace wf
