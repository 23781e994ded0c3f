// EnergyPlus weather (EPW): a file written by the test from known values is read back
// to the same values at the same instants; the header's location; missing codes;
// typical-year ends; line-precise errors.
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "models/pv/weather.hpp"
#include "sim/error.hpp"
#include "tests/test_support.hpp"

namespace wf {
namespace {

using ::testing::HasSubstr;

constexpr double kDeg = std::numbers::pi / 180;

Time utc(int y, unsigned m, unsigned d, int h = 0) {
  return Time::days(days_from_civil(y, m, d)) + Time::hours(h);
}

// The known weather of hour-ending `h` (1..24) on day-of-year `doy`: every field distinct.
struct Hour {
  double ghi, dni, dhi, temp_c, wind, pressure_pa;
};
Hour known(int doy, int h) {
  const double sun = h >= 8 && h <= 17 ? 100.0 + 10 * (h - 8) + 0.1 * (doy % 50) : 0.0;
  return {sun, 0.5 * sun, 0.3 * sun, -5.0 + 0.05 * doy + 0.1 * h, 0.1 * (h % 9), 99000.0 + doy + h};
}

const std::string kHeader =
    "LOCATION,Lyngby,-,DNK,test,061800,55.79,12.52,{},{}\n"
    "DESIGN CONDITIONS,0\nTYPICAL/EXTREME PERIODS,0\nGROUND TEMPERATURES,0\n"
    "HOLIDAYS/DAYLIGHT SAVINGS,No,0,0,0\nCOMMENTS 1,written by weather_epw_test\n"
    "COMMENTS 2,\nDATA PERIODS,1,{},Data,Sunday, 1/ 1,12/31\n";

// One data row as EnergyPlus writes it: 35 fields, unused ones set to their missing codes.
std::string epw_row(int year, unsigned month, unsigned day, int h, const Hour& v) {
  return fmt::format(
      "{},{},{},{},60,?9?9?9?9E0?9?9?9?9?9?9?9?9?9?9?9?9?9*9*9?9?9?9,{},0.0,80,{},9999,9999,400,"
      "{},{},{},999999,999999,999999,9999,180,{},5,5,9999,77777,9,999999999,0,0.1,0,88,0.2,0,"
      "1\n",
      year, month, day, h, v.temp_c, v.pressure_pa, v.ghi, v.dni, v.dhi, v.wind);
}

// A whole common year at UTC+1, in file order.
std::string epw_year(int file_year, double tz = 1, double elevation = 14) {
  std::string s = fmt::format(fmt::runtime(kHeader), tz, elevation, 1);
  constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int doy = 0;
  for (unsigned m = 1; m <= 12; ++m)
    for (unsigned d = 1; d <= kDays[m - 1]; ++d) {
      ++doy;
      for (int h = 1; h <= 24; ++h) s += epw_row(file_year, m, d, h, known(doy, h));
    }
  return s;
}

void expect_sample(const WeatherSample& s, const Hour& v) {
  EXPECT_DOUBLE_EQ(s.irr.ghi, v.ghi);
  EXPECT_DOUBLE_EQ(s.irr.dni, v.dni);
  EXPECT_DOUBLE_EQ(s.irr.dhi, v.dhi);
  EXPECT_NEAR(s.temp_air_k, v.temp_c + 273.15, 1e-9);
  EXPECT_DOUBLE_EQ(s.wind_speed, v.wind);
  EXPECT_DOUBLE_EQ(s.pressure_pa, v.pressure_pa);
}

TEST(WeatherEpw, RoundTripOfAWholeYear) {
  test::TempDir dir;
  const auto f = dir.write("lyngby.epw", epw_year(2011));
  const WeatherData w = read_weather({f, WeatherFormat::epw, 2023});
  ASSERT_TRUE(w.site);
  EXPECT_NEAR(w.site->latitude / kDeg, 55.79, 1e-12);
  EXPECT_NEAR(w.site->longitude / kDeg, 12.52, 1e-12);
  EXPECT_EQ(w.site->altitude_m, 14);
  EXPECT_EQ(w.site->utc_offset, Time::hours(1));
  // 8760 hours plus one record repeated beyond each end of the typical year.
  ASSERT_EQ(w.t.size(), 8762u);
  // Hour-ending h local (UTC+1) is placed at its middle: h - 1.5 h UTC.
  auto find = [&](Time t) {
    const auto it = std::find(w.t.begin(), w.t.end(), t);
    EXPECT_NE(it, w.t.end()) << t.count_us();
    return static_cast<std::size_t>(it - w.t.begin());
  };
  for (int doy : {1, 59, 172, 365})
    for (int h : {1, 2, 9, 12, 17, 24}) {
      Time local = utc(2023, 1, 1) + Time::days(doy - 1) + Time::hours(h) - Time::minutes(30);
      Time t = local - Time::hours(1);
      if (t < utc(2023, 1, 1)) t += Time::days(365);  // the first half hour went round
      SCOPED_TRACE(fmt::format("doy {} hour {}", doy, h));
      expect_sample(w.rec[find(t)], known(doy, h));
    }
  // The ends join: one record before the year and one after it, the year covered.
  EXPECT_LT(w.t.front(), utc(2023, 1, 1));
  EXPECT_GE(w.end, utc(2024, 1, 1));
  expect_sample(w.rec.front(), known(1, 1));  // 1 Jan 00:30 local = 31 Dec 23:30 UTC
  expect_sample(w.rec.back(), known(1, 2));
  EXPECT_EQ(w.line[find(utc(2023, 6, 1, 11) + Time::minutes(30))],
            8u + 151 * 24 + 13);  // 1 June, hour-ending 13 local
}

TEST(WeatherEpw, ByteOrderMarkIsIgnored) {
  test::TempDir dir;
  const std::string text = fmt::format(fmt::runtime(kHeader), 1, 14, 1) +
                           epw_row(2023, 1, 1, 1, known(1, 1)) +
                           epw_row(2023, 1, 1, 2, known(1, 2));
  const auto f = dir.write("bom.epw", "\xEF\xBB\xBF" + text);
  EXPECT_EQ(read_weather({f, WeatherFormat::epw, 2023}).t.size(), 2u);
}

TEST(WeatherEpw, MissingCodesBecomeGapsForThePolicy) {
  test::TempDir dir;
  std::string s = fmt::format(fmt::runtime(kHeader), 0, 0, 1);
  for (int h = 1; h <= 6; ++h) {
    std::string r = epw_row(2023, 3, 1, h, known(60, h));
    if (h == 3) {  // temperature 99.9, pressure 999999, GHI 9999 and wind 999: missing
      r = fmt::format(
          "2023,3,1,3,60,?,99.9,0.0,80,999999,9999,9999,400,9999,{},{},999999,999999,999999,"
          "9999,180,999,5,5,9999,77777,9,999999999,0,0.1,0,88,0.2,0,1\n",
          known(60, 3).dni, known(60, 3).dhi);
    }
    s += r;
  }
  const auto f = dir.write("gaps.epw", s);
  WeatherData w = read_weather({f, WeatherFormat::epw, 2023});
  ASSERT_EQ(w.t.size(), 6u);  // not a whole year: no ends joined
  EXPECT_TRUE(std::isnan(w.rec[2].irr.ghi));
  EXPECT_TRUE(std::isnan(w.rec[2].temp_air_k));
  EXPECT_TRUE(std::isnan(w.rec[2].wind_speed));
  EXPECT_TRUE(std::isnan(w.rec[2].pressure_pa));
  EXPECT_DOUBLE_EQ(w.rec[2].irr.dni, known(60, 3).dni);
  // The default policy refuses them with file, line and the EPW field's name.
  try {
    WeatherData copy = w;
    repair_weather(copy, WeatherGaps{});
    ADD_FAILURE() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("gaps.epw"));
    EXPECT_THAT(e.what(), HasSubstr(":11"));
    EXPECT_THAT(e.what(), HasSubstr("global horizontal radiation"));
  }
  WeatherGaps interpolate;
  interpolate.rule.fill(GapRule{WeatherFill::interpolate});
  repair_weather(w, interpolate);
  EXPECT_NEAR(w.rec[2].temp_air_k, 0.5 * (w.rec[1].temp_air_k + w.rec[3].temp_air_k), 1e-9);
  EXPECT_NEAR(w.rec[2].pressure_pa, 0.5 * (w.rec[1].pressure_pa + w.rec[3].pressure_pa), 1e-9);
}

TEST(WeatherEpw, LeapYearGetsTheTwentyEighthOnce) {
  test::TempDir dir;
  const auto f = dir.write("y.epw", epw_year(2011, 0));
  const WeatherData w = read_weather({f, WeatherFormat::epw, 2024});
  ASSERT_EQ(w.t.size(), 8784u + 2);
  ASSERT_FALSE(w.repairs.empty());
  EXPECT_THAT(w.repairs.back(), HasSubstr("29 February filled with the 24 records"));
  const auto it = std::find(w.t.begin(), w.t.end(), utc(2024, 2, 29, 11) + Time::minutes(30));
  ASSERT_NE(it, w.t.end());
  expect_sample(w.rec[static_cast<std::size_t>(it - w.t.begin())], known(59, 12));
}

InputError read_error(const std::string& text) {
  test::TempDir dir;
  const auto f = dir.write("bad.epw", text);
  try {
    read_weather({f, WeatherFormat::epw, 2023});
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << "no InputError";
  return InputError("", 0, "", "");
}

TEST(WeatherEpw, BadInputNamesFileLineAndField) {
  const std::string head = fmt::format(fmt::runtime(kHeader), 1, 14, 1);
  const std::string good = epw_row(2023, 1, 1, 1, known(1, 1));
  EXPECT_THAT(read_error("time,GHI\n").what(), HasSubstr("bad.epw:1: LOCATION: expected an EPW"));
  EXPECT_THAT(read_error("LOCATION,x,-,x,x,0,95,8,1,14\n").what(),
              HasSubstr("bad.epw:1: latitude: expected a value between -90 and 90 deg"));
  EXPECT_THAT(read_error(fmt::format(fmt::runtime(kHeader), 1, 14, 4) + good).what(),
              HasSubstr("bad.epw:8: records per hour: expected 1 (an hourly EPW), got 4"));
  EXPECT_THAT(read_error("LOCATION,x,-,x,x,0,55,8,1,14\nCOMMENTS 1,\n").what(),
              HasSubstr("DATA PERIODS"));
  std::string bad_hour = good;
  bad_hour.replace(bad_hour.find(",1,60,"), 6, ",25,60,");
  EXPECT_THAT(read_error(head + good + bad_hour).what(),
              HasSubstr("bad.epw:10: hour: expected a whole number from 1 to 24, got 25"));
  std::string hot = good;
  const std::string cell = fmt::format(",{},", known(1, 1).temp_c);
  hot.replace(hot.find(cell), cell.size(), ",85.0,");
  EXPECT_THAT(read_error(head + good + hot).what(),
              HasSubstr("bad.epw:10: dry bulb temperature: expected a value between -90 and 70"));
  EXPECT_THAT(read_error(head + good + "2023,1,1,2,60,?,1.0\n").what(),
              HasSubstr("bad.epw:10: expected at least 22 fields (an EPW data row has 35), got 7"));
  EXPECT_THAT(read_error(head + good).what(), HasSubstr("expected at least two weather records"));
}

}  // namespace
}  // namespace wf
