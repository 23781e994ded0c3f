#include "models/pv/synthetic_temperature.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

#include "models/pv/weather.hpp"

namespace wf {
namespace {

constexpr double kDeg = std::numbers::pi / 180;
const Time kStart = Time::days(days_from_civil(2025, 1, 1));

std::vector<double> hourly(const StepSeries& s, Time start, int hours) {
  std::vector<double> v;
  for (int h = 0; h < hours; ++h) v.push_back(s.value_at(start + Time::hours(h)));
  return v;
}

TEST(SyntheticTemperature, WithoutSpellsItIsTheCosineYearAtEachStepsMiddle) {
  SyntheticTemperatureParams p;
  p.longitude = 13.4 * kDeg;
  p.temp_mean_k = 283.45;
  p.temp_season_k = 9.5;
  p.temp_day_k = 4;
  const StepSeries s = synthetic_temperature(p, kStart, kStart + Time::days(365), 1);
  const auto v = hourly(s, kStart, 365 * 24);
  double mean = 0, lo = 1e9, hi = -1e9;
  for (double x : v) {
    mean += x / static_cast<double>(v.size());
    lo = std::min(lo, x);
    hi = std::max(hi, x);
  }
  // The cosines average out over a year; the range is twice both amplitudes.
  EXPECT_NEAR(mean, 283.45, 0.02);
  EXPECT_NEAR(hi - lo, 2 * (9.5 + 4), 0.1);
  // One value by hand: 1 July, the hour from 13:00 UTC, its middle 13:30 UTC.
  const Time t = Time::days(days_from_civil(2025, 7, 1)) + Time::hours(13);
  const double solar_h = 13.5 + 13.4 / 15;
  const double expect = 283.45 - 9.5 * std::cos(2 * std::numbers::pi * (182 - 15) / 365.0) +
                        4 * std::cos(2 * std::numbers::pi * (solar_h - 15) / 24);
  EXPECT_NEAR(s.value_at(t), expect, 1e-9);
  // Warmest hour of a day: the one holding 15:00 local solar time (14:06 UTC at 13.4 deg E).
  const Time day = Time::days(days_from_civil(2025, 7, 1));
  const auto d = hourly(s, day, 24);
  EXPECT_EQ(std::max_element(d.begin(), d.end()) - d.begin(), 14);
}

TEST(SyntheticTemperature, SpellsHaveTheirSpreadAndCorrelationAndFollowTheSeed) {
  SyntheticTemperatureParams p;
  p.anomaly_k = 3;
  p.anomaly_time_s = 3 * 86400.0;
  const Time end = kStart + Time::days(20 * 365);
  const StepSeries a = synthetic_temperature(p, kStart, end, 7);
  SyntheticTemperatureParams calm = p;
  calm.anomaly_k = 0;
  const StepSeries base = synthetic_temperature(calm, kStart, end, 7);
  const int n = 20 * 365 * 24;
  std::vector<double> x(n);
  for (int h = 0; h < n; ++h) {
    const Time t = kStart + Time::hours(h);
    x[h] = a.value_at(t) - base.value_at(t);
  }
  double m = 0, var = 0, lag = 0;
  for (double y : x) m += y / n;
  for (int h = 0; h < n; ++h) var += (x[h] - m) * (x[h] - m) / n;
  const int k = 24;  // a day apart: exp(-1/3) for a 3-day correlation time
  for (int h = 0; h + k < n; ++h) lag += (x[h] - m) * (x[h + k] - m) / (n - k);
  EXPECT_NEAR(std::sqrt(var), 3.0, 0.3);
  EXPECT_NEAR(lag / var, std::exp(-1.0 / 3), 0.05);
  EXPECT_NEAR(m, 0.0, 0.5);
  // Same seed: the same series; another seed: another.
  const StepSeries again = synthetic_temperature(p, kStart, end, 7);
  const StepSeries other = synthetic_temperature(p, kStart, end, 8);
  double same = 0, diff = 0;
  for (int h = 0; h < 1000; ++h) {
    const Time t = kStart + Time::hours(h);
    same += std::abs(a.value_at(t) - again.value_at(t));
    diff += std::abs(a.value_at(t) - other.value_at(t));
  }
  EXPECT_EQ(same, 0.0);
  EXPECT_GT(diff, 100.0);
}

TEST(SyntheticTemperature, AStepThatDoesNotDivideTheRunEndsWithTheRun) {
  SyntheticTemperatureParams p;
  p.step_s = 7200;
  const Time end = kStart + Time::hours(5);
  const StepSeries s = synthetic_temperature(p, kStart, end, 1);
  EXPECT_EQ(s.end(), end);
  // The last piece is one hour: its value is taken at 04:30.
  const double solar_h = 4.5;
  const double expect = 283.15 - 9 * std::cos(2 * std::numbers::pi * (1 - 15) / 365.0) +
                        4 * std::cos(2 * std::numbers::pi * (solar_h - 15) / 24);
  EXPECT_NEAR(s.value_at(kStart + Time::hours(4)), expect, 1e-9);
}

}  // namespace
}  // namespace wf
