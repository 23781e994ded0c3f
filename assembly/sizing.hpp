#pragma once
// `wattfleet size`: which storage should a site buy? A grid over capacity x power of
// one battery or cabinet, refined around the best cell, every configuration's whole
// life simulated (aging feeding back, replacements) on each seed, and the answer: the
// NPV optimum, the cheapest configuration that meets a resilience target, the Pareto
// front of NPV against lost node-hours, and P10/P50/P90 over the seeds.
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "assembly/process_bytes.hpp"
#include "sim/hdf5_writer.hpp"
#include "sim/scenario.hpp"

namespace wf {

struct SizingPlan {
  std::string site, device;            ///< the storage sized (a `battery` or `cabinet`)
  bool cabinet = false;                ///< `type: cabinet` (else `battery`)
  std::vector<double> capacities_kwh;  ///< grid values
  std::vector<double> powers_kw;
  double refine_kwh = 0, refine_kw = 0;  ///< resolution of the refinement; 0: none
  std::vector<std::uint64_t> seeds;      ///< every configuration runs each
  double max_lost_node_hours = 0;        ///< resilience target over the life, each seed
  std::string text;                      ///< the plan as read, for /meta
};

/// The declared fields of the `sizing:` section (for key checks and the docs).
std::span<const ParamInfo> sizing_params();

/// Reads the scenario's `sizing:` section (or an empty one), with command-line values
/// (`--capacity 215kWh:860kWh:215kWh`, `--power ...`, `--seeds N`) taking precedence.
/// Throws InputError with file, line and field.
struct SizingCommandLine {
  std::string capacity, power, seeds;
};
SizingPlan read_sizing(const Scenario& s, const SizingCommandLine& cli = {});

/// One configuration's figures (one row of SIZE.h5).
struct SizingRow {
  double capacity_kwh = 0, power_kw = 0;  ///< as asked
  double nameplate_kwh = 0;               ///< as built (whole strings for a cabinet)
  bool refined = false;                   ///< from the refinement stage
  std::string error;                      ///< why it failed; empty when it ran
  double capex = 0;
  double npv_p10 = 0, npv_p50 = 0, npv_p90 = 0, npv_mean = 0;
  double irr = NAN, payback = NAN, lcos = 0;  ///< of the first seed; NaN when there is none
  double saving_per_year = 0;                 ///< mean over seeds
  double end_of_life_year = NAN;              ///< earliest over seeds; NaN: not within the life
  double replacements = 0, final_soh = 0;     ///< of the first seed
  double lost_node_hours = 0;                 ///< over the life, the worst seed
  bool pareto = false, npv_optimum = false, resilience_choice = false;
};

/// One configuration on one seed: what a task gives (and the journal keeps).
struct SizingOutcome {
  std::string error;
  double nameplate_kwh = 0, power_kw = 0, capex = 0, npv = 0, irr = 0, payback = 0, lcos = 0;
  double saving = 0, end_of_life_year = 0, replacements = 0, final_soh = 1, lost_node_hours = 0;
  /// The life's cash-flow table: in memory only (neither journalled nor exchanged).
  std::vector<TableColumn> cash_flow;
};
/// The numbers of an outcome, in order (nameplate_kwh .. lost_node_hours).
constexpr int kSizingOutcomeNumbers = 12;
double* outcome_numbers(SizingOutcome& o);

struct SizingOptions {
  unsigned threads = 1;
  std::filesystem::path output;                   ///< SIZE.h5
  bool resume = false;                            ///< reuse the journal of a killed sweep
  std::function<void(double fraction)> progress;  ///< 0..1
  /// Processes sharing the sweep (MPI): each simulates the lives whose task number
  /// modulo `ranks` is its `rank`; `allgather` hands every process's bytes to every
  /// process, in rank order (each process calls it after each stage, in the same order).
  /// Only rank 0 writes the output file.
  int rank = 0, ranks = 1;
  Allgather allgather;
  std::function<void()> barrier;  ///< all processes reached it (before journals go)
};

struct SizingResult {
  std::vector<SizingRow> rows;  ///< grid then refinement, in a fixed order
  int npv_optimum = -1, resilience_choice = -1;
  std::size_t lives_simulated = 0;  ///< this process, resumed ones not counted
  /// The NPV optimum's cash flows on the first seed (what the report tabulates); empty
  /// when nothing ran. Process 0 only.
  std::vector<TableColumn> optimum_cash_flow;
};

/// Runs the sweep and writes `options.output` (through `<output>.partial`; a journal
/// `<output>.journal` keeps finished configurations until the file is complete).
SizingResult run_sizing(const Scenario& s, const SizingPlan& plan, const SizingOptions& options);

}  // namespace wf
