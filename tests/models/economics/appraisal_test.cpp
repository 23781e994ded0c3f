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
  // A one-year run: bills 35 000 with, 45 000 without -> 10 000 EUR/yr saved.
  // 200 kWh nameplate -> capex 80 000, opex 800/yr; SoH 0.94 after the year ->
  // 6 %/yr fade -> end of life after 3.33 years -> cells replaced in years 4 and 7.
  RunFigures with{.bill_total_eur = 35000,
                  .bill_energy_eur = 10000,
                  .import_kwh = 100000,
                  .nameplate_kwh = 200,
                  .final_soh = 0.94,
                  .charge_kwh = 40000,
                  .discharge_kwh = 36000};
  RunFigures without{.bill_total_eur = 45000};
  auto v = appraise(p, with, without, 1.0);
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
  EXPECT_NEAR(get(v, "economics.saving_share"), 10000.0 / 45000, 1e-12);
}

TEST(Appraisal, ARunShorterThanAYearGivesNoLifetimeFigures) {
  AppraisalParams p{.storage_capex_eur_per_mwh = 400e3};
  RunFigures with{.bill_total_eur = 90, .nameplate_kwh = 200, .final_soh = 0.9999};
  RunFigures without{.bill_total_eur = 100};
  for (double days : {1.0, 30.0, 364.9}) {
    auto v = appraise(p, with, without, days / 365.25);
    EXPECT_DOUBLE_EQ(get(v, "economics.bill_with_storage"), 90) << days;
    EXPECT_DOUBLE_EQ(get(v, "economics.saving_share"), 0.1) << days;
    EXPECT_DOUBLE_EQ(get(v, "economics.capex"), 80000) << days;
    for (const char* name :
         {"economics.npv", "economics.irr", "economics.saving_per_year", "economics.lcos",
          "economics.cell_life_years", "economics.discounted_payback"})
      EXPECT_TRUE(std::isnan(get(v, name))) << name << " after " << days << " days";
  }
  // 365 days are a year (the shipped scenarios run 365d), a leap year's 366 too.
  EXPECT_FALSE(std::isnan(get(appraise(p, with, without, 365 / 365.25), "economics.npv")));
  EXPECT_FALSE(std::isnan(get(appraise(p, with, without, 366 / 365.25), "economics.npv")));
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
