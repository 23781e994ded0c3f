#include "models/grid/site_billing.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "models/grid/price_formats.hpp"
#include "sim/time_format.hpp"
#include "tests/test_support.hpp"

namespace wf {
namespace {

constexpr double kEur = 1e-6;

using test::at;

Tariff tariff() {
  return read_tariff(ConfigDoc::parse(R"(
supplier: {type: spot, margin: 10 EUR/MWh}
network: {monthly_peak: 10 EUR/kW}
vat: 20 %
feed_in: {type: spot}
)",
                                      "t.yaml")
                         .root());
}

TEST(SiteBilling, PiecewiseGridPowerIsMeteredAndPriced) {
  const Time t0 = at("2025-06-02T00:00Z");
  // Hourly prices: 100 EUR/MWh in the first hour, 40 in the second.
  StepSeries prices({t0, t0 + Time::hours(1)}, {100, 40}, t0 + Time::hours(2));
  SiteBilling b(tariff(), TimeZone::find("Europe/Helsinki"), prices, t0);
  b.set_power(60e3);  // 60 kW for 20 min
  b.advance_to(t0 + Time::minutes(20));
  b.set_power(-30e3);  // 30 kW export for 60 min
  b.advance_to(t0 + Time::minutes(80));
  b.set_power(90e3);  // 90 kW for 40 min
  const Bill& bill = b.finish(t0 + Time::hours(2));
  const BillItems& m = bill.total;
  // import: 60 kW x 1/3 h = 20 kWh at 100 + 10; 90 kW x 2/3 h = 60 kWh at 40 + 10
  //   energy = 0.02 x 110 + 0.06 x 50 = 2.2 + 3.0 = 5.2
  EXPECT_NEAR(m.import_kwh, 80, 1e-9);
  EXPECT_NEAR(m.energy, 5.2, kEur);
  // export: 30 kW x 40 min in hour 1 = 20 kWh at 100; 30 kW x 20 min in hour 2 = 10 kWh at 40
  //   feed-in = -(0.02 x 100 + 0.01 x 40) = -2.4
  EXPECT_NEAR(m.export_kwh, 30, 1e-9);
  EXPECT_NEAR(m.feed_in, -2.4, kEur);
  // peak: the 00:00-00:15 quarter at 60 kW and the 01:30-01:45 quarter at 90 kW;
  // the 01:15-01:30 quarter mixes 5 min export and 10 min at 90 kW -> 60 kW mean import.
  EXPECT_NEAR(m.peak_kw, 90, 1e-9);
  EXPECT_NEAR(m.demand, 900, kEur);
  // total = (5.2 + 900) x 1.2 - 2.4 = 1083.84
  EXPECT_NEAR(m.total, 1083.84, kEur);
}

TEST(SiteBilling, SummaryNamesRunYearAndMonth) {
  const Time t0 = at("2025-06-02T00:00Z");
  SiteBilling b(tariff(), TimeZone::find("Europe/Helsinki"), StepSeries::constant(50), t0);
  b.set_power(10e3);
  EXPECT_EQ(b.bill(), nullptr);
  auto s = bill_summary(b.finish(t0 + Time::hours(1)));
  ASSERT_NE(b.bill(), nullptr);
  auto find = [&](const std::string& n) {
    auto it = std::find_if(s.begin(), s.end(), [&](const SummaryValue& v) { return v.name == n; });
    return it == s.end() ? -1.0 : it->value;
  };
  // 10 kWh x 60 EUR/MWh = 0.6; peak 10 kW x 10 = 100; x 1.2 = 120.72
  EXPECT_NEAR(find("bill.total"), 120.72, kEur);
  EXPECT_NEAR(find("bill.2025.total"), 120.72, kEur);
  EXPECT_NEAR(find("bill.2025-06.energy"), 0.6, kEur);
  EXPECT_NEAR(find("bill.2025.utilisation"), 1.0 / (3600.0 / (365 * 86400.0)), 1e-6);
}

// A flat 100 kW through SE3's 2023 in Stockholm time: every hour costs 0.1 MWh x its price,
// the local year has 8760 hours (23 in March, 25 in October) and 12 local months.
TEST(SiteBilling, RealSe3YearAtFlatLoad) {
  WF_REQUIRE_SHARED_DATA();
  PriceFileSpec spec{test::shared_data() / "prices" / "SE3_2023_entsoe.csv", std::nullopt, "SE3"};
  const StepSeries prices = load_price_file(spec).eur_per_mwh;
  const Time a = at("2023-01-01T00:00:00+01:00"), b = at("2024-01-01T00:00:00+01:00");
  SiteBilling billing(tariff(), TimeZone::find("Europe/Stockholm"), prices, a);
  billing.set_power(100e3);
  const Bill& bill = billing.finish(b);
  ASSERT_EQ(bill.months.size(), 12u);
  double sum = 0, january = 0, march = 0;
  for (std::size_t i = 0; i < prices.size(); ++i) {
    const Time t = prices.times()[i];
    const double v = prices.values()[i];
    sum += v;
    if (t < at("2023-02-01T00:00:00+01:00")) january += v;
    if (t >= at("2023-03-01T00:00:00+01:00") && t < at("2023-04-01T00:00:00+02:00")) march += v;
  }
  // energy = sum over hours of 0.1 MWh x (price + 10 margin)
  EXPECT_NEAR(bill.total.energy, 0.1 * sum + 0.1 * 8760 * 10, 1e-6);
  EXPECT_NEAR(bill.months[0].items.energy, 0.1 * january + 0.1 * 744 * 10, 1e-6);
  // March has 743 local hours (the spring hour is missing).
  EXPECT_NEAR(bill.months[2].items.import_kwh, 74300, 1e-6);
  EXPECT_NEAR(bill.months[2].items.energy, 0.1 * march + 0.1 * 743 * 10, 1e-6);
  EXPECT_NEAR(bill.months[9].items.import_kwh, 74500, 1e-6);  // October: 745 hours
  EXPECT_NEAR(bill.total.import_kwh, 876000, 1e-6);
}

}  // namespace
}  // namespace wf
