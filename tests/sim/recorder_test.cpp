#include "sim/recorder.hpp"

#include <gtest/gtest.h>

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
