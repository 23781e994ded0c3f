#include "models/grid/meter.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace wf {
namespace {

const Time q = Time::minutes(15);

TEST(Meter, SplitsPiecewisePowerIntoQuarterHourImportAndExport) {
  std::vector<MeterReading> out;
  Meter m(Time::zero(), q, [&](const MeterReading& r) { out.push_back(r); });
  m.set_power(100e3);  // 100 kW import for 10 min
  m.advance_to(Time::minutes(10));
  m.set_power(-30e3);  // 30 kW export for 10 min, across the quarter boundary
  m.advance_to(Time::minutes(20));
  m.set_power(0);
  m.finish(Time::minutes(30));
  ASSERT_EQ(out.size(), 2u);
  // Quarter 1: 100 kW x 600 s = 60 MJ in; 30 kW x 300 s = 9 MJ out.
  EXPECT_DOUBLE_EQ(out[0].import_j, 60e6);
  EXPECT_DOUBLE_EQ(out[0].export_j, 9e6);
  // Quarter 2: 30 kW x 300 s out, nothing in.
  EXPECT_DOUBLE_EQ(out[1].import_j, 0);
  EXPECT_DOUBLE_EQ(out[1].export_j, 9e6);
  EXPECT_EQ(out[1].start, q);
  // Demand is the quarter-hour mean: 60 MJ / 900 s = 66.67 kW, not the 100 kW held 10 min.
  EXPECT_DOUBLE_EQ(m.peak_import_w(), 60e6 / 900);
}

TEST(Meter, LongQuietStretchEmitsEveryInterval) {
  std::vector<MeterReading> out;
  Meter m(Time::zero(), q, [&](const MeterReading& r) { out.push_back(r); });
  m.set_power(4e3);
  m.advance_to(Time::hours(2));
  m.finish(Time::hours(2));
  ASSERT_EQ(out.size(), 8u);
  for (const auto& r : out) EXPECT_DOUBLE_EQ(r.import_j, 4e3 * 900);
}

TEST(Meter, StartOffTheGridGivesAPartialFirstInterval) {
  std::vector<MeterReading> out;
  Meter m(Time::minutes(5), q, [&](const MeterReading& r) { out.push_back(r); });
  m.set_power(9e3);
  m.finish(Time::minutes(20));
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].start, Time::zero());
  EXPECT_DOUBLE_EQ(out[0].import_j, 9e3 * 600);
  EXPECT_DOUBLE_EQ(out[1].import_j, 9e3 * 300);
}

}  // namespace
}  // namespace wf
