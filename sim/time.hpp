#pragma once
// Simulation time: microseconds since 1970-01-01 UTC in an int64. Instants and
// durations share this one type; there is no floating-point clock anywhere.
#include <compare>
#include <concepts>
#include <cstdint>
#include <limits>

namespace wf {

class Time {
 public:
  constexpr Time() = default;

  /// Named constructors; the only way in from a count.
  static constexpr Time us(std::int64_t n) { return Time(n); }
  static constexpr Time ms(std::int64_t n) { return Time(n * 1'000); }
  static constexpr Time seconds(std::int64_t n) { return Time(n * 1'000'000); }
  static constexpr Time minutes(std::int64_t n) { return Time(n * 60'000'000); }
  static constexpr Time hours(std::int64_t n) { return Time(n * 3'600'000'000); }
  static constexpr Time days(std::int64_t n) { return Time(n * 86'400'000'000); }
  /// Rounds to the nearest microsecond. Explicit so no double leaks in silently.
  static constexpr Time from_seconds(double s) {
    const double us = s * 1e6;
    return Time(static_cast<std::int64_t>(us < 0 ? us - 0.5 : us + 0.5));
  }
  /// A time later than any event: "no next event".
  static constexpr Time never() { return Time(std::numeric_limits<std::int64_t>::max()); }
  static constexpr Time zero() { return Time(0); }

  constexpr std::int64_t count_us() const { return us_; }
  constexpr double to_seconds() const { return static_cast<double>(us_) * 1e-6; }
  constexpr double to_hours() const { return static_cast<double>(us_) / 3.6e9; }
  constexpr bool is_never() const { return us_ == never().us_; }

  constexpr auto operator<=>(const Time&) const = default;

  constexpr Time operator+(Time o) const { return Time(us_ + o.us_); }
  constexpr Time operator-(Time o) const { return Time(us_ - o.us_); }
  constexpr Time operator-() const { return Time(-us_); }
  constexpr Time& operator+=(Time o) {
    us_ += o.us_;
    return *this;
  }
  constexpr Time& operator-=(Time o) {
    us_ -= o.us_;
    return *this;
  }
  template <std::integral I>
  constexpr Time operator*(I k) const {
    return Time(us_ * static_cast<std::int64_t>(k));
  }
  template <std::integral I>
  constexpr Time operator/(I k) const {
    return Time(us_ / static_cast<std::int64_t>(k));
  }
  /// How many whole `o` fit into this duration (floor for positive durations).
  constexpr std::int64_t operator/(Time o) const { return us_ / o.us_; }
  constexpr Time operator%(Time o) const { return Time(us_ % o.us_); }

  // No arithmetic with floating-point values: `t + 1.5` must not compile,
  // while `t * 2` (any integer) still does.
  template <std::floating_point F>
  Time operator+(F) const = delete;
  template <std::floating_point F>
  Time operator-(F) const = delete;
  template <std::floating_point F>
  Time operator*(F) const = delete;
  template <std::floating_point F>
  Time operator/(F) const = delete;

 private:
  constexpr explicit Time(std::int64_t us) : us_(us) {}
  std::int64_t us_ = 0;
};

template <std::integral I>
constexpr Time operator*(I k, Time t) {
  return t * k;
}

/// Floor of t onto a grid of step `step` anchored at `origin`.
constexpr Time floor_to(Time t, Time origin, Time step) {
  std::int64_t d = (t - origin).count_us(), s = step.count_us();
  std::int64_t q = d / s - ((d % s != 0 && d < 0) ? 1 : 0);
  return origin + step * q;
}

}  // namespace wf
