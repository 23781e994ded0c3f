// End-to-end runs through the HDF5 file: determinism, balance in the file,
// nothing at the output path unless the run completed.
#include "assembly/run.hpp"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "sim/error.hpp"
#include "sim/hdf5_reader.hpp"
#include "tests/test_support.hpp"

namespace wf {
namespace {

const std::filesystem::path kQuickstart =
    std::filesystem::path(WF_SOURCE_DIR) / "scenarios/quickstart.yaml";

TEST(Run, QuickstartWeekIsBalancedInTheFile) {
  test::TempDir dir;
  Scenario s = load_scenario(kQuickstart, {"duration=7d", "output_interval=1min"});
  RunResult r = run_scenario(s, {.output = dir / "q.h5"});
  ASSERT_TRUE(std::filesystem::exists(dir / "q.h5"));
  EXPECT_FALSE(std::filesystem::exists(dir / "q.h5.partial"));
  auto ch = [&](const std::string& name) { return read_channel(dir / "q.h5", "berlin", name); };
  auto grid = ch("grid_power"), pv = ch("pv_power"), bat = ch("battery_power"), it = ch("it_power"),
       cool = ch("cooling_power"), aux = ch("aux_power"), loss = ch("loss_power");
  ASSERT_EQ(grid.size(), 7u * 24 * 60);
  for (std::size_t i = 0; i < grid.size(); ++i) {
    double supply = grid[i] + pv[i] + bat[i], demand = it[i] + cool[i] + aux[i] + loss[i];
    ASSERT_LE(std::abs(supply - demand), 1e-9 * (std::abs(supply) + std::abs(demand))) << i;
  }
  ResultInfo info = read_result_info(dir / "q.h5");
  EXPECT_EQ(info.rows, grid.size());
  EXPECT_EQ(info.interval, Time::minutes(1));
  EXPECT_EQ(info.seed, 1u);
  EXPECT_THAT(info.scenario_text, ::testing::HasSubstr("name: quickstart"));
  EXPECT_THAT(info.overrides, ::testing::HasSubstr("duration=7d"));
  ASSERT_EQ(info.sites.size(), 1u);
  EXPECT_GT(r.sites[0].summary.size(), 10u);
}

// Issue 14: the quickstart's PV trace (linear, repeat) used to give nothing after its
// first year. Available PV (delivered + curtailed) is the same in both years.
TEST(Run, ARepeatedLinearPvTraceDeliversEveryYear) {
  Scenario s = load_scenario(kQuickstart, {"duration=730d", "output_interval=1h"});
  RunResult r = run_scenario(s, {.keep_columns = true});
  const auto& site = r.sites.at(0);
  auto column = [&](std::string_view name) -> const std::vector<double>& {
    for (std::size_t c = 0; c < site.channels.size(); ++c)
      if (site.channels[c].name == name) return site.columns[c];
    throw std::runtime_error("no channel " + std::string(name));
  };
  const auto& pv = column("pv_power");
  const auto& curtailed = column("pv_curtailed_power");
  ASSERT_EQ(pv.size(), 2u * 365 * 24);
  double year[2] = {0, 0};
  for (std::size_t i = 0; i < pv.size(); ++i) year[i / (365 * 24)] += pv[i] + curtailed[i];
  EXPECT_GT(year[0], 1e8);  // W x h: over 100 MWh a year
  EXPECT_NEAR(year[1], year[0], 1e-9 * year[0]);
}

TEST(Run, SameSeedGivesIdenticalDatasets) {
  test::TempDir dir;
  Scenario s = load_scenario(kQuickstart, {"duration=3d", "output_interval=5min"});
  run_scenario(s, {.output = dir / "a.h5", .seed = 99});
  run_scenario(s, {.output = dir / "b.h5", .seed = 99});
  ResultInfo a = read_result_info(dir / "a.h5");
  ASSERT_FALSE(a.sites.empty());
  for (const auto& channel : a.sites[0].channels) {
    auto x = read_channel(dir / "a.h5", "berlin", channel),
         y = read_channel(dir / "b.h5", "berlin", channel);
    ASSERT_EQ(x.size(), y.size()) << channel;
    EXPECT_EQ(0, std::memcmp(x.data(), y.data(), x.size() * sizeof(double))) << channel;
  }
  EXPECT_EQ(read_result_info(dir / "b.h5").seed, 99u);
}

TEST(Run, TrainingSiteStoresForecastSkillsAndScheduleAwareBeatsPersistence) {
  test::TempDir dir;
  Scenario s = load_scenario(
      std::filesystem::path(WF_SOURCE_DIR) / "scenarios/norway_fjord_llm.yaml", {"duration=20d"});
  run_scenario(s, {.output = dir / "n.h5"});
  ResultInfo info = read_result_info(dir / "n.h5");
  ASSERT_EQ(info.sites.size(), 1u);
  auto value = [&](const std::string& name) {
    for (const auto& v : info.sites[0].summary)
      if (v.name == name) return v.value;
    ADD_FAILURE() << "no " << name << " in /summary";
    return std::nan("");
  };
  EXPECT_GT(value("forecast.training.schedule_aware.15min.skill"), 0);
  EXPECT_GT(value("forecast.training.schedule_aware.1d.skill"), 0);
  EXPECT_EQ(value("forecast.training.persistence.15min.skill"), 0);
  EXPECT_GT(value("forecast.training.persistence.15min.rmse"), 0);
}

TEST(Run, EconomicsComparesTheBillWithAndWithoutStorage) {
  Scenario s = load_scenario(kQuickstart, {"duration=30d", "start=2025-06-01T00:00:00+02:00"});
  RunResult with = run_scenario(s, {});
  RunResult idle =
      run_scenario(load_scenario(kQuickstart, {"duration=30d", "start=2025-06-01T00:00:00+02:00",
                                               "sites.berlin.controller.type=idle"}),
                   {});
  auto get = [](const RunResult& r, const std::string& name) {
    for (const auto& v : r.sites[0].summary)
      if (v.name == name) return v.value;
    return std::nan("");
  };
  // The baseline without batteries bills what the same site with an idle (lossless) reservoir
  // bills.
  EXPECT_NEAR(get(with, "economics.bill_without_storage"), get(idle, "bill.total"), 1e-6);
  EXPECT_DOUBLE_EQ(get(with, "economics.bill_with_storage"), get(with, "bill.total"));
  EXPECT_GT(get(with, "economics.saving_share"), 0);
  EXPECT_DOUBLE_EQ(get(with, "without_storage.bill.total"),
                   get(with, "economics.bill_without_storage"));
  EXPECT_FALSE(std::isnan(get(with, "without_storage.bill.demand")));
  // 30 days are no life: no annualised or lifetime figures (a whole year: Appraisal tests).
  EXPECT_TRUE(std::isnan(get(with, "economics.saving_per_year")));
  EXPECT_TRUE(std::isnan(get(with, "economics.npv")));
}

TEST(Run, BadInputLeavesNoFileAndKeepsAnOldOne) {
  test::TempDir dir;
  auto out = dir.write("old.h5", "previous result");
  EXPECT_THROW(
      run_scenario(load_scenario(kQuickstart, {"sites.berlin.devices.cabinet.capacity=-1 kWh"}),
                   {.output = out}),
      InputError);
  EXPECT_FALSE(std::filesystem::exists(dir / "old.h5.partial"));
  std::ifstream in(out);
  std::string text((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(text, "previous result");
}

}  // namespace
}  // namespace wf
