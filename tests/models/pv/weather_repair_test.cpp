// The `gaps` policies of weather files: each policy and max_gap on records with known
// gaps, counts equal to the cells changed, missing rows, closure, refusals.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <regex>

#include "models/pv/weather.hpp"
#include "sim/error.hpp"

namespace wf {
namespace {

using ::testing::HasSubstr;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// One record a minute from 2017-01-01 (UTC) with GHI = `ghi[k]` (NaN: empty) and every
// other column a ramp; `skip` minutes have no row at all.
WeatherData minutes(const std::vector<double>& ghi, const std::vector<int>& skip = {}) {
  WeatherData d;
  d.files = {"w.csv"};
  const Time t0 = Time::days(days_from_civil(2017, 1, 1));
  for (std::size_t k = 0; k < ghi.size(); ++k) {
    if (std::find(skip.begin(), skip.end(), int(k)) != skip.end()) continue;
    WeatherSample s;
    s.irr = {ghi[k], 100.0 + double(k), 50.0};
    s.temp_air_k = 273.15 + double(k);
    s.wind_speed = 2, s.pressure_pa = 101325;
    d.t.push_back(t0 + Time::minutes(int(k)));
    d.rec.push_back(s);
    d.line.push_back(std::uint32_t(k + 2));
    d.file_of.push_back(0);
  }
  d.end = d.t.back() + Time::minutes(1);
  return d;
}

WeatherGaps ghi_rule(GapRule r) {
  WeatherGaps g;
  g.rule[0] = r;
  return g;
}

// The count a repair line gives for a policy ("... 3 interpolated linearly; ...").
std::size_t count_of(const std::vector<std::string>& repairs, const std::string& what) {
  std::size_t n = 0;
  for (const auto& line : repairs) {
    std::smatch m;
    if (std::regex_search(line, m, std::regex("(\\d+) " + what))) n += std::stoul(m[1]);
  }
  return n;
}

TEST(WeatherRepair, ShortGapsInterpolatedLongOnesZero) {
  // a 2-min gap (minutes 2-3) and a 6-min gap (minutes 8-13) with max_gap 5 min
  std::vector<double> g{10,   20,   kNaN, kNaN, 50,   60,   70, 80,
                        kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, 200};
  WeatherData d = minutes(g);
  repair_weather(d, ghi_rule({WeatherFill::interpolate, Time::minutes(5), WeatherFill::zero}));
  EXPECT_DOUBLE_EQ(d.rec[2].irr.ghi, 30);
  EXPECT_DOUBLE_EQ(d.rec[3].irr.ghi, 40);
  for (int k = 8; k < 14; ++k) EXPECT_EQ(d.rec[k].irr.ghi, 0) << k;
  EXPECT_DOUBLE_EQ(d.rec[14].irr.ghi, 200);
  EXPECT_EQ(count_of(d.repairs, "interpolated linearly"), 2u);
  EXPECT_EQ(count_of(d.repairs, "set to 0"), 6u);
  ASSERT_EQ(d.repairs.size(), 1u);
  EXPECT_THAT(d.repairs[0], HasSubstr("w.csv: GHI: empty cells:"));
}

TEST(WeatherRepair, MaxGapIsInclusive) {
  std::vector<double> g{10, kNaN, kNaN, kNaN, kNaN, kNaN, 70};  // 5 min from first empty to value
  WeatherData d = minutes(g);
  repair_weather(d, ghi_rule({WeatherFill::hold, Time::minutes(5), WeatherFill::error}));
  for (int k = 1; k < 6; ++k) EXPECT_EQ(d.rec[k].irr.ghi, 10);
  WeatherData e = minutes(g);
  EXPECT_THROW(
      repair_weather(e, ghi_rule({WeatherFill::hold, Time::minutes(4), WeatherFill::error})),
      InputError);
}

TEST(WeatherRepair, ErrorNamesFileLineColumnAndGap) {
  WeatherData d = minutes({10, 20, kNaN, kNaN, 50});
  try {
    repair_weather(d, WeatherGaps{});
    FAIL() << "an empty cell must be refused by default";
  } catch (const InputError& e) {
    EXPECT_EQ(e.line(), 4);  // minute 2 is line 4
    EXPECT_EQ(e.field(), "GHI");
    EXPECT_THAT(e.what(), HasSubstr("w.csv"));
    EXPECT_THAT(e.what(), HasSubstr("2017-01-01T00:02:00Z"));
    EXPECT_THAT(e.what(), HasSubstr("(2 records)"));
  }
}

TEST(WeatherRepair, HoldAtTheEndsAndBackwardsAtTheStart) {
  WeatherData d = minutes({kNaN, kNaN, 30, 40, kNaN});
  repair_weather(d, ghi_rule({.fill = WeatherFill::interpolate}));
  EXPECT_EQ(d.rec[0].irr.ghi, 30);
  EXPECT_EQ(d.rec[1].irr.ghi, 30);
  EXPECT_EQ(d.rec[4].irr.ghi, 40);
  // the repair line says what was done: no interpolation at the ends
  EXPECT_EQ(count_of(d.repairs, "interpolated linearly"), 0u);
  EXPECT_EQ(count_of(d.repairs, "held at the value before"), 1u);
  EXPECT_EQ(count_of(d.repairs, "held back from the first value"), 2u);
}

TEST(WeatherRepair, MonthMeanOfTheFilesValuesOnly) {
  WeatherData d = minutes({10, kNaN, 30, kNaN, kNaN, 80});
  repair_weather(d, ghi_rule({.fill = WeatherFill::month_mean}));
  for (int k : {1, 3, 4}) EXPECT_DOUBLE_EQ(d.rec[k].irr.ghi, 40) << k;  // (10 + 30 + 80) / 3
  EXPECT_EQ(count_of(d.repairs, "set to the month's mean"), 3u);
}

TEST(WeatherRepair, MissingRowsAreGaps) {
  // minutes 3 and 4 have no row: every column is empty there
  WeatherData d = minutes({0, 10, 20, 30, 40, 50, 60}, {3, 4});
  ASSERT_EQ(d.t.size(), 5u);
  EXPECT_THROW(
      {
        WeatherData e = d;
        repair_weather(e, WeatherGaps{});
      },
      InputError);
  WeatherGaps g;
  g.rule.fill({.fill = WeatherFill::interpolate});
  repair_weather(d, g);
  ASSERT_EQ(d.t.size(), 7u);
  EXPECT_EQ(d.t[3] - d.t[2], Time::minutes(1));
  EXPECT_DOUBLE_EQ(d.rec[3].irr.ghi, 30);
  EXPECT_DOUBLE_EQ(d.rec[4].temp_air_k, 273.15 + 4);
  EXPECT_EQ(d.line[3], 0u);  // not a line of the file
  EXPECT_EQ(count_of(d.repairs, "interpolated linearly"), 2u * kWeatherColumns);
}

TEST(WeatherRepair, CountsEqualTheCellsChanged) {
  std::vector<double> g(500);
  std::size_t empty = 0;
  for (std::size_t k = 0; k < g.size(); ++k) {
    const bool gap = (k * 7919) % 13 < 3 && k > 0 && k + 1 < g.size();
    g[k] = gap ? kNaN : double(k);
    empty += gap;
  }
  WeatherData d = minutes(g);
  repair_weather(d, ghi_rule({WeatherFill::interpolate, Time::minutes(2), WeatherFill::hold}));
  std::size_t changed = 0;
  for (std::size_t k = 0; k < g.size(); ++k) {
    ASSERT_FALSE(std::isnan(d.rec[k].irr.ghi));
    changed += std::isnan(g[k]);
  }
  EXPECT_EQ(changed, empty);
  EXPECT_EQ(count_of(d.repairs, "interpolated linearly") +
                count_of(d.repairs, "held at the value before"),
            empty);
}

TEST(WeatherRepair, ClosureFillsTheMissingComponent) {
  WeatherData d = minutes({kNaN, 500, 500});
  d.rec[1].irr.dni = kNaN;
  d.rec[2].irr.dhi = kNaN;
  WeatherGaps g;
  g.closure = true;
  repair_weather(d, g, [](Time) { return 0.5; });
  EXPECT_DOUBLE_EQ(d.rec[0].irr.ghi, 50 + 100 * 0.5);         // DHI + DNI cos z
  EXPECT_DOUBLE_EQ(d.rec[1].irr.dni, (500 - 50) / 0.5);       // (GHI - DHI) / cos z
  EXPECT_DOUBLE_EQ(d.rec[2].irr.dhi, 500 - (100 + 2) * 0.5);  // GHI - DNI cos z
  EXPECT_EQ(count_of(d.repairs, "from the other two by closure"), 3u);
}

TEST(WeatherRepair, ClosureLeavesDniToItsRuleWithTheSunLow) {
  WeatherData d = minutes({5, 5});
  d.rec[0].irr.dni = kNaN;
  WeatherGaps g;
  g.closure = true;
  EXPECT_THROW(repair_weather(d, g, [](Time) { return 0.01; }), InputError);
}

TEST(WeatherRepair, AnEmptyColumnIsRefused) {
  WeatherData d = minutes({kNaN, kNaN, kNaN});
  try {
    repair_weather(d, ghi_rule({.fill = WeatherFill::zero}));
    FAIL();
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("the column is empty"));
  }
}

}  // namespace
}  // namespace wf
