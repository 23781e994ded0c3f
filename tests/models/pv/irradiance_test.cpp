#include "models/pv/irradiance.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

namespace wf {
namespace {

constexpr double kDeg = std::numbers::pi / 180;
constexpr SkyModel kSkies[] = {SkyModel::isotropic, SkyModel::haydavies, SkyModel::perez};

TEST(Irradiance, SpencerExtraterrestrial) {
  EXPECT_NEAR(dni_extra_spencer(1), 1413.98, 0.01);  // pvlib_A_hourly.csv, 1 January
  double lo = 1e9, hi = 0;
  for (int d = 1; d <= 365; ++d)
    lo = std::min(lo, dni_extra_spencer(d)), hi = std::max(hi, dni_extra_spencer(d));
  EXPECT_NEAR(lo, 1321.0, 1.5);  // aphelion, early July
  EXPECT_NEAR(hi, 1414.0, 1.5);  // perihelion, early January
}

TEST(Irradiance, KastenYoungAirMass) {
  EXPECT_NEAR(airmass_kasten_young(SunAngles(0, 0)), 0.999712, 1e-6);
  EXPECT_NEAR(airmass_kasten_young(SunAngles(60 * kDeg, 0)), 1.9942, 1e-3);  // ~ 1/cos
  EXPECT_NEAR(airmass_kasten_young(SunAngles(90 * kDeg, 0)), 37.92, 0.05);
  EXPECT_TRUE(std::isnan(airmass_kasten_young(SunAngles(91 * kDeg, 0))));
}

TEST(Irradiance, AngleOfIncidence) {
  const Plane south(35 * kDeg, 180 * kDeg, 0.25);
  EXPECT_NEAR(cos_aoi(south, SunAngles(35 * kDeg, 180 * kDeg)), 1.0, 1e-12);  // sun on the normal
  EXPECT_NEAR(cos_aoi(south, SunAngles(0, 0)), std::cos(35 * kDeg), 1e-12);
  EXPECT_LT(cos_aoi(south, SunAngles(80 * kDeg, 0)), 0.0);  // sun behind the plane
}

// On a horizontal plane every sky model must give back GHI = DNI cos z + DHI.
TEST(Irradiance, HorizontalPlaneClosesOnGhi) {
  const Plane flat(0, 180 * kDeg, 0.25);
  for (SkyModel m : kSkies)
    for (double z : {10.0, 40.0, 70.0, 84.0}) {
      SunAngles sun(z * kDeg, 150 * kDeg);
      HorizontalIrradiance h{0, 600, 150};
      h.ghi = h.dni * sun.cos_zenith + h.dhi;
      auto p = poa_irradiance(m, flat, h, sun, cos_aoi(flat, sun), 1400, airmass_kasten_young(sun));
      EXPECT_NEAR(p.global(), h.ghi, 1e-9) << sky_model_name(m) << " z=" << z;
    }
}

TEST(Irradiance, IsotropicAndGroundByHand) {
  const Plane p(90 * kDeg, 180 * kDeg, 0.2);
  SunAngles sun(60 * kDeg, 0);  // sun in the north: behind a south-facing wall
  HorizontalIrradiance h{500, 400, 300};
  auto poa = poa_irradiance(SkyModel::isotropic, p, h, sun, cos_aoi(p, sun), 1367, 2);
  EXPECT_EQ(poa.direct, 0.0);
  EXPECT_NEAR(poa.sky_diffuse, 150, 1e-9);
  EXPECT_NEAR(poa.ground_diffuse, 50, 1e-9);
}

TEST(Irradiance, HayDaviesLimits) {
  const Plane p(35 * kDeg, 180 * kDeg, 0.25);
  SunAngles sun(40 * kDeg, 170 * kDeg);
  const double c = cos_aoi(p, sun);
  // No beam: isotropic. Beam equal to the extraterrestrial: all circumsolar, DHI Rb.
  EXPECT_NEAR(sky_diffuse(SkyModel::haydavies, p, {200, 0, 200}, sun, c, 1400, 0),
              sky_diffuse(SkyModel::isotropic, p, {200, 0, 200}, sun, c, 1400, 0), 1e-9);
  EXPECT_NEAR(sky_diffuse(SkyModel::haydavies, p, {0, 1400, 100}, sun, c, 1400, 0),
              100 * c / sun.cos_zenith, 1e-9);
}

TEST(Irradiance, PerezOvercastIsNearIsotropicAndZeroAtNight) {
  const Plane p(35 * kDeg, 180 * kDeg, 0.25);
  SunAngles sun(50 * kDeg, 180 * kDeg);
  const double c = cos_aoi(p, sun);
  // Overcast (epsilon ~ 1, small brightness): F1 ~ 0, F2 ~ small, close to isotropic.
  const double perez = sky_diffuse(SkyModel::perez, p, {100, 0, 100}, sun, c, 1400, 1.5);
  const double iso = sky_diffuse(SkyModel::isotropic, p, {100, 0, 100}, sun, c, 1400, 1.5);
  EXPECT_NEAR(perez / iso, 1.0, 0.05);
  SunAngles night(95 * kDeg, 0);
  EXPECT_EQ(sky_diffuse(SkyModel::perez, p, {0, 0, 10}, night, cos_aoi(p, night), 1400,
                        airmass_kasten_young(night)),
            0.0);
}

TEST(Irradiance, IncidenceAngleModifiers) {
  EXPECT_EQ(iam(IamModel::none, 0.1), 1.0);
  EXPECT_NEAR(iam(IamModel::ashrae, 1.0), 1.0, 1e-12);
  EXPECT_NEAR(iam(IamModel::ashrae, 0.5), 0.95, 1e-12);  // 60 deg, b0 0.05
  EXPECT_EQ(iam(IamModel::ashrae, -0.1), 0.0);
  EXPECT_NEAR(iam(IamModel::physical, 1.0), 1.0, 1e-6);
  double last = 1.0;  // falls monotonically to zero at grazing incidence
  for (double a = 5; a < 90; a += 5) {
    double v = iam(IamModel::physical, std::cos(a * kDeg));
    EXPECT_LE(v, last + 1e-12) << a;
    last = v;
  }
  EXPECT_LT(iam(IamModel::physical, std::cos(89.5 * kDeg)), 0.1);
}

}  // namespace
}  // namespace wf
