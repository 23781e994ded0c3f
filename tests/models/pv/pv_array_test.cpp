#include "models/pv/pv_array.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "sim/config_node.hpp"
#include "sim/error.hpp"

namespace wf {
namespace {

constexpr double kDeg = std::numbers::pi / 180;

TEST(PvArray, SapmCellTemperature) {
  // Open rack glass/polymer, no wind, 1000 W/m2: T_a + 1000 e^-3.56 + 3 K.
  EXPECT_NEAR(cell_temperature_sapm(1000, 293.15, 0, -3.56, -0.075, 3),
              293.15 + 1000 * std::exp(-3.56) + 3, 1e-9);
  EXPECT_EQ(cell_temperature_sapm(0, 280, 5, -3.56, -0.075, 3), 280.0);
  EXPECT_LT(cell_temperature_sapm(800, 293.15, 10, -3.56, -0.075, 3),
            cell_temperature_sapm(800, 293.15, 1, -3.56, -0.075, 3));  // wind cools
}

TEST(PvArray, FaimanCellTemperature) {
  EXPECT_NEAR(cell_temperature_faiman(1000, 293.15, 1, 25, 6.84), 293.15 + 1000 / 31.84, 1e-9);
  EXPECT_EQ(cell_temperature_faiman(0, 280, 1, 25, 6.84), 280.0);
}

TEST(PvArray, PvwattsDc) {
  EXPECT_NEAR(pvwatts_dc(1000, 298.15, 100e3, -0.004), 100e3, 1e-9);
  EXPECT_NEAR(pvwatts_dc(1000, 308.15, 100e3, -0.004), 96e3, 1e-9);  // 10 K hotter: -4 %
  EXPECT_NEAR(pvwatts_dc(500, 298.15, 100e3, -0.004), 50e3, 1e-9);
}

TEST(PvArray, PvwattsInverter) {
  const double pac0 = 100e3, eta_nom = 0.96, eta_ref = 0.9637, pdc0 = pac0 / eta_nom;
  EXPECT_NEAR(pvwatts_ac(pdc0, pac0, eta_nom, eta_ref), pac0, 1e-6);  // eta = eta_nom at rating
  EXPECT_EQ(pvwatts_ac(2 * pdc0, pac0, eta_nom, eta_ref), pac0);      // clipped
  EXPECT_EQ(pvwatts_ac(0, pac0, eta_nom, eta_ref), 0.0);
  EXPECT_EQ(pvwatts_ac(-5, pac0, eta_nom, eta_ref), 0.0);
  EXPECT_EQ(pvwatts_ac(1, pac0, eta_nom, eta_ref), 0.0);  // below the self-consumption
  // Peak of the curve at zeta = sqrt(0.0059 / 0.0162) (about 0.60): above eta_nom there.
  const double z = std::sqrt(0.0059 / 0.0162);
  EXPECT_GT(pvwatts_ac(z * pdc0, pac0, eta_nom, eta_ref) / (z * pdc0), eta_nom);
}

// The clipped power is what the curve gives above the rating, and nothing below it.
TEST(PvArray, PvwattsInverterClippedPower) {
  const double pac0 = 100e3, eta_nom = 0.96, eta_ref = 0.9637, pdc0 = pac0 / eta_nom;
  const double over = pvwatts_ac_unclipped(1.5 * pdc0, pac0, eta_nom, eta_ref);
  const double zeta = 1.5, eta = eta_nom / eta_ref * (-0.0162 * zeta - 0.0059 / zeta + 0.9858);
  EXPECT_DOUBLE_EQ(over, eta * 1.5 * pdc0);
  EXPECT_GT(over - pvwatts_ac(1.5 * pdc0, pac0, eta_nom, eta_ref), 40e3);
  for (double f : {0.0, 0.1, 0.5, 0.99})
    EXPECT_EQ(pvwatts_ac_unclipped(f * pdc0, pac0, eta_nom, eta_ref),
              pvwatts_ac(f * pdc0, pac0, eta_nom, eta_ref));
}

PvArrayParams params() {
  PvArrayParams p;
  p.tilt = 30 * kDeg;
  p.azimuth = 180 * kDeg;
  p.dc_rating_w = 10e3;
  p.ac_rating_w = 8e3;
  return p;
}

TEST(PvArray, DeratesAndIncidenceLossReduceDc) {
  SunPosition sun{50 * kDeg, 50 * kDeg, 200 * kDeg};
  WeatherSample w;
  w.irr = {700, 600, 150};
  PvArrayParams p = params();
  const PvStages clean = PvArray(p).evaluate(sun, 1400, w);
  p.soiling = 0.02;
  p.losses = 0.10;
  EXPECT_NEAR(PvArray(p).evaluate(sun, 1400, w).pdc_w, clean.pdc_w * 0.98 * 0.90, 1e-9);
  p = params();
  p.iam = IamModel::ashrae;
  const PvStages a = PvArray(p).evaluate(sun, 1400, w);
  EXPECT_NEAR(a.effective_irradiance,
              clean.poa.direct * iam(IamModel::ashrae, std::cos(a.aoi())) + clean.poa.sky_diffuse +
                  clean.poa.ground_diffuse,
              1e-9);
  EXPECT_LT(a.pdc_w, clean.pdc_w);
  EXPECT_EQ(a.cell_temp_k, clean.cell_temp_k);  // temperature sees the whole POA
}

TEST(PvArray, ParameterTablesReadUnits) {
  auto doc = ConfigDoc::parse("tilt: 35 deg\ndc_rating: 100 kW\ngamma: -0.35 %/K\nsoiling: 2 %\n",
                              "a.yaml");
  PvArrayParams p;
  read_params<PvArrayParams>(doc.root(), pv_array_param_table(), p);
  EXPECT_NEAR(p.tilt, 35 * kDeg, 1e-12);
  EXPECT_NEAR(p.azimuth, std::numbers::pi, 1e-12);  // default south
  EXPECT_EQ(p.dc_rating_w, 100e3);
  EXPECT_NEAR(p.gamma_per_k, -0.0035, 1e-12);
  EXPECT_NEAR(p.soiling, 0.02, 1e-12);
  auto bad = ConfigDoc::parse("tilt: 35 deg\ndc_rating: 100 kWh\n", "a.yaml");
  EXPECT_THROW(read_params<PvArrayParams>(bad.root(), pv_array_param_table(), p), InputError);
  auto steep = ConfigDoc::parse("tilt: 120 deg\ndc_rating: 100 kW\n", "a.yaml");
  EXPECT_THROW(read_params<PvArrayParams>(steep.root(), pv_array_param_table(), p), InputError);
}

}  // namespace
}  // namespace wf
