#include "models/battery/reservoir.hpp"

#include <gtest/gtest.h>

#include "sim/error.hpp"

namespace wf {
namespace {

ReservoirParams params() {
  return {.capacity_j = 100 * 3.6e6,
          .soc_initial = 0.5,
          .soc_min = 0.1,
          .soc_max = 0.9,
          .max_charge_w = 50e3,
          .max_discharge_w = 40e3,
          .charge_efficiency = 0.96,
          .discharge_efficiency = 0.94};
}

TEST(Reservoir, DischargeDrainsStoredEnergyThroughItsEfficiency) {
  Reservoir b("b", params(), Time::zero());
  b.set_power(40e3);
  b.advance_to(Time::minutes(30));
  // 20 kWh delivered needs 20 / 0.94 kWh stored.
  EXPECT_NEAR(b.energy_j(), 50 * 3.6e6 - 20 * 3.6e6 / 0.94, 1e-3);
  EXPECT_NEAR(b.loss_w(), 40e3 * (1 / 0.94 - 1), 1e-9);
  EXPECT_NEAR(b.soc_slope_per_s(), -40e3 / 0.94 / (100 * 3.6e6), 1e-12);
}

TEST(Reservoir, ChargeStoresThroughItsEfficiency) {
  Reservoir b("b", params(), Time::zero());
  b.set_power(-50e3);
  b.advance_to(Time::hours(0) + Time::minutes(36));
  EXPECT_NEAR(b.energy_j(), 50 * 3.6e6 + 30 * 3.6e6 * 0.96, 1e-3);
}

// Full cycles count the store's (DC) throughput: charging adds nothing, discharging
// 20 kWh AC takes 20 / 0.94 kWh out of the store, and the floor stops the count.
TEST(Reservoir, DcDischargedCountsWhatLeftTheStore) {
  Reservoir b("b", params(), Time::zero());
  b.set_power(-50e3);
  b.advance_to(Time::minutes(6));
  EXPECT_EQ(b.dc_discharged_j().value(), 0.0);
  b.set_power(40e3);
  b.advance_to(Time::minutes(36));
  EXPECT_NEAR(*b.dc_discharged_j(), 20 * 3.6e6 / 0.94, 1e-3);
  const double before = b.energy_j();
  b.advance_to(Time::hours(10));  // far past the floor: clamped there
  EXPECT_NEAR(*b.dc_discharged_j(), 20 * 3.6e6 / 0.94 + before - 10 * 3.6e6, 1e-3);
}

TEST(Reservoir, FloorIsMetExactlyByTheStateEvent) {
  Reservoir b("b", params(), Time::zero());
  b.set_power(40e3);
  // 40 kWh usable above the floor, drained at 40 / 0.94 kW: 0.94 h = 3384 s.
  EXPECT_EQ(b.next_event(), Time::seconds(3384));
  b.advance_to(b.next_event());
  EXPECT_EQ(b.at_limit(), Battery::Limit::empty);
  EXPECT_DOUBLE_EQ(b.soc(), 0.1);
  EXPECT_EQ(b.max_discharge_w(), 0);
  EXPECT_EQ(b.max_charge_w(), 50e3);
}

TEST(Reservoir, CeilingEventIsRoundedUpToTheMicrosecond) {
  ReservoirParams p = params();
  p.max_charge_w = 33e3;  // an awkward rate
  Reservoir b("b", p, Time::zero());
  b.set_power(-33e3);
  Time hit = b.next_event();
  double exact_s = 40 * 3.6e6 / (33e3 * 0.96);
  EXPECT_GE(hit.to_seconds(), exact_s);
  EXPECT_LT(hit.to_seconds(), exact_s + 1e-6 + 1e-9);
  // The SoC line the site records reaches the limit exactly at the event.
  EXPECT_DOUBLE_EQ(b.soc() + b.soc_slope_per_s() * hit.to_seconds(), 0.9);
  b.advance_to(hit - Time::us(1));
  EXPECT_EQ(b.at_limit(), Battery::Limit::none);
  b.advance_to(hit);
  EXPECT_EQ(b.at_limit(), Battery::Limit::full);
  EXPECT_DOUBLE_EQ(b.soc(), 0.9);
}

TEST(Reservoir, RoundTripLosesTheProductOfEfficiencies) {
  Reservoir b("b", params(), Time::zero());
  b.set_power(-50e3);
  b.advance_to(Time::hours(0) + Time::minutes(30));  // 25 kWh in
  b.set_power(40e3);
  Time t_empty = b.next_event();
  b.advance_to(Time::minutes(30) + Time::from_seconds(25 * 0.96 * 0.94 / 40 * 3600));
  EXPECT_NEAR(b.soc(), 0.5, 1e-9);
  EXPECT_GT(t_empty, Time::minutes(30));
}

TEST(Reservoir, IdleHasNoEvent) {
  Reservoir b("b", params(), Time::zero());
  b.set_power(0);
  EXPECT_TRUE(b.next_event().is_never());
  b.advance_to(Time::days(10));
  EXPECT_DOUBLE_EQ(b.soc(), 0.5);
}

TEST(Reservoir, RejectsContradictoryParameters) {
  ReservoirParams p = params();
  p.soc_initial = 0.95;
  EXPECT_EQ(reservoir_params_problem(p), "soc_initial must lie between soc_min and soc_max");
  EXPECT_THROW(Reservoir("b", p, Time::zero()), InternalError);
  p = params();
  p.soc_min = 0.9, p.soc_max = 0.1;
  EXPECT_EQ(reservoir_params_problem(p), "soc_min must lie below soc_max");
  EXPECT_THROW(Reservoir("b", p, Time::zero()), InternalError);
  EXPECT_EQ(reservoir_params_problem(params()), "");
}

}  // namespace
}  // namespace wf
