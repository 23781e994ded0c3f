#pragma once
// Grid frequency replayed from a measured record, for frequency-response services
// (models/grid/frequency_response.hpp). Formats in docs/models/grid.md, "Grid frequency".
#include <optional>
#include <string_view>

#include "sim/config_node.hpp"
#include "sim/params.hpp"
#include "sim/time.hpp"
#include "sim/time_series.hpp"

namespace wf {

enum class FrequencyFormat {
  rte_deviation_mhz,  ///< RTE record: unnamed local time column, `Frequency` = f - nominal in mHz
  hz,                 ///< a trace of absolute frequency in Hz (time column, value column)
};

/// Format from its scenario name; nullopt when unknown.
std::optional<FrequencyFormat> parse_frequency_format(std::string_view name);

/// Reads a `frequency:` field, {file, format: rte_deviation_mhz | hz, nominal: 50 Hz, ...},
/// into a step series in Hz (each sample holds until the next). The file is checked as every
/// trace is (order, duplicates, gaps) and each value must lie within nominal +- 2.5 Hz
/// (47.5-52.5 Hz); the series must cover [run_start, run_end). Throws InputError naming
/// file, line and column.
/// The declared fields of a site's `frequency:` section (for the docs).
std::span<const ParamInfo> frequency_params();

StepSeries read_frequency(const ConfigNode& node, Time run_start, Time run_end);

}  // namespace wf
