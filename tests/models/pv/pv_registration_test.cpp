// The `pv` scenario type with the model chain, end to end: PV-A through
// wf::run_scenario against pvlib, and bad weather input refused before the run.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "assembly/run.hpp"
#include "assembly/site_builder.hpp"
#include "models/pv/weather.hpp"
#include "sim/calendar.hpp"
#include "sim/csv_reader.hpp"
#include "sim/error.hpp"
#include "sim/time_format.hpp"
#include "tests/test_support.hpp"

namespace wf {
namespace {

using ::testing::HasSubstr;

const std::filesystem::path kPvA =
    std::filesystem::path(WF_SOURCE_DIR) / "scenarios/reference/pv_a.yaml";
const std::string kDev = "sites.pv_a.devices.roof.";

double pv_kwh(const RunResult& r) {
  for (const auto& v : r.sites.at(0).summary)
    if (v.name == "pv_energy") return v.value;
  throw std::out_of_range("no pv_energy");
}

struct Case {
  std::string sky, step;
  double ref_kwh;  // ../shared/data/reference/README.md
};

class PvAScenario : public ::testing::TestWithParam<Case> {};

TEST_P(PvAScenario, AnnualEnergyMatchesPvlib) {
  WF_REQUIRE_SHARED_DATA();
  const Case& c = GetParam();
  Scenario s = load_scenario(kPvA, {kDev + "array.sky=" + c.sky, kDev + "weather.step=" + c.step});
  const double kwh = pv_kwh(run_scenario(s, {}));
  fmt::print("pv_a.yaml {} {}: {:.1f} / {:.0f} kWh ({:+.4f} %)\n", c.sky, c.step, kwh, c.ref_kwh,
             100 * (kwh / c.ref_kwh - 1));
  EXPECT_NEAR(kwh / c.ref_kwh, 1.0, 0.005);
}

INSTANTIATE_TEST_SUITE_P(
    Sky, PvAScenario,
    ::testing::Values(Case{"isotropic", "1h", 151897}, Case{"haydavies", "1h", 156887},
                      Case{"perez", "1h", 159489}, Case{"isotropic", "1min", 151413},
                      Case{"haydavies", "1min", 156410}, Case{"perez", "1min", 159164}),
    [](const auto& i) { return i.param.sky + "_" + i.param.step; });

// A site around one PV device fed by `weather` (a YAML flow map body).
std::string scenario(const std::string& weather, const std::string& extra = "") {
  return fmt::format(
      "start: 2023-01-01T00:00:00Z\nduration: 2h\noutput_interval: 1h\nsites:\n  s:\n    devices:\n"
      "      grid: {{type: grid, import_limit: 1 MW, export_limit: 1 MW}}\n"
      "      bus: {{type: bus, connect: grid}}\n"
      "      roof: {{type: pv, connect: bus, {}array: {{tilt: 35 deg, dc_rating: 100 kW,\n"
      "        inverter: {{ac_rating: 100 kW}}}}, weather: {{{}}}}}\n",
      extra, weather);
}

std::string pvgis(const std::string& header, const std::vector<std::string>& rows) {
  std::string s =
      "Latitude (decimal degrees): 45.000\nLongitude (decimal degrees): 8.000\n" + header + "\n";
  for (const auto& r : rows) s += r + "\n";
  return s + "\nG(h): Global irradiance on the horizontal plane (W/m2)\n";
}

const std::string kHeader = "time(UTC),T2m,RH,G(h),Gb(n),Gd(h),IR(h),WS10m,WD10m,SP";
const std::vector<std::string> kRows = {
    "20180101:0000,2.0,94,0.0,0.0,0.0,283,0.75,257,99870",
    "20180101:0100,2.0,94,0.0,0.0,0.0,283,0.75,257,99870",
};

InputError build_error(const std::string& text) {
  return test::input_error([&] { build_sites(parse_scenario(text, "s.yaml")); });
}

TEST(PvRegistration, SmallWeatherFileRuns) {
  test::TempDir d;
  auto f = d.write("w.csv", pvgis(kHeader, kRows));
  EXPECT_NO_THROW(build_sites(parse_scenario(
      scenario(fmt::format("file: {}, format: pvgis_tmy, latitude: 45 deg, longitude: 8 deg",
                           f.string())),
      "s.yaml")));
}

TEST(PvRegistration, UnknownFormatNamesTheField) {
  test::TempDir d;
  auto f = d.write("w.csv", pvgis(kHeader, kRows));
  auto e = build_error(scenario(
      fmt::format("file: {}, format: epw2, latitude: 45 deg, longitude: 8 deg", f.string())));
  EXPECT_THAT(e.field(), HasSubstr("weather.format"));
  EXPECT_THAT(e.what(), HasSubstr("pvgis_tmy"));
}

TEST(PvRegistration, MissingIrradianceColumnNamesFileLineAndColumn) {
  test::TempDir d;
  auto f = d.write("w.csv", pvgis("time(UTC),T2m,RH,G(h),Gd(h),IR(h),WS10m,WD10m,SP",
                                  {"20180101:0000,2.0,94,0.0,0.0,283,0.75,257,99870"}));
  auto e = build_error(scenario(
      fmt::format("file: {}, format: pvgis_tmy, latitude: 45 deg, longitude: 8 deg", f.string())));
  EXPECT_EQ(e.file(), f.string());
  EXPECT_EQ(e.line(), 3);
  EXPECT_EQ(e.field(), "Gb(n)");
}

TEST(PvRegistration, IrradianceOutOfRangeNamesTheRow) {
  test::TempDir d;
  for (const std::string ghi : {"1600.0", "-60.0"}) {
    auto rows = kRows;
    rows[1] = "20180101:0100,2.0,94," + ghi + ",0.0,0.0,283,0.75,257,99870";
    auto f = d.write("w.csv", pvgis(kHeader, rows));
    auto e = build_error(scenario(fmt::format(
        "file: {}, format: pvgis_tmy, latitude: 45 deg, longitude: 8 deg", f.string())));
    EXPECT_EQ(e.line(), 5) << ghi;
    EXPECT_EQ(e.field(), "G(h)");
    EXPECT_THAT(e.what(), HasSubstr("between -50 and 1500 W/m2")) << ghi;
  }
}

TEST(PvRegistration, PowerAndArrayExcludeEachOther) {
  auto e = build_error(scenario(
      "file: w.csv, format: pvgis_tmy, latitude: 45 deg, longitude: 8 deg", "power: 5 kW, "));
  EXPECT_THAT(e.what(), HasSubstr("either 'power' or 'array'"));
}

TEST(PvRegistration, WeatherNotCoveringTheRun) {
  test::TempDir d;
  auto f = d.write("w.csv", pvgis(kHeader, kRows));
  auto text = scenario(
      fmt::format("file: {}, format: pvgis_tmy, latitude: 45 deg, longitude: 8 deg", f.string()));
  text.replace(text.find("duration: 2h"), 12, "duration: 3h");
  auto e = build_error(text);
  EXPECT_THAT(e.what(), HasSubstr("expected weather covering the run"));
}

TEST(PvRegistration, UnknownArrayFieldIsRefused) {
  auto text = scenario("file: w.csv, format: pvgis_tmy, latitude: 45 deg, longitude: 8 deg");
  text.replace(text.find("tilt:"), 5, "tilz:");
  auto e = build_error(text);
  EXPECT_THAT(e.what(), HasSubstr("tilz"));
}

double run_kwh(const std::string& text, std::uint64_t seed) {
  return pv_kwh(run_scenario(parse_scenario(text, "s.yaml"), {.seed = seed}));
}

TEST(PvRegistration, SyntheticWeatherIsSeeded) {
  auto text = scenario("format: synthetic, latitude: 45 deg, longitude: 8 deg, step: 5min");
  text.replace(text.find("duration: 2h"), 12, "duration: 30d");
  const double a = run_kwh(text, 1), b = run_kwh(text, 1), c = run_kwh(text, 2);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  EXPECT_GT(a, 1000.0);  // January at 45 N, 100 kWp: some thousands of kWh
  EXPECT_LT(a, 12000.0);
}

TEST(PvRegistration, SyntheticDayTypeSharesMustFit) {
  auto e =
      build_error(scenario("format: synthetic, latitude: 45 deg, longitude: 8 deg, clear_days: 70 "
                           "%, overcast_days: 40 %"));
  EXPECT_THAT(e.field(), HasSubstr("overcast_days"));
  auto f =
      build_error(scenario("format: synthetic, latitude: 45 deg, longitude: 8 deg, file: x.csv"));
  EXPECT_THAT(f.what(), HasSubstr("file"));
}

// The DTU Lyngby 2017 year (twelve monthly 1-min files) at 40 deg south, with `gaps`.
std::string dtu_year(const std::vector<std::filesystem::path>& files, const std::string& gaps) {
  std::string list;
  for (const auto& f : files) list += (list.empty() ? "" : ", ") + f.string();
  return fmt::format(
      "start: 2017-01-01T00:00:00Z\nduration: 365d\noutput_interval: 1h\nsites:\n  dtu:\n    "
      "devices:\n"
      "      grid: {{type: grid, import_limit: 1 MW, export_limit: 1 MW}}\n"
      "      bus: {{type: bus, connect: grid}}\n"
      "      roof: {{type: pv, connect: bus, array: {{tilt: 40 deg, dc_rating: 10 kW, sky: perez,\n"
      "        inverter: {{ac_rating: 10 kW}}}}, weather: {{file: [{}], format: dtu,\n"
      "        latitude: 55.79064 deg, longitude: 12.52505 deg, step: 1min{}}}}}\n",
      list, gaps.empty() ? "" : ", gaps: " + gaps);
}

std::vector<std::filesystem::path> dtu_files() {
  std::vector<std::filesystem::path> out;
  for (int m = 1; m <= 12; ++m)
    out.push_back(test::shared_data() / fmt::format("pv/dtu_2017_{:02}.csv.gz", m));
  return out;
}

// pvlib-style cleaning: gaps up to 10 min bridged, longer irradiance outages dark,
// longer temperature, wind and pressure outages at the month's mean.
const std::string kDtuGaps =
    "{irradiance: {fill: interpolate, max_gap: 10min, beyond: zero}, "
    "all: {fill: interpolate, max_gap: 10min, beyond: month_mean}}";

// A year of measured 1-min weather through the chain: the yield must be a Danish one
// (about 1000 kWh/kWp for 40 deg south).
TEST(PvRegistration, DtuYearAtOneMinute) {
  WF_REQUIRE_SHARED_DATA();
  const std::string text = dtu_year(dtu_files(), kDtuGaps);
  EXPECT_THAT(build_error(dtu_year(dtu_files(), "")).what(), HasSubstr("expected a value"));
  const double kwh_per_kwp = run_kwh(text, 0) / 10;
  fmt::print("DTU Lyngby 2017, 40 deg south, Perez: {:.0f} kWh/kWp\n", kwh_per_kwp);
  EXPECT_GT(kwh_per_kwp, 850);
  EXPECT_LT(kwh_per_kwp, 1250);
}

// The same rule applied by this test to the files beforehand (an independent cleaner
// on the CSV text) gives the same year as the policy applied by the reader.
TEST(PvRegistration, DtuGapPolicyEqualsPrecleanedFiles) {
  WF_REQUIRE_SHARED_DATA();
  test::TempDir dir;
  const std::vector<std::string> cols{
      "GHI", "DNI", "DHI", "air_temperature", "wind_speed_avg", "air_pressure"};
  std::vector<CsvTable> tables;
  std::vector<std::filesystem::path> cleaned;
  for (const auto& f : dtu_files()) tables.push_back(read_csv(f));
  // The year as one sequence of rows; the files have no missing rows (checked).
  std::vector<std::pair<std::size_t, std::size_t>> rows;  // (file, row)
  for (std::size_t f = 0; f < tables.size(); ++f)
    for (std::size_t r = 0; r < tables[f].rows.size(); ++r) rows.push_back({f, r});
  auto time_of = [&](std::size_t k) {
    const auto& [f, r] = rows[k];
    return parse_datetime(tables[f].rows[r][std::size_t(tables[f].column("Time(utc)"))])->t;
  };
  for (std::size_t k = 1; k < rows.size(); ++k)
    ASSERT_EQ(time_of(k) - time_of(k - 1), Time::minutes(1)) << "row " << k;
  std::size_t filled = 0;
  for (std::size_t c = 0; c < cols.size(); ++c) {
    auto at = [&](std::size_t k) -> std::string& {
      const auto& [f, r] = rows[k];
      return tables[f].rows[r][std::size_t(tables[f].column(cols[c]))];
    };
    std::vector<double> v(rows.size(), std::nan(""));
    std::map<std::string, std::pair<double, int>> month;  // "2017-04": (sum, count)
    for (std::size_t k = 0; k < rows.size(); ++k) {
      if (at(k).empty()) continue;
      v[k] = std::stod(at(k));
      if (c < 3) v[k] = std::max(0.0, v[k]);  // the reader's night-offset clamp
      auto& m = month[tables[rows[k].first].rows[rows[k].second][0].substr(0, 7)];
      m.first += v[k], ++m.second;
    }
    for (std::size_t a = 0; a < rows.size();) {
      if (!std::isnan(v[a])) {
        ++a;
        continue;
      }
      std::size_t b = a;
      while (b < rows.size() && std::isnan(v[b])) ++b;
      const bool short_gap = b - a <= 10;  // minutes from the first empty to the next value
      for (std::size_t k = a; k < b; ++k, ++filled) {
        double x;
        if (short_gap && a > 0 && b < rows.size())
          x = v[a - 1] + double(k - (a - 1)) / double(b - (a - 1)) * (v[b] - v[a - 1]);
        else if (short_gap)  // at an end of the year: the nearest value held
          x = a > 0 ? v[a - 1] : v[b];
        else if (c < 3)
          x = 0;
        else {
          const auto& m = month.at(tables[rows[k].first].rows[rows[k].second][0].substr(0, 7));
          x = m.first / m.second;
        }
        at(k) = fmt::format("{:.17g}", x);
      }
      a = b;
    }
  }
  ASSERT_GT(filled, 10000u);  // the April GHI outage, December's temperature, single minutes
  for (std::size_t f = 0; f < tables.size(); ++f) {
    std::string text = fmt::format("{}\n", fmt::join(tables[f].header, ","));
    for (const auto& row : tables[f].rows) text += fmt::format("{}\n", fmt::join(row, ","));
    cleaned.push_back(dir.write(fmt::format("clean_{:02}.csv", f + 1), text));
  }
  const double by_policy = run_kwh(dtu_year(dtu_files(), kDtuGaps), 0);
  const double precleaned = run_kwh(dtu_year(cleaned, ""), 0);
  fmt::print("DTU 2017 by policy {:.6f} kWh, pre-cleaned files {:.6f} kWh\n", by_policy,
             precleaned);
  EXPECT_NEAR(by_policy, precleaned, 1e-9 * precleaned);
}

// Clipping in /summary and as a channel: 120 kW of PV behind a 100 kW `ac_limit`, the
// first hour only (a two-step trace), loses 20 kWh in 60 minutes.
TEST(PvRegistration, ClippedEnergyAndMinutes) {
  test::TempDir d;
  auto f = d.write("pv.csv", "time,power\n2023-01-01T00:00:00Z,120\n2023-01-01T01:00:00Z,80\n");
  const std::string text = fmt::format(
      "start: 2023-01-01T00:00:00Z\nduration: 2h\noutput_interval: 1h\nsites:\n  s:\n    "
      "devices:\n"
      "      grid: {{type: grid, import_limit: 1 MW, export_limit: 1 MW}}\n"
      "      bus: {{type: bus, connect: grid}}\n"
      "      roof: {{type: pv, connect: bus, ac_limit: 100 kW, power: {{file: {}, unit: kW}}}}\n",
      f.string());
  const RunResult r = run_scenario(parse_scenario(text, "s.yaml"), {});
  auto value = [&](const std::string& name) {
    for (const auto& v : r.sites.at(0).summary)
      if (v.name == name) return v.value;
    throw std::out_of_range(name);
  };
  EXPECT_NEAR(value("pv_clipped_energy"), 20.0, 1e-9);
  EXPECT_NEAR(value("pv_clipped_minutes"), 60.0, 1e-9);
  EXPECT_NEAR(value("pv_energy"), 180.0, 1e-9);
}

// The same hourly weather as EPW (local hours, UTC+1, location in the header) and as a
// PVGIS file stamped at the EPW rows' mid-hour instants in UTC: the same PV energy.
TEST(PvRegistration, EpwEqualsTheSameWeatherAsPvgis) {
  test::TempDir d;
  std::string epw =
      "LOCATION,Turin,-,ITA,test,0,45.0,8.0,1.0,250\nDESIGN CONDITIONS,0\n"
      "TYPICAL/EXTREME PERIODS,0\nGROUND TEMPERATURES,0\nHOLIDAYS/DAYLIGHT SAVINGS,No,0,0,0\n"
      "COMMENTS 1,\nCOMMENTS 2,\nDATA PERIODS,1,1,Data,Sunday, 1/ 1,12/31\n";
  std::vector<std::string> rows;
  for (int day = 0; day < 365; ++day)
    for (int h = 1; h <= 24; ++h) {
      const Time local = Time::days(days_from_civil(2023, 1, 1) + day) + Time::hours(h);
      const auto f = TimeZone::utc().fields(local - Time::hours(1));  // the hour's calendar day
      const double sun =
          std::max(0.0, 800 * std::sin((h - 6.5) / 13 * 3.14159)) * (1 + day % 3) / 3;
      const double temp = 5 + 10 * std::sin(day / 58.0) + 0.3 * h, wind = 1 + h % 4;
      epw += fmt::format(
          "2023,{},{},{},60,?,{},0,80,100500,9999,9999,400,{},{},{},0,0,0,0,180,{},"
          "5,5,9999,77777,9,999999999,0,0.1,0,88,0.2,0,1\n",
          f.month, f.day, h, temp, sun, 0.6 * sun, 0.35 * sun, wind);
      const auto u = TimeZone::utc().fields(local - Time::minutes(30) - Time::hours(1));
      rows.push_back(fmt::format("{:04}{:02}{:02}:{:02}30,{},80,{},{},{},300,{},180,100500", u.year,
                                 u.month, u.day, u.hour, temp, sun, 0.6 * sun, 0.35 * sun, wind));
    }
  const auto fe = d.write("w.epw", epw);
  const auto fp = d.write("w.csv", pvgis(kHeader, rows));
  auto kwh = [](const std::string& weather) {
    std::string text = scenario(weather);
    text.replace(text.find("start: 2023-01-01T00:00:00Z"), 27, "start: 2023-02-01T00:00:00Z");
    text.replace(text.find("duration: 2h"), 12, "duration: 300d");
    return pv_kwh(run_scenario(parse_scenario(text, "s.yaml"), {}));
  };
  const double from_epw = kwh(fmt::format("file: {}, format: epw", fe.string()));
  const double from_pvgis = kwh(
      fmt::format("file: {}, format: pvgis_tmy, latitude: 45 deg, longitude: 8 deg", fp.string()));
  EXPECT_GT(from_epw, 1000);
  EXPECT_NEAR(from_epw, from_pvgis, 1e-9 * from_pvgis);
  // A location given in the scenario overrides the header's.
  EXPECT_NE(kwh(fmt::format("file: {}, format: epw, latitude: 50 deg", fe.string())), from_epw);
}

TEST(PvRegistration, WeatherFilesMustFollowEachOther) {
  test::TempDir d;
  auto f = d.write("w.csv", pvgis(kHeader, kRows));
  auto e = build_error(scenario(fmt::format(
      "file: [{0}, {0}], format: pvgis_tmy, latitude: 45 deg, longitude: 8 deg", f.string())));
  EXPECT_THAT(e.what(), HasSubstr("expected this file to start after"));
}

}  // namespace
}  // namespace wf

namespace wf {
namespace {

TEST(PvRegistration, ChainChannelsGoToTheResult) {
  auto text = scenario("format: synthetic, latitude: 45 deg, longitude: 8 deg, step: 5min");
  text.replace(text.find("duration: 2h"), 12, "duration: 3d");
  RunOptions o;
  o.keep_columns = true;
  const RunResult r = run_scenario(parse_scenario(text, "s.yaml"), o);
  const SiteResult& s = r.sites.at(0);
  auto column = [&](const std::string& name) -> const std::vector<double>& {
    for (std::size_t i = 0; i < s.channels.size(); ++i)
      if (s.channels[i].name == name) return s.columns.at(i);
    throw std::out_of_range("no channel " + name);
  };
  const auto &ac = column("pv_power"), &dc = column("pv_dc_power");
  const auto &poa = column("poa_irradiance"), &cell = column("pv_cell_temperature");
  ASSERT_EQ(ac.size(), 72u);
  double ac_sum = 0, dc_sum = 0, poa_max = 0;
  for (std::size_t k = 0; k < ac.size(); ++k) {
    EXPECT_LE(ac[k], dc[k] + 1e-9) << k;  // the inverter only loses
    EXPECT_GE(poa[k], 0);
    EXPECT_LT(poa[k], 1400);  // W/m2: below the solar constant
    EXPECT_GT(cell[k], 220);  // K: a January night in the Alps' foothills, not absolute zero
    EXPECT_LT(cell[k], 350);
    ac_sum += ac[k], dc_sum += dc[k], poa_max = std::max(poa_max, poa[k]);
  }
  EXPECT_GT(poa_max, 100);
  EXPECT_GT(ac_sum, 0.9 * dc_sum);  // inverter efficiency of the PVWatts model
  EXPECT_LT(ac_sum, dc_sum);
}

}  // namespace
}  // namespace wf
