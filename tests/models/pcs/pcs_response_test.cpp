// PCS setpoint response: dead time, first-order lag, ramp limit, and the
// energy-equivalent delay the site applies.
#include "models/pcs/pcs_response.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "sim/config_node.hpp"
#include "sim/error.hpp"

namespace wf {
namespace {

// Trapezoid integral of (u - y) over a fine grid, long past the transient.
double numeric_deficit(const PcsResponseParams& p, double y0, double u) {
  const double dt = 1e-5, end = p.dead_time_s + 20 * p.time_constant_s +
                                2 * std::abs(u - y0) / p.ramp_w_per_s + 0.01;
  double sum = 0;
  for (double t = 0; t < end; t += dt)
    sum +=
        0.5 * ((u - pcs_response_at(p, y0, u, t)) + (u - pcs_response_at(p, y0, u, t + dt))) * dt;
  return sum;
}

TEST(PcsResponse, FirstOrderLagReaches63PercentAfterDeadTimePlusTau) {
  PcsResponseParams p{.dead_time_s = 0.02, .time_constant_s = 0.05};
  EXPECT_EQ(pcs_response_at(p, 0, 100e3, 0.0199), 0);  // nothing moves in the dead time
  EXPECT_NEAR(pcs_response_at(p, 0, 100e3, 0.07), 100e3 * (1 - std::exp(-1.0)), 1e-6);
  EXPECT_NEAR(pcs_response_at(p, 0, 100e3, 0.02 + 3 * 0.05), 100e3 * (1 - std::exp(-3.0)), 1e-6);
  // Downward steps mirror upward ones.
  EXPECT_NEAR(pcs_response_at(p, 50e3, -50e3, 0.07), 50e3 - 100e3 * (1 - std::exp(-1.0)), 1e-6);
}

TEST(PcsResponse, RampLimitCapsTheSlopeThenTheLagTakesOver) {
  // 100 kW step, ramp 200 kW/s, tau 50 ms: the lag would start at 2 MW/s, so it
  // ramps until the error is r tau = 10 kW (after 0.45 s), then decays with tau.
  PcsResponseParams p{.dead_time_s = 0, .time_constant_s = 0.05, .ramp_w_per_s = 200e3};
  EXPECT_NEAR(pcs_response_at(p, 0, 100e3, 0.1), 20e3, 1e-6);
  EXPECT_NEAR(pcs_response_at(p, 0, 100e3, 0.45), 90e3, 1e-6);
  EXPECT_NEAR(pcs_response_at(p, 0, 100e3, 0.50), 100e3 - 10e3 * std::exp(-1.0), 1e-6);
  // Slope at the knee is continuous: r on both sides.
  const double h = 1e-7;
  const double left =
      (pcs_response_at(p, 0, 100e3, 0.45) - pcs_response_at(p, 0, 100e3, 0.45 - h)) / h;
  const double right =
      (pcs_response_at(p, 0, 100e3, 0.45 + h) - pcs_response_at(p, 0, 100e3, 0.45)) / h;
  EXPECT_NEAR(left, 200e3, 1);
  EXPECT_NEAR(right, 200e3, 10);
  // A small step stays under the knee: pure lag.
  EXPECT_NEAR(pcs_response_at(p, 0, 5e3, 0.05), 5e3 * (1 - std::exp(-1.0)), 1e-6);
}

TEST(PcsResponse, EnergyBooksCloseForEveryShape) {
  // The closed-form deficit equals the integral of the response, and a step
  // delayed by the equivalent delay carries exactly the same energy.
  const PcsResponseParams shapes[] = {
      {.dead_time_s = 0.02, .time_constant_s = 0.05},
      {.dead_time_s = 0.0, .time_constant_s = 0.0, .ramp_w_per_s = 50e3},
      {.dead_time_s = 0.01, .time_constant_s = 0.03, .ramp_w_per_s = 1e6},
      {.dead_time_s = 0.01, .time_constant_s = 0.03, .ramp_w_per_s = 100e3},
  };
  for (const auto& p : shapes)
    for (auto [y0, u] : {std::pair{0.0, 100e3}, {80e3, -60e3}, {-10e3, -12e3}}) {
      const double d = pcs_response_deficit_j(p, y0, u);
      EXPECT_NEAR(d, numeric_deficit(p, y0, u), 1e-4 * std::abs(d) + 1e-6);
      EXPECT_NEAR(pcs_equivalent_delay_s(p, y0, u) * (u - y0), d, 1e-9 * std::abs(d));
    }
  // Pure ramp: delay = |du| / (2 r); pure lag: dead time + tau.
  EXPECT_NEAR(pcs_equivalent_delay_s({.ramp_w_per_s = 50e3}, 0, 100e3), 1.0, 1e-12);
  EXPECT_NEAR(pcs_equivalent_delay_s({.dead_time_s = 0.02, .time_constant_s = 0.05}, 0, 7), 0.07,
              1e-12);
  EXPECT_EQ(pcs_equivalent_delay_s({.dead_time_s = 0.02}, 5, 5), 0);
}

TEST(PcsResponse, ActivePowerLeftByReactivePower) {
  EXPECT_DOUBLE_EQ(pcs_active_limit_w(100e3, 0), 100e3);
  EXPECT_DOUBLE_EQ(pcs_active_limit_w(100e3, 60e3), 80e3);  // 3-4-5
  EXPECT_DOUBLE_EQ(pcs_active_limit_w(100e3, -60e3), 80e3);
  EXPECT_EQ(pcs_active_limit_w(100e3, 120e3), 0);
}

TEST(PcsResponse, ReadsItsSectionWithUnitsAndRejectsBadValues) {
  ConfigDoc doc = ConfigDoc::parse(
      "response: {dead_time: 20 ms, time_constant: 50 ms, ramp_rate: 10 %}\n", "r.yaml");
  PcsResponseParams p = read_pcs_response(doc.root().at("response"), 100e3);
  EXPECT_DOUBLE_EQ(p.dead_time_s, 0.02);
  EXPECT_DOUBLE_EQ(p.time_constant_s, 0.05);
  EXPECT_DOUBLE_EQ(p.ramp_w_per_s, 10e3);
  EXPECT_FALSE(p.instant());
  EXPECT_TRUE(PcsResponseParams{}.instant());
  ConfigDoc bad = ConfigDoc::parse("response: {dead_time: -1 s}\n", "r.yaml");
  EXPECT_THROW(read_pcs_response(bad.root().at("response"), 100e3), InputError);
  ConfigDoc unknown = ConfigDoc::parse("response: {delay: 1 s}\n", "r.yaml");
  EXPECT_THROW(read_pcs_response(unknown.root().at("response"), 100e3), InputError);
}

}  // namespace
}  // namespace wf
