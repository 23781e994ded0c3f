#pragma once
// Bounds on what one run may cost, checked before it starts: a typo such as
// `resample: 1us` or `output_interval: 1us` must be a clear error, not an
// out-of-memory kill or a run of hours writing an unbounded file. Each bound
// is far above the runs the tool is meant for (a year at 1-s output is
// allowed); `--allow-large` (allow_large_runs(true)) lifts them for a process.
#include <cstdint>

namespace wf {

inline constexpr std::uint64_t kMaxRowsPerSite = 50'000'000;    // a year at 1 s: 31.5 M
inline constexpr double kMaxOutputBytes = 64.0 * (1ull << 30);  // uncompressed row data
inline constexpr double kMaxRunYears = 100;
inline constexpr std::uint64_t kMaxTraceSamples = 50'000'000;  // one trace in memory
inline constexpr double kMinHilWallPeriodS = 0.01;             // Modbus TCP polls

void allow_large_runs(bool allow);
bool large_runs_allowed();

/// The samples one trace may hold (kMaxTraceSamples unless set): the fuzz
/// harness lowers it, so its bounded inputs stay fast under the sanitizers.
std::uint64_t max_trace_samples();
void set_max_trace_samples(std::uint64_t n);

}  // namespace wf
