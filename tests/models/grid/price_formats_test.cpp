#include "models/grid/price_formats.hpp"

#include <gtest/gtest.h>

#include "sim/csv_reader.hpp"
#include "sim/error.hpp"
#include "sim/time_format.hpp"
#include "tests/test_support.hpp"

namespace wf {
namespace {

using test::at;

std::filesystem::path prices(const char* name) {
  return test::shared_data() / "prices" / name;
}

PriceSeries load(const char* file, const char* zone, Time from = -Time::never(),
                 Time to = Time::never()) {
  PriceFileSpec s;
  s.file = prices(file);
  s.zone = zone;
  s.from = from;
  s.to = to;
  return load_price_file(s);
}

// Intervals of the series starting in [a, b): hours of a local day.
std::size_t count_in(const StepSeries& s, Time a, Time b) {
  std::size_t n = 0;
  for (Time t : s.times()) n += (t >= a && t < b);
  return n;
}

// Walks the series with the engine's cursor and returns the values seen at `ts`.
std::vector<double> replay(const StepSeries& s, const std::vector<Time>& ts) {
  auto c = s.cursor(ts.front());
  std::vector<double> out;
  for (Time t : ts) {
    c.advance_to(t);
    out.push_back(c.value());
  }
  return out;
}

TEST(PriceFormats, DetectsEachSharedFileFromItsHeader) {
  WF_REQUIRE_SHARED_DATA();
  auto header = [](const char* f) { return read_csv(prices(f)).header; };
  EXPECT_EQ(
      detect_price_format(header("hourly_german_residual_load_and_prices_2024_present.csv.gz")),
      PriceFormat::energy_charts);
  EXPECT_EQ(detect_price_format(header("Elspotprices_DK1_DK2_2021-2024.csv.gz")),
            PriceFormat::energinet);
  EXPECT_EQ(detect_price_format(header("DayAheadPrices_DK2_2026-03-01_05.csv")),
            PriceFormat::energinet_15min);
  EXPECT_EQ(detect_price_format(header("sahkotin_spot_price_vat_FI.csv")), PriceFormat::sahkotin);
  EXPECT_EQ(detect_price_format(header("neighbor_prices_hourly_2025_smard_UTC.csv.gz")),
            PriceFormat::smard);
  EXPECT_EQ(detect_price_format({"MTU (CET/CEST)", "Day-ahead Price [EUR/MWh]"}),
            PriceFormat::entsoe);
  EXPECT_EQ(detect_price_format({"time", "power"}), std::nullopt);
}

TEST(PriceFormats, GermanDayAheadReplaysAcross2024) {
  WF_REQUIRE_SHARED_DATA();
  auto p = load("hourly_german_residual_load_and_prices_2024_present.csv.gz", "DE-LU",
                at("2024-01-01T00:00Z"), at("2025-01-01T00:00Z"));
  EXPECT_EQ(p.resolution, Time::hours(1));
  EXPECT_EQ(p.eur_per_mwh.size(), 366u * 24);  // 2024 is a leap year, UTC has no DST
  auto v = replay(p.eur_per_mwh, {at("2024-01-01T00:30Z"), at("2024-01-01T01:00Z")});
  EXPECT_DOUBLE_EQ(v[0], 0.01);
  EXPECT_DOUBLE_EQ(v[1], 0.0);
  // Negative prices survive.
  double lo = 0;
  for (double x : p.eur_per_mwh.values()) lo = std::min(lo, x);
  EXPECT_LT(lo, 0);
  EXPECT_TRUE(p.notes.empty());
}

TEST(PriceFormats, GermanFileSaysItsHoursAreQuarterHourPricesAfterTheSwitch) {
  WF_REQUIRE_SHARED_DATA();
  auto p = load("hourly_german_residual_load_and_prices_2024_present.csv.gz", "DE-LU",
                at("2025-10-01T00:00Z"), at("2025-10-02T00:00Z"));
  ASSERT_EQ(p.notes.size(), 1u);
  EXPECT_NE(p.notes[0].find("first quarter-hour"), std::string::npos);
}

TEST(PriceFormats, GermanFileGapIsAnErrorWhenTheWindowReachesIt) {
  WF_REQUIRE_SHARED_DATA();
  try {
    load("hourly_german_residual_load_and_prices_2024_present.csv.gz", "DE-LU",
         at("2026-01-01T00:00Z"));
    FAIL() << "the 5-hour gap of 2026-01-09 was not reported";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("gap of 5h before 2026-01-10T04:00:00Z"),
              std::string::npos)
        << e.what();
  }
}

TEST(PriceFormats, GermanFileGapHeldWhenAskedFor) {
  WF_REQUIRE_SHARED_DATA();
  PriceFileSpec s;
  s.file = prices("hourly_german_residual_load_and_prices_2024_present.csv.gz");
  s.zone = "DE-LU";
  s.from = at("2026-01-09T00:00Z");
  s.to = at("2026-01-11T00:00Z");
  s.hold_gaps = true;
  auto p = load_price_file(s);
  const auto& x = p.eur_per_mwh;
  // 22:00Z is the last hour before the gap; its price holds until 04:00Z.
  EXPECT_DOUBLE_EQ(x.value_at(at("2026-01-10T03:59Z")), x.value_at(at("2026-01-09T22:00Z")));
  EXPECT_EQ(x.size(), 48u - 5u);
  ASSERT_EQ(p.notes.size(), 2u);  // the quarter-hour note, then the repair
  EXPECT_NE(p.notes[1].find("repaired: held"), std::string::npos) << p.notes[1];
}

TEST(PriceFormats, EntsoeSe3LocalDaysWith23And25Hours) {
  WF_REQUIRE_SHARED_DATA();
  auto p = load("SE3_2023_entsoe.csv", "SE3");
  const auto& s = p.eur_per_mwh;
  EXPECT_EQ(s.size(), 8760u);  // 8761 rows minus the empty spring hour
  // 2023-03-26 local (CET -> CEST at 02:00): 23 hours; 02:00 local does not exist.
  EXPECT_EQ(count_in(s, at("2023-03-25T23:00Z"), at("2023-03-26T22:00Z")), 23u);
  EXPECT_DOUBLE_EQ(s.value_at(at("2023-03-26T00:00Z")), 39.23);  // 01:00 CET
  EXPECT_DOUBLE_EQ(s.value_at(at("2023-03-26T01:00Z")), 40.12);  // 03:00 CEST
  // 2023-10-29 local (CEST -> CET at 03:00): 25 hours; 02:00 twice, CEST first.
  EXPECT_EQ(count_in(s, at("2023-10-28T22:00Z"), at("2023-10-29T23:00Z")), 25u);
  EXPECT_DOUBLE_EQ(s.value_at(at("2023-10-28T23:00Z")), 27.19);  // 01:00 CEST
  EXPECT_DOUBLE_EQ(s.value_at(at("2023-10-29T00:00Z")), 25.34);  // 02:00 CEST
  EXPECT_DOUBLE_EQ(s.value_at(at("2023-10-29T01:00Z")), 22.35);  // 02:00 CET
  EXPECT_DOUBLE_EQ(s.value_at(at("2023-10-29T02:00Z")), 21.15);  // 03:00 CET
  EXPECT_EQ(s.start(), at("2022-12-31T23:00Z"));
  EXPECT_EQ(s.end(), at("2023-12-31T23:00Z"));
  ASSERT_EQ(p.notes.size(), 1u);
  EXPECT_NE(p.notes[0].find("spring DST hour"), std::string::npos);
}

TEST(PriceFormats, EntsoeRefusesAnotherZone) {
  WF_REQUIRE_SHARED_DATA();
  EXPECT_THROW(load("SE4_2023_entsoe.csv", "SE3"), InputError);
  EXPECT_EQ(load("SE4_2023_entsoe.csv", "SE4").eur_per_mwh.size(), 8760u);
}

TEST(PriceFormats, EnerginetDk1Dk2NewestFirstDecimalComma) {
  WF_REQUIRE_SHARED_DATA();
  for (const char* zone : {"DK1", "DK2"}) {
    auto p = load("Elspotprices_DK1_DK2_2021-2024.csv.gz", zone);
    const auto& s = p.eur_per_mwh;
    EXPECT_EQ(s.size(), 28463u) << zone;
    EXPECT_EQ(s.start(), at("2020-12-31T23:00Z"));
    EXPECT_NEAR(s.value_at(at("2020-12-31T23:00Z")), 50.87, 1e-5);
    EXPECT_NEAR(s.value_at(at("2024-03-31T21:00Z")), 54.90, 1e-5);
    // HourDK repeats on 2023-10-29 but HourUTC does not: the local day has 25 hours,
    // and the spring day 2023-03-26 has 23.
    EXPECT_EQ(count_in(s, at("2023-10-28T22:00Z"), at("2023-10-29T23:00Z")), 25u);
    EXPECT_EQ(count_in(s, at("2023-03-25T23:00Z"), at("2023-03-26T22:00Z")), 23u);
  }
}

TEST(PriceFormats, EnerginetUnknownZoneListsThoseInTheFile) {
  WF_REQUIRE_SHARED_DATA();
  try {
    load("Elspotprices_DK1_DK2_2021-2024.csv.gz", "SE3");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("DK1, DK2"), std::string::npos) << e.what();
  }
}

TEST(PriceFormats, SahkotinFinlandVatRemovedFromCents) {
  WF_REQUIRE_SHARED_DATA();
  auto p = load("sahkotin_spot_price_vat_FI.csv", "FI");
  const auto& s = p.eur_per_mwh;
  // 0.152 c/kWh incl. 10 % VAT (Dec 2022 - Apr 2023) = 1.52 EUR/MWh / 1.10.
  EXPECT_NEAR(s.value_at(at("2023-01-01T00:00Z")), 1.52 / 1.10, 1e-9);
  // The -500 EUR/MWh event of 2023-11-24: -62.0 c/kWh incl. 24 % VAT.
  double lo = 0;
  for (double x : s.values()) lo = std::min(lo, x);
  EXPECT_NEAR(lo, -500.0, 1e-9);
  EXPECT_EQ(s.size(), 10176u);
}

TEST(PriceFormats, FinnishVatSteps) {
  EXPECT_DOUBLE_EQ(finnish_vat(at("2022-11-30T21:59Z")), 0.24);
  EXPECT_DOUBLE_EQ(finnish_vat(at("2022-11-30T22:00Z")), 0.10);  // 2022-12-01 00:00 EET
  EXPECT_DOUBLE_EQ(finnish_vat(at("2023-04-30T21:00Z")), 0.24);  // 2023-05-01 00:00 EEST
  EXPECT_DOUBLE_EQ(finnish_vat(at("2024-08-31T21:00Z")), 0.255);
}

TEST(PriceFormats, SmardNorway2ReplaysAll2025) {
  WF_REQUIRE_SHARED_DATA();
  auto p = load("neighbor_prices_hourly_2025_smard_UTC.csv.gz", "NO2");
  EXPECT_EQ(p.eur_per_mwh.size(), 8760u);
  // The spot check in SOURCES.md against an independent EPEX copy.
  auto v = replay(p.eur_per_mwh, {at("2025-03-31T22:00Z"), at("2025-03-31T23:00Z"),
                                  at("2025-04-01T00:00Z"), at("2025-04-01T01:00Z")});
  EXPECT_EQ(v, (std::vector<double>{54.46, 55.45, 54.78, 56.2}));
  // Local days of 23 and 25 hours in Oslo time (30 Mar, 26 Oct 2025).
  EXPECT_EQ(count_in(p.eur_per_mwh, at("2025-03-29T23:00Z"), at("2025-03-30T22:00Z")), 23u);
  EXPECT_EQ(count_in(p.eur_per_mwh, at("2025-10-25T22:00Z"), at("2025-10-26T23:00Z")), 25u);
  EXPECT_EQ(load("neighbor_prices_hourly_2025_smard_UTC.csv.gz", "SE4").eur_per_mwh.size(), 8760u);
  EXPECT_THROW(load("neighbor_prices_hourly_2025_smard_UTC.csv.gz", "NO1"), InputError);
}

TEST(PriceFormats, UnknownZoneIsRefusedBeforeReading) {
  try {
    load_price_file({"/nonexistent.csv", std::nullopt, "NO6"});
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("unknown bidding zone 'NO6'"), std::string::npos)
        << e.what();
  }
}

TEST(PriceFormats, EntsoeUtcExportAndQuarterHours) {
  test::TempDir d;
  auto f = d.write("x.csv",
                   "\"MTU (UTC)\",\"Day-ahead Price [EUR/MWh]\",\"Currency\",\"BZN|SE3\"\n"
                   "\"01.10.2025 00:00 - 01.10.2025 00:15\",\"2.5\",\"EUR\"\n"
                   "\"01.10.2025 00:15 - 01.10.2025 00:30\",\"-1.5\",\"EUR\"\n");
  auto p = load_price_file({f, std::nullopt, "SE3"});
  EXPECT_EQ(p.resolution, Time::minutes(15));
  EXPECT_EQ(p.eur_per_mwh.start(), at("2025-10-01T00:00Z"));
  EXPECT_DOUBLE_EQ(p.eur_per_mwh.value_at(at("2025-10-01T00:20Z")), -1.5);
}

TEST(PriceFormats, Dk2QuarterHours) {
  WF_REQUIRE_SHARED_DATA();
  auto p = load("DayAheadPrices_DK2_2026-03-01_05.csv", "DK2");
  EXPECT_EQ(p.resolution, Time::minutes(15));
  EXPECT_EQ(p.eur_per_mwh.size(), 480u);
  // An intra-hour jump that hourly products would hide.
  EXPECT_NEAR(p.eur_per_mwh.value_at(at("2026-03-04T16:30Z")), 243.09, 1e-5);
  EXPECT_NEAR(p.eur_per_mwh.value_at(at("2026-03-04T16:45Z")), 429.37, 1e-5);
  EXPECT_EQ(p.eur_per_mwh.end(), at("2026-03-05T23:00Z"));
}

TEST(PriceFormats, EntsoeWrongCurrencyIsRefused) {
  test::TempDir d;
  auto f = d.write("x.csv",
                   "\"MTU (CET/CEST)\",\"Day-ahead Price [EUR/MWh]\",\"Currency\",\"BZN|SE3\"\n"
                   "\"01.01.2023 00:00 - 01.01.2023 01:00\",\"2.01\",\"EUR\"\n"
                   "\"01.01.2023 01:00 - 01.01.2023 02:00\",\"1.38\",\"SEK\"\n");
  try {
    load_price_file({f, std::nullopt, "SE3"});
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.line(), 3);
    EXPECT_NE(std::string(e.what()).find("expected EUR, got 'SEK'"), std::string::npos);
  }
}

TEST(PriceFormats, EmptyPriceOutsideTheDstHourIsAGap) {
  test::TempDir d;
  auto f = d.write("x.csv",
                   "\"MTU (CET/CEST)\",\"Day-ahead Price [EUR/MWh]\",\"Currency\",\"BZN|SE3\"\n"
                   "\"01.01.2023 00:00 - 01.01.2023 01:00\",\"2.01\",\"EUR\"\n"
                   "\"01.01.2023 01:00 - 01.01.2023 02:00\",\"\",\"\"\n"
                   "\"01.01.2023 02:00 - 01.01.2023 03:00\",\"1.38\",\"EUR\"\n");
  EXPECT_THROW(load_price_file({f, std::nullopt, "SE3"}), InputError);
}

TEST(PriceFormats, WrongUnitColumnAndUnknownLayoutAreRefused) {
  test::TempDir d;
  auto f = d.write("x.csv",
                   "\"MTU (CET/CEST)\",\"Day-ahead Price [SEK/MWh]\",\"Currency\",\"BZN|SE3\"\n"
                   "\"01.01.2023 00:00 - 01.01.2023 01:00\",\"2.01\",\"SEK\"\n");
  EXPECT_THROW(load_price_file({f, std::nullopt, "SE3"}), InputError);
  auto g = d.write("y.csv", "time,value\n2023-01-01T00:00Z,1\n2023-01-01T01:00Z,2\n");
  EXPECT_THROW(load_price_file({g, std::nullopt, "SE3"}), InputError);
}

}  // namespace
}  // namespace wf
