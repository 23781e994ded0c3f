#pragma once
// A run split across processes (`mpirun -n N wattfleet run`): process r runs the
// sites whose position in the scenario modulo N is r and writes them to its own
// part file beside the output; process 0 then writes the output itself, /sites and
// /summary of each site as HDF5 external links into the parts, /events merged from
// them in the single-process order, so a reader opens it as one result.
#include <cstdint>
#include <exception>
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "assembly/run.hpp"

namespace wf {

/// True when process `rank` of `ranks` runs the site at `position` in the scenario.
inline bool runs_site(std::size_t position, int rank, int ranks) {
  return position % static_cast<std::size_t>(ranks) == static_cast<std::size_t>(rank);
}

/// The part file of process `rank`: "<stem>.part<rank + 1>of<ranks><extension>" beside `output`.
std::filesystem::path part_path(const std::filesystem::path& output, int rank, int ranks);

/// What stopped a split run before it started, as every process learns it: process 0
/// reports it (the first stopped process's message), the others end quietly.
class SplitRunFailed : public std::runtime_error {
 public:
  SplitRunFailed(const std::string& what, bool input, bool report)
      : std::runtime_error(what), input_(input), report_(report) {}
  bool input() const { return input_; }    ///< bad input (exit 2), not a fault
  bool report() const { return report_; }  ///< this process says so
 private:
  bool input_, report_;
};

/// Every process says whether it is ready to run (`failed` null) or what stopped it.
/// When any was stopped, each abandons its part file (`writer`, may be null) and throws
/// SplitRunFailed; process 0 is the one that reports.
void agree_to_start(const Allgather& allgather, std::exception_ptr failed, ResultWriter* writer,
                    int rank);

/// This process's share of a RunResult (its sites' summaries, its counts) as bytes;
/// `positions` are its sites' positions in the scenario.
std::vector<char> pack_share(const RunResult& r, const std::vector<std::size_t>& positions);

/// Every process's share joined into `r` (sites in scenario order, counts summed).
void unpack_shares(const std::vector<std::vector<char>>& shares, std::size_t sites, RunResult& r);

/// Process 0: writes `output` from the part files of all `ranks` processes (see above).
/// `ids` are the scenario's site ids in order; `rows` each site's row count; `events`
/// the events all engines handled together.
void join_parts(const std::filesystem::path& output, const RunMeta& meta, Time start, Time interval,
                std::size_t rows_per_chunk, const std::vector<std::string>& ids, int ranks,
                std::uint64_t rows, std::uint64_t events);

/// The summary value of the events the engine(s) handled (/summary/events_handled).
SummaryValue events_handled(std::uint64_t n);

}  // namespace wf
