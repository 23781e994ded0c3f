#include "models/economics/appraisal.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "models/economics/finance.hpp"
#include "sim/error.hpp"

namespace wf {
namespace {

double get(const std::vector<SummaryValue>& v, const std::string& name) {
  for (const auto& x : v)
    if (x.name == name) return x.value;
  return std::nan("");
}

TEST(Appraisal, SavingCapexAndReplacementsByHand) {
  AppraisalParams p{.years = 10,
                    .discount_rate = 0.05,
                    .storage_capex_eur_per_mwh = 400e3,
                    .opex_share = 0.01,
                    .end_of_life_soh = 0.8};
  // A half-year run: bills 40 000 with, 45 000 without -> 10 000 EUR/yr saved.
  // 200 kWh nameplate -> capex 80 000, opex 800/yr; SoH 0.97 after half a year ->
  // 6 %/yr fade -> end of life after 3.33 years -> cells replaced in years 4 and 7.
  RunFigures with{.bill_total_eur = 40000,
                  .bill_energy_eur = 10000,
                  .import_kwh = 100000,
                  .nameplate_kwh = 200,
                  .final_soh = 0.97,
                  .charge_kwh = 20000,
                  .discharge_kwh = 18000};
  RunFigures without{.bill_total_eur = 45000};
  auto v = appraise(p, with, without, 0.5);
  EXPECT_DOUBLE_EQ(get(v, "economics.saving_per_year"), 10000);
  EXPECT_DOUBLE_EQ(get(v, "economics.capex"), 80000);
  EXPECT_NEAR(get(v, "economics.cell_life_years"), 0.2 / 0.06, 1e-9);
  Investment inv{.capex_eur = 80000,
                 .opex_eur_per_year = 800,
                 .savings_eur_per_year = 10000,
                 .years = 10,
                 .replacements = {{4, 80000}, {7, 80000}}};
  EXPECT_NEAR(get(v, "economics.npv"), npv(cash_flows(inv), 0.05), 1e-6);
  // Charging energy at the average energy price: 40 MWh/yr x 0.1 EUR/kWh = 4 000 EUR/yr; 36 MWh/yr
  // out.
  EXPECT_NEAR(get(v, "economics.lcos"), lcos(inv, 4000, 36, 0.05), 1e-9);
  EXPECT_NEAR(get(v, "economics.saving_share"), 5000.0 / 45000, 1e-12);
}

TEST(Appraisal, ReadsItsSectionWithUnits) {
  auto doc =
      ConfigDoc::parse("economics: {storage_capex: 450 EUR/kWh, discount_rate: 7 %}\n", "e.yaml");
  AppraisalParams p = read_appraisal(doc.root().at("economics"));
  EXPECT_DOUBLE_EQ(p.storage_capex_eur_per_mwh, 450e3);
  EXPECT_DOUBLE_EQ(p.discount_rate, 0.07);
  EXPECT_DOUBLE_EQ(p.years, 15);
  auto bad = ConfigDoc::parse("economics: {storage_capex: 450 EUR/kW}\n", "e.yaml");
  EXPECT_THROW(read_appraisal(bad.root().at("economics")), InputError);
}

}  // namespace
}  // namespace wf
