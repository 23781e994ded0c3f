#include "sim/time_format.hpp"

#include <fmt/format.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <limits>

// Parsing choices (the header lists the accepted forms):
// - Fractions of a second take 1 to 9 digits; digits 7 to 9 (ns exports) round half up
//   to the microsecond. Leap seconds (:60) and 24:00 are refused.
// - A date without a time takes no offset (ISO 8601 has none for calendar dates).
// - Durations: integer or decimal number ("1.5h"); the decimal is converted exactly and
//   rounded half up to the microsecond. No sign, no exponent, no bare number.

namespace wf {

namespace {

__extension__ using Int128 = __int128;

constexpr std::int64_t kUsPerDay = 86'400'000'000;

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
constexpr std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Civil {
  std::int64_t year;
  unsigned month, day;
};

// Inverse of days_from_civil.
constexpr Civil civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

constexpr bool is_leap(std::int64_t y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

constexpr unsigned days_in_month(std::int64_t y, unsigned m) {
  constexpr std::array<unsigned, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Minimal left-to-right reader over the text.
class Scanner {
 public:
  explicit Scanner(std::string_view s) : s_(s) {}
  bool done() const { return i_ == s_.size(); }
  char peek() const { return done() ? '\0' : s_[i_]; }
  bool accept(char c) {
    if (peek() != c) return false;
    ++i_;
    return true;
  }
  /// Exactly n digits.
  bool fixed(int n, int& out) {
    out = 0;
    for (int k = 0; k < n; ++k) {
      if (!is_digit(peek())) return false;
      out = out * 10 + (s_[i_++] - '0');
    }
    return true;
  }
  /// A run of digits; empty when there is none or it is longer than max_digits.
  std::string_view digits(std::size_t max_digits) {
    std::size_t b = i_;
    while (is_digit(peek())) ++i_;
    return i_ - b > max_digits ? std::string_view{} : s_.substr(b, i_ - b);
  }
  std::string_view rest() const { return s_.substr(i_); }

 private:
  std::string_view s_;
  std::size_t i_ = 0;
};

std::int64_t to_int(std::string_view digits) {
  std::int64_t v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  return v;
}

// Fraction digits (1..9) as microseconds, rounded half up (may reach 1'000'000).
std::int64_t fraction_us(std::string_view digits) {
  std::int64_t v = to_int(digits);
  for (std::size_t k = digits.size(); k < 9; ++k) v *= 10;  // now nanoseconds
  return (v + 500) / 1000;
}

std::optional<Time> parse_offset(Scanner& sc) {
  if (sc.accept('Z')) return Time::zero();
  std::int64_t sign = sc.accept('+') ? 1 : sc.accept('-') ? -1 : 0;
  if (sign == 0) return std::nullopt;
  int hh = 0, mm = 0;
  if (!sc.fixed(2, hh)) return std::nullopt;
  if (sc.accept(':')) {
    if (!sc.fixed(2, mm)) return std::nullopt;
  } else if (is_digit(sc.peek()) && !sc.fixed(2, mm)) {
    return std::nullopt;
  }
  if (hh > 23 || mm > 59) return std::nullopt;
  return (Time::hours(hh) + Time::minutes(mm)) * sign;
}

// "hh:mm[:ss[.f]]" as a time of day.
std::optional<Time> parse_clock(Scanner& sc) {
  int hh = 0, mm = 0, ss = 0;
  if (!sc.fixed(2, hh) || !sc.accept(':') || !sc.fixed(2, mm)) return std::nullopt;
  std::int64_t frac = 0;
  if (sc.accept(':')) {
    if (!sc.fixed(2, ss)) return std::nullopt;
    if (sc.accept('.')) {
      auto f = sc.digits(9);
      if (f.empty()) return std::nullopt;
      frac = fraction_us(f);
    }
  }
  if (hh > 23 || mm > 59 || ss > 59) return std::nullopt;
  return Time::hours(hh) + Time::minutes(mm) + Time::seconds(ss) + Time::us(frac);
}

// value * unit_us exactly, for value = int_digits.frac_digits; nullopt on overflow.
std::optional<std::int64_t> scaled_decimal(std::string_view int_digits,
                                           std::string_view frac_digits, std::int64_t unit_us) {
  // 19 integer digits: format_duration prints any duration in whole us, up to
  // 9223372036854775807us, and what it prints must parse back.
  if (int_digits.size() > 19 || frac_digits.size() > 18) return std::nullopt;
  Int128 int_value = 0;
  for (char c : int_digits) int_value = int_value * 10 + (c - '0');
  Int128 whole = int_value * unit_us;
  Int128 pow10 = 1;
  for (std::size_t k = 0; k < frac_digits.size(); ++k) pow10 *= 10;
  Int128 part = (static_cast<Int128>(to_int(frac_digits)) * unit_us * 2 + pow10) / (2 * pow10);
  Int128 total = whole + part;
  if (total > std::numeric_limits<std::int64_t>::max()) return std::nullopt;
  return static_cast<std::int64_t>(total);
}

struct Unit {
  std::string_view name;
  std::int64_t us;
};
// Largest first: format_duration picks the first that divides exactly.
constexpr std::array<Unit, 7> kUnits = {{{"w", 604'800'000'000},
                                         {"d", kUsPerDay},
                                         {"h", 3'600'000'000},
                                         {"min", 60'000'000},
                                         {"s", 1'000'000},
                                         {"ms", 1'000},
                                         {"us", 1}}};

// Reads "digits[.digits]"; false when malformed.
bool read_number(Scanner& sc, std::string_view& int_part, std::string_view& frac_part) {
  int_part = sc.digits(19);
  frac_part = {};
  if (int_part.empty()) return false;
  if (sc.accept('.')) {
    frac_part = sc.digits(18);
    if (frac_part.empty()) return false;
  }
  return true;
}

// ISO 8601 durations without calendar units: PnW, PnD, PTnHnMnS and combinations.
std::optional<Time> parse_iso_duration(std::string_view text) {
  Scanner sc(text.substr(1));
  std::int64_t total = 0;
  bool any = false, in_time = false;
  std::string_view order = "WD";  // designators still allowed, in order
  while (!sc.done()) {
    if (!in_time && sc.accept('T')) {
      in_time = true;
      order = "HMS";
      if (sc.done()) return std::nullopt;  // "PT" needs a component
      continue;
    }
    std::string_view ip, fp;
    if (!read_number(sc, ip, fp)) return std::nullopt;
    std::size_t pos = order.find(sc.peek());
    if (pos == std::string_view::npos) return std::nullopt;
    char unit = sc.peek();
    sc.accept(unit);
    order = order.substr(pos + 1);
    std::int64_t unit_us = in_time ? (unit == 'H'   ? 3'600'000'000
                                      : unit == 'M' ? 60'000'000
                                                    : 1'000'000)
                                   : (unit == 'W' ? 604'800'000'000 : kUsPerDay);
    auto v = scaled_decimal(ip, fp, unit_us);
    if (!v || __builtin_add_overflow(total, *v, &total)) return std::nullopt;
    any = true;
  }
  if (!any) return std::nullopt;
  return Time::us(total);
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

namespace {

// "YYYY-MM-DD" as the day's first instant.
std::optional<Time> parse_date(Scanner& sc) {
  int y = 0, m = 0, d = 0;
  if (!sc.fixed(4, y) || !sc.accept('-') || !sc.fixed(2, m) || !sc.accept('-') || !sc.fixed(2, d))
    return std::nullopt;
  if (m < 1 || m > 12 || d < 1 || static_cast<unsigned>(d) > days_in_month(y, unsigned(m)))
    return std::nullopt;
  return Time::days(days_from_civil(y, unsigned(m), unsigned(d)));
}

// What may follow the date: nothing, or 'T'/' ', the clock and an optional offset.
std::optional<ParsedDateTime> parse_after_date(Scanner& sc, Time t) {
  if (sc.done()) return ParsedDateTime{t, false};
  if (!sc.accept('T') && !sc.accept(' ')) return std::nullopt;
  auto clock = parse_clock(sc);
  if (!clock) return std::nullopt;
  t += *clock;
  if (sc.done()) return ParsedDateTime{t, false};
  auto offset = parse_offset(sc);
  if (!offset || !sc.done()) return std::nullopt;
  return ParsedDateTime{t - *offset, true};
}

constexpr std::size_t kDateChars = 10;  // "YYYY-MM-DD"

}  // namespace

std::optional<ParsedDateTime> parse_datetime(std::string_view text) {
  Scanner sc(text);
  const auto day = parse_date(sc);
  if (!day) return std::nullopt;
  return parse_after_date(sc, *day);
}

namespace {

// Two digits at c as a number, or -1.
int two_digits(const char* c) {
  return is_digit(c[0]) && is_digit(c[1]) ? (c[0] - '0') * 10 + (c[1] - '0') : -1;
}

// "Thh:mm:ssZ" or "Thh:mm:ss+hh:mm" ('T' or ' ', offset sign + or -) after a date
// starting at day: what trace files write on every row, read without the scanner.
// Anything else (or out of range) is nullopt, and the general parser decides.
std::optional<ParsedDateTime> common_clock(std::string_view rest, Time day) {
  const char* c = rest.data();
  if (rest.size() != 10 && rest.size() != 15) return std::nullopt;
  if ((c[0] != 'T' && c[0] != ' ') || c[3] != ':' || c[6] != ':') return std::nullopt;
  const int hh = two_digits(c + 1), mm = two_digits(c + 4), ss = two_digits(c + 7);
  if (hh < 0 || mm < 0 || ss < 0 || hh > 23 || mm > 59 || ss > 59) return std::nullopt;
  const Time t = day + Time::hours(hh) + Time::minutes(mm) + Time::seconds(ss);
  if (rest.size() == 10) {
    if (c[9] != 'Z') return std::nullopt;
    return ParsedDateTime{t, true};
  }
  if ((c[9] != '+' && c[9] != '-') || c[12] != ':') return std::nullopt;
  const int oh = two_digits(c + 10), om = two_digits(c + 13);
  if (oh < 0 || om < 0 || oh > 23 || om > 59) return std::nullopt;
  const Time offset = (Time::hours(oh) + Time::minutes(om)) * (c[9] == '+' ? 1 : -1);
  return ParsedDateTime{t - offset, true};
}

}  // namespace

// The last stamp of common_clock's shape, or none.
void DateTimeParser::remember(std::string_view text, Time t) {
  if (text.size() != sizeof last_ && text.size() != kDateChars + 10) return forget();
  const Time step = t - last_t_;
  // The grid to follow: whole seconds within a day, read from the same shape.
  if (last_len_ == text.size() && step > Time::zero() && step < Time::days(1) &&
      step % Time::seconds(1) == Time::zero()) {
    if (step != step_) {
      const auto s = static_cast<int>(step / Time::seconds(1));
      step_h_ = s / 3600, step_m_ = s / 60 % 60, step_s_ = s % 60, step_ = step;
    }
  } else {
    step_ = Time::zero();
  }
  std::memcpy(last_, text.data(), text.size());
  last_len_ = text.size(), last_t_ = t;
  hh_ = two_digits(last_ + 11), mm_ = two_digits(last_ + 14), ss_ = two_digits(last_ + 17);
}

std::optional<ParsedDateTime> DateTimeParser::parse(std::string_view text) {
  // A compare of constant length: inlined, where string::compare calls memcmp.
  if (valid_ && text.size() >= kDateChars &&
      std::memcmp(text.data(), date_.data(), kDateChars) == 0) {
    if (auto p = common_clock(text.substr(kDateChars), day_)) {
      remember(text, p->t);
      return p;
    }
    forget();
    Scanner sc(text.substr(kDateChars));
    return parse_after_date(sc, day_);
  }
  Scanner sc(text);
  const auto day = parse_date(sc);
  if (!day) {
    forget();
    return std::nullopt;
  }
  date_.assign(text.substr(0, kDateChars));
  day_ = *day;
  valid_ = date_.size() == kDateChars;  // the compare above reads that many
  if (valid_) {
    if (auto p = common_clock(text.substr(kDateChars), day_)) {
      remember(text, p->t);
      return p;
    }
  }
  forget();
  return parse_after_date(sc, *day);
}

std::string format_utc(Time t) {
  if (t.is_never()) return "never";
  const std::int64_t us = t.count_us();
  const std::int64_t days = us / kUsPerDay - (us % kUsPerDay < 0 ? 1 : 0);
  const std::int64_t in_day = us - days * kUsPerDay;
  const Civil c = civil_from_days(days);
  const std::int64_t secs = in_day / 1'000'000, frac = in_day % 1'000'000;
  std::string out = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", c.year, c.month, c.day,
                                secs / 3600, secs / 60 % 60, secs % 60);
  if (frac != 0)
    out += frac % 1000 == 0 ? fmt::format(".{:03}", frac / 1000) : fmt::format(".{:06}", frac);
  return out + "Z";
}

std::optional<Time> parse_duration(std::string_view text) {
  text = trim(text);
  if (text.empty()) return std::nullopt;
  if (text.front() == 'P') return parse_iso_duration(text);
  Scanner sc(text);
  std::string_view ip, fp;
  if (!read_number(sc, ip, fp)) return std::nullopt;
  std::string_view unit = trim(sc.rest());
  for (const Unit& u : kUnits) {
    if (u.name != unit) continue;
    auto v = scaled_decimal(ip, fp, u.us);
    if (!v) return std::nullopt;
    return Time::us(*v);
  }
  return std::nullopt;  // bare number or unknown unit
}

std::string format_duration(Time d) {
  if (d.is_never()) return "never";
  if (d < Time::zero()) return "-" + format_duration(-d);
  if (d == Time::zero()) return "0s";
  for (const Unit& u : kUnits) {
    if (d.count_us() % u.us == 0) return fmt::format("{}{}", d.count_us() / u.us, u.name);
  }
  return fmt::format("{}us", d.count_us());  // unreachable: 1 us divides everything
}

}  // namespace wf
