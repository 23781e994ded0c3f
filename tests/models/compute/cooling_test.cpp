#include "models/compute/cooling.hpp"

#include <gtest/gtest.h>

namespace wf {
namespace {

constexpr double kC = 273.15;

TEST(Cooling, FixedPueScalesTheItPower) {
  Cooling c("chillers", 1.3);
  EXPECT_NEAR(c.power_w(100e3, kC + 30), 30e3, 1e-9);  // whatever the weather
  EXPECT_NEAR(c.power_w(100e3, kC - 10), 30e3, 1e-9);
}

TEST(Cooling, ClimatePueFollowsTheOutdoorTemperature) {
  Cooling c("chillers", ClimatePue{});
  EXPECT_NEAR(c.power_w(100e3, kC - 10), 12e3, 1e-9);
  EXPECT_NEAR(c.power_w(100e3, kC + 40), 47e3, 1e-9);
}

TEST(ClimatePue, FreeCoolingBelowTheLimitCompressorsAbove) {
  ClimatePue p;
  EXPECT_DOUBLE_EQ(p.pue(kC - 10), 1.12);  // a Norwegian winter: free cooling
  EXPECT_DOUBLE_EQ(p.pue(kC + 18), 1.12);
  EXPECT_NEAR(p.pue(kC + 26.5), 1 + 0.07 + 0.05 + 0.35 / 2, 1e-12);  // halfway
  EXPECT_DOUBLE_EQ(p.pue(kC + 40), 1.47);                            // held at full compressor load
}

TEST(ClimatePue, AFrankfurtSummerDayCostsMoreThanAFjord) {
  ClimatePue p;
  EXPECT_GT(p.pue(kC + 30), p.pue(kC + 12));
}

}  // namespace
}  // namespace wf
