#pragma once
// Reads an input series from a scenario field: either a constant quantity
// ("120 kW") or a trace map ({file: ..., unit: kW, ...}). Traces are loaded and
// checked here, before any simulation starts.
#include <string>
#include <vector>

#include "sim/config_node.hpp"
#include "sim/params.hpp"
#include "sim/time_series.hpp"
#include "sim/trace.hpp"

namespace wf {

struct SeriesInput {
  StepSeries series;
  std::vector<std::string> repairs;  ///< policy repairs applied to the trace, for the log
  bool from_trace = false;
};

/// `node` is the field itself. `run_start`/`run_end` bound the coverage check.
SeriesInput read_series(const ConfigNode& node, Dim dim, Time run_start, Time run_end);

/// The TraceSpec a trace map describes (paths resolved against the scenario's folder).
TraceSpec read_trace_spec(const ConfigNode& node, Dim dim);

/// Keys a trace map accepts, for docs.
std::vector<std::string_view> trace_keys();
/// The declared fields of a trace section (for the docs).
std::span<const ParamInfo> trace_params();

}  // namespace wf
