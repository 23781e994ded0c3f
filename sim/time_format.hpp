#pragma once
// ISO 8601 instants and unit-suffixed durations, as scenario and trace files write them.
#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "sim/short_equal.hpp"
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
/// rows of one day skip the calendar; and a column on a grid of whole seconds
/// (`2025-01-01T00:15:00Z`, then `...T00:30:00Z`) is checked against the text its next
/// time would have, made from the last one. Same results as parse_datetime.
class DateTimeParser {
 public:
  std::optional<ParsedDateTime> operator()(std::string_view text) {
    if (follows_grid(text)) return ParsedDateTime{last_t_, true};
    return parse(text);
  }

  /// The text the next time of the grid would have (empty: no grid to follow, or the next
  /// time falls on a new day). A reader that finds exactly this text calls take_next();
  /// anything else goes to operator(), which answers as if this had not been asked.
  std::string_view next_text() {
    if (step_ <= Time::zero()) return {};
    int s = ss_ + step_s_, m = mm_ + step_m_ + (s >= 60), h = hh_ + step_h_ + (m >= 60);
    s -= s >= 60 ? 60 : 0, m -= m >= 60 ? 60 : 0;
    if (h >= 24) return {};
    // The clock is written into the last text (on a mismatch parse() replaces or forgets it).
    put_two_digits(last_ + 11, h), put_two_digits(last_ + 14, m), put_two_digits(last_ + 17, s);
    next_h_ = h, next_m_ = m, next_s_ = s;
    return {last_, last_len_};
  }
  /// The time next_text() wrote was read: its instant, the last one plus the step.
  ParsedDateTime take_next() {
    hh_ = next_h_, mm_ = next_m_, ss_ = next_s_, last_t_ += step_;
    return {last_t_, true};
  }

 private:
  std::string date_;  // the last "YYYY-MM-DD" parsed, and its first instant
  Time day_;
  bool valid_ = false;
  // The last stamp of the shape `YYYY-MM-DDThh:mm:ss` + `Z` or `+hh:mm` (20 or 25
  // characters): its text, clock and instant, and the step since the one before in
  // hours, minutes and seconds (all zero: no grid to follow).
  char last_[25] = {};
  std::size_t last_len_ = 0;
  int hh_ = 0, mm_ = 0, ss_ = 0;
  int next_h_ = 0, next_m_ = 0, next_s_ = 0;  // the clock next_text() wrote
  int step_h_ = 0, step_m_ = 0, step_s_ = 0;
  Time last_t_, step_;
  void remember(std::string_view text, Time t);
  void forget() { last_len_ = 0, step_ = Time::zero(); }
  std::optional<ParsedDateTime> parse(std::string_view text);  // all but the grid's next

  // True (and the last stamp moved on) when the text is the last one with its clock moved
  // on by the step: date, separators and offset are the last one's, so the instant moves
  // by the step as well. A new day is left to parse().
  bool follows_grid(std::string_view text) {
    if (step_ <= Time::zero() || text.size() != last_len_) return false;
    if (next_text().empty() || !equal_16_to_32(last_, text.data(), last_len_)) return false;
    take_next();  // 20 or 25 bytes were compared
    return true;
  }
  static void put_two_digits(char* at, int v) {  // v in 0..99
    static constexpr std::array<char, 200> kDigits = [] {
      std::array<char, 200> d{};
      for (int i = 0; i < 100; ++i)
        d[2 * i] = static_cast<char>('0' + i / 10), d[2 * i + 1] = static_cast<char>('0' + i % 10);
      return d;
    }();
    std::memcpy(at, kDigits.data() + 2 * v, 2);
  }
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
