#pragma once
// Reads back what `wattfleet info` and the tests need from a result file:
// /meta, the time axis, the site channels and /summary.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/hdf5_writer.hpp"
#include "sim/time.hpp"

namespace wf {

struct ResultInfo {
  std::string version, git_hash, created_utc, scenario_path, overrides, scenario_text;
  std::uint64_t seed = 0;
  Time start, interval;
  std::size_t rows = 0, events = 0;
  struct Site {
    std::string id;
    std::vector<std::string> channels;
    std::vector<SummaryValue> summary;
  };
  std::vector<Site> sites;
};

/// Throws InputError when the file cannot be opened or is not a wattfleet result.
ResultInfo read_result_info(const std::filesystem::path& file);

/// One channel of one site as doubles (tests and tools).
std::vector<double> read_channel(const std::filesystem::path& file, const std::string& site,
                                 const std::string& channel);

}  // namespace wf
