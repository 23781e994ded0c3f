#pragma once
// Is the storage worth it? The same site run with and without its batteries;
// the bill saving, annualised, against capex, opex and cell replacements.
#include <string>
#include <vector>

#include "sim/config_node.hpp"
#include "sim/hdf5_writer.hpp"

namespace wf {

struct AppraisalParams {
  double years = 15;
  double discount_rate = 0.06;
  double storage_capex_eur_per_mwh = 0;  ///< installed system price per nameplate energy
  double opex_share = 0.015;             ///< yearly opex as a share of capex
  double end_of_life_soh = 0.8;          ///< cells replaced (at capex) when SoH reaches this
};

/// Reads the scenario's `economics:` section. Throws InputError.
AppraisalParams read_appraisal(const ConfigNode& node);

/// `economics.*` summary values of one site from its summaries with and without
/// storage (both need `bill.total`), over a run of `run_years`.
std::vector<SummaryValue> appraise(const AppraisalParams& p, const std::vector<SummaryValue>& with,
                                   const std::vector<SummaryValue>& without, double run_years);

}  // namespace wf
