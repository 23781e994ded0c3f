#include "models/pcs/efficiency.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <stdexcept>

#include "sim/error.hpp"

namespace wf {
namespace {

const std::filesystem::path kSinamics =
    std::filesystem::path(WF_SOURCE_DIR) / "data/battery/sinamics_s120_efficiency.csv";

TEST(PcsEfficiency, NottonType2MatchesThePublishedCurve) {
  // Domain reference 2.1, computed from Notton et al. 2010 type 2.
  auto e = PcsEfficiency::notton(100e3, 0.0072, 0.0345);
  EXPECT_NEAR(e.eta(5e3), 0.873, 5e-4);
  EXPECT_NEAR(e.eta(-10e3), 0.930, 5e-4);
  EXPECT_NEAR(e.eta(50e3), 0.969, 5e-4);
  EXPECT_NEAR(e.eta(-100e3), 0.960, 5e-4);
  EXPECT_EQ(e.eta(0), 0.0);
}

TEST(PcsEfficiency, NottonAppliesEtaOnTheAcSideBothWays) {
  // BAT-A: charging P_DC = P_AC eta, discharging P_DC = P_AC / eta, eta at |P_AC|.
  auto e = PcsEfficiency::notton(100e3, 0.0072, 0.0345);
  const double x = 0.7744, eta = x / (x + 0.0072 + 0.0345 * x * x);
  EXPECT_NEAR(e.dc_from_ac(-77440), -77440 * eta, 1e-6);
  EXPECT_NEAR(-e.dc_from_ac(-77440), 74747.9, 0.5);  // first minute of the SimSES run
  EXPECT_NEAR(e.dc_from_ac(60e3), 60e3 / e.eta(60e3), 1e-6);
  EXPECT_NEAR(e.loss_w(60e3), 100e3 * (0.0072 + 0.0345 * 0.36), 1e-6);
}

TEST(PcsEfficiency, InverseRoundTripsInBothDirections) {
  auto n = PcsEfficiency::notton(100e3, 0.0072, 0.0345);
  auto t = PcsEfficiency::from_csv(100e3, kSinamics);
  for (const auto* e : {&n, &t})
    // (Discharging below the measured curve's first point, 0.5 % load, the DC power is flat.)
    for (double p : {-100e3, -73.2e3, -5e3, -120.0, 800.0, 3e3, 51e3, 100e3})
      EXPECT_NEAR(e->ac_from_dc(e->dc_from_ac(p)), p, 1e-6 * std::abs(p)) << p;
}

TEST(PcsEfficiency, MeasuredCurveIsReadAndInterpolated) {
  auto t = PcsEfficiency::from_csv(100e3, kSinamics);
  // Rows of the file at load 0.5 and 0.505; interpolated halfway between.
  EXPECT_GT(t.eta(50e3), 0.97);
  EXPECT_LT(t.eta(50e3), 0.99);
  EXPECT_LT(t.eta(-1e3), t.eta(-50e3));  // poor at low load
  EXPECT_GT(t.loss_w(-100e3), 0);
}

TEST(PcsEfficiency, BadCurvesAreRefused) {
  EXPECT_THROW(PcsEfficiency::notton(0, 0.0072, 0.0345), InternalError);
  EXPECT_THROW(PcsEfficiency::notton(1e5, -1, 0.0345), InternalError);
  EXPECT_THROW(PcsEfficiency::table(1e5, {0, 0.9}, {0, 0.9, 0.95}), InternalError);
  EXPECT_THROW(PcsEfficiency::table(1e5, {0, 1.2}, {0, 0.9}), InternalError);
  EXPECT_THROW(PcsEfficiency::from_csv(1e5, "/nonexistent.csv"), InputError);
  EXPECT_EQ(PcsEfficiency::table_problem(1e5, {0, 1.2}, {0, 0.9}),
            "efficiencies must lie in (0, 1] above zero load");
  EXPECT_EQ(PcsEfficiency::table_problem(1e5, {0, 0.9}, {0, 0.9}), "");
}

}  // namespace
}  // namespace wf
