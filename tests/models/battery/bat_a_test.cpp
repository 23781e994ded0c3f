// BAT-A (../shared/data/reference/README.md): a year of peak shaving with the
// Sony-LFP cabinet against SimSES, figure by figure, with the README's tolerances.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>

#include "assembly/run.hpp"
#include "sim/csv_reader.hpp"
#include "sim/hdf5_reader.hpp"
#include "tests/test_support.hpp"

namespace wf {
namespace {

struct Figure {
  const char* name;  // summary value of site `fleet`
  double reference;
  double tolerance;
  bool relative;
};

TEST(BatA, AnnualFiguresMatchTheReference) {
  WF_REQUIRE_SHARED_DATA();
  Scenario s =
      load_scenario(std::filesystem::path(WF_SOURCE_DIR) / "scenarios/reference/bat_a.yaml");
  RunResult r = run_scenario(s, {});
  ASSERT_EQ(r.sites.size(), 1u);
  auto value = [&](const std::string& name) {
    for (const auto& v : r.sites[0].summary)
      if (v.name == name) return v.value;
    ADD_FAILURE() << "no summary value " << name;
    return std::nan("");
  };
  const Figure figures[] = {
      {"grid_import_energy", 679194, 0.002, true},
      {"grid_export_energy", 265.8, 1, false},
      {"peak_import", 100.00, 0.1, false},
      {"cabinet.ac_charge_energy", 17351, 0.01, true},
      {"cabinet.ac_discharge_energy", 14997, 0.01, true},
      {"cabinet.dc_charge_energy", 16410, 0.01, true},
      {"cabinet.dc_discharge_energy", 16196, 0.01, true},
      {"cabinet.pcs_loss_energy", 2139, 0.03, true},
      {"cabinet.ohmic_loss_energy", 137, 0.15, true},
      {"cabinet.final_soc", 0.886, 0.01, false},
      {"cabinet.final_soh", 0.9360, 0.003, false},
      {"cabinet.calendar_capacity_loss", 11.69, 0.10, true},
      {"cabinet.cycle_capacity_loss", 1.12, 0.10, true},
      {"cabinet.equivalent_full_cycles", 81.0, 0.02, true},
      // one definition: the site's figure is the cabinet's
      {"battery_equivalent_full_cycles", 81.0, 0.02, true},
  };
  std::string table =
      "| figure | reference | wattfleet | deviation | tolerance |\n|---|---:|---:|---:|---:|\n";
  for (const auto& f : figures) {
    const double v = value(f.name), dev = f.relative ? v / f.reference - 1 : v - f.reference;
    table += fmt::format("| {} | {:.4g} | {:.6g} | {:+.3g}{} | {}{} |\n", f.name, f.reference, v,
                         f.relative ? dev * 100 : dev, f.relative ? " %" : "",
                         f.relative ? f.tolerance * 100 : f.tolerance, f.relative ? " %" : "");
    EXPECT_LE(std::abs(dev), f.tolerance) << f.name << " = " << v;
  }
  // No minute above the 100 kW limit: the peak import is the limit itself.
  EXPECT_LE(value("peak_import"), 100.0 + 1e-6);
  std::printf("%s\nwall time of the year: %.2f s, %llu events\n", table.c_str(), r.wall_seconds,
              static_cast<unsigned long long>(r.events));
}

TEST(BatA, EnergyBooksCloseOverTheYear) {
  WF_REQUIRE_SHARED_DATA();
  Scenario s =
      load_scenario(std::filesystem::path(WF_SOURCE_DIR) / "scenarios/reference/bat_a.yaml");
  RunResult r = run_scenario(s, {});
  auto value = [&](const std::string& name) {
    for (const auto& v : r.sites[0].summary)
      if (v.name == name) return v.value;
    ADD_FAILURE() << "no summary value " << name;
    return std::nan("");
  };
  // AC in - AC out = stored + PCS + cell losses (+ the held-current residual), in kWh.
  const double in = value("cabinet.ac_charge_energy"), out = value("cabinet.ac_discharge_energy");
  const double rhs = value("cabinet.stored_energy_change") + value("cabinet.pcs_loss_energy") +
                     value("cabinet.ohmic_loss_energy") + value("cabinet.rc_loss_energy") +
                     value("cabinet.hysteresis_loss_energy") +
                     value("cabinet.linearisation_residual_energy");
  EXPECT_NEAR(in - out, rhs, 1e-6 * (in + out));
  // The cabinet's AC books agree with the site's integral of the battery channel.
  EXPECT_NEAR(in, value("battery_charge_energy"), 1e-6 * in);
  EXPECT_NEAR(out, value("battery_discharge_energy"), 1e-6 * out);
  // The linearisation residual is small against the physical losses.
  EXPECT_LT(std::abs(value("cabinet.linearisation_residual_energy")),
            0.01 * value("cabinet.ohmic_loss_energy"));
}

TEST(BatA, FirstWeekFollowsTheReferenceMinuteByMinute) {
  WF_REQUIRE_SHARED_DATA();
  test::TempDir dir;
  Scenario s =
      load_scenario(std::filesystem::path(WF_SOURCE_DIR) / "scenarios/reference/bat_a.yaml",
                    {"duration=7d", "output_interval=1min"});
  run_scenario(s, {.output = dir / "a.h5"});
  const auto soc = read_channel(dir / "a.h5", "fleet", "soc");
  const auto soh = read_channel(dir / "a.h5", "fleet", "soh");
  const auto bat = read_channel(dir / "a.h5", "fleet", "battery_power");
  CsvTable ref = read_csv(test::shared_data() / "reference/simses_A_first7days_60s.csv.gz");
  ASSERT_EQ(soc.size(), ref.rows.size());
  const int c_soc = ref.column("soc"), c_soh = ref.column("soh_capacity"),
            c_ac = ref.column("battery_ac_w");
  double worst_soc = 0, worst_soh = 0, worst_p = 0;
  for (std::size_t i = 1; i < soc.size(); ++i) {
    // The reference gives SoC at the end of each minute; ours is the minute's mean,
    // the mid-point of a straight line.
    const double mid = 0.5 * (std::stod(ref.rows[i - 1][c_soc]) + std::stod(ref.rows[i][c_soc]));
    worst_soc = std::max(worst_soc, std::abs(soc[i] - mid));
    worst_soh = std::max(worst_soh, std::abs(soh[i] - std::stod(ref.rows[i][c_soh])));
    // Reference AC power: charging > 0.
    worst_p = std::max(worst_p, std::abs(bat[i] + std::stod(ref.rows[i][c_ac])));
  }
  std::printf("first week: largest |SoC - ref| %.2g, |SoH - ref| %.2g, |P_AC - ref| %.3g W\n",
              worst_soc, worst_soh, worst_p);
  EXPECT_LT(worst_soc, 0.01);
  EXPECT_LT(worst_soh, 0.001);
}

}  // namespace
}  // namespace wf
