#include "sim/recorder.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

namespace wf {
namespace {

struct Rows {
  std::vector<std::vector<double>> rows;
  Recorder::RowSink sink() {
    return [this](std::span<const double> r) { rows.emplace_back(r.begin(), r.end()); };
  }
};

TEST(Recorder, OneSecondPulseInOneMinuteIsOneKwMeanAndSixtyKwMax) {
  Rows out;
  Recorder r(Time::zero(), Time::minutes(1), {{"p", "W", "power"}}, out.sink());
  r.set(0, 0);
  r.advance_to(Time::seconds(20));
  r.set(0, 60e3);
  r.advance_to(Time::seconds(21));
  r.set(0, 0);
  r.finish(Time::minutes(1));
  ASSERT_EQ(out.rows.size(), 1u);
  EXPECT_DOUBLE_EQ(out.rows[0][0], 1e3);   // mean
  EXPECT_DOUBLE_EQ(out.rows[0][1], 0);     // min
  EXPECT_DOUBLE_EQ(out.rows[0][2], 60e3);  // max
}

TEST(Recorder, ValueReplacedAtBoundaryDoesNotLeakIntoNextRow) {
  Rows out;
  Recorder r(Time::zero(), Time::minutes(1), {{"p", "W", "power"}}, out.sink());
  r.set(0, 5);
  r.advance_to(Time::minutes(1));
  r.set(0, 7);
  r.finish(Time::minutes(2));
  ASSERT_EQ(out.rows.size(), 2u);
  EXPECT_EQ(out.rows[0], (std::vector<double>{5, 5, 5}));
  EXPECT_EQ(out.rows[1], (std::vector<double>{7, 7, 7}));
}

TEST(Recorder, LinearChannelsIntegrateExactly) {
  Rows out;
  Recorder r(Time::zero(), Time::seconds(10), {{"soc", "1", "soc"}}, out.sink());
  r.set(0, 0.5, 0.01);  // rises 0.01 per second
  r.finish(Time::seconds(20));
  ASSERT_EQ(out.rows.size(), 2u);
  EXPECT_NEAR(out.rows[0][0], 0.55, 1e-15);
  EXPECT_NEAR(out.rows[0][1], 0.5, 1e-15);
  EXPECT_NEAR(out.rows[0][2], 0.6, 1e-15);
  EXPECT_NEAR(out.rows[1][0], 0.65, 1e-15);
  EXPECT_NEAR(r.value(0), 0.7, 1e-15);
}

TEST(Recorder, LastPartialIntervalIsAveragedOverItsOwnLength) {
  Rows out;
  Recorder r(Time::zero(), Time::minutes(1), {{"p", "W", "power", BalanceSide::none, false}},
             out.sink());
  r.set(0, 10);
  r.finish(Time::seconds(90));
  ASSERT_EQ(out.rows.size(), 2u);
  EXPECT_DOUBLE_EQ(out.rows[1][0], 10);
  EXPECT_DOUBLE_EQ(r.integral(0), 900);
}

TEST(Recorder, PositiveAndNegativeIntegralsSplitAtZeroCrossings) {
  Rows out;
  Recorder r(Time::zero(), Time::seconds(10), {{"g", "W", "grid"}}, out.sink());
  r.set(0, -10, 2);  // crosses zero at 5 s, reaches +10 at 10 s
  r.finish(Time::seconds(10));
  EXPECT_NEAR(r.positive_integral(0), 25, 1e-12);
  EXPECT_NEAR(r.negative_integral(0), 25, 1e-12);
  EXPECT_NEAR(r.integral(0), 0, 1e-12);
  EXPECT_DOUBLE_EQ(r.peak(0), 10);
  EXPECT_DOUBLE_EQ(r.trough(0), -10);
}

TEST(Recorder, BalanceResidualIsMeasuredPerRow) {
  Rows out;
  Recorder r(Time::zero(), Time::seconds(1),
             {{"s", "W", "supply", BalanceSide::supply}, {"d", "W", "demand", BalanceSide::demand}},
             out.sink());
  r.set(0, 100), r.set(1, 100);
  r.advance_to(Time::seconds(3));
  EXPECT_EQ(r.max_balance_residual(), 0);
  r.set(1, 99);
  r.finish(Time::seconds(4));
  EXPECT_NEAR(r.max_balance_residual(), 1.0 / 199, 1e-15);
}

// Long holds close many rows in one advance (the held-rows path); a recorder told the
// same things but advanced one boundary at a time closes them one by one. Rows, sums
// and extrema must agree bit for bit: -0, slopes, rows without extrema, odd intervals.
TEST(Recorder, HeldRowsEqualRowsClosedOneAtATimeBitForBit) {
  const std::vector<RecordedChannel> channels = {
      {"grid", "W", "grid", BalanceSide::supply}, {"it", "W", "it", BalanceSide::demand},
      {"soc", "1", "soc", BalanceSide::none},     {"flag", "1", "flag", BalanceSide::none, false},
      {"zero", "W", "zero", BalanceSide::demand}, {"ramp", "W", "ramp", BalanceSide::supply}};
  const Time interval = Time::ms(700);
  Rows bulk, single;
  Recorder a(Time::zero(), interval, channels, bulk.sink());
  Recorder b(Time::zero(), interval, channels, single.sink());
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<std::int64_t> gap_ms(0, 20000);
  std::uniform_real_distribution<double> value(-50e3, 50e3);
  Time t = Time::zero();
  for (int event = 0; event < 300; ++event) {
    // Every fifth event lands on a row boundary.
    t = event % 5 == 0 ? (t / interval + 3) * interval : t + Time::ms(gap_ms(rng));
    a.advance_to(t);
    for (Time k = (b.now() / interval + 1) * interval; k <= t; k += interval) b.advance_to(k);
    b.advance_to(t);
    const double g = value(rng), it = value(rng);
    const double slope = event % 3 == 0 ? 0.0 : value(rng) * 1e-9;
    // -0 after 1 is stored (-0 == 0 is not), and with slope -0 it stays -0 when held.
    const double zero = event % 2 ? -0.0 : 1.0;
    const double inf = std::numeric_limits<double>::infinity();
    for (Recorder* r : {&a, &b}) {
      r->set(0, g), r->set(1, event % 7 == 3 ? -inf : it), r->set(2, 0.5, slope);
      r->set(3, event % 4 == 0), r->set(4, zero, -0.0);
      r->set(5, 10 * it, event % 2 ? 0.0 : slope * 1e6);  // sloped on the balance half the time
    }
  }
  a.finish(t + Time::minutes(1));
  b.finish(t + Time::minutes(1));
  auto bits = [](double x) { return std::bit_cast<std::uint64_t>(x); };
  ASSERT_EQ(bulk.rows.size(), single.rows.size());
  ASSERT_GT(bulk.rows.size(), 3000u);
  for (std::size_t row = 0; row < bulk.rows.size(); ++row)
    for (std::size_t c = 0; c < bulk.rows[row].size(); ++c)
      ASSERT_EQ(bits(bulk.rows[row][c]), bits(single.rows[row][c]))
          << "row " << row << " col " << c;
  for (std::size_t ch = 0; ch < channels.size(); ++ch) {
    EXPECT_EQ(bits(a.integral(ch)), bits(b.integral(ch))) << ch;
    EXPECT_EQ(bits(a.positive_integral(ch)), bits(b.positive_integral(ch))) << ch;
    EXPECT_EQ(bits(a.peak(ch)), bits(b.peak(ch))) << ch;
    EXPECT_EQ(bits(a.trough(ch)), bits(b.trough(ch))) << ch;
  }
  EXPECT_EQ(bits(a.max_balance_residual()), bits(b.max_balance_residual()));
}

TEST(Recorder, RowsClosedInOneAdvanceCountInTheBalanceCheck) {
  Rows out;
  Recorder r(Time::zero(), Time::seconds(1),
             {{"grid", "W", "grid", BalanceSide::supply}, {"it", "W", "it", BalanceSide::demand}},
             out.sink());
  r.set(0, 100), r.set(1, 100);
  r.advance_to(Time::ms(500));
  r.set(1, 50);  // 50 W short from here: rows 2..10 alone show 50 / 150
  r.advance_to(Time::seconds(10));
  r.set(1, 100);
  r.finish(Time::seconds(12));
  ASSERT_EQ(out.rows.size(), 12u);
  EXPECT_DOUBLE_EQ(r.max_balance_residual(), 50.0 / 150);
}

TEST(Recorder, ASlopedChannelOnTheBalanceIsCheckedInEveryHeldRow) {
  Rows out;
  Recorder r(Time::zero(), Time::seconds(1),
             {{"grid", "W", "grid", BalanceSide::supply},
              {"it", "W", "it", BalanceSide::demand},
              {"battery", "W", "battery", BalanceSide::supply}},
             out.sink());
  r.set(0, 100), r.set(1, 100);
  r.advance_to(Time::ms(500));
  r.set(2, 0, 10);  // 10 W more every second: the last held row, [9 s, 10 s), has 90 W
  r.advance_to(Time::seconds(10));
  r.set(2, 0);
  r.finish(Time::seconds(12));
  ASSERT_EQ(out.rows.size(), 12u);
  EXPECT_NEAR(out.rows[9][2], 90, 1e-9);
  EXPECT_NEAR(r.max_balance_residual(), 90.0 / 290, 1e-12);
}

// A held value (slope 0 or -0) takes a short path in the recorder; it must give what
// the general linear-segment lines give with slope 0, bit for bit: zeros of both
// signs, infinities, NaN. The reference below is those general lines, one row
// boundary at most between events.
TEST(Recorder, HeldValuesGiveTheGeneralSegmentFiguresBitForBit) {
  struct Ref {
    double value = 0, slope = 0, acc = 0, total = 0, total_pos = 0;
    double lo = INFINITY, hi = -INFINITY, peak = -INFINITY, trough = INFINITY;
    Time at = Time::zero();
    void catch_up(Time to) {
      if (to <= at) return;
      const double dt = (to - at).to_seconds();
      const double v1 = value + slope * dt, area = 0.5 * (value + v1) * dt;
      acc += area, total += area;
      double pos = 0;
      if (value >= 0 && v1 >= 0) {
        pos = 0.5 * (value + v1) * dt;
      } else if (!(value <= 0 && v1 <= 0)) {
        const double h = std::max(value, v1), l = std::min(value, v1);
        pos = 0.5 * h * dt * h / (h - l);
      }
      total_pos += pos;
      const double l = std::min(value, v1), h = std::max(value, v1);
      lo = std::min(lo, l), hi = std::max(hi, h), peak = std::max(peak, h);
      trough = std::min(trough, l);
      value = v1, at = to;
    }
  };
  const double inf = std::numeric_limits<double>::infinity();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<double> values = {-0.0, 0.0, 3.5, -0.0, -2.25, inf, 0.0, -inf, 1e-300, nan};
  for (std::size_t skip = 0; skip <= values.size(); ++skip) {  // each value left out, then none
    Rows out;
    Recorder r(Time::zero(), Time::seconds(1), {{"p", "W", "p"}}, out.sink());
    Ref ref;
    std::vector<std::vector<double>> want;
    Time t = Time::zero();
    std::size_t k = 0;
    for (double v : values) {
      if (k++ == skip) continue;
      // Both orders of the slope's zeros: the second of two equal holds is skipped by set().
      for (const double slope :
           k % 2 ? std::vector<double>{0.0, -0.0} : std::vector<double>{-0.0, 0.0}) {
        t += Time::ms(k % 3 == 0 ? 1000 : 250);  // some events on row boundaries
        const Time boundary = (t / Time::seconds(1)) * Time::seconds(1);
        if (boundary > Time::seconds(static_cast<std::int64_t>(want.size()))) {
          ref.catch_up(boundary);
          want.push_back({ref.acc, ref.lo, ref.hi});
          ref.acc = 0, ref.lo = inf, ref.hi = -inf;
        }
        r.advance_to(t);
        // Recorder::set skips a held value told again (0 and -0 compare equal).
        if (!(slope == 0 && ref.slope == 0 && v == ref.value)) {
          ref.catch_up(t);
          ref.value = v, ref.slope = slope;
        }
        r.set(0, v, slope);
      }
    }
    ASSERT_EQ(out.rows.size(), want.size()) << skip;
    auto bits = [](double x) { return std::bit_cast<std::uint64_t>(x); };
    for (std::size_t row = 0; row < want.size(); ++row)
      for (std::size_t c = 0; c < 3; ++c)
        EXPECT_EQ(bits(out.rows[row][c]), bits(want[row][c])) << skip << " row " << row << " " << c;
    ref.catch_up(r.now());
    EXPECT_EQ(bits(r.integral(0)), bits(ref.total)) << skip;
    EXPECT_EQ(bits(r.positive_integral(0)), bits(ref.total_pos)) << skip;
    EXPECT_EQ(bits(r.peak(0)), bits(ref.peak)) << skip;
    EXPECT_EQ(bits(r.trough(0)), bits(ref.trough)) << skip;
    EXPECT_EQ(bits(r.value(0)), bits(ref.value)) << skip;
  }
}

TEST(Recorder, OutputChannelNames) {
  Recorder r(Time::zero(), Time::seconds(1),
             {{"a", "W", "x"}, {"b", "1", "y", BalanceSide::none, false}},
             [](std::span<const double>) {});
  auto ch = r.output_channels();
  ASSERT_EQ(ch.size(), 4u);
  EXPECT_EQ(ch[0].name, "a");
  EXPECT_EQ(ch[1].name, "b");
  EXPECT_EQ(ch[2].name, "a_min");
  EXPECT_EQ(ch[3].name, "a_max");
  EXPECT_EQ(ch[3].units, "W");
}

}  // namespace
}  // namespace wf
