#pragma once
// Replay of measured GPU power logs in their own formats, scaled to a node group
// and tiled over the run (a repeating series: memory stays one trace long).
//   aggregated: CSV `datetime,power_watts,time_seconds` (node sum of the GPUs, W;
//               time in s since the log's start), as in h100x8_aggregated_*.csv.gz.
//   nvidia_smi: `nvidia-smi --query-gpu=timestamp,power.draw,... --format=csv -lms 100`,
//               GPUs interleaved one row each per sample (no index column), power
//               as "72.36 W" or "72.36"; `gpus` rows make one sample, summed.
#include <filesystem>
#include <string>
#include <vector>

#include "sim/time.hpp"
#include "sim/time_series.hpp"

namespace wf {

enum class TraceFormat { aggregated, nvidia_smi };

/// A log as read: sample instants relative to the first (µs) and node power (W).
struct PowerLog {
  std::vector<Time> t;  ///< strictly increasing, t[0] == 0
  std::vector<double> w;
  Time spacing;                      ///< median sample spacing; the last sample holds this long
  std::vector<std::string> repairs;  ///< what reading changed ("file:line: ..."), for the log
  /// Energy of the log (J): each sample holds until the next, the last for `spacing`.
  double energy_j() const;
  Time period() const { return t.back() + spacing; }
};

/// Reads a log; `gpus` rows per sample for nvidia_smi. A last sample cut short (the log
/// was stopped mid-sample) is dropped and reported in `repairs`. Throws InputError on bad
/// rows, negative power or times that do not increase.
PowerLog read_power_log(const std::filesystem::path& file, TraceFormat format, int gpus);

/// The log as means over windows of `step` from its start (the last one shorter when the
/// log's period is not a whole number of steps): the same energy in every window, a
/// step's worth of events instead of one per sample. Requires step > 0.
PowerLog resample(const PowerLog& log, Time step);

/// The log tiled from `start` (repeating), each value x nodes x scale + nodes x base_w (W).
StepSeries replay(const PowerLog& log, Time start, int nodes, double scale, double base_w);

}  // namespace wf
