#pragma once
// Time-series traces from CSV (optionally gzip-compressed) with explicit policies
// for the defects real exports have: gaps, duplicates, unsorted rows, DST shifts.
#include <filesystem>
#include <string>
#include <vector>

#include "sim/time.hpp"
#include "sim/time_series.hpp"

namespace wf {

enum class GapPolicy { error, hold, zero, interpolate };
enum class DuplicatePolicy { error, first, last, mean };
enum class UnsortedPolicy { error, sort };
// Autumn hour seen twice. Rows that repeat it in file order (the usual export) are resolved
// by that order, first pass earliest, whatever the policy; it decides readings seen once.
enum class AmbiguousPolicy { error, earliest, latest };
enum class NonexistentPolicy { error, shift_forward };  // spring hour that does not exist
enum class Interpolation { step, linear };
enum class TimeFormat { iso, unix_s, unix_ms };

/// Everything needed to read one trace. The scenario loader fills it from YAML.
struct TraceSpec {
  std::filesystem::path file;  ///< .csv or .csv.gz
  std::string time_column;     ///< header name; empty: the first column
  std::string value_column;    ///< header name; empty: the second column
  TimeFormat time_format = TimeFormat::iso;
  std::string timezone;    ///< IANA zone for timestamps without offset; empty: they are an error
  double unit_factor = 1;  ///< multiplies file values into SI (kW -> 1000)
  double scale = 1;        ///< dimensionless user scale, applied after unit_factor
  double unit_offset = 0;  ///< added last (degC -> K: 273.15)
  char separator = 0;      ///< 0: detect ',' ';' or tab from the header line
  char decimal = '.';      ///< '.' or ','
  /// step: a row holds until the next, the last for one spacing. linear: covers first..last
  /// point; when repeating, the line returns to the first value over one spacing.
  Interpolation interpolation = Interpolation::step;
  Time resample = Time::minutes(1);  ///< linear only: width of the constant steps
  GapPolicy gaps = GapPolicy::error;
  Time max_gap = Time::zero();  ///< spacing above this is a gap; zero: 1.5 x the typical spacing
  DuplicatePolicy duplicates = DuplicatePolicy::error;
  UnsortedPolicy unsorted = UnsortedPolicy::error;
  AmbiguousPolicy ambiguous = AmbiguousPolicy::error;
  NonexistentPolicy nonexistent = NonexistentPolicy::error;
  bool repeat = false;  ///< tile the trace over time (its period: last - first + spacing)
  std::string field;  ///< where the spec sits in the scenario, for messages ("sites.a.load.power")
  bool operator==(const TraceSpec&) const = default;
};

struct LoadedTrace {
  StepSeries series;
  Time spacing;                      ///< typical (most frequent) row spacing
  std::vector<std::string> repairs;  ///< one line per repair applied by a policy ("file:line: ...")
};

/// Reads and checks a trace. The result must cover [run_start, run_end) unless it
/// repeats. Throws InputError naming file, line and column, and what was expected
/// (including which policy would accept the defect).
LoadedTrace load_trace(const TraceSpec& spec, Time run_start, Time run_end);

/// While one is alive, load_trace hands out a copy of what it read before for the same
/// spec (and window, unless the trace repeats) instead of reading the file again: a run
/// that appraises storage builds its sites four times (the run, the baseline without
/// storage, two lives). Nested scopes share the outer one; thread-safe.
class TraceReuse {
 public:
  TraceReuse();
  ~TraceReuse();
  TraceReuse(const TraceReuse&) = delete;
  TraceReuse& operator=(const TraceReuse&) = delete;
};

}  // namespace wf
