#include "sim/time_series.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "sim/error.hpp"

namespace wf {
namespace {

Time h(std::int64_t n) {
  return Time::hours(n);
}

// 10 on [0h, 1h), 20 on [1h, 3h), 5 on [3h, 4h).
StepSeries three_steps(bool repeat) {
  return StepSeries({h(0), h(1), h(3)}, {10, 20, 5}, h(4), repeat);
}

TEST(StepSeries, Accessors) {
  const StepSeries s = three_steps(false);
  EXPECT_EQ(s.start(), h(0));
  EXPECT_EQ(s.end(), h(4));
  EXPECT_EQ(s.period(), h(4));
  EXPECT_EQ(s.size(), 3u);
  EXPECT_FALSE(s.repeats());
  EXPECT_TRUE(s.covers(h(0)));
  EXPECT_TRUE(s.covers(h(4) - Time::us(1)));
  EXPECT_FALSE(s.covers(h(4)));
  EXPECT_FALSE(s.covers(-Time::us(1)));
  EXPECT_TRUE(three_steps(true).covers(h(-100)));
}

TEST(StepSeries, RefusesBadInput) {
  EXPECT_THROW(StepSeries({h(0), h(0)}, {1, 2}, h(1)), InternalError);
  EXPECT_THROW(StepSeries({h(1), h(0)}, {1, 2}, h(2)), InternalError);
  EXPECT_THROW(StepSeries({h(0)}, {1, 2}, h(1)), InternalError);
  EXPECT_THROW(StepSeries({}, {}, h(1)), InternalError);
  EXPECT_THROW(StepSeries({h(0), h(1)}, {1, 2}, h(1)), InternalError);  // end must be > last
}

TEST(StepSeries, ValueAt) {
  const StepSeries s = three_steps(false);
  EXPECT_EQ(s.value_at(h(0)), 10);
  EXPECT_EQ(s.value_at(h(1) - Time::us(1)), 10);
  EXPECT_EQ(s.value_at(h(1)), 20);
  EXPECT_EQ(s.value_at(h(3)), 5);
  // Outside: the nearest end value.
  EXPECT_EQ(s.value_at(h(-5)), 10);
  EXPECT_EQ(s.value_at(h(4)), 5);
  EXPECT_EQ(s.value_at(h(400)), 5);
}

TEST(StepSeries, RepeatTilesBothDirections) {
  const StepSeries s = three_steps(true);
  EXPECT_EQ(s.value_at(h(4)), 10);
  EXPECT_EQ(s.value_at(h(5)), 20);
  EXPECT_EQ(s.value_at(h(7) + Time::minutes(59)), 5);
  EXPECT_EQ(s.value_at(h(4 * 1000 + 3)), 5);
  EXPECT_EQ(s.value_at(-Time::us(1)), 5);  // the end of the previous period
  EXPECT_EQ(s.value_at(h(-4)), 10);
  EXPECT_EQ(s.value_at(h(-3)), 20);
  EXPECT_EQ(s.value_at(h(-4001)), 5);
}

TEST(StepSeries, RepeatWithOffsetStart) {
  // Pattern starts at 2h: 1 on [2h, 3h), 3 on [3h, 5h); period 3h.
  const StepSeries s({h(2), h(3)}, {1, 3}, h(5), true);
  EXPECT_EQ(s.value_at(h(0)), 3);  // 0h + 3h = 3h
  EXPECT_EQ(s.value_at(h(-1)), 1);
  EXPECT_EQ(s.value_at(h(5)), 1);
  EXPECT_EQ(s.value_at(h(6)), 3);
  EXPECT_DOUBLE_EQ(s.mean(h(2), h(5)), 7.0 / 3);
  EXPECT_DOUBLE_EQ(s.mean(h(-1), h(2)), 7.0 / 3);
}

TEST(StepSeries, MeanIsTheExactIntegral) {
  const StepSeries s = three_steps(false);
  EXPECT_DOUBLE_EQ(s.mean(h(0), h(4)), (10 + 40 + 5) / 4.0);
  EXPECT_DOUBLE_EQ(s.mean(h(0), h(1)), 10);
  EXPECT_DOUBLE_EQ(s.mean(Time::minutes(30), Time::minutes(90)), 15);
  EXPECT_DOUBLE_EQ(s.mean(h(2), h(4)), 12.5);
  // Outside the range, the end values hold.
  EXPECT_DOUBLE_EQ(s.mean(h(-2), h(0)), 10);
  EXPECT_DOUBLE_EQ(s.mean(h(-1), h(1)), 10);
  EXPECT_DOUBLE_EQ(s.mean(h(3), h(10)), 5);
  EXPECT_DOUBLE_EQ(s.mean(h(-1), h(5)), (10 + 10 + 40 + 5 + 5) / 6.0);
  EXPECT_DOUBLE_EQ(s.mean(Time::zero(), Time::us(1)), 10);
}

TEST(StepSeries, MeanAcrossRepeats) {
  const StepSeries s = three_steps(true);
  const double per_period = 10 + 40 + 5;  // value-hours per 4 h
  EXPECT_DOUBLE_EQ(s.mean(h(0), h(8)), per_period / 4);
  EXPECT_DOUBLE_EQ(s.mean(h(3), h(5)), (5 + 10) / 2.0);
  EXPECT_DOUBLE_EQ(s.mean(h(-1), h(1)), (5 + 10) / 2.0);
  // A year of hours: 2190 whole periods, exact.
  EXPECT_DOUBLE_EQ(s.mean(h(0), h(8760)), per_period / 4);
  // Partial periods at both ends plus many whole ones.
  const Time a = h(-4000) + Time::minutes(30), b = h(4001);
  // [-3999.5h, -3996h) + 1999 whole periods up to 4000h + [4000h, 4001h).
  const double expected = (0.5 * 10 + 40 + 5) + 1999 * per_period + 10;
  EXPECT_NEAR(s.mean(a, b), expected / (b - a).to_hours(), 1e-12);
}

TEST(StepSeries, Constant) {
  const StepSeries s = StepSeries::constant(42);
  EXPECT_TRUE(s.covers(h(-100000)));
  EXPECT_EQ(s.value_at(h(123456)), 42);
  EXPECT_DOUBLE_EQ(s.mean(h(-7), h(700000)), 42);
  auto c = s.cursor(h(5));
  EXPECT_EQ(c.value(), 42);
  EXPECT_TRUE(c.next_change().is_never());
  c.advance_to(h(1000));
  EXPECT_EQ(c.value(), 42);
  EXPECT_TRUE(c.next_change().is_never());
}

TEST(StepSeries, CursorNonRepeating) {
  const StepSeries s = three_steps(false);
  auto c = s.cursor(h(-2));  // before start: the first segment extends back
  EXPECT_EQ(c.value(), 10);
  EXPECT_EQ(c.next_change(), h(1));
  c.advance_to(h(1));
  EXPECT_EQ(c.value(), 20);
  EXPECT_EQ(c.next_change(), h(3));
  c.advance_to(h(3) - Time::us(1));
  EXPECT_EQ(c.value(), 20);
  c.advance_to(h(3));
  EXPECT_EQ(c.value(), 5);
  EXPECT_TRUE(c.next_change().is_never());  // the last value holds after end()
  c.advance_to(h(100));
  EXPECT_EQ(c.value(), 5);
  c.advance_to(Time::never());
  EXPECT_EQ(c.value(), 5);
}

TEST(StepSeries, CursorRepeatingReportsTheWrap) {
  const StepSeries s = three_steps(true);
  auto c = s.cursor(h(3));
  EXPECT_EQ(c.value(), 5);
  EXPECT_EQ(c.next_change(), h(4));
  c.advance_to(h(4));
  EXPECT_EQ(c.value(), 10);
  EXPECT_EQ(c.next_change(), h(5));
  c.advance_to(h(4 * 500 + 2));  // long jump
  EXPECT_EQ(c.value(), 20);
  EXPECT_EQ(c.next_change(), h(4 * 500 + 3));
  auto n = s.cursor(h(-1) - Time::us(1));
  EXPECT_EQ(n.value(), 20);
  EXPECT_EQ(n.next_change(), h(-1));
}

// The cursor, swept event by event or by random steps, agrees with value_at.
void check_sweep(const StepSeries& s, Time from, Time to, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<std::int64_t> step_us(1, Time::minutes(20).count_us());
  auto c = s.cursor(from);
  int checks = 0;
  for (Time t = from; t < to; ++checks) {
    ASSERT_EQ(c.value(), s.value_at(t)) << "at " << t.count_us();
    ASSERT_GT(c.next_change(), t);
    // No change strictly before next_change.
    if (!c.next_change().is_never()) {
      ASSERT_EQ(s.value_at(c.next_change() - Time::us(1)), c.value());
    }
    // Mix exact change points, short random steps and long jumps (relocation).
    Time next = t + Time::us(step_us(rng));
    if (checks % 3 == 0 && !c.next_change().is_never()) next = c.next_change();
    if (checks % 7 == 0) next = t + Time::us(step_us(rng) * 40);
    c.advance_to(next);
    t = next;
  }
  EXPECT_GT(checks, 40);
}

TEST(StepSeries, CursorSweepMatchesValueAt) {
  check_sweep(three_steps(false), h(-5), h(60), 1);
  check_sweep(three_steps(true), h(-300), h(300), 2);
  const StepSeries irregular({Time::minutes(7), Time::minutes(8), Time::minutes(95), h(5)},
                             {1, -2, 3.5, 0}, h(5) + Time::seconds(1), true);
  check_sweep(irregular, h(-200), h(400), 3);
}

TEST(LinearSeries, ValueAtAndClamping) {
  const LinearSeries l({h(0), h(2), h(3)}, {0, 20, 10});
  EXPECT_DOUBLE_EQ(l.value_at(h(1)), 10);
  EXPECT_DOUBLE_EQ(l.value_at(Time::minutes(150)), 15);
  EXPECT_DOUBLE_EQ(l.value_at(h(-1)), 0);
  EXPECT_DOUBLE_EQ(l.value_at(h(9)), 10);
  EXPECT_EQ(l.start(), h(0));
  EXPECT_EQ(l.end(), h(3));
  EXPECT_THROW(LinearSeries({h(0)}, {1}), InternalError);
  EXPECT_THROW(LinearSeries({h(1), h(0)}, {1, 2}), InternalError);
}

TEST(LinearSeries, AnalyticMeans) {
  const LinearSeries ramp({h(0), h(2)}, {0, 20});
  EXPECT_DOUBLE_EQ(ramp.mean(h(0), h(2)), 10);
  EXPECT_DOUBLE_EQ(ramp.mean(h(0), h(1)), 5);
  EXPECT_DOUBLE_EQ(ramp.mean(h(1), h(2)), 15);
  EXPECT_DOUBLE_EQ(ramp.mean(h(-2), h(0)), 0);
  EXPECT_DOUBLE_EQ(ramp.mean(h(1), h(3)), (15 + 20) / 2.0);  // half ramp, half clamped
  const LinearSeries tent({h(0), h(1), h(2)}, {0, 10, 0});
  EXPECT_DOUBLE_EQ(tent.mean(h(0), h(2)), 5);
  EXPECT_DOUBLE_EQ(tent.mean(Time::minutes(30), Time::minutes(90)), 7.5);
}

TEST(LinearSeries, ToStepsHoldsExactMeans) {
  const LinearSeries ramp({h(0), h(2)}, {0, 120});
  const StepSeries s = ramp.to_steps(h(0), h(2), Time::minutes(30));
  ASSERT_EQ(s.size(), 4u);
  EXPECT_EQ(s.end(), h(2));
  EXPECT_FALSE(s.repeats());
  EXPECT_DOUBLE_EQ(s.values()[0], 15);
  EXPECT_DOUBLE_EQ(s.values()[1], 45);
  EXPECT_DOUBLE_EQ(s.values()[2], 75);
  EXPECT_DOUBLE_EQ(s.values()[3], 105);
  EXPECT_EQ(s.times()[3], Time::minutes(90));
}

TEST(LinearSeries, ToStepsFinalPartialStep) {
  const LinearSeries ramp({h(0), h(1)}, {0, 60});
  const StepSeries s = ramp.to_steps(h(0), Time::minutes(50), Time::minutes(20));
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s.times()[2], Time::minutes(40));
  EXPECT_EQ(s.end(), Time::minutes(50));
  EXPECT_DOUBLE_EQ(s.values()[2], 45);  // mean of 40..50
}

TEST(LinearSeries, ToStepsConservesEnergy) {
  // Irregular samples and a step that does not divide the range.
  const LinearSeries l({Time::seconds(0), Time::seconds(700), Time::seconds(1000),
                        Time::seconds(3601), Time::seconds(9000)},
                       {100, -40, 250.5, 3, 77});
  const Time from = Time::seconds(-200), to = Time::seconds(9500), step = Time::minutes(7);
  const StepSeries s = l.to_steps(from, to, step);
  double energy = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const Time e = i + 1 < s.size() ? s.times()[i + 1] : s.end();
    energy += s.values()[i] * (e - s.times()[i]).to_seconds();
  }
  const double exact = l.mean(from, to) * (to - from).to_seconds();
  EXPECT_NEAR(energy, exact, 1e-9 * std::abs(exact));
  EXPECT_NEAR(s.mean(from, to), l.mean(from, to), 1e-9);
  // Trapezoids by hand: 100->-40 over 700 s, -40->250.5 over 300 s, ... plus clamped ends.
  const double by_hand = 100 * 200 + 0.5 * (100 - 40) * 700 + 0.5 * (-40 + 250.5) * 300 +
                         0.5 * (250.5 + 3) * 2601 + 0.5 * (3 + 77) * 5399 + 77 * 500;
  EXPECT_NEAR(exact, by_hand, 1e-6);
}

}  // namespace
}  // namespace wf
