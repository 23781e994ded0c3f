#pragma once
// Reads back what `wattfleet info` and the tests need from a result file:
// /meta, the time axis, the site channels and /summary.
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "sim/summary_figures.hpp"
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

/// A read-only look into any wattfleet HDF5 file (run or sizing) by path, for tools
/// that take what they show from the file (`wattfleet report`). HDF5 stays in the .cpp.
/// Every failure is an InputError naming the file and the object.
class H5View {
 public:
  explicit H5View(const std::filesystem::path& file);  ///< InputError: not an HDF5 file
  ~H5View();
  H5View(const H5View&) = delete;
  H5View& operator=(const H5View&) = delete;

  const std::filesystem::path& file() const { return file_; }
  bool has(const std::string& path) const;
  /// Names in a group, in name order; datasets only when `datasets_only`.
  std::vector<std::string> members(const std::string& group, bool datasets_only = false) const;
  /// A string attribute of an object ("" when absent).
  std::string attr(const std::string& object, const std::string& name) const;
  /// A numeric scalar attribute as a double (NaN when absent).
  double number_attr(const std::string& object, const std::string& name) const;
  /// An unsigned 64-bit scalar attribute (a seed), 0 when absent.
  std::uint64_t uint64_attr(const std::string& object, const std::string& name) const;
  /// A whole 1-D (or scalar) numeric dataset.
  std::vector<double> doubles(const std::string& dataset) const;
  /// A whole 1-D numeric dataset as 64-bit integers (microsecond times, exactly).
  std::vector<std::int64_t> int64s(const std::string& dataset) const;
  /// Rows [first, first + out.size()) of a 1-D numeric dataset (memory bounded
  /// whatever the file's length).
  void read_rows(const std::string& dataset, std::size_t first, std::span<double> out) const;
  std::size_t length(const std::string& dataset) const;
  /// A whole 1-D dataset of strings (variable or fixed length).
  std::vector<std::string> strings(const std::string& dataset) const;
  /// Rows [first, first + count) of a 1-D dataset of variable-length strings.
  std::vector<std::string> string_rows(const std::string& dataset, std::size_t first,
                                       std::size_t count) const;

 private:
  std::filesystem::path file_;
  std::int64_t id_ = -1;  // hid_t
};

/// One channel of one site as doubles (tests and tools).
std::vector<double> read_channel(const std::filesystem::path& file, const std::string& site,
                                 const std::string& channel);

}  // namespace wf
