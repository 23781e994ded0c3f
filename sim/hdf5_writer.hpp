#pragma once
// Streams a run's results into HDF5 while the run goes, in the layout of
// docs/design.md: /meta, /time, /sites/<id>/<channel>, /events, /summary.
// The file is written under "<path>.partial" and renamed by finish(), so a run
// that dies never leaves a file at the output path that looks complete.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/summary_figures.hpp"
#include "sim/time.hpp"

namespace wf {

struct ChannelSpec {
  std::string name;         ///< dataset name, e.g. "grid_power_max"
  std::string units;        ///< e.g. "W", "1"
  std::string description;  ///< one sentence
};

struct RunMeta {
  std::string version, git_hash, scenario_text, scenario_path, overrides, created_utc;
  std::uint64_t seed = 0;
};

/// A column of a small table under /summary (e.g. one value per year of a life).
struct TableColumn {
  std::string name, units, description;
  std::vector<double> values;
};

class ResultWriter {
 public:
  /// Creates `<path>.partial` exclusively (replacing a stale one, refusing one
  /// another run holds locked) and writes /meta. `path` must be new or a
  /// regular file that is not an input of this process (sim/input_files.hpp);
  /// a file already there is left alone until finish() replaces it. Throws
  /// OutputError when the output is refused or cannot be created. Turns off
  /// HDF5's automatic error printing (process-wide). A write that fails later
  /// (a full disk) throws OutputError and leaves the partial file as its last
  /// flush left it (kept when it names rows, removed otherwise).
  /// `rows_per_chunk` sets the chunk length and how often data reaches the disk
  /// (a killed run leaves every site's rows up to the last full chunk).
  ResultWriter(std::filesystem::path path, const RunMeta& meta, Time start, Time interval,
               std::size_t rows_per_chunk = 16384);
  /// Without finish(): writes what is buffered (best effort), closes the partial
  /// file, flushed and readable, and leaves it.
  ~ResultWriter();
  ResultWriter(const ResultWriter&) = delete;
  ResultWriter& operator=(const ResultWriter&) = delete;

  /// Declares a site group and its channels (all before the first append_row). Returns its index.
  int add_site(std::string_view id, std::vector<ChannelSpec> channels);

  /// Points /sites/<id> and /summary/<id> at the same groups of another result file
  /// (HDF5 external links; a relative `file` is found beside this one): the whole
  /// result of a run split across processes (assembly/run.hpp). `rows` is that
  /// site's row count, which /time covers.
  void link_site(std::string_view id, const std::string& file, std::uint64_t rows);
  /// Root attributes naming this file as part `part` (from 0) of `parts` of the
  /// result `whole`: a part alone holds only its processes' sites.
  void mark_part(std::string_view whole, int part, int parts);

  /// Appends the next output interval of one site; values in channel order.
  /// Row k of every site is the interval [start + k*interval, start + (k+1)*interval);
  /// /time holds interval starts.
  void append_row(int site, std::span<const double> values);

  /// Records an event row in /events.
  void add_event(Time t, std::string_view site, std::string_view kind, double value,
                 std::string_view message);

  /// Scalar results under /summary/<site> (or /summary for site == "").
  void add_summary(std::string_view site, const std::vector<SummaryValue>& values);
  /// A table as /summary/<site>/<name>/<column>, one 1-D dataset per column (equal lengths).
  void add_table(std::string_view site, std::string_view name,
                 const std::vector<TableColumn>& columns);

  /// Writes every buffered row and event to the disk now (rows_flushed follows
  /// with the next flush): for runs whose chunks fill slowly (wattfleet hil).
  void flush();

  /// Flushes everything, closes and renames the partial file to the final path;
  /// OutputError when a file appeared there during the run (it is not
  /// replaced; the result stays in the partial file) or the rename fails.
  /// Nothing may be added afterwards.
  void finish();

  /// Deletes the partial file (a failed run that should leave nothing). No-op
  /// after finish().
  void abandon();

  const std::filesystem::path& partial_path() const;

  /// True after an OutputError (a full disk, an I/O error): nothing more can
  /// be written. The partial file's HDF5 handles are left open on purpose
  /// (closing would write half the metadata); in a process that lives on (the
  /// Python bindings) they stay until exit, where HDF5's clean-up may fail on
  /// them unless disable_hdf5_exit_cleanup() was called first.
  bool failed() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Stops HDF5 from closing files at process exit. Call first thing in main():
/// a file whose close failed on a full disk would crash that clean-up.
void disable_hdf5_exit_cleanup();

}  // namespace wf
