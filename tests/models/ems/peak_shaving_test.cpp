#include "models/ems/peak_shaving.hpp"

#include <gtest/gtest.h>

namespace wf {
namespace {

SiteSnapshot snap(double demand_w, double pv_w, double soc) {
  SiteSnapshot s;
  s.it_w = demand_w;
  s.pv_w = pv_w;
  s.soc = soc;
  return s;
}

TEST(PeakShaving, DischargesTheExcessOverTheLimit) {
  PeakShaving c({.limit_w = 100e3});
  EXPECT_DOUBLE_EQ(c.battery_setpoint_w(snap(130e3, 10e3, 0.5)), 20e3);
}

TEST(PeakShaving, RechargesWithTheHeadroomUntilFull) {
  PeakShaving c({.limit_w = 100e3, .recharge_below = 0.9999});
  EXPECT_DOUBLE_EQ(c.battery_setpoint_w(snap(70e3, 0, 0.5)), -30e3);
  EXPECT_DOUBLE_EQ(c.battery_setpoint_w(snap(70e3, 0, 0.9999)), 0);
}

TEST(PeakShaving, WithoutRechargeItOnlyShaves) {
  PeakShaving c({.limit_w = 100e3, .recharge = false});
  EXPECT_DOUBLE_EQ(c.battery_setpoint_w(snap(70e3, 0, 0.5)), 0);
  EXPECT_DOUBLE_EQ(c.battery_setpoint_w(snap(101e3, 0, 0.5)), 1e3);
}

}  // namespace
}  // namespace wf
