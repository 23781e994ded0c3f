// The EMS rules on a running site: peak shaving holds its limit whenever the
// energy allows, the backup reserve is never breached (property tests over
// random workloads), arbitrage follows the price with hysteresis, pre-charge
// uses the job schedule, frequency response follows the droop.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "models/grid/frequency_response.hpp"
#include "sim/error.hpp"
#include "tests/models/site/site_run.hpp"
#include "tests/test_support.hpp"

namespace wf {
namespace {

using test::run_text;
using test::scenario;
using test::SiteRun;

// An AI-training node group whose jobs and pulses come from `seed`.
std::string training(int seed, int nodes = 8) {
  return test::training_load(fmt::format(
      "nodes: {}, seed: {}, job_interval: 3 h, job_duration: 5 h, job_nodes: 4, period: 120 s",
      nodes, seed));
}

std::string battery(const std::string& capacity, const std::string& soc = "50 %",
                    const std::string& max_charge = "1 MW") {
  return fmt::format(
      "      bat: {{type: battery, connect: bus, capacity: {}, soc_initial: {}, max_charge_power: "
      "{}, max_discharge_power: 1 MW}}\n",
      capacity, soc, max_charge);
}

// A spot supply tariff on UTC, with an optional network section.
std::string spot_tariff(const std::string& network = "") {
  return "    timezone: UTC\n    tariff: {supplier: {type: spot}" +
         (network.empty() ? "" : ", network: " + network) + "}\n";
}

TEST(Controllers, PeakShavingHoldsTheLimitWheneverTheEnergyAllows) {
  int rows_with_energy = 0, rows_empty = 0;
  for (int seed = 1; seed <= 6; ++seed) {
    SiteRun r = run_text(scenario(
        training(seed) + battery("60 kWh") + "    controller: {type: peak_shaving, limit: 45 kW}\n",
        "import_limit: 1 MW", "2d", "1min"));
    for (std::size_t k = 0; k < r.rows.size(); ++k) {
      if (r.at(k, "soc_min") > 0.05 + 1e-9) {  // energy left all through the row
        ++rows_with_energy;
        ASSERT_LE(r.at(k, "grid_power_max"), 45e3 * (1 + 1e-9)) << "seed " << seed << " row " << k;
      } else {
        ++rows_empty;
      }
    }
  }
  EXPECT_GT(rows_with_energy, 1000);
  EXPECT_GT(rows_empty, 0);  // the test reaches the case where the energy runs out
}

TEST(Controllers, BackupReserveIsNeverBreachedWhileTheGridIsUp) {
  // 40 kW critical load for 30 min = 20 kWh delivered: with the battery's 5 % window
  // floor and 95 % discharge efficiency, 3 + 20 / 0.95 kWh of 60 kWh stay stored.
  const double floor = (3 + 20 / 0.95) / 60;
  for (int seed = 1; seed <= 6; ++seed) {
    SiteRun r = run_text(scenario(
        training(seed) + battery("60 kWh", "90 %") +
            "    controller: {type: stack, rules: [{type: backup_reserve, critical_load: 40 kW, "
            "duration: 30 min}, {type: peak_shaving, limit: 30 kW, recharge: false}]}\n",
        "import_limit: 1 MW", "2d", "1min"));
    double lowest = 1;
    for (std::size_t k = 0; k < r.rows.size(); ++k) lowest = std::min(lowest, r.at(k, "soc_min"));
    EXPECT_GE(lowest, floor - 1e-9) << "seed " << seed;
    EXPECT_LT(lowest, floor + 1e-6) << "seed " << seed << ": the floor was reached";
    // Which rule decided, as the share of each interval: the shares add up to at most 1.
    double reserve = 0, shaving = 0;
    for (std::size_t k = 0; k < r.rows.size(); ++k) {
      EXPECT_LE(r.at(k, "ems_backup_reserve") + r.at(k, "ems_peak_shaving"), 1 + 1e-12);
      reserve += r.at(k, "ems_backup_reserve"), shaving += r.at(k, "ems_peak_shaving");
    }
    EXPECT_GT(shaving, 0);
    EXPECT_NEAR(shaving / 60, r.summary_value("ems.peak_shaving.decided_hours"), 1e-6);
  }
}

TEST(Controllers, TheReserveCarriesAnOutageAndIsRefilledAfterIt) {
  SiteRun r = run_text(scenario(
      "      it: {type: load, connect: bus, power: 40 kW}\n" + battery("60 kWh", "45 %") +
          "    controller: {type: stack, rules: [{type: backup_reserve, critical_load: 40 kW, "
          "duration: 30 min}, {type: idle}]}\n",
      "import_limit: 1 MW, outages: [{start: 2025-06-01T01:00:00Z, duration: 20min}]", "4h",
      "1min"));
  EXPECT_EQ(r.summary_value("compute_interruptions"), 0);
  // 40 kW for 20 min = 13.3 kWh delivered, 14.0 kWh (0.234 of SoC) taken from storage.
  EXPECT_NEAR(r.at(79, "soc"), 0.45 - (40.0 / 3 / 0.95) / 60 * 79.5 / 80, 0.01);
  EXPECT_NEAR(r.summary_value("battery_final_soc"), (3 + 20 / 0.95) / 60, 1e-6);  // refilled
}

// Hourly prices (EUR/MWh): a cheap night and a dear evening, hovering near the thresholds.
constexpr double kPriceDay[24] = {30, 28, 25, 24, 26, 40,  60,  80,  90,  85, 70, 65,
                                  60, 62, 66, 75, 95, 120, 130, 118, 100, 80, 60, 45};

// kPriceDay as a price file of one day.
std::filesystem::path price_day(const test::TempDir& dir) {
  std::string csv = "time,price\n";
  for (int h = 0; h <= 24; ++h)
    csv += fmt::format("2025-06-01T{:02}:00:00Z,{}\n", h % 24, kPriceDay[h % 24]);
  csv.replace(csv.rfind("2025-06-01T00"), 13, "2025-06-02T00");
  return dir.write("prices.csv", csv);
}

// A day of price_day under `controller`: 200 kW of load and an empty battery, hourly rows.
SiteRun price_day_site(const std::string& capacity, const std::string& controller) {
  test::TempDir dir;
  return run_text(scenario(
      "      it: {type: load, connect: bus, power: 200 kW}\n" + battery(capacity, "5 %") +
          fmt::format("    prices: {{file: {}, unit: EUR/MWh}}\n", price_day(dir).string()) +
          "    controller: " + controller + "\n",
      "import_limit: 1 MW", "1d", "1h"));
}

TEST(Controllers, ArbitrageChargesInTheCheapHoursAndDischargesInTheDearOnes) {
  SiteRun r = price_day_site("800 kWh",
                             "{type: arbitrage, charge_below: 30 EUR/MWh, discharge_above: 110 "
                             "EUR/MWh, hysteresis: 5 EUR/MWh, power: 100 kW}");
  // Charging at 00-04 (<= 30, and 26 at 04 stays within the 5 EUR/MWh hysteresis); idle at 05.
  for (int h = 0; h <= 4; ++h) EXPECT_NEAR(r.at(h, "battery_power"), -100e3, 1e-6) << h;
  EXPECT_NEAR(r.at(5, "battery_power"), 0, 1e-6);
  // Discharging at 17-19 (>= 110; 118 at 19 holds) until 100 < 105 at 20.
  for (int h = 17; h <= 19; ++h) EXPECT_NEAR(r.at(h, "battery_power"), 100e3, 1e-6) << h;
  EXPECT_NEAR(r.at(16, "battery_power"), 0, 1e-6);
  EXPECT_NEAR(r.at(20, "battery_power"), 0, 1e-6);
}

TEST(Controllers, ArbitrageByCheapestHoursOfTheLocalDay) {
  SiteRun r = price_day_site(
      "400 kWh", "{type: arbitrage, charge_hours: 3 h, discharge_hours: 2 h, power: 100 kW}");
  // Cheapest three hours (UTC site): 02, 03, 04 (25, 24, 26); dearest two: 17, 18.
  for (int h = 0; h < 24; ++h) {
    const double want = (h >= 2 && h <= 4) ? -100e3 : (h == 17 || h == 18) ? 100e3 : 0.0;
    EXPECT_NEAR(r.at(h, "battery_power"), want, 1e-6) << h;
  }
}

TEST(Controllers, PreChargeUsesTheScheduleToMeetPulsesWithEnergy) {
  // Short all-node training jobs (mean 20 min, one every 2 h) over an idle floor, a
  // 30 kWh battery shaving to 40 kW. Without recharging it is empty after the first
  // job; pre-charge tops it up only when the schedule says a job starts within the
  // hour (the idle headroom of ~20 kW needs that long to store a pulse's worth), so
  // it shaves far better than not recharging, at a lower mean SoC than always recharging.
  double above_none = 0, above_pre = 0, above_always = 0, soc_pre = 0, soc_always = 0;
  for (int seed = 1; seed <= 4; ++seed) {
    auto run = [&](const std::string& rules, double* soc_mean) {
      SiteRun r = run_text(scenario(
          fmt::format("      it: {{type: load, connect: bus, power: {{workload: ai_training, "
                      "nodes: 8, node: h100_8gpu, seed: {}, job_interval: 2 h, job_duration: 20 "
                      "min, period: 120 s}}}}\n",
                      seed) +
              battery("30 kWh", "10 %") + "    controller: {type: stack, rules: [" + rules + "]}\n",
          "import_limit: 1 MW", "3d", "1min"));
      double above = 0, soc = 0;
      for (std::size_t k = 0; k < r.rows.size(); ++k) {
        above += std::max(0.0, r.at(k, "grid_power") - 40e3) / 60;  // Wh per 1-min row
        soc += r.at(k, "soc") / static_cast<double>(r.rows.size());
      }
      if (soc_mean) *soc_mean += soc / 4;
      return above;
    };
    above_none += run("{type: peak_shaving, limit: 40 kW, recharge: false}", nullptr);
    above_pre +=
        run("{type: peak_shaving, limit: 40 kW, recharge: false}, {type: precharge, limit: 40 kW, "
            "horizon: 1 h}",
            &soc_pre);
    above_always += run("{type: peak_shaving, limit: 40 kW}", &soc_always);
  }
  fmt::print(
      "energy above 40 kW: {:.0f} Wh without recharging, {:.0f} Wh with pre-charge (mean "
      "SoC {:.2f}), {:.0f} Wh always recharging (mean SoC {:.2f})\n",
      above_none, above_pre, soc_pre, above_always, soc_always);
  EXPECT_LT(above_pre, 0.5 * above_none);
  EXPECT_LT(soc_pre, soc_always);
}

// One 30-min spike to 90 kW over a 30 kW floor on the second day, a 30 kWh battery left
// nearly empty, peak shaving to 50 kW without recharging, a monthly demand charge.
SiteRun spike_day(const test::TempDir& dir, const std::string& precharge,
                  const std::string& network = "{monthly_peak: 10 EUR/kW}") {
  std::string load = "time,p\n";
  for (int q = 0; q < 3 * 96; ++q) {
    const bool spike = q == 96 + 14 * 4 || q == 96 + 14 * 4 + 1;  // 14:00-14:30 on day 2
    load += fmt::format("2025-06-0{}T{:02}:{:02}:00Z,{}\n", 1 + q / 96, q % 96 / 4, q % 4 * 15,
                        spike ? 90 : 30);
  }
  const auto lf = dir.write("spike.csv", load);
  const std::string rules = "{type: peak_shaving, limit: 50 kW, recharge: false}" +
                            (precharge.empty() ? "" : ", " + precharge);
  return run_text(scenario(
      fmt::format("      it: {{type: load, connect: bus, power: {{file: {}, unit: kW}}}}\n",
                  lf.string()) +
          battery("30 kWh", "5 %") + "    timezone: UTC\n" +
          "    tariff: {supplier: {type: fixed, price: 200 EUR/MWh}, network: " + network + "}\n" +
          "    controller: {type: stack, rules: [" + rules + "]}\n",
      "import_limit: 1 MW", "3d", "1min"));
}

TEST(Controllers, PreChargeHoldsAKnownSpikeToTheLimitAndIgnoresAForecastWithoutSkill) {
  test::TempDir dir;
  const SiteRun none = spike_day(dir, "");
  const SiteRun perfect =
      spike_day(dir, "{type: precharge, limit: 50 kW, horizon: 2 h, forecast: perfect}");
  // Yesterday's load at this hour: no spike before the real one, and a day after it a
  // spike that is not there.
  const SiteRun shifted = spike_day(
      dir, "{type: precharge, limit: 50 kW, horizon: 2 h, forecast: seasonal_naive, season: 1 d}");
  const double peak_none = none.summary_value("bill.peak_15min");
  const double peak_perfect = perfect.summary_value("bill.peak_15min");
  const double peak_shifted = shifted.summary_value("bill.peak_15min");
  fmt::print(
      "billed peak: {:.2f} kW without pre-charge, {:.2f} kW with a perfect forecast, "
      "{:.2f} kW with yesterday's load as the forecast ({} and {} charging solves)\n",
      peak_none, peak_perfect, peak_shifted, perfect.summary_value("ems.precharge.decisions"),
      shifted.summary_value("ems.precharge.decisions"));
  EXPECT_NEAR(peak_none, 90, 0.5);           // the battery is empty: the spike is billed whole
  EXPECT_NEAR(peak_perfect, 50, 1e-6 * 50);  // held to the limit, not below it
  EXPECT_GT(perfect.summary_value("ems.precharge.decisions"), 0);
  // A forecast without skill for this spike: no charge before the real spike (it sees
  // none), and the spike it sees a day later is billed already: nothing worth charging for.
  EXPECT_EQ(shifted.summary_value("ems.precharge.decisions"), 0);
  EXPECT_GT(shifted.summary_value("ems.precharge.not_worth"), 0);
  EXPECT_NEAR(peak_shifted, peak_none, 1e-9);
  EXPECT_NEAR(shifted.summary_value("bill.total"), none.summary_value("bill.total"), 1e-9);
  // Without a demand charge the spike costs only its energy: charging ahead of it buys
  // losses and nothing else, so even a perfect forecast leaves it alone.
  const SiteRun energy_only =
      spike_day(dir, "{type: precharge, limit: 50 kW, horizon: 2 h, forecast: perfect}",
                "{energy: 0 EUR/MWh}");
  EXPECT_EQ(energy_only.summary_value("ems.precharge.decisions"), 0);
  EXPECT_GT(energy_only.summary_value("ems.precharge.not_worth"), 0);
  // Yesterday's load reaches a day ahead at most: a longer horizon would read the future.
  EXPECT_THROW(spike_day(dir,
                         "{type: precharge, limit: 50 kW, horizon: 2 d, forecast: "
                         "seasonal_naive}"),
               InputError);
}

TEST(Controllers, FrequencyResponseFollowsTheDroopAndEarnsTheCapacityPrice) {
  test::TempDir dir;
  // 10-minute steps: 50.00, 49.90 (half activation up), 50.30 (full down), 50.005 (deadband).
  const auto f = dir.write("f.csv",
                           "time,hz\n2025-06-01T00:00:00Z,50.0\n2025-06-01T00:10:00Z,49.9\n"
                           "2025-06-01T00:20:00Z,50.3\n2025-06-01T00:30:00Z,50.005\n"
                           "2025-06-01T00:40:00Z,50.0\n");
  SiteRun r = run_text(scenario(
      "      it: {type: load, connect: bus, power: 100 kW}\n" + battery("200 kWh") +
          fmt::format("    frequency: {{file: {}, format: hz}}\n", f.string()) +
          "    controller: {type: stack, rules: [{type: fcr, product: fcr_ce, reserved: 50 kW, "
          "capacity_price: 20 EUR/MWh}, {type: idle}]}\n",
      "import_limit: 1 MW", "40min", "10min"));
  EXPECT_NEAR(r.at(0, "battery_power"), 0, 1e-6);
  EXPECT_NEAR(r.at(1, "battery_power"), 50e3 * fcr_activation(FcrProduct::fcr_ce, 49.9), 1e-6);
  EXPECT_NEAR(r.at(1, "battery_power"), 25e3, 2e3);    // about half of the reserve, up
  EXPECT_NEAR(r.at(2, "battery_power"), -50e3, 1e-6);  // full down-regulation
  EXPECT_NEAR(r.at(3, "battery_power"), 0, 1e-6);      // inside the deadband
  // 0.05 MW x 40 min x 20 EUR/MW/h = 0.667 EUR.
  EXPECT_NEAR(r.summary_value("ems.fcr.capacity_revenue"), 0.05 * (40.0 / 60) * 20, 1e-9);
}

// `days` of hourly kPriceDay prices and a 100 kW load with a 200 kW block from
// `block_from` to `block_to` h each day (files in `dir`): the scenario lines of the
// load, a 200 kWh battery charging at up to 100 kW, and the prices.
std::string hourly_block_site(const test::TempDir& dir, int days, int block_from, int block_to) {
  std::string prices = "time,price\n", load = "time,p\n";
  for (int h = 0; h <= 24 * days; ++h) {
    const std::string t = fmt::format("2025-06-0{}T{:02}:00:00Z", 1 + h / 24, h % 24);
    prices += fmt::format("{},{}\n", t, kPriceDay[h % 24]);
    load += fmt::format("{},{}\n", t, (h % 24 >= block_from && h % 24 < block_to) ? 200 : 100);
  }
  const auto pf = dir.write("p.csv", prices), lf = dir.write("l.csv", load);
  return fmt::format("      it: {{type: load, connect: bus, power: {{file: {}, unit: kW}}}}\n",
                     lf.string()) +
         battery("200 kWh", "50 %", "100 kW") +
         fmt::format("    prices: {{file: {}, unit: EUR/MWh}}\n", pf.string());
}

// Two days of hourly_block_site with the evening block (17-19 h), a spot tariff with a
// 10 EUR/kW monthly peak charge.
std::string two_day_site(const test::TempDir& dir, const std::string& controller) {
  return scenario(
      hourly_block_site(dir, 2, 17, 19) + spot_tariff("{monthly_peak: 10 EUR/kW}") + controller,
      "import_limit: 1 MW", "2d", "15min");
}

TEST(Controllers, OptimalPlanExecutedOnTheTwinCostsWhatTheLpSaid) {
  test::TempDir dir;
  auto bill = [&](const std::string& controller) {
    return run_text(two_day_site(dir, "    controller: " + controller + "\n"));
  };
  const SiteRun idle = bill("{type: idle}");
  const SiteRun pf = bill("{type: optimal, step: 1h}");
  const SiteRun mpc = bill("{type: mpc, step: 1h, horizon: 24h}");
  const SiteRun mpc_full = bill("{type: mpc, step: 1h, horizon: 48h}");
  const double b_idle = idle.summary_value("bill.total"), b_pf = pf.summary_value("bill.total");
  fmt::print("bills: idle {:.2f}, perfect foresight {:.2f}, MPC 24 h {:.2f}, MPC 48 h {:.2f}\n",
             b_idle, b_pf, mpc.summary_value("bill.total"), mpc_full.summary_value("bill.total"));
  // The reservoir is the LP's own battery: the twin follows the plan exactly and the
  // bill equals the LP's cost.
  EXPECT_LT(pf.summary_value("ems.optimal.max_soc_deviation"), 1e-9);
  EXPECT_NEAR(b_pf, pf.summary_value("ems.optimal.plan_cost"), 1e-6 * b_pf);
  EXPECT_LT(b_pf, b_idle - 10);
  // The plan ends where it started.
  EXPECT_NEAR(pf.summary_value("battery_final_soc"), 0.5, 1e-6);
  // MPC with a window reaching the end of the run and perfect forecasts is the optimum.
  EXPECT_NEAR(mpc_full.summary_value("bill.total"), b_pf, 1e-6 * b_pf);
  EXPECT_GE(mpc.summary_value("bill.total"), b_pf - 1e-6 * b_pf);
  EXPECT_LT(mpc.summary_value("bill.total"), b_idle);
}

TEST(Controllers, ACabinetSmoothsIterationSwingsTheGridWouldOtherwiseSee) {
  // Training iterations of 4 s (0.25 Hz) on 8 nodes, one job all day; a cabinet shaving
  // to 60 kW and recharging below it flattens the grid power, up to its PCS's response.
  const std::string load = test::training_load(
      "nodes: 8, seed: 2, job_interval: 10 min, job_duration: 3 d, period: 4 s, period_jitter: 0");
  const std::string cabinet =
      "      bat: {type: battery, connect: bus, capacity: 100 kWh, max_charge_power: 100 kW, "
      "max_discharge_power: 100 kW, response: {dead_time: 20 ms, time_constant: 30 ms}}\n"
      "    controller: {type: peak_shaving, limit: 50 kW}\n"
      "    grid_view: 6h\n";
  SiteRun r = run_text(scenario(load + cabinet, "import_limit: 1 MW", "6h", "15min"));
  const double net = r.summary_value("grid_view.net_band_rms"),
               grid = r.summary_value("grid_view.band_rms");
  fmt::print(
      "0.1-3 Hz RMS: {:.0f} W of net demand, {:.0f} W at the grid; 1-s ramps {:.0f} / {:.0f} W/s\n",
      net, grid, r.summary_value("grid_view.net_max_ramp"), r.summary_value("grid_view.max_ramp"));
  EXPECT_GT(net, 5e3);         // the swings are there
  EXPECT_LT(grid, 0.3 * net);  // and the cabinet takes most of them
  EXPECT_LT(r.summary_value("grid_view.max_ramp"), r.summary_value("grid_view.net_max_ramp"));
}

TEST(Controllers, AReserveFloorMetExactlyAtTheStartDoesNotStallTheRun) {
  // soc_min 0, lossless: the floor of 50 kW x 1 h on 100 kWh is exactly the initial 50 %.
  SiteRun r = run_text(
      scenario("      it: {type: load, connect: bus, power: 40 kW}\n"
               "      bat: {type: battery, connect: bus, capacity: 100 kWh, soc_initial: 50 %, "
               "soc_min: 0 %, "
               "charge_efficiency: 100 %, discharge_efficiency: 100 %, max_charge_power: 100 kW, "
               "max_discharge_power: 100 kW}\n"
               "    controller: {type: stack, rules: [{type: backup_reserve, critical_load: 50 kW, "
               "duration: 1 h}, {type: peak_shaving, limit: 30 kW}]}\n",
               "import_limit: 1 MW", "6h", "1min"));
  EXPECT_EQ(r.rows.size(), 360u);
  EXPECT_GE(r.summary_value("battery_final_soc"), 0.5 - 1e-9);
}

TEST(Controllers, APcsCommandedFasterThanItsDelayStillMoves) {
  // The load alternates 100 / 101 kW every second; a 10 %/s ramp means ~2.5 s of delay.
  test::TempDir dir;
  std::string csv = "time,p\n";
  for (int k = 0; k <= 120; ++k)
    csv += fmt::format("2025-06-01T00:{:02}:{:02}Z,{}\n", k / 60, k % 60, k % 2 ? 101 : 100);
  const auto f = dir.write("alt.csv", csv);
  SiteRun r = run_text(scenario(
      fmt::format("      it: {{type: load, connect: bus, power: {{file: {}, unit: kW}}}}\n",
                  f.string()) +
          "      bat: {type: battery, connect: bus, capacity: 100 kWh, max_charge_power: 100 kW, "
          "max_discharge_power: 100 kW, response: {ramp_rate: 10 %}}\n" +
          "    controller: {type: peak_shaving, limit: 50 kW, recharge: false}\n",
      "import_limit: 1 MW", "2min", "1s"));
  // After the first few seconds the battery carries about 50 kW like an instant PCS.
  for (std::size_t k = 10; k < 120; ++k) EXPECT_GT(r.at(k, "battery_power"), 40e3) << k;
}

TEST(Controllers, OptimalDispatchStartingBelowItsReserveRefillsIt) {
  test::TempDir dir;
  SiteRun r = run_text(scenario("      it: {type: load, connect: bus, power: 40 kW}\n" +
                                    battery("100 kWh", "10 %") + "    prices: 80 EUR/MWh\n" +
                                    spot_tariff() +
                                    "    controller: {type: optimal, step: 15min, reserve: "
                                    "{critical_load: 50 kW, duration: 1 h}}\n",
                                "import_limit: 1 MW", "1d", "15min"));
  EXPECT_EQ(r.summary_value("ems.optimal.fallback_steps"), 0);
  EXPECT_GT(r.summary_value("ems.optimal.solves"), 0);
  // The reserve (5 kWh + 50 kWh / 0.95 of 100 kWh) is refilled and then held.
  EXPECT_GE(r.summary_value("battery_final_soc"), 0.05 + 0.5 / 0.95 - 1e-6);
}

TEST(Controllers, OptimalDispatchDoesNotBuyTheNextCapacityStep) {
  // Cheap nights, dear evenings, and a capacity step at 150 kW worth 1000 EUR a month:
  // charging at full power would import 300 kW; the plan stays below the step.
  test::TempDir dir;
  const auto prices = price_day(dir);
  SiteRun r = run_text(scenario(
      "      it: {type: load, connect: bus, power: 100 kW}\n" + battery("800 kWh", "5 %") +
          fmt::format("    prices: {{file: {}, unit: EUR/MWh}}\n", prices.string()) +
          spot_tariff("{capacity_steps: [{from: 0 kW, price: 10 EUR}, {from: 150 kW, price: 1000 "
                      "EUR}]}") +
          "    controller: {type: optimal, step: 1h}\n",
      "import_limit: 1 MW", "1d", "15min"));
  EXPECT_LT(r.summary_value("peak_import"), 150);
  EXPECT_GT(r.summary_value("battery_discharge_energy"), 10);  // and it still trades
}

TEST(Controllers, OptimalDispatchAndMpcShaveTheDaysThatSetTheCapacityStep) {
  // Four days at 100 kW with a 200-kW block 12-14 h each day, prices of price_day (cheap
  // nights, dearest 17-19 h), a step at 150 kW worth 500 EUR a month. Without storage
  // the mean of the three highest daily peaks is 200 kW. Trading alone would spend the
  // cabinet on the evening; the plans see the steps (their convex envelope) and hold
  // every day's midday block just below 150 kW as well.
  test::TempDir dir;
  const std::string site = hourly_block_site(dir, 4, 12, 14);
  auto run = [&](const std::string& controller) {
    return run_text(
        scenario(site +
                     spot_tariff("{capacity_steps: [{from: 0 kW, price: 10 EUR}, {from: 150 kW, "
                                 "price: 500 EUR}]}") +
                     "    controller: " + controller + "\n",
                 "import_limit: 1 MW", "4d", "15min"));
  };
  const SiteRun idle = run("{type: idle}");
  EXPECT_NEAR(idle.summary_value("bill.demand"), 500, 1e-9);
  for (const char* c : {"{type: optimal, step: 1h}", "{type: mpc, step: 1h, horizon: 24h}"}) {
    SCOPED_TRACE(c);
    const SiteRun r = run(c);
    EXPECT_NEAR(r.summary_value("bill.demand"), 10, 1e-9);
    EXPECT_LT(r.summary_value("bill.total"), idle.summary_value("bill.total") - 400);
  }
}

}  // namespace
}  // namespace wf
