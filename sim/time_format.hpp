#pragma once
// ISO 8601 instants and unit-suffixed durations, as scenario and trace files write them.
#include <optional>
#include <string>
#include <string_view>

#include "sim/time.hpp"

namespace wf {

/// A parsed date-time. With an offset (`Z`, `+01:00`, `+0100`, `+01`), `t` is the
/// UTC instant. Without one, `t` is the wall-clock reading taken as if it were UTC
/// ("naive"); resolve it with a TimeZone.
struct ParsedDateTime {
  Time t;
  bool has_offset = false;
};

/// Accepts `YYYY-MM-DD`, `YYYY-MM-DDThh:mm`, `...:ss`, `...:ss.ffffff`, with `T` or a
/// space between date and time, and an optional offset. Nothing else (no
/// trailing text). Returns nullopt when malformed or out of range.
std::optional<ParsedDateTime> parse_datetime(std::string_view text);

/// parse_datetime for a column of times: the last date read is remembered, so the
/// rows of one day skip the calendar. Same results as parse_datetime.
class DateTimeParser {
 public:
  std::optional<ParsedDateTime> operator()(std::string_view text);

 private:
  std::string date_;  // the last "YYYY-MM-DD" parsed, and its first instant
  Time day_;
  bool valid_ = false;
};

/// `2025-01-01T00:00:00Z`; fractional seconds appear only when non-zero.
std::string format_utc(Time t);

/// Durations with a unit: `15min`, `1 h`, `365d`, `200ms`, `1.5h`, `30s`, `2w`, `10us`,
/// and ISO 8601 `PT15M` / `P1D`. Units: us, ms, s, min, h, d, w. A bare number
/// (no unit) is refused. Returns nullopt when malformed.
std::optional<Time> parse_duration(std::string_view text);

/// Shortest exact rendering: `15min`, `1h`, `365d`, `1500ms`.
std::string format_duration(Time d);

}  // namespace wf
