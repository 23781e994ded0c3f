#include "models/site/battery_dispatch.hpp"

#include <gtest/gtest.h>

#include "models/battery/reservoir.hpp"

namespace wf {
namespace {

// One 100 kW reservoir whose PCS arrives 70 ms late (20 ms dead time + 50 ms lag).
std::vector<std::unique_ptr<Battery>> one_lagging_battery() {
  ReservoirParams p;
  p.capacity_j = 100e3 * 3600;
  p.max_charge_w = p.max_discharge_w = 100e3;
  auto b = std::make_unique<Reservoir>("bat", p, Time::zero());
  PcsResponseParams r;
  r.dead_time_s = 0.02;
  r.time_constant_s = 0.05;
  b->set_response(r);
  std::vector<std::unique_ptr<Battery>> v;
  v.push_back(std::move(b));
  return v;
}

TEST(BatteryDispatch, ACommandThatHasArrivedIsWhereTheNextOneStarts) {
  auto bats = one_lagging_battery();
  BatteryDispatch d(DispatchRule::limits, 1, Time::zero());
  const Time t0 = Time::seconds(10), lag = Time::ms(70);
  d.dispatch(t0, 50e3, bats, false);
  EXPECT_EQ(bats[0]->power_w(), 0.0);  // on its way
  EXPECT_EQ(d.next_arrival(t0), t0 + lag);
  // At the arrival a new, larger command: the PCS holds the 50 kW it reached while it
  // moves on, not the 0 W it started from.
  d.dispatch(t0 + lag, 80e3, bats, false);
  EXPECT_EQ(bats[0]->power_w(), 50e3);
  EXPECT_EQ(d.next_arrival(t0 + lag), t0 + 2 * lag);
  d.dispatch(t0 + 2 * lag, 80e3, bats, false);
  EXPECT_EQ(bats[0]->power_w(), 80e3);
  EXPECT_TRUE(d.next_arrival(t0 + 2 * lag).is_never());
}

TEST(BatteryDispatch, ASmallStepFollowsAtOnceSoADriftingLimitDoesNotChainSolves) {
  auto bats = one_lagging_battery();
  BatteryDispatch d(DispatchRule::limits, 1, Time::zero());
  const Time t0 = Time::seconds(10), lag = Time::ms(70);
  d.dispatch(t0, 50e3, bats, false);
  d.dispatch(t0 + lag, 50e3, bats, false);
  ASSERT_EQ(bats[0]->power_w(), 50e3);
  // Within 0.5 % of the 100 kW rating: at once, nothing pending.
  d.dispatch(t0 + 2 * lag, 50.4e3, bats, false);
  EXPECT_EQ(bats[0]->power_w(), 50.4e3);
  EXPECT_TRUE(d.next_arrival(t0 + 2 * lag).is_never());
  // Beyond it: the delay again.
  d.dispatch(t0 + 3 * lag, 51e3, bats, false);
  EXPECT_EQ(bats[0]->power_w(), 50.4e3);
  EXPECT_EQ(d.next_arrival(t0 + 3 * lag), t0 + 4 * lag);
}

}  // namespace
}  // namespace wf
