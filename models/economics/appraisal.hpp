#pragma once
// Is the storage worth it over its life? Year by year: the bill of each simulated
// year with and without storage (escalated), the cells' state of health at the
// year's end and their replacement at end of life, O&M, revenue outside the bill
// and the value of compute kept running, discounted into NPV, IRR, payback and LCOS.
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "sim/config_node.hpp"
#include "sim/hdf5_writer.hpp"
#include "sim/params.hpp"

namespace wf {

struct AppraisalParams {
  double years = 15;  ///< lifetime simulated, whole years
  double discount_rate = 0.06;
  double capex_eur_per_mwh = 0;        ///< installed price per nameplate energy
  double capex_eur_per_kw = 0;         ///< ... per rated PCS power
  double capex_fixed_eur = 0;          ///< ... per site with storage (project, grid connection)
  double opex_share = 0.015;           ///< yearly O&M as a share of capex
  double opex_fixed_eur = 0;           ///< yearly O&M besides
  double end_of_life_soh = 0.8;        ///< cells replaced at the end of the year SoH reaches this
  double replacement_eur_per_mwh = 0;  ///< new cells per nameplate energy (default: capex per MWh)
  double replacement_decline = 0;      ///< yearly fall of the replacement price
  double energy_escalation = 0;        ///< yearly rise of energy prices (supplier energy, feed-in)
  double network_escalation = 0;       ///< yearly rise of network charges (energy, demand, fixed)
  double lost_compute_eur_per_node_hour = 0;  ///< value of a node-hour of work lost
};

/// True for a run of 365 days or more: the shortest whose appraisal simulates the life
/// (a shorter one is an exploration; it gives its bills and the capex only).
bool covers_a_year(double run_years);

/// The declared fields of the `economics:` section (for key checks and the docs).
std::span<const ParamInfo> appraisal_params();
/// Reads the scenario's `economics:` section. Throws InputError.
AppraisalParams read_appraisal(const ConfigNode& node);

/// One simulated year of one site (a run with or one without storage).
struct YearFigures {
  int calendar_year = 0;  ///< the tariff's local calendar year
  // The year's bill by what escalates with what (EUR); total = the sum of all five.
  double energy_eur = 0;   ///< supplier energy
  double network_eur = 0;  ///< network energy, demand and fixed charges
  double taxes_eur = 0;    ///< per-kWh taxes and levies
  double vat_eur = 0;      ///< VAT on the three above
  double feed_in_eur = 0;  ///< <= 0: feed-in credit
  double import_kwh = 0;
  double charge_kwh = 0, discharge_kwh = 0;  ///< AC energy into and out of the storage
  double soh_end = 1;                        ///< storage state of health at the year's end
  bool end_of_life = false;                  ///< the year's end found the cells at end of life
  bool replaced = false;  ///< ... and they were replaced (not after the life's last year)
  double lost_node_hours = 0;
  double revenue_eur = 0;  ///< outside the bill (FCR capacity payments)

  double bill_eur() const { return energy_eur + network_eur + taxes_eur + vat_eur + feed_in_eur; }
};

/// What was bought: nameplate energy and rated power of a site's storage.
struct StorageSize {
  double energy_kwh = 0, power_kw = 0;
};

/// One row of the cash-flow table (EUR, undiscounted unless named so). Year 0 is the
/// investment; years 1..N the life.
struct CashFlowRow {
  int year = 0;
  double bill_without = 0, bill_with = 0, saving = 0;
  double capex = 0, replacement = 0, om = 0, revenue = 0, lost_compute = 0;
  double net = 0, discounted = 0;
  double soh_end = 1;
};

struct Appraisal {
  std::vector<CashFlowRow> rows;  ///< years 0..N
  double capex = 0, npv = 0, lcos = 0;
  double mean_saving = 0;  ///< bill saving per year over the life, undiscounted
  std::optional<double> irr, payback_years;
  std::optional<int> end_of_life_year;  ///< first year whose end found the cells at end of life
  int replacements = 0;
};

/// The cash flows of a life from its simulated years with and without storage (the
/// same count, in order). Pure: the same figures give the same table to the cent.
Appraisal appraise(const AppraisalParams& p, const StorageSize& size,
                   std::span<const YearFigures> with, std::span<const YearFigures> without);

/// `economics.*` summary values of an appraisal.
std::vector<SummaryValue> appraisal_summary(const Appraisal& a, const AppraisalParams& p);

/// The cash-flow table as columns (/summary/<site>/cashflow).
std::vector<TableColumn> cash_flow_columns(const Appraisal& a);

}  // namespace wf
