// The compute domain's scenario types end to end: a workload map in a load's `power`
// drives a site, and the site's IT energy is the integral of the generated series.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>

#include "assembly/site_builder.hpp"
#include "models/compute/trace_replay.hpp"
#include "models/compute/workload.hpp"
#include "models/site/site.hpp"
#include "sim/engine.hpp"
#include "sim/error.hpp"
#include "tests/test_support.hpp"

namespace wf {
namespace {

std::string scenario(const std::string& power, const std::string& duration = "2d") {
  return fmt::format(
      "start: 2025-06-02T00:00:00Z\nduration: {}\noutput_interval: 15min\nsites:\n  s:\n"
      "    devices:\n      grid: {{type: grid, import_limit: 5 MW}}\n"
      "      bus: {{type: bus, connect: grid}}\n"
      "      nodes: {{type: load, connect: bus, power: {}}}\n",
      duration, power);
}

// IT energy (kWh) of the site after a run.
double it_energy_kwh(const std::string& text, const std::vector<std::string>& overrides = {}) {
  Scenario s = parse_scenario(text, "compute_registration_test.yaml", overrides);
  auto sites = build_sites(s);
  Engine engine(s.start, s.seed);
  Site& site = *sites.at(0);
  site.connect([](std::span<const double>) {},
               [](Time, std::string_view, std::string_view, double, std::string_view) {});
  site.start(engine);
  engine.run_until(s.end);
  site.finish(s.end);
  for (const auto& v : site.summary())
    if (v.name == "it_energy") return v.value;
  throw std::out_of_range("no it_energy");
}

TEST(ComputeRegistration, AiTrainingEnergyIsTheIntegralOfItsPower) {
  const double kwh = it_energy_kwh(
      scenario("{workload: ai_training, nodes: 4, node: h100_8gpu, seed: 5, job_interval: 1 h}"));
  WorkloadGroup g;
  g.start = Time::seconds(1748822400);  // 2025-06-02T00:00Z
  g.end = g.start + Time::days(2);
  g.nodes = 4;
  g.node = read_node(ConfigDoc::parse("n: h100_8gpu\n", "t").root().at("n"));
  g.seed = 5;
  AiTrainingParams p;
  p.job_interval = 3600;
  Workload w = generate_ai_training(g, p);
  const double joules = w.power.mean(g.start, g.end) * (g.end - g.start).to_seconds();
  EXPECT_NEAR(kwh, joules / 3.6e6, 1e-9 * kwh);
  EXPECT_GT(kwh, 4 * 1.6 / 0.94 * 48);  // more than idle all the time
}

TEST(ComputeRegistration, TheScenarioSeedDrivesGroupsWithoutTheirOwn) {
  const std::string text = scenario("{workload: rendering, nodes: 10, node: gpu_render}", "7d");
  EXPECT_EQ(it_energy_kwh(text, {"seed=1"}), it_energy_kwh(text, {"seed=1"}));
  EXPECT_NE(it_energy_kwh(text, {"seed=1"}), it_energy_kwh(text, {"seed=2"}));
}

TEST(ComputeRegistration, EveryKindBuildsAndDraws) {
  for (const char* power :
       {"{workload: rendering, nodes: 10, node: gpu_render, timezone: Europe/Berlin}",
        "{workload: finance, nodes: 10, node: cpu_server, timezone: Europe/Berlin}",
        "{workload: inference, nodes: 10, node: h100_8gpu, parked: sleep}",
        "{workload: ai_training, nodes: 2, node: {idle_power: 1 kW, max_power: 5 kW}}"}) {
    EXPECT_GT(it_energy_kwh(scenario(power)), 0) << power;
  }
}

TEST(ComputeRegistration, ReplayOfTheRealH100LogKeepsItsEnergy) {
  WF_REQUIRE_SHARED_DATA();
  const auto file =
      test::shared_data() / "workload/h100x8_aggregated_power_data_100stepsync.csv.gz";
  const double kwh = it_energy_kwh(scenario(
      fmt::format("{{workload: replay, format: aggregated, file: '{}', nodes: 10}}", file.string()),
      "1d"));
  const PowerLog log = read_power_log(file, TraceFormat::aggregated, 8);
  // A day holds whole periods plus a part; the replay's energy is exactly that.
  const Time day = Time::days(1);
  const std::int64_t n = day / log.period();
  const StepSeries s = replay(log, Time::zero(), 10, 1, 0);
  const double part =
      s.mean(Time::zero(), day - log.period() * n) * (day - log.period() * n).to_seconds();
  EXPECT_NEAR(kwh * 3.6e6, 10 * static_cast<double>(n) * log.energy_j() + part, 1e-6 * kwh * 3.6e6);
}

TEST(ComputeRegistration, AResampledReplayKeepsTheEnergyOfEveryPeriod) {
  WF_REQUIRE_SHARED_DATA();
  const auto file =
      test::shared_data() / "workload/h100x8_aggregated_power_data_100stepsync.csv.gz";
  const PowerLog log = read_power_log(file, TraceFormat::aggregated, 8);
  // Ten periods of the log: whole windows and the short last one of each period.
  const std::string horizon =
      fmt::format("{} ms", std::llround((log.period() * 10).to_seconds() * 1e3));
  auto kwh = [&](const std::string& extra) {
    return it_energy_kwh(scenario(
        fmt::format("{{workload: replay, format: aggregated, file: '{}', nodes: 10{}}}",
                    file.string(), extra),
        horizon),
        {"output_interval=" + horizon});  // one row: the run is not whole quarter-hours
  };
  const double every_sample = kwh("");
  EXPECT_NEAR(every_sample * 3.6e6, 100 * log.energy_j(), 1e-9 * every_sample * 3.6e6);
  for (const char* step : {"1 s", "1 min", "15 min"})
    EXPECT_NEAR(kwh(fmt::format(", resample: {}", step)), every_sample, 1e-9 * every_sample)
        << step;
  EXPECT_THROW(kwh(", resample: 0.1 us"), InputError);
  EXPECT_THROW(kwh(", resample: 10 ms"), InputError);  // below the log's ~100 ms
  EXPECT_THROW(kwh(", resample: -1 s"), InputError);
}

TEST(ComputeRegistration, SettingsThatWouldNeedGigabytesAreRefused) {
  const std::string text =
      scenario("{workload: ai_training, nodes: 4, node: h100_8gpu, period: 0.5 s}", "365d");
  try {
    it_energy_kwh(text);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("power.period"), std::string::npos) << e.what();
  }
}

TEST(ComputeRegistration, BadWorkloadInputIsAnInputError) {
  for (const char* power :
       {"{workload: ai_training, nodes: 4, node: no_such_node}",
        "{workload: ai_training, nodes: 4, node: h100_8gpu, job_nodes: 5}",
        "{workload: rendering, nodes: 4, node: gpu_render, frame_tme: 5 min}",
        "{workload: mining, nodes: 4, node: gpu_render}",
        "{workload: finance, nodes: 4, node: cpu_server, timezone: Mars/Olympus}",
        "{workload: inference, nodes: 0, node: cpu_server}",
        "{workload: replay, format: aggregated, file: /nonexistent.csv, nodes: 1}"}) {
    EXPECT_THROW(it_energy_kwh(scenario(power)), InputError) << power;
  }
}

}  // namespace
}  // namespace wf
