#include "models/grid/synthetic_prices.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <iostream>
#include <numeric>

#include "models/grid/price_formats.hpp"
#include "models/grid/prices.hpp"
#include "sim/error.hpp"
#include "sim/time_format.hpp"
#include "tests/test_support.hpp"

namespace wf {
namespace {

using test::at;

ConfigNode root(const test::TempDir& d, const std::string& yaml) {
  return test::parsed(d, yaml);
}

// A model without events, so its statistics are known in closed form.
std::string plain_model(double phi = 0.9, double sigma = 10) {
  std::string wd, we;
  for (int h = 0; h < 24; ++h) {
    wd += fmt::format("{}{} EUR/MWh", h ? ", " : "", 20.0 * std::sin(h * 0.2618));  // 2 pi / 24
    we += fmt::format("{}{} EUR/MWh", h ? ", " : "", -15.0 + h * 0.5);
  }
  return fmt::format(
      "zone: XX\ntimezone: Europe/Berlin\nseasonal: {{level: 60 EUR/MWh, cos: 20 EUR/MWh, "
      "sin: -5 EUR/MWh}}\nshape:\n  weekday: [{}]\n  weekend: [{}]\nnoise: {{phi: {}, sigma: {} "
      "EUR/MWh}}\n",
      wd, we, phi, sigma);
}

SyntheticPriceModel model_from(const test::TempDir& d, const std::string& yaml) {
  return load_synthetic_price_model(d.write("model.yaml", yaml));
}

double mean(const std::vector<double>& v) {
  return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

double sd(const std::vector<double>& v) {
  const double m = mean(v);
  double ss = 0;
  for (double x : v) ss += (x - m) * (x - m);
  return std::sqrt(ss / static_cast<double>(v.size()));
}

double lag1(const std::vector<double>& v) {
  const double m = mean(v);
  double num = 0, den = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    den += (v[i] - m) * (v[i] - m);
    if (i > 0) num += (v[i] - m) * (v[i - 1] - m);
  }
  return num / den;
}

// Mean per local hour of day over all days.
std::array<double, 24> hour_means(const StepSeries& s, const TimeZone& tz, Time a, Time b) {
  std::array<double, 24> sum{}, n{};
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s.times()[i] < a || s.times()[i] >= b) continue;
    const auto h = static_cast<std::size_t>(tz.fields(s.times()[i]).hour);
    sum[h] += s.values()[i];
    n[h] += 1;
  }
  for (std::size_t h = 0; h < 24; ++h) sum[h] /= n[h];
  return sum;
}

std::vector<double> values_in(const StepSeries& s, Time a, Time b) {
  std::vector<double> v;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (s.times()[i] >= a && s.times()[i] < b) v.push_back(s.values()[i]);
  return v;
}

TEST(SyntheticPrices, ShippedModelsReadForEveryZone) {
  const auto zones = synthetic_price_zones();
  ASSERT_GE(zones.size(), 7u);
  for (const char* z : {"DE-LU", "SE3", "SE4", "DK1", "DK2", "FI", "NO2"}) {
    SCOPED_TRACE(z);
    const auto m = load_synthetic_price_model(synthetic_price_file(z));
    EXPECT_EQ(m.zone, z);
    EXPECT_GT(m.phi, 0.8);
    EXPECT_LT(m.phi, 1.0);
    ASSERT_TRUE(m.fitted.has_value());
    EXPECT_GT(m.spikes.every_h, 0);  // every zone's data show spikes
  }
}

TEST(SyntheticPrices, SameSeedSameSeriesOtherSeedOtherSeries) {
  const auto m = load_synthetic_price_model(synthetic_price_file("SE3"));
  const Time a = at("2025-03-01T00:00+01:00"), b = at("2025-04-01T00:00+02:00");
  const auto s1 = generate_synthetic_prices(m, a, b, 42);
  const auto s2 = generate_synthetic_prices(m, a, b, 42);
  const auto s3 = generate_synthetic_prices(m, a, b, 43);
  EXPECT_EQ(s1.times(), s2.times());
  EXPECT_EQ(s1.values(), s2.values());
  ASSERT_EQ(s1.size(), s3.size());
  std::size_t differ = 0;
  for (std::size_t i = 0; i < s1.size(); ++i) differ += s1.values()[i] != s3.values()[i];
  EXPECT_EQ(differ, s1.size());
  // A shorter window of the same seed sees the same hours (draws start in 2000).
  const auto week = generate_synthetic_prices(m, a + Time::days(7), a + Time::days(14), 42);
  for (std::size_t i = 0; i < week.size(); ++i)
    EXPECT_EQ(week.values()[i], s1.value_at(week.times()[i]));
}

TEST(SyntheticPrices, HourlyStepsCoverTheRun) {
  const auto m = load_synthetic_price_model(synthetic_price_file("DE-LU"));
  const Time a = at("2025-03-29T10:30Z"), b = at("2025-03-31T05:10Z");
  const auto s = generate_synthetic_prices(m, a, b, 1);
  EXPECT_EQ(s.start(), at("2025-03-29T10:00Z"));
  EXPECT_EQ(s.end(), at("2025-03-31T06:00Z"));
  EXPECT_EQ(s.size(), 44u);
  for (std::size_t i = 1; i < s.size(); ++i)
    EXPECT_EQ(s.times()[i] - s.times()[i - 1], Time::hours(1));
  for (double v : s.values()) {
    EXPECT_GE(v, -500.0);  // harmonised clearing limits, domain-reference §5.1
    EXPECT_LE(v, 4000.0);
  }
}

// The daily shape is read in the zone's local time, weekends by the local day.
TEST(SyntheticPrices, ExpectedPriceUsesLocalHourAndWeekday) {
  test::TempDir d;
  std::string wd, we;
  for (int h = 0; h < 24; ++h) {
    wd += fmt::format("{}{} EUR/MWh", h ? ", " : "", h);
    we += fmt::format("{}{} EUR/MWh", h ? ", " : "", 100 + h);
  }
  auto m = model_from(d, fmt::format("zone: XX\ntimezone: Europe/Berlin\nseasonal: {{level: 0 "
                                     "EUR/MWh}}\nshape: {{weekday: [{}], weekend: [{}]}}\n"
                                     "noise: {{phi: 0.5, sigma: 1 EUR/MWh}}\n",
                                     wd, we));
  EXPECT_DOUBLE_EQ(expected_price(m, at("2024-01-06T11:00Z")), 112);  // Sat 12:00 CET
  EXPECT_DOUBLE_EQ(expected_price(m, at("2024-07-01T10:00Z")), 12);   // Mon 12:00 CEST
  EXPECT_DOUBLE_EQ(expected_price(m, at("2024-07-07T22:00Z")), 0);    // Mon 00:00 CEST
}

// Three generated years against the model's own parameters. Tolerances are about four
// standard errors: AR(1) sd = sigma / sqrt(1 - phi^2) = 22.9 EUR/MWh; the mean of 26 280
// correlated hours has SE 0.6; an hour-of-day mean (about 780 nearly independent days) 0.8;
// the lag-1 estimate sqrt((1 - phi^2) / n) = 0.003.
TEST(SyntheticPrices, LongRunReproducesMeanShapeAndAutocorrelation) {
  test::TempDir d;
  const auto m = model_from(d, plain_model(0.9, 10));
  const Time a = at("2030-01-01T00:00+01:00"), b = at("2033-01-01T00:00+01:00");
  const auto s = generate_synthetic_prices(m, a, b, 7);
  std::vector<double> resid, expect;
  std::array<double, 24> wd_sum{}, wd_exp{}, wd_n{};
  for (std::size_t i = 0; i < s.size(); ++i) {
    const Time t = s.times()[i];
    const double e = expected_price(m, t);
    resid.push_back(s.values()[i] - e);
    expect.push_back(e);
    const auto f = m.tz.fields(t);
    if (f.weekday >= 5) continue;
    const auto h = static_cast<std::size_t>(f.hour);
    wd_sum[h] += s.values()[i];
    wd_exp[h] += e;
    wd_n[h] += 1;
  }
  EXPECT_NEAR(mean(s.values()), mean(expect), 2.5);
  EXPECT_NEAR(mean(resid), 0.0, 2.5);
  for (std::size_t h = 0; h < 24; ++h)
    EXPECT_NEAR(wd_sum[h] / wd_n[h], wd_exp[h] / wd_n[h], 3.5) << "local hour " << h;
  EXPECT_NEAR(lag1(resid), 0.9, 0.015);
  EXPECT_NEAR(sd(resid), 10 / std::sqrt(1 - 0.81), 1.5);
}

// Spikes and dips: the share of event hours and their mean excess follow the parameters.
TEST(SyntheticPrices, EventsAddTheirMeanExcess) {
  test::TempDir d;
  // The same draws every hour whatever the events, so spiky - quiet is the events alone.
  const std::string base = plain_model(0.5, 10);
  const auto quiet = model_from(d, base);
  const auto spiky = model_from(d, base +
                                       "spikes: {every: 100 h, duration: 4 h, height: 50 EUR/MWh}\n"
                                       "dips: {every: 400 h, duration: 2 h, depth: 30 EUR/MWh}\n");
  const Time a = at("2030-01-01T00:00Z"), b = at("2033-01-01T00:00Z");
  const auto q = generate_synthetic_prices(quiet, a, b, 3);
  const auto s = generate_synthetic_prices(spiky, a, b, 3);
  // Expected excess per hour: 4/(100+4) * 50 - 2/(400+2) * 30 = 1.774 EUR/MWh.
  EXPECT_NEAR(mean(s.values()) - mean(q.values()), 1.774, 0.5);
  std::size_t up = 0;
  for (std::size_t i = 0; i < s.size(); ++i) up += s.values()[i] - q.values()[i] > 1e-6;
  EXPECT_NEAR(static_cast<double>(up) / static_cast<double>(s.size()), 4.0 / 104.0, 0.01);
}

// Read as a run reads them (the site's sweep, the bill's look back at the last quarter-
// hours, a controller's day ahead), six years of prices with events equal the whole
// series bit for bit, while the window holds a few years at most; a copy of a generator
// (what a fleet's sites start from) makes the same series.
TEST(SyntheticPrices, ReadAsTheRunGoesEqualsTheWholeSeriesInABoundedWindow) {
  test::TempDir d;
  const auto m = model_from(d, plain_model(0.8, 12) +
                                   "spikes: {every: 50 h, duration: 3 h, height: 80 EUR/MWh}\n"
                                   "dips: {every: 200 h, duration: 2 h, depth: 40 EUR/MWh}\n");
  const Time a = at("2025-01-01T00:00+01:00"), b = a + Time::days(6 * 365);
  const StepSeries whole = generate_synthetic_prices(m, a, b, 9);
  SyntheticPrices first(m, a, b, 9);
  SyntheticPrices copy = first;
  EXPECT_EQ(drain(copy).values(), whole.values());
  WindowedSteps w(std::make_unique<SyntheticPrices>(first), Time::hours(1), a);
  std::size_t most = 0, checked = 0;
  for (Time t = a; t < b; t += Time::minutes(15)) {
    w.keep_from(t - Time::days(1));
    w.advance_to(t);
    most = std::max(most, w.held());
    ASSERT_EQ(w.value(), whole.value_at(t)) << format_utc(t);
    if (t > a + Time::hours(1)) {
      ASSERT_EQ(w.mean(t - Time::minutes(15), t), whole.mean(t - Time::minutes(15), t));
    }
    if (t.count_us() % Time::hours(6).count_us() == 0) {
      ASSERT_EQ(w.mean(t, t + Time::days(1)), whole.mean(t, t + Time::days(1)));
      ++checked;
    }
  }
  EXPECT_GT(checked, 8000u);
  EXPECT_GT(whole.size(), 52000u);
  EXPECT_LE(most, 33000u);  // about 3.7 years of hours at most, not the run
}

// Generated years against the real file each model was fitted to, same period, five seeds.
// Tolerances: the mean within 6 EUR/MWh (a year's mean of one path has SE 2-3 EUR/MWh);
// every local hour-of-day mean within 12 EUR/MWh; lag-1 autocorrelation of the hourly
// prices within 0.04; the sd within 25 % (heavy tails are only roughly modelled).
struct RealCase {
  const char* zone;
  const char* file;
  const char* from;
  const char* to;
};

TEST(SyntheticPrices, GeneratedStatisticsMatchTheRealFiles) {
  WF_REQUIRE_SHARED_DATA();
  const std::vector<RealCase> cases{
      {"SE3", "SE3_2023_entsoe.csv", "2023-01-01T00:00+01:00", "2024-01-01T00:00+01:00"},
      {"DK1", "Elspotprices_DK1_DK2_2021-2024.csv.gz", "2023-01-01T00:00+01:00",
       "2024-01-01T00:00+01:00"},
      {"FI", "sahkotin_spot_price_vat_FI.csv", "2023-01-01T02:00+02:00", "2024-01-01T00:00+02:00"},
      {"NO2", "neighbor_prices_hourly_2025_smard_UTC.csv.gz", "2025-01-01T00:00+01:00",
       "2026-01-01T00:00+01:00"},
      {"DE-LU", "hourly_german_residual_load_and_prices_2024_present.csv.gz", "2024-01-01T00:00Z",
       "2025-10-01T00:00+02:00"},  // the file starts at 00:00Z
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.zone);
    const Time a = at(c.from), b = at(c.to);
    PriceFileSpec spec;
    spec.file = test::shared_data() / "prices" / c.file;
    spec.zone = c.zone;
    spec.from = a;
    spec.to = b;
    const StepSeries real = load_price_file(spec).eur_per_mwh;
    const auto m = load_synthetic_price_model(synthetic_price_file(c.zone));
    const auto rv = values_in(real, a, b);
    const auto rh = hour_means(real, m.tz, a, b);
    double gmean = 0, glag = 0, gsd = 0;
    std::array<double, 24> gh{};
    constexpr int kSeeds = 5;
    for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
      const auto g = generate_synthetic_prices(m, a, b, seed);
      const auto gv = values_in(g, a, b);
      ASSERT_EQ(gv.size(), rv.size());
      gmean += mean(gv) / kSeeds;
      glag += lag1(gv) / kSeeds;
      gsd += sd(gv) / kSeeds;
      const auto h = hour_means(g, m.tz, a, b);
      for (std::size_t k = 0; k < 24; ++k) gh[k] += h[k] / kSeeds;
    }
    std::cout << fmt::format(
        "{}: mean {:.2f} (real {:.2f}), lag-1 {:.3f} ({:.3f}), sd {:.2f} ({:.2f})\n", c.zone, gmean,
        mean(rv), glag, lag1(rv), gsd, sd(rv));
    EXPECT_NEAR(gmean, mean(rv), 6.0);
    EXPECT_NEAR(gmean, m.fitted->mean, 6.0);
    for (std::size_t k = 0; k < 24; ++k) EXPECT_NEAR(gh[k], rh[k], 12.0) << "local hour " << k;
    EXPECT_NEAR(glag, lag1(rv), 0.04);
    EXPECT_NEAR(glag, m.fitted->lag1, 0.04);
    EXPECT_NEAR(gsd / m.fitted->sd, 1.0, 0.25);
  }
}

TEST(SyntheticPrices, BadParameterFilesFailWithFileLineAndField) {
  test::TempDir d;
  const std::string good = plain_model();
  auto expect_fail = [&](const std::string& yaml, const std::string& field, int line) {
    SCOPED_TRACE(field);
    try {
      model_from(d, yaml);
      FAIL() << "accepted a bad model";
    } catch (const InputError& e) {
      EXPECT_NE(e.file().find("model.yaml"), std::string::npos) << e.what();
      EXPECT_NE(e.field().find(field), std::string::npos) << e.what();
      EXPECT_EQ(e.line(), line) << e.what();
    }
  };
  // One price short in the weekday shape (line 5).
  std::string short_shape = good;
  short_shape.replace(short_shape.find("weekday: [0 EUR/MWh, "), 21, "weekday: [");
  expect_fail(short_shape, "shape.weekday", 5);
  std::string bad_phi = good;
  bad_phi.replace(bad_phi.find("phi: 0.9"), 8, "phi: 1.2");
  expect_fail(bad_phi, "noise.phi", 7);
  std::string bad_unit = good;
  bad_unit.replace(bad_unit.find("level: 60 EUR/MWh"), 17, "level: 60 kW");
  expect_fail(bad_unit, "seasonal.level", 3);
  expect_fail(good + "spikes: {every: 0.5 h, duration: 2 h, height: 5 EUR/MWh}\n", "spikes.every",
              8);
  expect_fail(good + "surprise: 1\n", "surprise", 8);
  std::string bad_tz = good;
  bad_tz.replace(bad_tz.find("Europe/Berlin"), 13, "Europe/Nowhere");
  expect_fail(bad_tz, "timezone", 2);
}

TEST(ReadPrices, SyntheticZoneDrawsWithTheSiteSeed) {
  test::TempDir d;
  const Time a = at("2025-06-01T00:00+02:00"), b = at("2025-06-08T00:00+02:00");
  const auto n = root(d, "prices: {synthetic: {zone: DE-LU}}\n").at("prices");
  const auto p1 = read_prices(n, a, b, 11);
  const auto p2 = read_prices(n, a, b, 11);
  const auto p3 = read_prices(n, a, b, 12);
  EXPECT_TRUE(p1.series().covers(a));
  EXPECT_GE(p1.series().end(), b);
  EXPECT_EQ(p1.series().values(), p2.series().values());
  EXPECT_NE(p1.series().values(), p3.series().values());
  EXPECT_TRUE(p1.notes.empty());  // nothing was repaired
  // seed: in the map overrides the site's; the scalar form names the zone.
  const auto fixed = root(d, "prices: {synthetic: {zone: DE-LU, seed: 5}}\n").at("prices");
  EXPECT_EQ(read_prices(fixed, a, b, 11).series().values(),
            read_prices(fixed, a, b, 12).series().values());
  const auto scalar = root(d, "prices: {synthetic: DE-LU}\n").at("prices");
  EXPECT_EQ(read_prices(scalar, a, b, 11).series().values(), p1.series().values());
}

TEST(ReadPrices, SyntheticCustomFileAndRefusals) {
  test::TempDir d;
  d.write("my_model.yaml", plain_model());
  const Time a = at("2025-06-01T00:00Z"), b = at("2025-06-02T00:00Z");
  const auto custom = root(d, "prices:\n  synthetic: {file: my_model.yaml}\n").at("prices");
  EXPECT_EQ(read_prices(custom, a, b, 1).series().size(), 24u);
  try {
    read_prices(root(d, "prices: {synthetic: {zone: XX}}\n").at("prices"), a, b, 1);
    FAIL() << "accepted an unknown zone";
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("available"), std::string::npos) << what;
    EXPECT_NE(what.find("DE-LU"), std::string::npos) << what;
    EXPECT_NE(what.find("SE3"), std::string::npos) << what;
    EXPECT_EQ(e.line(), 1);
  }
  EXPECT_THROW(
      read_prices(root(d, "prices: {synthetic: {zone: SE3, file: my_model.yaml}}\n").at("prices"),
                  a, b, 1),
      InputError);  // the file holds zone XX
  EXPECT_THROW(
      read_prices(root(d, "prices: {synthetic: {zone: SE3}, zone: SE3}\n").at("prices"), a, b, 1),
      InputError);
  EXPECT_THROW(
      read_prices(root(d, "prices: {synthetic: {zone: SE3, sead: 1}}\n").at("prices"), a, b, 1),
      InputError);
  EXPECT_THROW(
      read_prices(root(d, "prices: {synthetic: {file: missing.yaml}}\n").at("prices"), a, b, 1),
      InputError);
}

}  // namespace
}  // namespace wf
