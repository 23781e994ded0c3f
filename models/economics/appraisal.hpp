#pragma once
// Is the storage worth it? The same site run with and without its batteries;
// the bill saving, annualised, against capex, opex and cell replacements.
#include <string>
#include <vector>

#include "sim/config_node.hpp"
#include "sim/hdf5_writer.hpp"
#include "sim/params.hpp"

namespace wf {

struct AppraisalParams {
  double years = 15;
  double discount_rate = 0.06;
  double storage_capex_eur_per_mwh = 0;  ///< installed system price per nameplate energy
  double opex_share = 0.015;             ///< yearly opex as a share of capex
  double end_of_life_soh = 0.8;          ///< cells replaced (at capex) when SoH reaches this
};

/// The fields of the `economics:` section.
std::span<const Param<AppraisalParams>> appraisal_param_table();
/// Reads the scenario's `economics:` section. Throws InputError.
AppraisalParams read_appraisal(const ConfigNode& node);

/// What the appraisal takes of one site's run (the same numbers its /summary gives).
struct RunFigures {
  double bill_total_eur = 0;   ///< amount due over the run
  double bill_energy_eur = 0;  ///< its supplier energy part
  double import_kwh = 0;       ///< metered import
  double nameplate_kwh = 0;    ///< storage energy when new
  double final_soh = 1;        ///< storage state of health at the end (1 without storage)
  double charge_kwh = 0;       ///< AC energy into the storage
  double discharge_kwh = 0;    ///< AC energy out of it
};

/// True for a run of 365 days or more: the shortest that yields lifetime figures.
bool covers_a_year(double run_years);

/// `economics.*` summary values of one site from its runs with and without
/// storage, over a run of `run_years`. A run shorter than a year (covers_a_year) gives
/// the bills, the saving share and the capex only: no annualised or lifetime figures.
std::vector<SummaryValue> appraise(const AppraisalParams& p, const RunFigures& with,
                                   const RunFigures& without, double run_years);

}  // namespace wf
