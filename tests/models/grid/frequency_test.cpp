#include "models/grid/frequency.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "models/grid/frequency_response.hpp"
#include "sim/error.hpp"
#include "sim/time_format.hpp"
#include "tests/test_support.hpp"

namespace wf {
namespace {

using test::at;

ConfigNode node(const test::TempDir& d, const std::string& yaml) {
  return test::field_of(d, yaml, "frequency");
}

ConfigNode value(const test::TempDir& d, const std::string& text) {
  return test::field_of(d, "product: " + text + "\n", "product");
}

// The French record of May 2019 (10-s deviations in mHz, Paris local time), one day.
TEST(Frequency, ReplaysTheFrenchRecord) {
  WF_REQUIRE_SHARED_DATA();
  test::TempDir d;
  const auto file = test::shared_data() / "frequency" / "france_2019_05_10s.csv.gz";
  const Time a = at("2019-05-01T00:00+02:00"), b = at("2019-05-02T00:00+02:00");
  const auto f = read_frequency(
      node(d, fmt::format("frequency: {{file: {}, format: rte_deviation_mhz}}\n", file.string())),
      a, b);
  EXPECT_EQ(f.size(), 267'840u);  // 31 days of 10-s samples, no gaps
  EXPECT_EQ(f.start(), at("2019-05-01T00:00+02:00"));
  EXPECT_EQ(f.end(), at("2019-06-01T00:00+02:00"));
  EXPECT_DOUBLE_EQ(f.value_at(a), 50.0 - 0.0321);  // first row: -32.1 mHz
  // Day and month swapped up to day 12: "2019-12-05 23:59:50" is 12 May (6.7 mHz), then
  // "2019-05-13 00:00:00" follows (-13.6 mHz).
  EXPECT_DOUBLE_EQ(f.value_at(at("2019-05-12T23:59:50+02:00")), 50.0067);
  EXPECT_DOUBLE_EQ(f.value_at(at("2019-05-13T00:00:00+02:00")), 50.0 - 0.0136);
  std::size_t n = 0;
  double lo = 100, hi = 0;
  for (std::size_t i = 0; i < f.size(); ++i) {
    if (f.times()[i] < a || f.times()[i] >= b) continue;
    ++n;
    lo = std::min(lo, f.values()[i]);
    hi = std::max(hi, f.values()[i]);
  }
  EXPECT_EQ(n, 8640u);
  EXPECT_NEAR(f.mean(a, b), 50.0, 0.01);
  EXPECT_GT(lo, 49.85);  // the month's range is -110.5..+129.5 mHz (SOURCES.md)
  EXPECT_LT(hi, 50.15);
  EXPECT_NEAR(f.mean(f.start(), f.end()), 50.0003, 0.0002);  // mean +0.3 mHz (SOURCES.md)
  // The format is recognised from the header when not given.
  const auto g =
      read_frequency(node(d, fmt::format("frequency: {{file: {}}}\n", file.string())), a, b);
  EXPECT_EQ(g.values(), f.values());
}

TEST(Frequency, ReadsAnHzTrace) {
  test::TempDir d;
  d.write("f.csv",
          "time,hz\n2025-01-01T00:00:00Z,50.01\n2025-01-01T00:00:01Z,49.98\n"
          "2025-01-01T00:00:02Z,50.00\n");
  const auto f = read_frequency(node(d, "frequency: {file: f.csv, format: hz}\n"),
                                at("2025-01-01T00:00Z"), at("2025-01-01T00:00:03Z"));
  EXPECT_EQ(f.values(), (std::vector<double>{50.01, 49.98, 50.00}));
  EXPECT_EQ(f.end(), at("2025-01-01T00:00:03Z"));
}

struct BadCase {
  std::string name, text, yaml_extra, field;
  int line;
};

TEST(Frequency, BadFilesFailWithFileAndLine) {
  test::TempDir d;
  const std::string rte_head = ",Frequency\n";
  const std::vector<BadCase> cases{
      {"out_of_range.csv", rte_head + "2019-05-13 00:00:00,12.0\n2019-05-13 00:00:10,2600.0\n",
       ", format: rte_deviation_mhz", "Frequency", 3},
      {"not_a_number.csv", rte_head + "2019-05-13 00:00:00,12.0\n2019-05-13 00:00:10,abc\n",
       ", format: rte_deviation_mhz", "Frequency", 3},
      {"wrong_column.csv", ",Freq\n2019-05-13 00:00:00,12.0\n2019-05-13 00:00:10,13.0\n",
       ", format: rte_deviation_mhz", "Frequency", 1},
      {"duplicate.csv",
       rte_head + "2019-05-13 00:00:00,1\n2019-05-13 00:00:10,2\n2019-05-13 00:00:10,3\n",
       ", format: rte_deviation_mhz", "time", 4},
      {"gap.csv",
       rte_head + "2019-05-13 00:00:00,1\n2019-05-13 00:00:10,2\n2019-05-13 00:00:40,3\n",
       ", format: rte_deviation_mhz", "time", 4},
      {"hz_range.csv", "time,hz\n2019-05-12T22:00:00Z,50\n2019-05-12T22:00:10Z,47.4\n",
       ", format: hz", "hz", 3},
      {"hz_wrong_column.csv", "time,hz\n2025-01-01T00:00:00Z,50\n2025-01-01T00:00:01Z,50\n",
       ", format: hz, value_column: Frequency", "value_column", 0},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    d.write(c.name, c.text);
    try {
      read_frequency(node(d, fmt::format("frequency: {{file: {}{}}}\n", c.name, c.yaml_extra)),
                     at("2019-05-13T00:00+02:00"), at("2019-05-13T00:00:10+02:00"));
      FAIL() << "accepted a bad file";
    } catch (const InputError& e) {
      EXPECT_NE(e.file().find(c.name), std::string::npos) << e.what();
      EXPECT_EQ(e.line(), c.line) << e.what();
      EXPECT_NE(e.field().find(c.field), std::string::npos) << e.what();
    }
  }
  // Scenario-side refusals: unknown format, missing file, a run the record does not cover.
  d.write("ok.csv", rte_head + "2019-05-13 00:00:00,1\n2019-05-13 00:00:10,2\n");
  EXPECT_THROW(read_frequency(node(d, "frequency: {file: ok.csv, format: mhz}\n"), Time::zero(),
                              Time::seconds(1)),
               InputError);
  EXPECT_THROW(
      read_frequency(node(d, "frequency: {file: none.csv}\n"), Time::zero(), Time::seconds(1)),
      InputError);
  EXPECT_THROW(read_frequency(node(d, "frequency: {file: ok.csv}\n"), at("2019-05-13T00:00+02:00"),
                              at("2019-05-14T00:00+02:00")),
               InputError);
  // nominal shifts both the deviations and the accepted range.
  const auto f = read_frequency(node(d, "frequency: {file: ok.csv, nominal: 60 Hz}\n"),
                                at("2019-05-13T00:00+02:00"), at("2019-05-13T00:00:20+02:00"));
  EXPECT_DOUBLE_EQ(f.values()[1], 60.002);
}

// Droop tables: breakpoints and points between, for every product (domain-reference §5.7).
struct DroopPoint {
  double hz, activation;
};

void expect_table(FcrProduct p, const std::vector<DroopPoint>& table) {
  SCOPED_TRACE(std::string(product_name(p)));
  for (const auto& [hz, act] : table) {
    EXPECT_DOUBLE_EQ(fcr_activation(p, hz) + 1.0, act + 1.0) << hz << " Hz";  // exact at 0 too
    EXPECT_DOUBLE_EQ(fcr_power_w(p, hz, 2e6) + 1.0, act * 2e6 + 1.0) << hz << " Hz";
  }
}

TEST(FrequencyResponse, ContinentalFcrDeadbandAndFullActivation) {
  expect_table(FcrProduct::fcr_ce, {{50.0, 0},
                                    {50.01, 0},  // deadband edge, ±10 mHz [RL-ACT]
                                    {49.99, 0},
                                    {49.98, 0.1},
                                    {49.9, 0.5},
                                    {49.8, 1},  // full at -200 mHz
                                    {49.5, 1},
                                    {50.02, -0.1},
                                    {50.15, -0.75},
                                    {50.2, -1},
                                    {51.0, -1}});
}

TEST(FrequencyResponse, NordicFcrN) {
  expect_table(FcrProduct::fcr_n, {{50.0, 0},
                                   {49.99, 0.1},
                                   {49.95, 0.5},
                                   {49.9, 1},
                                   {49.7, 1},
                                   {50.05, -0.5},
                                   {50.1, -1},
                                   {50.4, -1}});
}

TEST(FrequencyResponse, NordicFcrDUpAndDown) {
  expect_table(FcrProduct::fcr_d_up, {{50.0, 0},
                                      {49.95, 0},
                                      {49.9, 0},
                                      {49.8, 0.25},
                                      {49.7, 0.5},
                                      {49.5, 1},
                                      {49.0, 1},
                                      {50.3, 0}});
  expect_table(
      FcrProduct::fcr_d_down,
      {{50.0, 0}, {50.1, 0}, {50.2, -0.25}, {50.4, -0.75}, {50.5, -1}, {51.0, -1}, {49.5, 0}});
}

TEST(FrequencyResponse, CapacityRevenueAndProductNames) {
  // 10 EUR/MW/h x 2 MW x 24 h
  EXPECT_DOUBLE_EQ(fcr_capacity_revenue_eur(10, 2e6, Time::hours(24)), 480);
  EXPECT_DOUBLE_EQ(fcr_capacity_revenue_eur(10, 2e6, Time::minutes(15)), 5);
  test::TempDir d;
  for (auto p :
       {FcrProduct::fcr_ce, FcrProduct::fcr_n, FcrProduct::fcr_d_up, FcrProduct::fcr_d_down})
    EXPECT_EQ(parse_fcr_product(value(d, std::string(product_name(p)))), p);
  try {
    parse_fcr_product(value(d, "fcr"));
    FAIL() << "accepted an unknown product";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("fcr_ce, fcr_n, fcr_d_up, fcr_d_down"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace wf
