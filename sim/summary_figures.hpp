#pragma once
// The figures of a result's /summary, each declared once: name, units and meaning.
// Writers make their values from the declaration, readers (the end-of-run report,
// the HTML report) find them by it, and the tables in docs/ are generated from the
// same declarations (tools/param_docs), as the parameters' are. They are the
// result file's public schema, so they live beside its writer, in one place.
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace wf {

/// One named value of /summary (an attribute-carrying scalar dataset).
struct SummaryValue {
  std::string name, units, description;
  double value = 0;
};

struct SummaryFigure {
  std::string_view name, units, doc;
  /// The figure's value in the result file.
  SummaryValue operator()(double value) const {
    return {std::string(name), std::string(units), std::string(doc), value};
  }
};

/// A group of figures, for the generated docs (a `<!-- params: NAME -->` block).
struct SummaryFigureTable {
  std::string name;  ///< e.g. "summary.site"
  std::span<const SummaryFigure> figures;
  std::string_view prefix = {};  ///< prepended to each name in the docs (e.g. "bill.")
};

/// The figure `prefix` + `name` of `table`, looked up while compiling: a name the table
/// does not declare is not a constant expression, so a misspelt read does not compile.
template <std::size_t N>
consteval const SummaryFigure& figure_of(const SummaryFigure (&table)[N], std::string_view name,
                                         std::string_view prefix = {}) {
  for (const auto& f : table)
    if (f.name.size() == prefix.size() + name.size() && f.name.starts_with(prefix) &&
        f.name.ends_with(name))
      return f;
  throw "no such summary figure";
}

/// The value named `name` in `values`, or nullptr.
inline const SummaryValue* find_figure(const std::vector<SummaryValue>& values,
                                       std::string_view name) {
  for (const auto& v : values)
    if (v.name == name) return &v;
  return nullptr;
}
inline const SummaryValue* find_figure(const std::vector<SummaryValue>& values,
                                       const SummaryFigure& f) {
  return find_figure(values, f.name);
}

/// One Markdown row per figure: name, units, meaning.
std::string describe_figures(const SummaryFigureTable& table);

// ---- /summary/<site>: what SiteRecording, Site and GridView write ----
inline constexpr SummaryFigure kSiteFigures[] = {
    {"grid_import_energy", "kWh", "energy drawn from the grid"},
    {"grid_export_energy", "kWh", "energy fed into the grid"},
    {"peak_import", "kW", "highest grid import at any instant"},
    {"peak_export", "kW", "highest grid export at any instant"},
    {"pv_energy", "kWh", "PV energy delivered to the bus"},
    {"pv_curtailed_energy", "kWh", "PV energy curtailed"},
    {"it_energy", "kWh", "IT energy served"},
    {"cooling_energy", "kWh", "cooling energy served"},
    {"aux_energy", "kWh", "auxiliary energy served"},
    {"loss_energy", "kWh", "bus-side losses"},
    {"unserved_energy", "kWh", "demand shed"},
    {"grid_outages", "1", "grid interruptions during the run"},
    {"grid_outage_hours", "h", "time without grid"},
    {"it_dropouts", "1", "sags and outages the IT load did not ride through (ITIC)"},
    {"compute_interruptions", "1", "outages in which the demand could not be carried"},
    {"jobs_killed", "1", "running jobs killed by IT dropouts and island collapses"},
    {"lost_node_hours", "h", "node-hours of work lost since the killed jobs' last checkpoints"},
    {"balance_max_relative_residual", "1",
     "largest |supply - demand| / (|supply| + |demand|) over the output intervals"},
    // With PV:
    {"pv_clipped_energy", "kWh", "PV energy the inverters cut off at their AC rating"},
    {"pv_clipped_minutes", "min", "time in which the PV inverters clipped"},
    // With batteries:
    {"battery_discharge_energy", "kWh", "AC energy the batteries delivered"},
    {"battery_charge_energy", "kWh", "AC energy the batteries took in"},
    {"battery_loss_energy", "kWh", "conversion losses inside the batteries"},
    // Left out when a battery cannot know its DC side (a real cabinet in HIL).
    {"battery_equivalent_full_cycles", "1", "DC energy discharged / nameplate energy"},
    {"battery_ac_equivalent_full_cycles", "1",
     "AC energy discharged / nameplate energy (the inverter's side)"},
    {"battery_final_soc", "1", "state of charge at the end"},
    {"battery_final_soh", "1", "state of health at the end"},
    {"battery_nameplate_energy", "kWh", "full-scale energy of the batteries when new"},
    // With an import limit, and with a carbon intensity:
    {"grid_import_limit", "kW", "import limit of the grid connection"},
    {"grid_emissions", "kg", "CO2 of the energy drawn from the grid (imports x carbon intensity)"},
    {"grid_carbon_intensity_mean", "g/kWh", "import-weighted carbon intensity"},
    // The grid's view (unless `grid_view` is 0):
    {"grid_view.hours", "h", "time analysed for ramps and the 0.1-3 Hz band (from the start)"},
    {"grid_view.band_rms", "W", "RMS of the grid power's swings between 0.1 and 3 Hz"},
    {"grid_view.net_band_rms", "W",
     "RMS of the net demand's swings between 0.1 and 3 Hz (the grid's view without cabinets)"},
    {"grid_view.max_ramp", "W/s", "largest change of the grid power between consecutive 1-s means"},
    {"grid_view.net_max_ramp", "W/s",
     "largest change of the net demand between consecutive 1-s means"},
};

// ---- bill.<item>: the itemised bill of the run (models/grid/site_billing.cpp), the
// same under bill.<year>. and bill.<year>-<month>., and without_storage.bill. ----
inline constexpr SummaryFigure kBillFigures[] = {
    {"import_energy", "kWh", "metered import"},
    {"export_energy", "kWh", "metered export"},
    {"peak_15min", "kW", "highest 15-min mean import"},
    {"energy", "EUR", "supplier energy"},
    {"network_energy", "EUR", "network energy charge"},
    {"demand", "EUR", "demand charges"},
    {"fixed", "EUR", "fixed network charges"},
    {"taxes", "EUR", "taxes and levies"},
    {"vat", "EUR", "VAT"},
    {"feed_in", "EUR", "feed-in compensation (negative: a credit)"},
    {"total", "EUR", "amount due"},
};
// Only per local year, as bill.<year>.utilisation.
inline constexpr SummaryFigure kBillYearFigures[] = {
    {"utilisation", "h", "annual import / annual 15-min peak, annualised"},
};

// ---- economics.*: the storage appraised (assembly/run.cpp, models/economics) ----
inline constexpr SummaryFigure kEconomicsFigures[] = {
    {"economics.bill_without_storage", "EUR", "bill of the run with the batteries left out"},
    {"economics.bill_with_storage", "EUR", "bill of the run as simulated"},
    {"economics.saving_share", "1", "bill saving of the run / its bill without storage"},
    {"economics.capex", "EUR", "storage investment (energy, power and fixed parts)"},
    // The life (runs of a year or more):
    {"economics.lifetime", "a", "years simulated for the appraisal"},
    {"economics.saving_per_year", "EUR",
     "bill saving per simulated year of the life, mean, escalated, undiscounted"},
    {"economics.npv", "EUR", "net present value of the life's cash flows"},
    {"economics.lcos", "EUR/MWh",
     "levelised cost of storage (charging energy at each year's average energy price)"},
    {"economics.replacements", "1", "cell replacements within the life"},
    {"economics.final_soh", "1", "storage state of health at the life's end"},
    {"economics.end_of_life_soh", "1", "SoH at which cells are replaced"},
    // When there is one:
    {"economics.end_of_life_year", "a",
     "first year of the life at whose end the cells reached end of life"},
    {"economics.irr", "1", "internal rate of return"},
    {"economics.discounted_payback", "a", "years until the discounted cash flow turns positive"},
};

// ---- fleet.*: deferrable jobs moved between sites (models/fleet/job_shifting.cpp) ----
inline constexpr SummaryFigure kFleetFigures[] = {
    {"fleet.jobs_sent", "1", "deferrable jobs moved to other sites"},
    {"fleet.data_sent", "GB", "data sent with them"},
    {"fleet.transfer_cost", "EUR", "WAN transfer cost of the moved jobs"},
    {"fleet.expected_saving", "EUR",
     "energy cost saved by moving them (day-ahead prices, transfer paid)"},
    {"fleet.expected_co2_saving", "kg", "CO2 avoided by moving them (grid carbon intensity)"},
    {"fleet.jobs_received", "1", "deferrable jobs received from other sites"},
};

// Each a name checked while compiling against its table.
consteval const SummaryFigure& site_figure(std::string_view name) {
  return figure_of(kSiteFigures, name);
}
consteval const SummaryFigure& bill_figure(std::string_view item) {
  return figure_of(kBillFigures, item);
}
consteval const SummaryFigure& bill_year_figure(std::string_view item) {
  return figure_of(kBillYearFigures, item);
}
consteval const SummaryFigure& economics_figure(std::string_view name) {  // "npv": economics.npv
  return figure_of(kEconomicsFigures, name, "economics.");
}
consteval const SummaryFigure& fleet_figure(
    std::string_view name) {  // "jobs_sent": fleet.jobs_sent
  return figure_of(kFleetFigures, name, "fleet.");
}

/// The whole run's bill item in /summary: "bill." + its name.
inline std::string bill_name(const SummaryFigure& item) {
  return "bill." + std::string(item.name);
}

/// The figure tables, for the generated docs.
std::vector<SummaryFigureTable> summary_figure_tables();

}  // namespace wf
