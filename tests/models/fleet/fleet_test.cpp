// The fleet: WAN paths over Boost.Graph, and deferrable jobs moved where energy is
// cheaper, with their energy conserved and the receiver's spare nodes respected.
#include "models/fleet/fleet.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "assembly/run.hpp"
#include "sim/error.hpp"
#include "tests/test_support.hpp"

namespace wf {
namespace {

TEST(FleetGraph, ShortestPathByLatencyWithItsNarrowestLink) {
  const FleetGraph g(
      {"a", "b", "c", "d"},
      {{"a", "b", 0.005, 10e9, 0.01}, {"b", "c", 0.010, 1e9, 0.02}, {"a", "c", 0.050, 100e9, 0.0}});
  const auto p = g.path("a", "c");
  ASSERT_TRUE(p.reachable);
  EXPECT_DOUBLE_EQ(p.latency_s, 0.015);  // via b, not the 50 ms direct link
  EXPECT_DOUBLE_EQ(p.bandwidth_bps, 1e9);
  EXPECT_DOUBLE_EQ(p.eur_per_gb, 0.03);
  EXPECT_EQ(p.hops, 2);
  EXPECT_FALSE(g.path("a", "d").reachable);
  EXPECT_TRUE(g.path("c", "c").reachable);
}

// Two render sites: `dear` at 200 EUR/MWh, `cheap` at 50 EUR/MWh, one link.
std::string two_sites(const std::string& shifting, int spare = 100) {
  const std::string site =
      "    devices:\n"
      "      grid: {{type: grid, import_limit: 5 MW}}\n"
      "      bus: {{type: bus, connect: grid}}\n"
      "      farm: {{type: load, connect: bus, power: {{workload: rendering, nodes: 24, node: "
      "gpu_render, seed: {}, jobs_per_day: 8, frames_per_job: 100, frame_time: 10 min, job_nodes: "
      "8, parked: sleep}}}}\n"
      "    prices: {} EUR/MWh\n";
  return "start: 2025-03-01T00:00:00Z\nduration: 7d\nsites:\n  dear:\n" +
         fmt::format(fmt::runtime(site), 1, 200) + "  cheap:\n" +
         fmt::format(fmt::runtime(site), 2, 50) +
         "fleet:\n  links: [{between: [dear, cheap], latency: 20 ms, bandwidth: 1 Gbit/s, cost: "
         "0.05 EUR/GB}]\n" +
         (shifting.empty() ? ""
                           : fmt::format("  shifting: {{by: price, from: [dear.farm], to: {{cheap: "
                                         "{{load: farm, spare_nodes: {}}}}}, {}}}\n",
                                         spare, shifting));
}

double value(const RunResult& r, const std::string& site, const std::string& name) {
  for (const auto& s : r.sites)
    if (s.id == site)
      for (const auto& v : s.summary)
        if (v.name == name) return v.value;
  throw std::out_of_range(site + "." + name);
}

TEST(FleetShifting, JobsMoveToTheCheapSiteAndTheirEnergyMovesWithThem) {
  const RunResult base = run_scenario(parse_scenario(two_sites(""), "f.yaml"), {});
  const RunResult moved =
      run_scenario(parse_scenario(two_sites("data_per_job: 100 GB"), "f.yaml"), {});
  const double sent = value(moved, "dear", "fleet.jobs_sent");
  EXPECT_GT(sent, 20);  // about 8 a day; those ending past the horizon stay
  EXPECT_EQ(value(moved, "cheap", "fleet.jobs_received"), sent);
  const double it_base = value(base, "dear", "it_energy") + value(base, "cheap", "it_energy");
  const double it_moved = value(moved, "dear", "it_energy") + value(moved, "cheap", "it_energy");
  EXPECT_NEAR(it_moved, it_base, 1e-6 * it_base);  // the same work, elsewhere
  const double shifted_kwh = value(base, "dear", "it_energy") - value(moved, "dear", "it_energy");
  EXPECT_GT(shifted_kwh, 0);
  // 150 EUR/MWh saved on what moved, less 100 GB x 0.05 EUR/GB per job (busy power only:
  // the few minutes of waking nodes are not in the estimate).
  EXPECT_NEAR(value(moved, "dear", "fleet.expected_saving"), 0.150 * shifted_kwh - 5 * sent,
              0.05 * 0.150 * shifted_kwh);
  EXPECT_DOUBLE_EQ(value(moved, "dear", "fleet.transfer_cost"), 5 * sent);
  EXPECT_DOUBLE_EQ(value(moved, "dear", "fleet.data_sent"), 100 * sent);
}

TEST(FleetShifting, TheReceiverNeverRunsMoreImportedNodesThanItsSpareOnes) {
  const RunResult one =
      run_scenario(parse_scenario(two_sites("data_per_job: 1 GB", 8), "f.yaml"), {});
  const RunResult many =
      run_scenario(parse_scenario(two_sites("data_per_job: 1 GB", 100), "f.yaml"), {});
  EXPECT_GT(value(one, "dear", "fleet.jobs_sent"), 0);
  EXPECT_LT(value(one, "dear", "fleet.jobs_sent"), value(many, "dear", "fleet.jobs_sent"));
}

TEST(FleetShifting, TheReceiversGridConnectionMustCarryTheJobs) {
  // The cheap site's own 24 nodes peak near 50 kW; at 60 kW import it takes fewer jobs.
  std::string tight = two_sites("data_per_job: 1 GB");
  tight.replace(tight.rfind("import_limit: 5 MW"), 18, "import_limit: 60 kW");
  const RunResult r = run_scenario(parse_scenario(tight, "f.yaml"), {});
  const RunResult free =
      run_scenario(parse_scenario(two_sites("data_per_job: 1 GB"), "f.yaml"), {});
  EXPECT_LT(value(r, "dear", "fleet.jobs_sent"), value(free, "dear", "fleet.jobs_sent"));
  EXPECT_EQ(value(r, "cheap", "unserved_energy"), 0);
}

TEST(FleetShifting, NothingMovesWhenTheSavingDoesNotPayTheTransfer) {
  const RunResult r = run_scenario(parse_scenario(two_sites("data_per_job: 100 TB"), "f.yaml"),
                                   {});  // 5000 EUR a job
  EXPECT_EQ(value(r, "dear", "fleet.jobs_sent"), 0);
}

TEST(FleetShifting, BadFleetInputNamesTheField) {
  auto error = [](const std::string& text) {
    return test::input_error_text([&] { run_scenario(parse_scenario(text, "f.yaml"), {}); });
  };
  std::string t = two_sites("data_per_job: 1 GB");
  t.replace(t.find("between: [dear, cheap]"), 22, "between: [dear, paris]");
  EXPECT_NE(error(t).find("no site 'paris'"), std::string::npos) << error(t);
  t = two_sites("data_per_job: 1 GB");
  t.replace(t.find("1 Gbit/s"), 8, "1 GB/s");
  EXPECT_NE(error(t).find("bandwidth"), std::string::npos) << error(t);
  t = two_sites("data_per_job: 1 GB");
  t.replace(t.find("from: [dear.farm]"), 17, "from: [dear.grid]");
  EXPECT_NE(error(t).find("has no load 'grid'"), std::string::npos) << error(t);
}

}  // namespace
}  // namespace wf
