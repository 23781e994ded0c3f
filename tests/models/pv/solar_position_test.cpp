#include "models/pv/solar_position.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <numbers>
#include <vector>

#include "models/pv/spa.hpp"
#include "models/pv/weather.hpp"
#include "sim/csv_reader.hpp"
#include "tests/models/pv/pv_reference.hpp"

namespace wf {
namespace {

constexpr double kDeg = std::numbers::pi / 180;
Time utc(int y, unsigned m, unsigned d, int h = 0) {
  return Time::days(days_from_civil(y, m, d)) + Time::hours(h);
}

// Meeus, Astronomical Algorithms, example 25.a: 1992-10-13 0h TD.
TEST(SolarPosition, MeeusExample25a) {
  SunGeocentric g = sun_geocentric(utc(1992, 10, 13), 0.0);
  EXPECT_NEAR(g.right_ascension / kDeg, 198.38083, 2e-4);
  EXPECT_NEAR(g.declination / kDeg, -7.78507, 2e-4);
  EXPECT_NEAR(g.distance_au, 0.99766, 1e-4);
}

// Meeus example 12.a: 1987-04-10 0h UT, mean sidereal time 13h10m46.3668s.
TEST(SolarPosition, MeeusExample12a) {
  const double deg = std::fmod(greenwich_mean_sidereal(utc(1987, 4, 10)) / kDeg + 360, 360);
  EXPECT_NEAR(deg, (13 + 10 / 60.0 + 46.3668 / 3600) * 15, 1e-6);
}

TEST(SolarPosition, SiderealAngleAndWrapAreFmodBitForBit) {
  // The sidereal angle reduces its degrees without std::fmod and wrap_2pi skips it
  // inside (-2 pi, 2 pi): both exactly what fmod gives, over 1900-2200 at odd instants
  // (before J2000 the degrees are negative) and on exact multiples of the period.
  auto gmst_fmod = [](Time t) {
    const double d = static_cast<double>((t - Time::seconds(946728000)).count_us()) / 86400e6;
    const double T = d / 36525.0;
    return kDeg * (std::fmod(280.46061837 + 360.98564736629 * d, 360.0) +
                   T * T * (0.000387933 - T / 38710000.0));
  };
  auto same = [](double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; };
  std::uint64_t x = 88172645463325252ull;  // xorshift: instants spread over 300 years
  for (int i = 0; i < 200000; ++i) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    const Time t = utc(1900, 1, 1) + Time::us(static_cast<std::int64_t>(x % 9'467'280'000'000'000));
    ASSERT_TRUE(same(greenwich_mean_sidereal(t), gmst_fmod(t))) << t.count_us();
  }
  std::vector<double> degs{0.0, -0.0, 1e-300, -1e-300, 359.99999999999994, 0x1p43, -0x1p43, 1e300};
  for (double k = -1e6; k <= 1e6; k += 997) {
    degs.push_back(k * 360);
    degs.push_back(std::nextafter(k * 360, INFINITY));
    degs.push_back(std::nextafter(k * 360, -INFINITY));
  }
  for (int i = 0; i < 200000; ++i) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    degs.push_back(std::ldexp(static_cast<double>(x >> 11), -10 - static_cast<int>(x % 40)) *
                   ((x >> 7) & 1 ? -1 : 1));
  }
  for (double d : degs) ASSERT_TRUE(same(fmod_360(d), std::fmod(d, 360.0))) << d;
  for (double a :
       {0.0, -0.0, 1e-300, -1e-300, 3.0, -3.0, 2 * std::numbers::pi, -2 * std::numbers::pi,
        std::nextafter(2 * std::numbers::pi, 0.0), 7.5, -7.5, 1e6, -1e6, 1e300}) {
    double want = std::fmod(a, 2 * std::numbers::pi);
    want = want < 0 ? want + 2 * std::numbers::pi : want;
    EXPECT_TRUE(same(wrap_2pi(a), want)) << a;
  }
}

TEST(SolarPosition, NoonAtTheEquinoxIsTheLatitude) {
  // Around the March equinox of 2023 (20 March 21:24 UTC) the declination is ~0, so the
  // zenith at local solar noon equals the latitude, and the sun stands due south.
  const SiteLocation site{45 * kDeg, 0};
  double best = 180;
  Time noon;
  for (Time t = utc(2023, 3, 21, 11); t < utc(2023, 3, 21, 13); t += Time::minutes(1)) {
    double z = sun_position(t, site, 101325, 288.15).zenith / kDeg;
    if (z < best) best = z, noon = t;
  }
  EXPECT_NEAR(best, 45.0 - 0.24, 0.03);  // declination +0.24 deg 14.6 h after the equinox
  EXPECT_NEAR(sun_position(noon, site, 101325, 288.15).azimuth / kDeg, 180, 0.3);
}

TEST(SolarPosition, RefractionLiftsTheSunOnlyAboveTheHorizon) {
  const SiteLocation site{45 * kDeg, 8 * kDeg};
  // Sunrise region on 2023-06-21: find the instant the true elevation is near 0.
  for (Time t = utc(2023, 6, 21, 3); t < utc(2023, 6, 21, 5); t += Time::minutes(1)) {
    SunPosition p = sun_position(t, site, 101000, 283.0);
    const double lift = (p.zenith - p.apparent_zenith) / kDeg;
    if (std::abs(p.zenith / kDeg - 90) < 0.1) {  // SPA eq. 42 at the horizon: about 0.48 deg
      EXPECT_NEAR(lift, 0.48, 0.03);
    }
    if (p.zenith / kDeg > 90.9) {
      EXPECT_EQ(lift, 0.0);
    }
    EXPECT_GE(lift, 0.0);
  }
  // Higher pressure, stronger refraction.
  Time t = utc(2023, 6, 21, 6);
  EXPECT_GT(
      sun_position(t, site, 102000, 283).zenith -
          sun_position(t, site, 102000, 283).apparent_zenith,
      sun_position(t, site, 80000, 283).zenith - sun_position(t, site, 80000, 283).apparent_zenith);
}

TEST(SolarPosition, TrackAgreesWithTheFullComputation) {
  const SiteLocation site{55.79 * kDeg, 12.53 * kDeg};
  SunTrack track(site, 67);
  double worst = 0;
  for (Time t = utc(2023, 1, 1); t < utc(2024, 1, 1); t += Time::minutes(97)) {
    SunPosition a = track.at(t, 101325, 280), b = sun_position(t, site, 101325, 280, 67);
    worst = std::max({worst, std::abs(a.zenith - b.zenith), std::abs(a.azimuth - b.azimuth)});
  }
  EXPECT_LT(worst / kDeg, 1e-5);
  // Going back in time is allowed.
  SunPosition back = track.at(utc(2023, 3, 1, 12), 101325, 280);
  EXPECT_NEAR(back.zenith, sun_position(utc(2023, 3, 1, 12), site, 101325, 280, 67).zenith, 1e-9);
}

// Against NREL SPA as pvlib ran it for PV-A (delta_t 67 s, file pressure and temperature).
TEST(SolarPosition, WithinHundredthOfADegreeOfSpa) {
  WF_REQUIRE_SHARED_DATA();
  const CsvTable ref = read_csv(test::pv_a_dir() / "pvlib_A_hourly.csv");
  const auto zen = test::column(ref, "solar_zenith"),
             app = test::column(ref, "solar_apparent_zenith"),
             az = test::column(ref, "solar_azimuth"), p = test::column(ref, "pressure"),
             ta = test::column(ref, "temp_air");
  const SiteLocation site{45 * kDeg, 8 * kDeg};
  double dz = 0, da = 0, daz = 0;
  for (std::size_t k = 0; k < ref.rows.size(); ++k) {
    SunPosition s = sun_position(utc(2023, 1, 1) + Time::hours(static_cast<int>(k)), site, p[k],
                                 ta[k] + 273.15, 67);
    dz = std::max(dz, std::abs(s.zenith / kDeg - zen[k]));
    da = std::max(da, std::abs(s.apparent_zenith / kDeg - app[k]));
    if (zen[k] < 90) daz = std::max(daz, std::abs(s.azimuth / kDeg - az[k]));
  }
  EXPECT_LT(dz, 0.01);
  EXPECT_LT(da, 0.01);
  EXPECT_LT(daz, 0.02);
}

// Reda & Andreas 2004 (NREL/TP-560-34302), table A5.1: Golden, Colorado, 2003-10-17
// 12:30:30 local (UTC-7), 1830.14 m, 820 mbar, 11 degC, delta_t 67 s.
TEST(SolarPosition, SpaPublishedExample) {
  const SiteLocation site{39.742476 * kDeg, -105.1786 * kDeg, 1830.14};
  const Time t = utc(2003, 10, 17, 19) + Time::minutes(30) + Time::seconds(30);
  const SunPosition s = sun_position(t, site, 82000, 273.15 + 11, 67, SolarAlgorithm::spa);
  EXPECT_NEAR(s.apparent_zenith / kDeg, 50.11162, 2e-5);
  EXPECT_NEAR(s.azimuth / kDeg, 194.34024, 2e-5);
  // The Meeus-based default on the same case: within its hundredth of a degree.
  const SunPosition m = sun_position(t, site, 82000, 273.15 + 11, 67);
  EXPECT_NEAR(m.apparent_zenith / kDeg, 50.11162, 0.01);
  EXPECT_NEAR(m.azimuth / kDeg, 194.34024, 0.01);
  // The same example's intermediate values: earth radius vector and nutation.
  const SunGeocentric g = sun_geocentric_spa(t, 67);
  EXPECT_NEAR(g.distance_au, 0.9965422974, 1e-9);
}

// Meeus example 25.b (VSOP87, 1992-10-13 0h TD): apparent RA 198.378178, dec -7.783871 deg.
// SPA leaves out the FK5 correction (-0.09033"), so agreement to 1e-4 deg.
TEST(SolarPosition, SpaMeeusExample25b) {
  const SunGeocentric g = sun_geocentric_spa(utc(1992, 10, 13), 0.0);
  EXPECT_NEAR(g.right_ascension / kDeg, 198.378178, 1e-4);
  EXPECT_NEAR(g.declination / kDeg, -7.783871, 1e-4);
  EXPECT_NEAR(g.distance_au, 0.99760775, 1e-6);
}

// Against pvlib's SPA for PV-A: the same algorithm, so far closer than the default.
TEST(SolarPosition, SpaAgreesWithPvlibSpa) {
  WF_REQUIRE_SHARED_DATA();
  const CsvTable ref = read_csv(test::pv_a_dir() / "pvlib_A_hourly.csv");
  const auto app = test::column(ref, "solar_apparent_zenith"),
             az = test::column(ref, "solar_azimuth"), p = test::column(ref, "pressure"),
             ta = test::column(ref, "temp_air");
  const SiteLocation site{45 * kDeg, 8 * kDeg, 250};
  SunTrack track(site, 67, SolarAlgorithm::spa);
  double da = 0, daz = 0;
  for (std::size_t k = 0; k < ref.rows.size(); ++k) {
    const SunPosition s =
        track.at(utc(2023, 1, 1) + Time::hours(static_cast<int>(k)), p[k], ta[k] + 273.15);
    if (app[k] > 95) continue;  // refraction below the horizon differs by convention only
    da = std::max(da, std::abs(s.apparent_zenith / kDeg - app[k]));
    daz = std::max(daz, std::abs(s.azimuth / kDeg - az[k]));
  }
  EXPECT_LT(da, 1e-3);
  EXPECT_LT(daz, 1e-3);
}

// Standard atmosphere: pvlib's alt2pres against the ICAO form 101325 (1 - 2.25577e-5 h)^5.25588.
TEST(SolarPosition, PressureAtAltitude) {
  EXPECT_NEAR(pressure_at_altitude(0), 101325, 1);
  for (double h : {250.0, 1000.0, 1830.14, 3000.0})
    EXPECT_NEAR(pressure_at_altitude(h), 101325 * std::pow(1 - 2.25577e-5 * h, 5.25588),
                1e-3 * 101325)
        << h;
  EXPECT_NEAR(pressure_at_altitude(1830.14) / 100, 815, 5);  // the SPA example's 820 mbar
}

}  // namespace
}  // namespace wf
