#include "models/pv/synthetic_weather.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <numbers>

namespace wf {
namespace {

constexpr double kDeg = std::numbers::pi / 180;
const Time kStart = Time::days(days_from_civil(2023, 1, 1));
const Time kEnd = Time::days(days_from_civil(2024, 1, 1));
const SiteLocation kSite{45 * kDeg, 8 * kDeg};

TEST(SyntheticWeather, HaurwitzAndErbs) {
  EXPECT_NEAR(clear_sky_ghi_haurwitz(1.0), 1098 * std::exp(-0.057), 1e-9);
  EXPECT_EQ(clear_sky_ghi_haurwitz(-0.1), 0.0);
  EXPECT_NEAR(erbs_diffuse_fraction(0.1), 0.991, 1e-12);
  EXPECT_EQ(erbs_diffuse_fraction(0.9), 0.165);
  // Continuous at the breakpoints (within the rounding of the published coefficients).
  EXPECT_NEAR(erbs_diffuse_fraction(0.22), erbs_diffuse_fraction(0.2200001), 2e-3);
  EXPECT_NEAR(erbs_diffuse_fraction(0.80), erbs_diffuse_fraction(0.8000001), 2e-3);
}

TEST(SyntheticWeather, SameSeedSameWeatherOtherSeedOther) {
  SyntheticWeatherParams p;
  const Time end = kStart + Time::days(10);
  auto a = synthetic_weather(p, kSite, kStart, end, Time::minutes(5), 7);
  auto b = synthetic_weather(p, kSite, kStart, end, Time::minutes(5), 7);
  auto c = synthetic_weather(p, kSite, kStart, end, Time::minutes(5), 8);
  double diff_ab = 0, diff_ac = 0;
  for (std::size_t k = 0; k < a.rec.size(); ++k) {
    diff_ab += std::abs(a.rec[k].irr.ghi - b.rec[k].irr.ghi);
    diff_ac += std::abs(a.rec[k].irr.ghi - c.rec[k].irr.ghi);
  }
  EXPECT_EQ(diff_ab, 0.0);
  EXPECT_GT(diff_ac, 0.0);
}

TEST(SyntheticWeather, PhysicalAndClosed) {
  SyntheticWeatherParams p;
  auto w = synthetic_weather(p, kSite, kStart, kEnd, Time::minutes(10), 1);
  SunTrack sun(kSite);
  for (std::size_t k = 0; k < w.t.size(); ++k) {
    const auto& r = w.rec[k];
    const double cz = std::cos(sun.at(w.t[k], p.pressure_pa, p.temp_mean_k).apparent_zenith);
    ASSERT_GE(r.irr.ghi, 0.0);
    ASSERT_GE(r.irr.dni, 0.0);
    ASSERT_GE(r.irr.dhi, -1e-9);
    ASSERT_LE(r.irr.ghi, 1.15 * clear_sky_ghi_haurwitz(cz) + 1e-9);
    ASSERT_NEAR(r.irr.ghi, r.irr.dni * std::max(cz, 0.0) + r.irr.dhi, 1e-6);  // closure
  }
}

// The air is coldest in mid-January and warmest in the mid-afternoon (15:00 solar time;
// at 8 deg E that is 14:28 UTC), as in synthetic_temperature.
TEST(SyntheticWeather, WarmestInTheAfternoonColdestInJanuary) {
  SyntheticWeatherParams p;
  auto w = synthetic_weather(p, kSite, kStart, kEnd, Time::minutes(10), 1);
  std::size_t warm = 0, cold = 0;
  for (std::size_t k = 0; k < w.t.size(); ++k) {
    if (w.rec[k].temp_air_k > w.rec[warm].temp_air_k) warm = k;
    if (w.rec[k].temp_air_k < w.rec[cold].temp_air_k) cold = k;
  }
  const double warm_utc_h = static_cast<double>((w.t[warm] - kStart).count_us()) / 3.6e9;
  EXPECT_NEAR(std::fmod(warm_utc_h, 24), 14 + 28 / 60.0, 0.1);
  EXPECT_NEAR(warm_utc_h / 24, 197, 1.0);  // mid-July: day 197 or 198 of the year (a tie)
  EXPECT_NEAR(static_cast<double>((w.t[cold] - kStart).count_us()) / 8.64e10, 14, 1.5);
  EXPECT_NEAR(w.rec[warm].temp_air_k - w.rec[cold].temp_air_k, 2 * (9 + 4), 0.05);
}

// Only clear days: the year approaches the clear-sky yield; only overcast: far below.
TEST(SyntheticWeather, DayTypesSetTheYield) {
  auto yield = [](double clear, double overcast) {
    SyntheticWeatherParams p;
    p.clear_days = clear;
    p.overcast_days = overcast;
    PvChainSpec s;
    s.array.tilt = 35 * kDeg;
    s.array.azimuth = 180 * kDeg;
    s.array.dc_rating_w = 1e3;
    s.array.ac_rating_w = 1e3;
    s.site = kSite;
    s.step = Time::minutes(10);
    auto w = synthetic_weather(p, kSite, kStart, kEnd, s.step, 3);
    auto r = run_pv_chain(s, w, "synthetic", kStart, kEnd);
    double kwh = 0;
    for (double v : r.ac_w) kwh += v / 6e3;
    return kwh;  // kWh per kWp
  };
  const double clear = yield(1, 0), mixed = yield(0.3, 0.3), dull = yield(0, 1);
  std::printf("kWh/kWp: clear %.0f, default mix %.0f, overcast %.0f\n", clear, mixed, dull);
  EXPECT_GT(clear, 1500);  // every day clear at 45 N, 35 deg south
  EXPECT_LT(clear, 2400);  // Haurwitz is a bright clear sky
  EXPECT_GT(mixed, 900);   // PV-A's real year gives 1564 kWh/kWp
  EXPECT_LT(mixed, 1600);
  EXPECT_LT(dull, 0.45 * clear);
}

}  // namespace
}  // namespace wf
