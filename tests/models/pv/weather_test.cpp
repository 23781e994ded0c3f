#include "models/pv/weather.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/error.hpp"
#include "sim/time_format.hpp"
#include "tests/models/pv/pv_reference.hpp"
#include "tests/test_support.hpp"

namespace wf {
namespace {

using ::testing::HasSubstr;

Time utc(int y, unsigned m, unsigned d, int h = 0) {
  return Time::days(days_from_civil(y, m, d)) + Time::hours(h);
}

TEST(Weather, DaysFromCivil) {
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(days_from_civil(2000, 3, 1), 11017);
  EXPECT_EQ(days_from_civil(1969, 12, 31), -1);
}

TEST(Weather, PvgisTypicalYearMovedInto2023AndSorted) {
  WF_REQUIRE_SHARED_DATA();
  const WeatherData w = test::pv_a_weather();
  ASSERT_EQ(w.t.size(), 8760u);
  EXPECT_EQ(w.t.front(), utc(2023, 1, 1));
  EXPECT_EQ(w.t.back(), utc(2023, 12, 31, 23));
  EXPECT_EQ(w.end, utc(2024, 1, 1));
  EXPECT_NEAR(w.rec.front().temp_air_k, 2.04 + 273.15, 1e-9);  // first row of the file
  EXPECT_EQ(w.rec.front().pressure_pa, 99870.0);
  EXPECT_EQ(w.rec.front().wind_speed, 0.75);
}

std::string pvgis(
    const std::vector<std::string>& rows,
    const std::string& header = "time(UTC),T2m,RH,G(h),Gb(n),Gd(h),IR(h),WS10m,WD10m,SP") {
  std::string s = "Latitude (decimal degrees): 45.000\n" + header + "\n";
  for (const auto& r : rows) s += r + "\n";
  return s + "\nPVGIS (c) European Union, 2001-2025\n";
}

std::string row(const std::string& stamp, double ghi, double t = 10) {
  return stamp + "," + std::to_string(t) + ",50," + std::to_string(ghi) +
         ",100,50,300,2.0,180,100000";
}

TEST(Weather, PvgisFeb29DroppedInACommonYear) {
  test::TempDir d;
  auto f = d.write(
      "w.csv", pvgis({row("20200228:2300", 0), row("20200229:0000", 0), row("20200301:0000", 0)}));
  WeatherData w = read_weather({f, WeatherFormat::pvgis_tmy, 2023});
  ASSERT_EQ(w.t.size(), 2u);
  ASSERT_EQ(w.repairs.size(), 1u);
  EXPECT_THAT(w.repairs[0], HasSubstr("29 February"));
  EXPECT_EQ(read_weather({f, WeatherFormat::pvgis_tmy, 2024}).t.size(), 3u);
  // A typical year without the day, placed in a leap year: 28 February again (logged).
  auto g = d.write("g.csv", pvgis({row("20190228:2300", 0, 4), row("20190301:0000", 0, 6)}));
  WeatherData leap = read_weather({g, WeatherFormat::pvgis_tmy, 2024});
  ASSERT_EQ(leap.t.size(), 3u);
  EXPECT_EQ(leap.t[1], utc(2024, 2, 29, 23));
  EXPECT_NEAR(leap.rec[1].temp_air_k, 4 + 273.15, 1e-9);
  EXPECT_THAT(leap.repairs.back(), HasSubstr("29 February filled with the 1 records"));
}

InputError read_error(const WeatherSpec& spec) {
  return test::input_error([&] { read_weather(spec); });
}

TEST(Weather, BadPvgisInputNamesFileLineColumn) {
  test::TempDir d;
  auto f = d.write("a.csv", pvgis({row("20200101:0000", 0), row("20200101:0100", 1501)}));
  InputError e = read_error({f, WeatherFormat::pvgis_tmy, 2023});
  EXPECT_EQ(e.file(), f.string());
  EXPECT_EQ(e.line(), 4);
  EXPECT_EQ(e.field(), "G(h)");
  f = d.write("b.csv", pvgis({row("20200101:0000", 0), row("20200101:0100", 0, 95)}));
  EXPECT_EQ(read_error({f, WeatherFormat::pvgis_tmy, 2023}).field(), "T2m");
  f = d.write("c.csv", pvgis({row("20200101:0000", 0), "20200101:0100,1,2,x,4,5,6,7,8,9"}));
  EXPECT_THAT(read_error({f, WeatherFormat::pvgis_tmy, 2023}).detail(),
              HasSubstr("expected a number"));
  f = d.write("d.csv", pvgis({row("2020-01-01 00", 0)}));
  EXPECT_EQ(read_error({f, WeatherFormat::pvgis_tmy, 2023}).field(), "time(UTC)");
  f = d.write("e.csv", "no header here\n1,2,3\n");
  EXPECT_THAT(read_error({f, WeatherFormat::pvgis_tmy, 2023}).detail(), HasSubstr("PVGIS TMY"));
  EXPECT_THAT(read_error({d / "missing.csv", WeatherFormat::pvgis_tmy, 2023}).detail(),
              HasSubstr("cannot open"));
}

TEST(Weather, CursorInterpolatesAndHoldsTheLastRecord) {
  WeatherData w;
  w.t = {utc(2023, 1, 1, 0), utc(2023, 1, 1, 1)};
  w.rec.resize(2);
  w.rec[0].irr.ghi = 100;
  w.rec[1].irr.ghi = 200;
  w.rec[1].temp_air_k = 300;
  w.end = utc(2023, 1, 1, 2);
  WeatherCursor c(w);
  EXPECT_EQ(c.at(utc(2023, 1, 1, 0)).irr.ghi, 100.0);
  EXPECT_NEAR(c.at(utc(2023, 1, 1, 0) + Time::minutes(15)).irr.ghi, 125.0, 1e-9);
  EXPECT_EQ(c.at(utc(2023, 1, 1, 1) + Time::minutes(59)).irr.ghi, 200.0);
  EXPECT_EQ(c.at(utc(2023, 1, 1, 1) + Time::minutes(59)).temp_air_k, 300.0);
  EXPECT_NEAR(c.at(utc(2023, 1, 1, 0) + Time::minutes(30)).irr.ghi, 150.0, 1e-9);  // backwards
}

const std::string kDtuHeader =
    "Time(utc),GHI,DNI,DHI,LWD,wind_speed_avg,wind_dir_avg,air_temperature,air_pressure,"
    "relative_humidity,rain_accumulation,rain_duration,rain_intensity";

TEST(Weather, DtuGapsFilledAndNightOffsetsClamped) {
  test::TempDir d;
  auto f = d.write("dtu.csv", kDtuHeader + "\n" +
                                  "2017-01-01 00:00:00,-3.0,-0.1,-2.0,,2.0,180,1.0,1010,90,0,0,0\n"
                                  "2017-01-01 00:01:00,,,,,,,,,,,,\n"
                                  "2017-01-01 00:02:00,10.0,0.0,10.0,,4.0,180,3.0,1012,90,0,0,0\n");
  WeatherData w = read_weather({f, WeatherFormat::dtu, 2017});
  ASSERT_EQ(w.t.size(), 3u);
  EXPECT_TRUE(std::isnan(w.rec[1].irr.ghi));  // empty until a policy fills it
  EXPECT_THROW(
      {
        WeatherData copy = w;
        repair_weather(copy, WeatherGaps{});
      },
      InputError);
  WeatherGaps interpolate;
  interpolate.rule.fill(GapRule{.fill = WeatherFill::interpolate});
  repair_weather(w, interpolate);
  EXPECT_EQ(w.rec[0].irr.ghi, 0.0);
  EXPECT_NEAR(w.rec[1].irr.ghi, 5.0, 1e-12);
  EXPECT_NEAR(w.rec[1].wind_speed, 3.0, 1e-12);
  EXPECT_NEAR(w.rec[1].pressure_pa, 101100.0, 1e-9);
  EXPECT_EQ(w.end, utc(2017, 1, 1) + Time::minutes(3));
  EXPECT_GE(w.repairs.size(), 2u);
  EXPECT_THAT(w.repairs.back(), HasSubstr("1 interpolated linearly"));
}

TEST(Weather, DtuMissingIrradianceColumn) {
  test::TempDir d;
  std::string h = kDtuHeader;
  h.replace(h.find("DNI,"), 4, "");
  auto f = d.write("dtu.csv", h + "\n2017-01-01 00:00:00,1,1,,2,180,1,1010,90,0,0,0\n");
  InputError e = read_error({f, WeatherFormat::dtu, 2017});
  EXPECT_EQ(e.field(), "DNI");
  EXPECT_EQ(e.line(), 1);
}

TEST(Weather, DtuRealMonth) {
  WF_REQUIRE_SHARED_DATA();
  WeatherData w =
      read_weather({test::shared_data() / "pv/dtu_2017_06.csv.gz", WeatherFormat::dtu, 2017});
  ASSERT_EQ(w.t.size(), 30u * 1440);
  EXPECT_EQ(w.t.front(), utc(2017, 6, 1));
  double max_ghi = 0;
  for (const auto& r : w.rec) {
    ASSERT_GE(r.irr.ghi, 0.0);
    max_ghi = std::max(max_ghi, r.irr.ghi);
  }
  EXPECT_GT(max_ghi, 800.0);
  EXPECT_LT(max_ghi, 1300.0);
}

}  // namespace
}  // namespace wf
