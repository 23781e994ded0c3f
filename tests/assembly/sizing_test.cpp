// `wattfleet size`: the sweep's rows independent of threads, a killed sweep resumed to
// the same rows, bad sizing input named by file, line and field.
#include "assembly/sizing.hpp"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>

#include "sim/error.hpp"
#include "tests/test_support.hpp"

namespace wf {
namespace {

const std::filesystem::path kQuickstart =
    std::filesystem::path(WF_SOURCE_DIR) / "scenarios/quickstart.yaml";

// The quickstart's reservoir over one-year lives, hourly rows.
Scenario quickstart(std::vector<std::string> more = {}) {
  std::vector<std::string> o{"economics.years=1", "output_interval=1h"};
  o.insert(o.end(), more.begin(), more.end());
  return load_scenario(kQuickstart, o);
}

bool same_bytes(const SizingRow& a, const SizingRow& b) {
  auto bits = [](double x) {
    std::uint64_t u;
    std::memcpy(&u, &x, 8);
    return u;
  };
  return bits(a.nameplate_kwh) == bits(b.nameplate_kwh) && bits(a.npv_p50) == bits(b.npv_p50) &&
         bits(a.npv_p10) == bits(b.npv_p10) && bits(a.lcos) == bits(b.lcos) &&
         bits(a.saving_per_year) == bits(b.saving_per_year) && bits(a.capex) == bits(b.capex) &&
         bits(a.final_soh) == bits(b.final_soh) && a.error == b.error && a.pareto == b.pareto;
}

TEST(Sizing, RowsAreTheSameOnOneThreadAndTwo) {
  test::TempDir dir;
  const Scenario s = quickstart();
  const SizingPlan plan = read_sizing(s, {.capacity = "100kWh,200kWh", .power = "50kW,100kW"});
  const auto one = run_sizing(s, plan, {.threads = 1, .output = dir / "one.h5"});
  const auto two = run_sizing(s, plan, {.threads = 2, .output = dir / "two.h5"});
  ASSERT_EQ(one.rows.size(), 4u);
  ASSERT_EQ(two.rows.size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) EXPECT_TRUE(same_bytes(one.rows[i], two.rows[i])) << i;
  EXPECT_EQ(one.npv_optimum, two.npv_optimum);
  EXPECT_TRUE(std::filesystem::exists(dir / "one.h5"));
  EXPECT_FALSE(std::filesystem::exists(dir / "one.h5.journal"));  // gone once complete
  // A bigger reservoir costs more: capex follows the nameplate.
  EXPECT_GT(one.rows[2].capex, one.rows[0].capex);
  EXPECT_NEAR(one.rows[2].nameplate_kwh, 200, 1e-9);
}

TEST(Sizing, AKilledSweepResumesWithoutRedoingFinishedConfigurations) {
  test::TempDir dir;
  const Scenario s = quickstart();
  const SizingPlan plan = read_sizing(s, {.capacity = "100kWh,150kWh,200kWh"});
  const auto whole = run_sizing(s, plan, {.threads = 1, .output = dir / "whole.h5"});
  // Killed after the baseline and two configurations (the progress hook throws).
  int calls = 0;
  SizingOptions killed{.threads = 1, .output = dir / "cut.h5"};
  killed.progress = [&](double) {
    if (++calls == 3) throw std::runtime_error("killed");
  };
  EXPECT_THROW(run_sizing(s, plan, killed), std::runtime_error);
  EXPECT_FALSE(std::filesystem::exists(dir / "cut.h5"));
  EXPECT_TRUE(std::filesystem::exists(dir / "cut.h5.journal"));
  const auto resumed =
      run_sizing(s, plan, {.threads = 2, .output = dir / "cut.h5", .resume = true});
  EXPECT_EQ(resumed.lives_simulated, 1u);  // only the third configuration ran again
  ASSERT_EQ(resumed.rows.size(), whole.rows.size());
  for (std::size_t i = 0; i < whole.rows.size(); ++i)
    EXPECT_TRUE(same_bytes(whole.rows[i], resumed.rows[i])) << i;
  // A journal of another sweep is refused, and so is --resume without one.
  calls = 0;
  killed.output = dir / "x.h5";
  EXPECT_THROW(run_sizing(s, plan, killed), std::runtime_error);
  const SizingPlan other = read_sizing(s, {.capacity = "100kWh"});
  try {
    run_sizing(s, other, {.output = dir / "x.h5", .resume = true});
    ADD_FAILURE() << "resumed another sweep's journal";
  } catch (const InputError& e) {
    EXPECT_THAT(e.detail(), ::testing::HasSubstr("another sweep"));
  }
  EXPECT_THROW(run_sizing(s, plan, {.output = dir / "none.h5", .resume = true}), InputError);
}

InputError error_of(const std::string& sizing, const SizingCommandLine& cli = {}) {
  return test::input_error([&] { read_sizing(quickstart({"sizing=" + sizing}), cli); },
                           "for " + sizing);
}

TEST(Sizing, BadInputNamesFileLineAndField) {
  auto e = error_of("{capacity: {from: 400 kWh, to: 100 kWh, step: 100 kWh}}");
  EXPECT_THAT(e.field(), ::testing::HasSubstr("sizing.capacity.to"));
  EXPECT_THAT(e.detail(), ::testing::HasSubstr("empty"));
  e = error_of("{capacity: {from: 100 kWh, to: 400 kWh, step: -100 kWh}}");
  EXPECT_THAT(e.field(), ::testing::HasSubstr("sizing.capacity.step"));
  e = error_of("{volume: 3}");
  EXPECT_THAT(e.field(), ::testing::HasSubstr("sizing.volume"));
  EXPECT_THAT(e.detail(), ::testing::HasSubstr("expected one of"));
  e = error_of("{capacity: [100 kW]}");
  EXPECT_THAT(e.detail(), ::testing::HasSubstr("energy"));
  e = error_of("{device: berlin.grid, capacity: [100 kWh]}");
  EXPECT_THAT(e.field(), ::testing::HasSubstr("sizing.device"));
  e = error_of("{}");
  EXPECT_THAT(e.detail(), ::testing::HasSubstr("nothing to size"));
  e = error_of("{}", {.capacity = "100kWh:50kWh:10kWh"});
  EXPECT_EQ(e.field(), "--capacity");
  e = error_of("{}", {.power = "10kWh"});
  EXPECT_EQ(e.field(), "--power");
}

// Peak shaving against a monthly demand charge, worked in closed form. A load of 50 kW
// with a daily pulse to 150 kW from 12:00 to 14:00; a lossless reservoir holds the import
// at 100 kW. Shaving needs power P <= 50 kW and, to last the pulse, energy E >= 2 h x P
// (an emptied battery lets the peak back). A year saves 12 x 10 EUR/kW x P; the shaving
// costs 20 EUR/kW x P + 10 EUR/kWh x E. Each shaved kW earns 120 and costs 20 + 2 x 10 =
// 40 EUR: buy all of it, and no more. Optimum P = 50 kW, E = 100 kWh, NPV 4 000 EUR.
TEST(Sizing, FindsTheClosedFormOptimumOfAPeakShavingCase) {
  test::TempDir dir;
  std::string load = "time,kw\n";
  for (int h = 0; h < 24; ++h)
    load += fmt::format("2025-01-01T{:02d}:00:00Z,{}\n", h, h == 12 || h == 13 ? 150 : 50);
  dir.write("load.csv", load);
  const auto file = dir.write("pulse.yaml", R"(
start: 2025-01-01T00:00:00Z
duration: 365d
output_interval: 1h
sites:
  s:
    timezone: UTC
    devices:
      grid: {type: grid, import_limit: 1 MW}
      load: {type: load, connect: grid,
             power: {file: load.csv, unit: kW, interpolation: step, repeat: true}}
      bat: {type: battery, connect: grid, capacity: 100 kWh, max_charge_power: 50 kW,
            max_discharge_power: 50 kW, charge_efficiency: 1, discharge_efficiency: 1,
            soc_min: 0 %, soc_max: 100 %, soc_initial: 100 %}
    tariff: {supplier: {type: fixed, price: 0 EUR/MWh}, network: {monthly_peak: 10 EUR/kW}}
    controller: {type: peak_shaving, limit: 100 kW}
economics: {years: 1, discount_rate: 0 %, storage_capex: 10 EUR/kWh, power_capex: 20 EUR/kW,
            opex: 0 %}
sizing:
  capacity: {from: 50 kWh, to: 200 kWh, step: 25 kWh}
  power: {from: 20 kW, to: 80 kW, step: 10 kW}
)");
  const Scenario s = load_scenario(file);
  const auto r = run_sizing(s, read_sizing(s), {.threads = 2, .output = dir / "pulse_size.h5"});
  ASSERT_EQ(r.rows.size(), 7u * 7u);
  ASSERT_GE(r.npv_optimum, 0);
  const SizingRow& best = r.rows[std::size_t(r.npv_optimum)];
  EXPECT_NEAR(best.capacity_kwh, 100, 25) << "within one grid step";
  EXPECT_NEAR(best.power_kw, 50, 10) << "within one grid step";
  EXPECT_NEAR(best.npv_p50, 4000, 0.02 * 4000);
  // Every row in closed form: the battery gives P' = min(P, 50 kW) for E / P' hours; the
  // billed peak is the 15-min mean of the pulse's last quarter (13:45-14:00).
  for (const auto& row : r.rows) {
    const double p = std::min(row.power_kw, 50.0), hours = row.capacity_kwh / p;
    const double shaved = p * std::clamp((hours - 1.75) / 0.25, 0.0, 1.0);
    const double npv = 12 * 10 * shaved - 20 * row.power_kw - 10 * row.capacity_kwh;
    EXPECT_NEAR(row.npv_p50, npv, 1) << row.capacity_kwh << " kWh, " << row.power_kw << " kW";
  }
}

TEST(Sizing, AnInfeasibleConfigurationIsARowNotTheEndOfTheSweep) {
  test::TempDir dir;
  // Less than half a string of the Berlin cabinet cannot be built.
  const Scenario s =
      load_scenario(std::filesystem::path(WF_SOURCE_DIR) / "scenarios/berlin_vfx.yaml",
                    {"economics.years=1", "output_interval=1h"});
  const SizingPlan plan = read_sizing(s, {.capacity = "50kWh,215kWh"});
  const auto r = run_sizing(s, plan, {.threads = 2, .output = dir / "f.h5"});
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_THAT(r.rows[0].error, ::testing::HasSubstr("smallest capacity is 215.04 kWh"));
  EXPECT_TRUE(r.rows[1].error.empty());
  EXPECT_EQ(r.npv_optimum, 1);
}

}  // namespace
}  // namespace wf
