#include "tools/wattfleet/report.hpp"

#include <fmt/format.h>

#include <cmath>

#include "sim/hdf5_reader.hpp"
#include "sim/time_format.hpp"

namespace wf::cli {

namespace {

const SummaryValue* find(const std::vector<SummaryValue>& v, std::string_view name) {
  for (const auto& s : v)
    if (s.name == name) return &s;
  return nullptr;
}

void print_site(std::FILE* out, const std::string& id, const std::vector<SummaryValue>& v) {
  auto val = [&](std::string_view name) {
    const SummaryValue* s = find(v, name);
    return s ? s->value : 0.0;
  };
  fmt::print(out, "  site {}\n", id);
  fmt::print(out,
             "    grid      import {:>12.1f} kWh   export {:>10.1f} kWh   peak import {:.1f} kW\n",
             val("grid_import_energy"), val("grid_export_energy"), val("peak_import"));
  fmt::print(out, "    load      IT {:>16.1f} kWh   cooling {:>9.1f} kWh   aux {:.1f} kWh\n",
             val("it_energy"), val("cooling_energy"), val("aux_energy"));
  fmt::print(out,
             "    pv        delivered {:>9.1f} kWh   curtailed {:>7.1f} kWh   clipped {:.1f} kWh\n",
             val("pv_energy"), val("pv_curtailed_energy"), val("pv_clipped_energy"));
  if (find(v, "battery_discharge_energy"))
    fmt::print(
        out,
        "    battery   discharged {:>8.1f} kWh   charged {:>9.1f} kWh   {:.1f} full cycles{}, "
        "final SoC {:.1f} %\n",
        val("battery_discharge_energy"), val("battery_charge_energy"),
        find(v, "battery_equivalent_full_cycles") ? val("battery_equivalent_full_cycles")
                                                  : val("battery_ac_equivalent_full_cycles"),
        find(v, "battery_equivalent_full_cycles") ? " (DC)" : " (AC)",
        100 * val("battery_final_soc"));
  if (find(v, "bill.total"))
    fmt::print(out,
               "    bill      total {:>11.2f} EUR: energy {:.2f}, network {:.2f}, demand {:.2f}, "
               "fixed {:.2f}, "
               "taxes {:.2f}, VAT {:.2f}, feed-in {:.2f}\n",
               val("bill.total"), val("bill.energy"), val("bill.network_energy"),
               val("bill.demand"), val("bill.fixed"), val("bill.taxes"), val("bill.vat"),
               val("bill.feed_in"));
  // The saving as a share, unless there was no bill to save on (an island, say).
  const double without = val("economics.bill_without_storage");
  const std::string share = std::abs(without) >= 0.005
                                ? fmt::format("{:.1f} % of {:.2f} EUR without it",
                                              100 * val("economics.saving_share"), without)
                                : std::string("no bill without it to save on");
  if (find(v, "economics.npv")) {
    const SummaryValue* irr = find(v, "economics.irr");
    const SummaryValue* payback = find(v, "economics.discounted_payback");
    const SummaryValue* eol = find(v, "economics.end_of_life_year");
    fmt::print(out, "    storage   this run's bill {:.2f} EUR with it ({})\n",
               val("economics.bill_with_storage"), share);
    fmt::print(out,
               "    life      {:.0f} years simulated: saves {:.2f} EUR/yr on average; capex "
               "{:.0f} EUR, NPV {:.0f} EUR, IRR {}, payback {}, LCOS {:.0f} EUR/MWh\n",
               val("economics.lifetime"), val("economics.saving_per_year"), val("economics.capex"),
               val("economics.npv"),
               irr ? fmt::format("{:.1f} %", 100 * irr->value) : std::string("none"),
               payback ? fmt::format("{:.1f} years", payback->value) : std::string("never"),
               val("economics.lcos"));
    fmt::print(out,
               "              end of life ({:.0f} % SoH) {}; {:.0f} replacement(s); SoH {:.3f} "
               "at the end (cash flows: /summary/<site>/cashflow)\n",
               100 * val("economics.end_of_life_soh"),
               eol ? fmt::format("in year {:.0f}", eol->value) : std::string("not within the life"),
               val("economics.replacements"), val("economics.final_soh"));
  } else if (find(v, "economics.bill_with_storage")) {
    fmt::print(out,
               "    storage   bill {:.2f} EUR with it ({}); capex {:.0f} EUR. No NPV, IRR, "
               "payback or LCOS: a run shorter than a year does not simulate the life\n",
               val("economics.bill_with_storage"), share, val("economics.capex"));
  }
  if (val("grid_outages") > 0 || val("it_dropouts") > 0)
    fmt::print(out,
               "    grid      {:.0f} outages ({:.2f} h), {:.0f} IT dropouts, {:.0f} compute "
               "interruptions, {:.0f} jobs killed ({:.1f} node-hours lost)\n",
               val("grid_outages"), val("grid_outage_hours"), val("it_dropouts"),
               val("compute_interruptions"), val("jobs_killed"), val("lost_node_hours"));
  if (find(v, "fleet.jobs_sent") || find(v, "fleet.jobs_received"))
    fmt::print(out,
               "    fleet     sent {:.0f} jobs ({:.0f} GB, transfer {:.2f} EUR, expected saving "
               "{:.2f}), received {:.0f}\n",
               val("fleet.jobs_sent"), val("fleet.data_sent"), val("fleet.transfer_cost"),
               val("fleet.expected_saving") + val("fleet.expected_co2_saving"),
               val("fleet.jobs_received"));
  if (val("unserved_energy") > 0)
    fmt::print(out, "    UNSERVED  {:.1f} kWh of demand could not be carried\n",
               val("unserved_energy"));
  fmt::print(out, "    balance   largest relative residual {:.1e}\n",
             val("balance_max_relative_residual"));
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
