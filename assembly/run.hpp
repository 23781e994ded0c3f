#pragma once
// Runs a scenario end to end: builds its sites, drives the engine over the
// horizon and streams the results into an HDF5 file. Shared by the CLI, the
// Python bindings and the tests.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <map>
#include <memory>

#include "assembly/process_bytes.hpp"
#include "models/ems/controller.hpp"
#include "sim/hdf5_writer.hpp"
#include "sim/scenario.hpp"

namespace wf {

class Engine;
class Registry;

struct RunOptions {
  std::filesystem::path output;                   ///< HDF5 file; empty: nothing written
  std::optional<std::uint64_t> seed;              ///< overrides the scenario's seed
  std::function<void(double fraction)> progress;  ///< 0..1, called now and then
  std::size_t rows_per_chunk = 16384;
  /// Keep every output column in memory (RunResult::sites[i].columns), for the bindings.
  bool keep_columns = false;
  /// Controllers replacing the scenario's, by site id (e.g. written in Python).
  std::map<std::string, std::shared_ptr<Controller>> controllers;
  /// Device types to build the sites with instead of the built-in ones
  /// (wattfleet hil puts its hardware-in-the-loop battery in the site this way).
  const Registry* registry = nullptr;
  /// Called once the engine and the output exist, before any site starts: events it
  /// schedules come first at equal times (wattfleet hil: pacing, its own channel group).
  /// The writer is null when nothing is written.
  std::function<void(Engine&, ResultWriter*)> on_start;
  /// Called after the sites finished, before the output is closed (extra summaries).
  std::function<void(Time end, ResultWriter*)> on_finish;
  /// A run split across processes (mpirun; assembly/split_run.hpp): this process is
  /// `rank` of `ranks` and runs its share of the sites; `allgather` hands every
  /// process's bytes to every process in rank order (every process calls it at the
  /// same points). Process 0 writes `output` and returns the whole RunResult (the
  /// summaries of every site); the others return their share. A failure before the run
  /// (bad input, an output refused) becomes SplitRunFailed in every process.
  int rank = 0, ranks = 1;
  Allgather allgather;
};

struct EventRecord {
  Time time;
  std::string site, kind, message;
  double value = 0;
};

struct SiteResult {
  std::string id;
  std::vector<SummaryValue> summary;
  std::vector<ChannelSpec> channels;         ///< output columns, in row order
  std::vector<std::vector<double>> columns;  ///< one per channel when keep_columns
  std::vector<TableColumn> cash_flow;        ///< the life's cash flows, with economics
};

struct RunResult {
  Time start, interval;
  Time end;  ///< the scenario's end, or where a hook stopped the engine
  std::uint64_t seed = 0;
  std::vector<SiteResult> sites;
  std::vector<EventRecord> event_log;  ///< every event, filled when keep_columns
  std::vector<std::string> repairs;    ///< trace repairs applied by policies
  std::uint64_t events = 0, rows = 0, event_records = 0;
  double wall_seconds = 0;
};

/// Builds all sites first (so bad input fails before any output exists), then
/// runs. On failure the partial output file is removed and the error rethrown.
RunResult run_scenario(const Scenario& scenario, const RunOptions& options);

}  // namespace wf
