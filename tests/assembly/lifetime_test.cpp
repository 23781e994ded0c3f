// The life simulated year by year: the same as one plain multi-year run, cells
// replaced at end of life, and a start off a local year refused.
#include "assembly/lifetime.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "assembly/run.hpp"
#include "sim/error.hpp"

namespace wf {
namespace {

const std::filesystem::path kBerlin =
    std::filesystem::path(WF_SOURCE_DIR) / "scenarios/berlin_vfx.yaml";

double get(const std::vector<SummaryValue>& v, const std::string& name) {
  for (const auto& x : v)
    if (x.name == name) return x.value;
  return std::nan("");
}

TEST(Lifetime, EqualsAPlainMultiYearRunOfTheSameSite) {
  const Scenario s =
      load_scenario(kBerlin, {"economics.years=2", "output_interval=1h", "duration=730d"});
  const AppraisalParams p = read_appraisal(*s.economics);
  const auto life = simulate_life(s, p, true);
  ASSERT_EQ(life.size(), 1u);
  ASSERT_EQ(life[0].years.size(), 2u);
  // 2025 and 2026 are 730 days: the plain run covers exactly the life.
  const RunResult plain = run_scenario(s, {});
  const auto& sum = plain.sites[0].summary;
  EXPECT_EQ(life[0].years[0].calendar_year, 2025);
  for (int k : {0, 1}) {
    const std::string year = k == 0 ? "bill.2025." : "bill.2026.";
    EXPECT_EQ(life[0].years[k].energy_eur, get(sum, year + "energy"));
    EXPECT_EQ(life[0].years[k].taxes_eur, get(sum, year + "taxes"));
    EXPECT_EQ(life[0].years[k].vat_eur, get(sum, year + "vat"));
    EXPECT_EQ(life[0].years[k].import_kwh, get(sum, year + "import_energy"));
    EXPECT_NEAR(life[0].years[k].bill_eur(), get(sum, year + "total"), 1e-8);  // summed apart
  }
  EXPECT_NEAR(life[0].years[1].soh_end, get(sum, "battery_final_soh"), 1e-6);
  EXPECT_LT(life[0].years[1].soh_end, life[0].years[0].soh_end);  // aging carried on
  EXPECT_NEAR(life[0].years[0].discharge_kwh + life[0].years[1].discharge_kwh,
              get(sum, "battery_discharge_energy"), 1e-6);
  EXPECT_NEAR(life[0].size.energy_kwh, 215.04, 1e-9);
  EXPECT_NEAR(life[0].size.power_kw, 100, 1e-9);
  // The run's own appraisal is the same life against the same life without storage.
  const auto without = simulate_life(s, p, false);
  const Appraisal a = appraise(p, life[0].size, life[0].years, without[0].years);
  EXPECT_DOUBLE_EQ(get(sum, "economics.npv"), a.npv);
}

TEST(Lifetime, CellsAtEndOfLifeAreReplacedAndTheirPriceBooked) {
  // A first year takes about 1 % of the cabinet's capacity: 99.5 % is end of life here.
  const Scenario s = load_scenario(
      kBerlin, {"economics.years=2", "output_interval=1h", "economics.end_of_life=99.5 %"});
  const AppraisalParams p = read_appraisal(*s.economics);
  const auto life = simulate_life(s, p, true);
  const auto& y = life[0].years;
  ASSERT_LE(y[0].soh_end, 0.995);
  EXPECT_TRUE(y[0].end_of_life && y[0].replaced);
  // New cells aged one year only: about the first year's loss, not twice it.
  EXPECT_NEAR(1 - y[1].soh_end, 1 - y[0].soh_end, 0.25 * (1 - y[0].soh_end));
  const Appraisal a = appraise(p, life[0].size, y, simulate_life(s, p, false)[0].years);
  EXPECT_EQ(a.end_of_life_year, 1);
  EXPECT_NEAR(a.rows[1].replacement, 0.21504 * p.replacement_eur_per_mwh, 1e-6);
  EXPECT_EQ(a.rows[2].replacement, 0);  // not after the life's last year
}

TEST(Lifetime, AStartOffALocalYearIsRefusedAtTheEconomicsSection) {
  const Scenario s = load_scenario(
      kBerlin, {"economics.years=1", "output_interval=1h", "start=2025-03-01T00:00:00+01:00"});
  try {
    simulate_life(s, read_appraisal(*s.economics), false);
    ADD_FAILURE() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_THAT(e.field(), ::testing::HasSubstr("economics"));
    EXPECT_THAT(e.detail(), ::testing::HasSubstr("start the scenario on 1 January"));
  }
}

TEST(Lifetime, DoesNotDependOnTheOutputInterval) {
  // The life writes no rows: a 1-minute output interval gives the same figures as an hourly one.
  auto life = [](const char* interval) {
    const Scenario s = load_scenario(kBerlin, {"economics.years=1", interval});
    return simulate_life(s, read_appraisal(*s.economics), true)[0].years[0];
  };
  const YearFigures minute = life("output_interval=1min"), hour = life("output_interval=1h");
  EXPECT_EQ(minute.bill_eur(), hour.bill_eur());
  EXPECT_EQ(minute.discharge_kwh, hour.discharge_kwh);
  EXPECT_EQ(minute.charge_kwh, hour.charge_kwh);
  EXPECT_EQ(minute.soh_end, hour.soh_end);
  EXPECT_GT(minute.discharge_kwh, 0);
}

}  // namespace
}  // namespace wf
