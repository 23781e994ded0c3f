#include "sim/time.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <type_traits>

namespace wf {
namespace {

// The type must keep doubles out: these are compile-time checks of the API surface.
template <class T>
concept AddsDouble = requires(Time t, T x) {
  t + x;
};
template <class T>
concept SubtractsDouble = requires(Time t, T x) {
  t - x;
};
template <class T>
concept MultipliesDouble = requires(Time t, T x) {
  t* x;
};

static_assert(!AddsDouble<double>, "t + 1.5 must not compile");
static_assert(!SubtractsDouble<double>, "t - 1.5 must not compile");
static_assert(!MultipliesDouble<double>, "t * 1.5 must not compile");
static_assert(
    requires(Time t, std::int64_t k) { t* k; }, "t * int64 must compile");
static_assert(
    requires(Time t, std::int64_t k) { k* t; }, "int64 * t must compile");
static_assert(
    requires(Time t) { t * 2; }, "t * int must compile");
static_assert(!MultipliesDouble<float>, "t * 1.5f must not compile");
static_assert(!AddsDouble<long double>);
static_assert(!std::is_constructible_v<Time, std::int64_t>, "no construction from a count");
static_assert(!std::is_constructible_v<Time, double>, "no construction from a double");
static_assert(!std::is_convertible_v<Time, std::int64_t>, "no implicit way out");
static_assert(!std::is_convertible_v<Time, double>);
static_assert(std::is_trivially_copyable_v<Time>);

// constexpr arithmetic.
static_assert(Time::hours(1) == Time::minutes(60));
static_assert(Time::days(1) / Time::hours(1) == 24);
static_assert(floor_to(Time::us(-1), Time::zero(), Time::seconds(1)) == Time::seconds(-1));

TEST(Time, NamedConstructorsAgree) {
  EXPECT_EQ(Time::us(1'000).count_us(), Time::ms(1).count_us());
  EXPECT_EQ(Time::seconds(1), Time::ms(1'000));
  EXPECT_EQ(Time::minutes(1), Time::seconds(60));
  EXPECT_EQ(Time::hours(1), Time::minutes(60));
  EXPECT_EQ(Time::days(1), Time::hours(24));
  EXPECT_EQ(Time::days(365).count_us(), 31'536'000'000'000);
  EXPECT_EQ(Time().count_us(), 0);
  EXPECT_EQ(Time::zero().count_us(), 0);
}

TEST(Time, Arithmetic) {
  const Time h = Time::hours(1);
  EXPECT_EQ(h + Time::minutes(30), Time::minutes(90));
  EXPECT_EQ(h - Time::minutes(90), -Time::minutes(30));
  EXPECT_EQ(h * std::int64_t{3}, Time::hours(3));
  EXPECT_EQ(std::int64_t{3} * h, Time::hours(3));
  EXPECT_EQ(h / std::int64_t{4}, Time::minutes(15));
  EXPECT_EQ(Time::hours(25) / Time::hours(2), 12);
  EXPECT_EQ(Time::hours(25) % Time::hours(2), Time::hours(1));
  Time t = Time::zero();
  t += Time::seconds(5);
  t -= Time::seconds(2);
  EXPECT_EQ(t, Time::seconds(3));
  EXPECT_LT(Time::seconds(-1), Time::zero());
  EXPECT_GT(Time::never(), Time::days(1'000'000));
}

TEST(Time, Conversions) {
  EXPECT_DOUBLE_EQ(Time::minutes(90).to_hours(), 1.5);
  EXPECT_DOUBLE_EQ(Time::ms(2'500).to_seconds(), 2.5);
  EXPECT_DOUBLE_EQ(Time::us(-1).to_seconds(), -1e-6);
}

TEST(Time, FromSecondsRoundsToNearestMicrosecond) {
  EXPECT_EQ(Time::from_seconds(1.5), Time::ms(1'500));
  EXPECT_EQ(Time::from_seconds(0.1), Time::us(100'000));  // 0.1 is not exact in binary
  EXPECT_EQ(Time::from_seconds(1e-6), Time::us(1));
  EXPECT_EQ(Time::from_seconds(0.4e-6), Time::us(0));
  EXPECT_EQ(Time::from_seconds(0.6e-6), Time::us(1));
  EXPECT_EQ(Time::from_seconds(-0.6e-6), Time::us(-1));
  EXPECT_EQ(Time::from_seconds(-0.4e-6), Time::us(0));
  EXPECT_EQ(Time::from_seconds(-2.5), Time::ms(-2'500));
  EXPECT_EQ(Time::from_seconds(3600.0 * 24 * 365), Time::days(365));
}

TEST(Time, Never) {
  EXPECT_TRUE(Time::never().is_never());
  EXPECT_FALSE(Time::days(100'000).is_never());
  EXPECT_GT(Time::never(), Time::days(100'000'000));
}

TEST(Time, FloorToPositiveAndNegative) {
  const Time origin = Time::zero(), step = Time::minutes(15);
  EXPECT_EQ(floor_to(Time::minutes(14), origin, step), Time::zero());
  EXPECT_EQ(floor_to(Time::minutes(15), origin, step), Time::minutes(15));
  EXPECT_EQ(floor_to(Time::minutes(31), origin, step), Time::minutes(30));
  // Negative offsets floor towards minus infinity, not towards zero.
  EXPECT_EQ(floor_to(Time::minutes(-1), origin, step), Time::minutes(-15));
  EXPECT_EQ(floor_to(Time::minutes(-15), origin, step), Time::minutes(-15));
  EXPECT_EQ(floor_to(Time::minutes(-16), origin, step), Time::minutes(-30));
  // Non-zero origin: the grid is origin + k * step.
  const Time o2 = Time::minutes(5);
  EXPECT_EQ(floor_to(Time::minutes(4), o2, step), Time::minutes(-10));
  EXPECT_EQ(floor_to(Time::minutes(5), o2, step), Time::minutes(5));
  EXPECT_EQ(floor_to(Time::minutes(21), o2, step), Time::minutes(20));
}

}  // namespace
}  // namespace wf
