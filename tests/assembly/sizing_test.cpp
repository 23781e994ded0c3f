// `wattfleet size`: the sweep's rows independent of threads, a killed sweep resumed to
// the same rows, bad sizing input named by file, line and field.
#include "assembly/sizing.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

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
  try {
    read_sizing(quickstart({"sizing=" + sizing}), cli);
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << "no InputError for " << sizing;
  return InputError("", 0, "", "");
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
