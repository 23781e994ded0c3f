#include "models/grid/bill.hpp"

#include <gtest/gtest.h>

#include "sim/error.hpp"
#include "sim/time_format.hpp"
#include "tests/test_support.hpp"

// Hand-computed bills. Each test spells out the sums; a quarter-hour at P kW is P/4 kWh.
// Amounts are compared to a micro-euro: they match the hand sums exactly, so to the cent.

namespace wf {
namespace {

constexpr double kEur = 1e-6;
const Time q = Time::minutes(15);

using test::at;

Tariff preset(const char* name) {
  return load_tariff_file(std::filesystem::path(WF_SOURCE_DIR) / "data" / "tariffs" / name);
}

Tariff inline_tariff(const std::string& yaml) {
  return read_tariff(ConfigDoc::parse(yaml, "tariff.yaml").root());
}

// Feeds n quarter-hours from t at a constant grid power (kW, import > 0) and spot price.
Time feed(BillCalculator& b, Time t, int n, double kw, double spot) {
  for (int i = 0; i < n; ++i, t += q)
    b.add({t, q, std::max(kw, 0.0) * 1e3 * 900, std::max(-kw, 0.0) * 1e3 * 900}, spot);
  return t;
}

// Two days of 100 kW in Frankfurt, 2025-03-03/04, spot 80 then 120 EUR/MWh; quarter 48 of
// day 1 (12:00 local) runs at `peak_kw`.
Bill german_two_days(double peak_kw) {
  BillCalculator b(preset("de_mv_rlm_2025.yaml"), TimeZone::find("Europe/Berlin"));
  Time t = at("2025-03-03T00:00:00+01:00");
  t = feed(b, t, 48, 100, 80);
  t = feed(b, t, 1, peak_kw, 80);
  t = feed(b, t, 47, 100, 80);
  feed(b, t, 96, 100, 120);
  return b.finish();
}

TEST(BillGermany, TwoDaysWithOnePeakQuarter) {
  Bill bill = german_two_days(200);
  ASSERT_EQ(bill.months.size(), 1u);
  ASSERT_EQ(bill.years.size(), 1u);
  const BillItems& m = bill.months[0].items;
  // import: day 1 95 x 25 + 50 = 2425 kWh, day 2 96 x 25 = 2400 kWh -> 4825 kWh
  EXPECT_NEAR(m.import_kwh, 4825, 1e-9);
  EXPECT_NEAR(m.peak_kw, 200, 1e-9);
  // energy: 2.425 MWh x 80 + 2.4 MWh x 120 = 194 + 288 = 482.00
  EXPECT_NEAR(m.energy, 482.00, kEur);
  // utilisation: 4825 kWh / 200 kW = 24.125 h in 2/365 of a year -> 4402.8 h >= 2500 h:
  // the high pair. demand: 200 kW x 39.18 EUR/kW·a x 2/365 = 42.936986
  EXPECT_NEAR(bill.years[0].utilisation_h, 4402.8125, 1e-6);
  EXPECT_TRUE(bill.years[0].high_pair);
  EXPECT_NEAR(m.demand, 200 * 39.18 * 2 / 365.0, kEur);
  // network energy: 4.825 MWh x 6.20 EUR/MWh = 29.915
  EXPECT_NEAR(m.network_energy, 29.915, kEur);
  // levies: 20.50 + 2.77 + 8.16 + 15.58 + 1.10 = 48.11 EUR/MWh x 4.825 = 232.13075
  EXPECT_NEAR(m.taxes, 232.13075, kEur);
  // VAT 19 % of 482 + 29.915 + 42.936986 + 232.13075 = 786.982736 -> 149.526720
  EXPECT_NEAR(m.vat, 0.19 * 786.98273630, kEur);
  // total 936.509456 -> 936.51 EUR
  EXPECT_NEAR(m.total, 936.50945620, kEur);
  EXPECT_NEAR(bill.years[0].items.total, m.total, kEur);
  EXPECT_NEAR(bill.total.total, m.total, kEur);
}

TEST(BillGermany, OneQuarterHourMovesTheAnnualDemandCharge) {
  // Flat 100 kW: 4800 kWh / 100 kW x 182.5 = 8760 h, high pair:
  // demand 100 x 39.18 x 2/365 = 21.468493; network 4.8 x 6.2 = 29.76.
  Bill flat = german_two_days(100);
  EXPECT_NEAR(flat.months[0].items.demand, 21.46849315, kEur);
  EXPECT_NEAR(flat.months[0].items.network_energy, 29.76, kEur);
  // One quarter at 200 kW doubles the billed peak and the demand charge (42.936986).
  Bill spike = german_two_days(200);
  EXPECT_NEAR(spike.months[0].items.demand, 2 * 21.46849315, kEur);
  // One quarter at 400 kW: 4875 kWh / 400 kW x 182.5 = 2224.2 h < 2500 h: the low pair.
  // demand 400 x 9.81 x 2/365 = 21.501370; network 4.875 x 17.90 = 87.2625.
  Bill low = german_two_days(400);
  EXPECT_FALSE(low.years[0].high_pair);
  EXPECT_NEAR(low.months[0].items.demand, 400 * 9.81 * 2 / 365.0, kEur);
  EXPECT_NEAR(low.months[0].items.network_energy, 87.2625, kEur);
  // energy 2.475 x 80 + 288 = 486; taxes 4.875 x 48.11 = 234.53625;
  // net 829.300120, VAT 157.567023, total 986.867143 -> 986.87 EUR
  EXPECT_NEAR(low.months[0].items.total, 986.86714266, kEur);
}

// Three days of 450 kW in Norway, 2025-02-10..12, spot 50 EUR/MWh; optionally one quarter
// (12:00-12:15 local on day 1) at 1050 kW.
Bill norway_three_days(bool spike) {
  BillCalculator b(preset("no_business_2024.yaml"), TimeZone::find("Europe/Oslo"));
  Time t = at("2025-02-10T00:00:00+01:00");
  t = feed(b, t, 48, 450, 50);
  t = feed(b, t, 1, spike ? 1050 : 450, 50);
  feed(b, t, 3 * 96 - 49, 450, 50);
  return b.finish();
}

TEST(BillNorway, CapacityStepFromTheThreeHighestDailyHours) {
  // Flat: every daily hourly maximum is 450 kW -> mean 450 kW -> step from 400 kW: 1349.40.
  Bill flat = norway_three_days(false);
  const BillItems& f = flat.months[0].items;
  EXPECT_NEAR(flat.months[0].capacity_kw, 450, 1e-9);
  EXPECT_NEAR(f.demand, 1349.40, kEur);
  // energy 32.4 MWh x 50 = 1620; elavgift 32.4 x 14.05 = 455.22;
  // net 3424.62, VAT 25 % 856.155, total 4280.775
  EXPECT_NEAR(f.energy, 1620, kEur);
  EXPECT_NEAR(f.taxes, 455.22, kEur);
  EXPECT_NEAR(f.total, 4280.775, kEur);
}

TEST(BillNorway, OneQuarterHourLiftsTheCapacityStep) {
  // The 12:00 hour of day 1: (1050 + 3 x 450) / 4 = 600 kW; days: 600, 450, 450 ->
  // mean 500 kW -> step from 500 kW: 1637.61.
  Bill b = norway_three_days(true);
  const BillItems& m = b.months[0].items;
  EXPECT_NEAR(b.months[0].capacity_kw, 500, 1e-9);
  EXPECT_NEAR(m.demand, 1637.61, kEur);
  // import 32400 + 600/4 = 32550 kWh: energy 1627.50; elavgift 457.3275;
  // net 3722.4375, VAT 930.609375, total 4653.046875
  EXPECT_NEAR(m.import_kwh, 32550, 1e-9);
  EXPECT_NEAR(m.total, 4653.046875, kEur);
}

TEST(BillNorway, TwoPeakHoursOnOneDayCountOnce) {
  BillCalculator b(preset("no_business_2024.yaml"), TimeZone::find("Europe/Oslo"));
  Time t = at("2025-02-10T00:00:00+01:00");
  t = feed(b, t, 48, 450, 50);
  t = feed(b, t, 1, 1050, 50);  // 12:00 hour -> 600 kW
  t = feed(b, t, 7, 450, 50);
  t = feed(b, t, 1, 1050, 50);  // 14:00 hour -> 600 kW, same day
  feed(b, t, 3 * 96 - 57, 450, 50);
  // days 600, 450, 450: still 500 kW, not (600 + 600 + 450) / 3.
  EXPECT_NEAR(b.finish().months[0].capacity_kw, 500, 1e-9);
}

TEST(BillFinland, ImportExportAndANegativePrice) {
  // Two days in Helsinki: per day 10 h import 50 kW at 40 EUR/MWh, 4 h export 20 kW at
  // -5 EUR/MWh, 10 h import 50 kW at 40.
  BillCalculator b(preset("fi_business_2025.yaml"), TimeZone::find("Europe/Helsinki"));
  Time t = at("2025-01-13T00:00:00+02:00");
  for (int d = 0; d < 2; ++d) {
    t = feed(b, t, 40, 50, 40);
    t = feed(b, t, 16, -20, -5);
    t = feed(b, t, 40, 50, 40);
  }
  const BillItems m = b.finish().months[0].items;
  // import 2 x 20 h x 50 kW = 2000 kWh; export 2 x 4 h x 20 kW = 160 kWh
  EXPECT_NEAR(m.import_kwh, 2000, 1e-9);
  EXPECT_NEAR(m.export_kwh, 160, 1e-9);
  EXPECT_NEAR(m.energy, 80.00, kEur);  // 2.0 MWh x 40
  EXPECT_NEAR(m.taxes, 45.06, kEur);   // 2.0 MWh x (22.40 + 0.13)
  EXPECT_NEAR(m.vat, 31.8903, kEur);   // 25.5 % of 125.06
  // Exporting at -5 EUR/MWh costs: 0.16 MWh x 5 = +0.80, no VAT on it.
  EXPECT_NEAR(m.feed_in, 0.80, kEur);
  EXPECT_NEAR(m.total, 157.7503, kEur);  // 125.06 + 31.8903 + 0.80
}

TEST(BillSweden, OneDayFlat) {
  BillCalculator b(preset("se_business_2025.yaml"), TimeZone::find("Europe/Stockholm"));
  feed(b, at("2025-05-05T00:00:00+02:00"), 96, 10, 100);
  const BillItems m = b.finish().months[0].items;
  // 240 kWh: energy 24.00; energiskatt 0.24 x 38.17 = 9.1608; VAT 25 % of 33.1608 = 8.2902
  EXPECT_NEAR(m.energy, 24.00, kEur);
  EXPECT_NEAR(m.taxes, 9.1608, kEur);
  EXPECT_NEAR(m.total, 41.451, kEur);
}

const char* kPeakTariff = R"(
supplier: {type: spot, margin: 10 EUR/MWh}
network:
  energy:
    base: 20 EUR/MWh
    windows: [{days: mon-fri, from: "06:00", to: "08:00", price: 50 EUR/MWh}]
  monthly_peak: 10 EUR/kW
  fixed_monthly: 5 EUR
)";

TEST(BillParts, MonthBoundaryIsLocalMidnight) {
  // Helsinki is UTC+2 in winter: February starts at 2025-01-31T22:00Z.
  BillCalculator b(inline_tariff(kPeakTariff), TimeZone::find("Europe/Helsinki"));
  feed(b, at("2025-01-31T20:00Z"), 16, 10, 90);  // Fri 22:00 .. Sat 02:00 local
  Bill bill = b.finish();
  ASSERT_EQ(bill.months.size(), 2u);
  for (const auto& m : bill.months) {
    // 8 quarters x 2.5 kWh = 20 kWh: energy 0.02 x (90 + 10) = 2; network 0.02 x 20 = 0.4;
    // peak 10 kW x 10 = 100; fixed 5 -> 107.40
    EXPECT_NEAR(m.items.import_kwh, 20, 1e-9);
    EXPECT_NEAR(m.items.total, 107.40, kEur);
  }
  EXPECT_EQ(bill.months[0].month, 1);
  EXPECT_EQ(bill.months[1].month, 2);
}

TEST(BillParts, ASeasonalMonthlyPeakPriceFollowsTheLocalMonth) {
  // Winter price in October-March, summer price otherwise. In Oslo (UTC+2 in summer)
  // 2025-09-30T22:00Z is already 1 October: its quarter is billed at the winter price.
  BillCalculator b(inline_tariff(R"(
supplier: {type: spot}
network:
  monthly_peak: {base: 4 EUR/kW, months: [10, 11, 12, 1, 2, 3], price: 6 EUR/kW}
)"),
                   TimeZone::find("Europe/Oslo"));
  feed(b, at("2025-09-30T20:00Z"), 8, 10, 0);  // 22:00-24:00 local: September
  feed(b, at("2025-09-30T22:00Z"), 4, 20, 0);  // 00:00-01:00 local: October
  Bill bill = b.finish();
  ASSERT_EQ(bill.months.size(), 2u);
  EXPECT_NEAR(bill.months[0].items.demand, 10 * 4.0, kEur);
  EXPECT_NEAR(bill.months[1].items.demand, 20 * 6.0, kEur);
  // A seasonal price needs its months.
  EXPECT_THROW(inline_tariff("supplier: {type: spot}\nnetwork: {monthly_peak: {base: 4 EUR/kW, "
                             "price: 6 EUR/kW}}\n"),
               InputError);
}

TEST(BillParts, TimeOfUseWindowIsLocalTime) {
  // Monday 2025-03-31 in Berlin (CEST, UTC+2): 04:00-06:00Z is 06:00-08:00 local, in the window.
  BillCalculator b(inline_tariff(kPeakTariff), TimeZone::find("Europe/Berlin"));
  feed(b, at("2025-03-31T04:00Z"), 8, 10, 0);
  // 20 kWh x 50 EUR/MWh = 1.00 (UTC clock reading would give 0.02 x 20 = 0.40)
  EXPECT_NEAR(b.finish().months[0].items.network_energy, 1.00, kEur);
}

TEST(BillParts, MonthlyPeakChargeFollowsOneQuarterHour) {
  auto run = [](double peak_kw) {
    BillCalculator b(inline_tariff(kPeakTariff), TimeZone::find("Europe/Helsinki"));
    Time t = feed(b, at("2025-06-02T00:00:00+03:00"), 40, 20, 0);
    t = feed(b, t, 1, peak_kw, 0);
    feed(b, t, 55, 20, 0);
    return b.finish().months[0].items.demand;
  };
  EXPECT_NEAR(run(20), 200, kEur);  // 20 kW x 10 EUR/kW
  EXPECT_NEAR(run(80), 800, kEur);  // one quarter at 80 kW -> 80 kW x 10 EUR/kW
}

TEST(BillParts, LevyThresholdPerYear) {
  Tariff t = inline_tariff(R"(
supplier: {type: fixed, price: 0 EUR/MWh}
levies: [{name: x, rate: 10 EUR/MWh, above: {energy: 1 MWh, rate: 1 EUR/MWh}}]
)");
  BillCalculator b(t, TimeZone::utc());
  // 8 quarters of 1 MW = 2 MWh in 2024, then 4 quarters = 1 MWh in 2025 (threshold resets).
  feed(b, at("2024-12-31T22:00Z"), 12, 1000, 0);
  Bill bill = b.finish();
  ASSERT_EQ(bill.years.size(), 2u);
  EXPECT_NEAR(bill.years[0].items.taxes, 1 * 10 + 1 * 1, kEur);  // 1 MWh at 10, 1 MWh at 1
  EXPECT_NEAR(bill.years[1].items.taxes, 1 * 10, kEur);
  EXPECT_NEAR(bill.total.taxes, 21, kEur);
}

}  // namespace
}  // namespace wf
