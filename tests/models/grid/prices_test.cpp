#include "models/grid/prices.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "sim/error.hpp"
#include "sim/time_format.hpp"
#include "tests/test_support.hpp"

namespace wf {
namespace {

using test::at;

ConfigNode node(const test::TempDir& d, const std::string& yaml) {
  return test::field_of(d, yaml, "prices");
}

TEST(Splice, HourlyThenQuarterHoursAtTheSwitch) {
  const Time sw = at("2025-09-30T22:00Z");  // 2025-10-01 00:00 CEST
  StepSeries hourly({sw - Time::hours(2), sw - Time::hours(1)}, {10, 20}, sw);
  StepSeries quarter({sw, sw + Time::minutes(15), sw + Time::minutes(30)}, {1, 2, 3},
                     sw + Time::minutes(45));
  StepSeries s = splice(hourly, quarter, sw);
  EXPECT_EQ(s.times(), (std::vector<Time>{sw - Time::hours(2), sw - Time::hours(1), sw,
                                          sw + Time::minutes(15), sw + Time::minutes(30)}));
  EXPECT_EQ(s.values(), (std::vector<double>{10, 20, 1, 2, 3}));
  EXPECT_EQ(s.end(), sw + Time::minutes(45));
}

TEST(Splice, SwitchInsideSegmentsCutsBoth) {
  StepSeries a({Time::hours(0)}, {5}, Time::hours(3));
  StepSeries b({Time::hours(1)}, {7}, Time::hours(4));
  StepSeries s = splice(a, b, Time::hours(2));
  EXPECT_EQ(s.times(), (std::vector<Time>{Time::hours(0), Time::hours(2)}));
  EXPECT_EQ(s.values(), (std::vector<double>{5, 7}));
}

TEST(ReadPrices, ConstantPrice) {
  test::TempDir d;
  auto p = read_prices(node(d, "prices: 60 EUR/MWh\n"), Time::zero(), Time::days(1));
  EXPECT_DOUBLE_EQ(p.eur_per_mwh.value_at(Time::hours(5)), 60);
  EXPECT_THROW(read_prices(node(d, "prices: 60 kW\n"), Time::zero(), Time::days(1)), InputError);
}

// A run across 2025-10-01: the ENTSO-E hourly export for the last September day (local
// CEST), then Energinet's 15-minute DayAheadPrices from the first October day on.
TEST(ReadPrices, RunAcrossThe15MinuteSwitchUsesHourlyThenQuarterHours) {
  test::TempDir d;
  std::string hourly =
      "\"MTU (CET/CEST)\",\"Day-ahead Price [EUR/MWh]\",\"Currency\",\"BZN|DK2\"\n";
  for (int h = 0; h < 24; ++h)
    hourly += fmt::format("\"30.09.2025 {:02}:00 - 30.09.2025 {:02}:00\",\"{}\",\"EUR\"\n", h,
                          (h + 1) % 24, 100 + h);
  d.write("hourly.csv", hourly);
  std::string quarter = "TimeUTC;TimeDK;PriceArea;DayAheadPriceEUR;DayAheadPriceDKK\n";
  for (int q = 0; q < 96; ++q) {
    const Time t = at("2025-09-30T22:00Z") + Time::minutes(15) * q;
    quarter += fmt::format("{};x;DK2;{},5;0\n", format_utc(t).substr(0, 16), q);
  }
  d.write("quarter.csv", quarter);
  auto p = read_prices(node(d,
                            "prices:\n"
                            "  zone: DK2\n"
                            "  files:\n"
                            "    - {file: hourly.csv}\n"
                            "    - {file: quarter.csv, from: 2025-10-01T00:00:00+02:00}\n"),
                       at("2025-09-29T22:00Z"), at("2025-10-01T22:00Z"));
  const auto& s = p.eur_per_mwh;
  EXPECT_EQ(s.size(), 24u + 96u);
  // Hourly before: 23:00-24:00 CEST on 30 Sep holds 123 for the whole hour.
  EXPECT_DOUBLE_EQ(s.value_at(at("2025-09-30T21:00Z")), 123);
  EXPECT_DOUBLE_EQ(s.value_at(at("2025-09-30T21:45Z")), 123);
  // Quarter-hours after: 0.5, 1.5, 2.5 ... change every 15 minutes.
  EXPECT_DOUBLE_EQ(s.value_at(at("2025-09-30T22:00Z")), 0.5);
  EXPECT_DOUBLE_EQ(s.value_at(at("2025-09-30T22:15Z")), 1.5);
  EXPECT_DOUBLE_EQ(s.value_at(at("2025-10-01T21:45Z")), 95.5);
  auto c = s.cursor(at("2025-09-30T20:00Z"));
  EXPECT_EQ(c.next_change(), at("2025-09-30T21:00Z"));
  c.advance_to(at("2025-09-30T22:00Z"));
  EXPECT_EQ(c.next_change(), at("2025-09-30T22:15Z"));
}

// A lifetime on real prices: the files' whole years from the run's start, cycled.
TEST(ReadPrices, RepeatCyclesTheWholeYearsFromTheRunsStart) {
  test::TempDir d;
  auto quarters = [](int days) {
    std::string text = "TimeUTC;TimeDK;PriceArea;DayAheadPriceEUR;DayAheadPriceDKK\n";
    for (int q = 0; q < days * 96; ++q)
      text += fmt::format("{};x;DK2;{},0;0\n",
                          format_utc(at("2026-01-01T00:00Z") + Time::minutes(15) * q).substr(0, 16),
                          q / 96);  // the day's number
    return text;
  };
  d.write("year.csv", quarters(400));
  const Time start = at("2026-02-01T00:00Z");
  auto p = read_prices(node(d, "prices: {zone: DK2, file: year.csv, repeat: true}\n"), start,
                       start + Time::days(3 * 365));
  const auto& s = p.eur_per_mwh;
  ASSERT_TRUE(s.repeats());
  EXPECT_EQ(s.period(), Time::days(365));
  EXPECT_DOUBLE_EQ(s.value_at(start + Time::hours(5)), 31);  // 1 February: day 31
  EXPECT_DOUBLE_EQ(s.value_at(start + Time::days(365) + Time::hours(5)), 31);
  EXPECT_DOUBLE_EQ(s.value_at(start + Time::days(2 * 365 + 364)), 31 + 364);
  // Less than a year from the run's start cannot repeat in years.
  d.write("short.csv", quarters(300));
  try {
    read_prices(node(d, "prices: {zone: DK2, file: short.csv, repeat: true}\n"), start,
                start + Time::days(800));
    ADD_FAILURE() << "300 days repeated as a year";
  } catch (const InputError& e) {
    EXPECT_NE(e.field().find("repeat"), std::string::npos) << e.field();
    EXPECT_NE(std::string(e.detail()).find("whole year"), std::string::npos);
  }
}

TEST(ReadPrices, CoverageAndUnknownKeysAreInputErrors) {
  test::TempDir d;
  d.write("q.csv",
          "TimeUTC;TimeDK;PriceArea;DayAheadPriceEUR;DayAheadPriceDKK\n"
          "2026-03-01 00:00;x;DK2;1,0;0\n2026-03-01 00:15;x;DK2;2,0;0\n");
  EXPECT_THROW(read_prices(node(d, "prices: {zone: DK2, file: q.csv}\n"), at("2026-03-01T00:00Z"),
                           at("2026-03-01T01:00Z")),
               InputError);
  EXPECT_THROW(read_prices(node(d, "prices: {zone: DK2, file: q.csv, unit: EUR}\n"),
                           at("2026-03-01T00:00Z"), at("2026-03-01T00:30Z")),
               InputError);
  EXPECT_THROW(read_prices(node(d, "prices: {zone: DK2, file: q.csv, format: nordpool}\n"),
                           at("2026-03-01T00:00Z"), at("2026-03-01T00:30Z")),
               InputError);
  auto ok = read_prices(node(d, "prices: {zone: DK2, file: q.csv, format: energinet_15min}\n"),
                        at("2026-03-01T00:00Z"), at("2026-03-01T00:30Z"));
  EXPECT_DOUBLE_EQ(ok.eur_per_mwh.value_at(at("2026-03-01T00:20Z")), 2.0);
}

TEST(ReadPrices, GapIsAnErrorUnlessHeld) {
  test::TempDir d;
  d.write("g.csv",
          "TimeUTC;TimeDK;PriceArea;DayAheadPriceEUR;DayAheadPriceDKK\n"
          "2026-03-01 00:00;x;DK2;1,0;0\n2026-03-01 00:15;x;DK2;2,0;0\n"
          "2026-03-01 00:45;x;DK2;4,0;0\n");
  const Time a = at("2026-03-01T00:00Z"), b = at("2026-03-01T01:00Z");
  try {
    read_prices(node(d, "prices: {zone: DK2, file: g.csv}\n"), a, b);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.line(), 4);
    EXPECT_NE(std::string(e.what()).find("gap of 15min before 2026-03-01T00:45:00Z"),
              std::string::npos)
        << e.what();
  }
  auto p = read_prices(node(d, "prices: {zone: DK2, file: g.csv, gaps: hold}\n"), a, b);
  EXPECT_DOUBLE_EQ(p.eur_per_mwh.value_at(at("2026-03-01T00:30Z")), 2.0);
  ASSERT_EQ(p.notes.size(), 1u);
}

}  // namespace
}  // namespace wf
