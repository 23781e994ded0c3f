#pragma once
// The storage's life simulated year by year: every site of a scenario run over the
// `economics.years` local calendar years from the scenario's start in one
// continuous run, so each year starts from the state of health, resistance, charge
// and temperature the previous one ended with; at the end of a year that finds the
// cells at end of life they are replaced. The run without storage gives the bills
// to compare with. Nothing is written: the years' figures are what it returns.
#include <functional>
#include <string>
#include <vector>

#include "models/economics/appraisal.hpp"
#include "sim/scenario.hpp"

namespace wf {

class Registry;

struct SiteLife {
  std::string id;
  StorageSize size;                ///< nameplate energy and rated power of the storage
  std::vector<YearFigures> years;  ///< `economics.years` of them
};

/// One run over the life, with or without the storage. `progress` gets the share
/// of the years done. Throws InputError when the scenario's start is not the start of
/// a local calendar year at some site (the bills are counted by those years).
/// `keep`: only the sites it marks (build_sites).
std::vector<SiteLife> simulate_life(const Scenario& s, const AppraisalParams& p, bool with_storage,
                                    const std::function<void(double)>& progress = {},
                                    const Registry* registry = nullptr,
                                    const std::vector<bool>* keep = nullptr);

/// The appraisal of every site from its lives with and without storage (same order).
std::vector<Appraisal> appraise_lives(const std::vector<SiteLife>& with,
                                      const std::vector<SiteLife>& without,
                                      const AppraisalParams& p);

}  // namespace wf
