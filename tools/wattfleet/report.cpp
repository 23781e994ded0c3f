#include "tools/wattfleet/report.hpp"

#include <fmt/format.h>

#include <cmath>

#include "sim/hdf5_reader.hpp"
#include "sim/summary_figures.hpp"
#include "sim/time_format.hpp"

namespace wf::cli {

namespace {

void print_site(std::FILE* out, const std::string& id, const std::vector<SummaryValue>& v) {
  // Figures are found by their declarations (sim/summary_figures.hpp); absent ones read 0.
  auto find = [&](const SummaryFigure& f) { return find_figure(v, f); };
  auto val = [&](const SummaryFigure& f) {
    const SummaryValue* s = find(f);
    return s ? s->value : 0.0;
  };
  auto bill = [&](const SummaryFigure& item) {
    const SummaryValue* s = find_figure(v, bill_name(item));
    return s ? s->value : 0.0;
  };
  fmt::print(out, "  site {}\n", id);
  fmt::print(out,
             "    grid      import {:>12.1f} kWh   export {:>10.1f} kWh   peak import {:.1f} kW\n",
             val(site_figure("grid_import_energy")), val(site_figure("grid_export_energy")),
             val(site_figure("peak_import")));
  fmt::print(out, "    load      IT {:>16.1f} kWh   cooling {:>9.1f} kWh   aux {:.1f} kWh\n",
             val(site_figure("it_energy")), val(site_figure("cooling_energy")),
             val(site_figure("aux_energy")));
  fmt::print(out,
             "    pv        delivered {:>9.1f} kWh   curtailed {:>7.1f} kWh   clipped {:.1f} kWh\n",
             val(site_figure("pv_energy")), val(site_figure("pv_curtailed_energy")),
             val(site_figure("pv_clipped_energy")));
  if (find(site_figure("battery_discharge_energy")))
    fmt::print(
        out,
        "    battery   discharged {:>8.1f} kWh   charged {:>9.1f} kWh   {:.1f} full cycles{}, "
        "final SoC {:.1f} %\n",
        val(site_figure("battery_discharge_energy")), val(site_figure("battery_charge_energy")),
        find(site_figure("battery_equivalent_full_cycles"))
            ? val(site_figure("battery_equivalent_full_cycles"))
            : val(site_figure("battery_ac_equivalent_full_cycles")),
        find(site_figure("battery_equivalent_full_cycles")) ? " (DC)" : " (AC)",
        100 * val(site_figure("battery_final_soc")));
  if (find_figure(v, bill_name(bill_figure("total"))))
    fmt::print(out,
               "    bill      total {:>11.2f} EUR: energy {:.2f}, network {:.2f}, demand {:.2f}, "
               "fixed {:.2f}, "
               "taxes {:.2f}, VAT {:.2f}, feed-in {:.2f}\n",
               bill(bill_figure("total")), bill(bill_figure("energy")),
               bill(bill_figure("network_energy")), bill(bill_figure("demand")),
               bill(bill_figure("fixed")), bill(bill_figure("taxes")), bill(bill_figure("vat")),
               bill(bill_figure("feed_in")));
  // The saving as a share, unless there was no bill to save on (an island, say).
  const double without = val(economics_figure("bill_without_storage"));
  const std::string share = std::abs(without) >= 0.005
                                ? fmt::format("{:.1f} % of {:.2f} EUR without it",
                                              100 * val(economics_figure("saving_share")), without)
                                : std::string("no bill without it to save on");
  if (find(economics_figure("npv"))) {
    const SummaryValue* irr = find(economics_figure("irr"));
    const SummaryValue* payback = find(economics_figure("discounted_payback"));
    const SummaryValue* eol = find(economics_figure("end_of_life_year"));
    fmt::print(out, "    storage   this run's bill {:.2f} EUR with it ({})\n",
               val(economics_figure("bill_with_storage")), share);
    fmt::print(out,
               "    life      {:.0f} years simulated: saves {:.2f} EUR/yr on average; capex "
               "{:.0f} EUR, NPV {:.0f} EUR, IRR {}, payback {}, LCOS {:.0f} EUR/MWh\n",
               val(economics_figure("lifetime")), val(economics_figure("saving_per_year")),
               val(economics_figure("capex")), val(economics_figure("npv")),
               irr ? fmt::format("{:.1f} %", 100 * irr->value) : std::string("none"),
               payback ? fmt::format("{:.1f} years", payback->value) : std::string("never"),
               val(economics_figure("lcos")));
    fmt::print(out,
               "              end of life ({:.0f} % SoH) {}; {:.0f} replacement(s); SoH {:.3f} "
               "at the end (cash flows: /summary/<site>/cashflow)\n",
               100 * val(economics_figure("end_of_life_soh")),
               eol ? fmt::format("in year {:.0f}", eol->value) : std::string("not within the life"),
               val(economics_figure("replacements")), val(economics_figure("final_soh")));
  } else if (find(economics_figure("bill_with_storage"))) {
    fmt::print(out,
               "    storage   bill {:.2f} EUR with it ({}); capex {:.0f} EUR. No NPV, IRR, "
               "payback or LCOS: a run shorter than a year does not simulate the life\n",
               val(economics_figure("bill_with_storage")), share, val(economics_figure("capex")));
  }
  if (val(site_figure("grid_outages")) > 0 || val(site_figure("it_dropouts")) > 0)
    fmt::print(out,
               "    grid      {:.0f} outages ({:.2f} h), {:.0f} IT dropouts, {:.0f} compute "
               "interruptions, {:.0f} jobs killed ({:.1f} node-hours lost)\n",
               val(site_figure("grid_outages")), val(site_figure("grid_outage_hours")),
               val(site_figure("it_dropouts")), val(site_figure("compute_interruptions")),
               val(site_figure("jobs_killed")), val(site_figure("lost_node_hours")));
  if (find(fleet_figure("jobs_sent")) || find(fleet_figure("jobs_received")))
    fmt::print(out,
               "    fleet     sent {:.0f} jobs ({:.0f} GB, transfer {:.2f} EUR, expected saving "
               "{:.2f}), received {:.0f}\n",
               val(fleet_figure("jobs_sent")), val(fleet_figure("data_sent")),
               val(fleet_figure("transfer_cost")),
               val(fleet_figure("expected_saving")) + val(fleet_figure("expected_co2_saving")),
               val(fleet_figure("jobs_received")));
  if (val(site_figure("unserved_energy")) > 0)
    fmt::print(out, "    UNSERVED  {:.1f} kWh of demand could not be carried\n",
               val(site_figure("unserved_energy")));
  fmt::print(out, "    balance   largest relative residual {:.1e}\n",
             val(site_figure("balance_max_relative_residual")));
}

}  // namespace

void print_run_summary(std::FILE* out, const Scenario& s, const RunResult& r,
                       const std::filesystem::path& output) {
  fmt::print(out, "{}: {} to {} ({}), {} site(s)\n", s.name, format_utc(s.start), format_utc(s.end),
             format_duration(s.duration()), s.sites.size());
  for (const auto& site : r.sites) print_site(out, site.id, site.summary);
  fmt::print(out, "  {} events, {} output rows, {} event records in {:.2f} s\n", r.events, r.rows,
             r.event_records, r.wall_seconds);
  if (!r.repairs.empty())
    fmt::print(out, "  {} trace repairs applied (see the log above)\n", r.repairs.size());
  if (!output.empty()) fmt::print(out, "  results: {}\n", output.string());
}

void print_result_info(std::FILE* out, const std::filesystem::path& file) {
  ResultInfo info = read_result_info(file);
  fmt::print(out, "{}\n", file.string());
  fmt::print(out, "  wattfleet {} ({}), created {}, seed {}\n", info.version, info.git_hash,
             info.created_utc, info.seed);
  fmt::print(out, "  scenario {}{}\n", info.scenario_path,
             info.overrides.empty() ? "" : fmt::format(" with --set {}", info.overrides));
  fmt::print(out, "  {} rows of {} from {}, {} events\n", info.rows, format_duration(info.interval),
             format_utc(info.start), info.events);
  for (const auto& site : info.sites) print_site(out, site.id, site.summary);
}

}  // namespace wf::cli
