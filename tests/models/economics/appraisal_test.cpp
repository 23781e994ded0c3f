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

// Three years worked by hand (see the comments for each figure).
TEST(Appraisal, CashFlowsAgainstAHandComputedTable) {
  const AppraisalParams p{.years = 3,
                          .discount_rate = 0.05,
                          .capex_eur_per_mwh = 400e3,
                          .capex_eur_per_kw = 100,
                          .capex_fixed_eur = 5000,
                          .opex_share = 0.01,
                          .opex_fixed_eur = 1000,
                          .end_of_life_soh = 0.8,
                          .replacement_eur_per_mwh = 200e3,
                          .replacement_decline = 0.1,
                          .energy_escalation = 0.1,
                          .network_escalation = 0,
                          .lost_compute_eur_per_node_hour = 50};
  // 100 kWh, 50 kW: capex 40 000 + 5 000 + 5 000; O&M 500 + 1 000 a year.
  const StorageSize size{.energy_kwh = 100, .power_kw = 50};
  // Without: 10 000 energy, 2 000 network, 1 000 taxes, 19 % VAT (2 470): 15 470 a year.
  YearFigures wo{.energy_eur = 10000, .network_eur = 2000, .taxes_eur = 1000, .vat_eur = 2470};
  // With: 8 000, 1 500, 1 000, VAT 1 995, feed-in -100: 12 395 a year.
  YearFigures w{.energy_eur = 8000,
                .network_eur = 1500,
                .taxes_eur = 1000,
                .vat_eur = 1995,
                .feed_in_eur = -100,
                .import_kwh = 50000,
                .charge_kwh = 10000,
                .discharge_kwh = 9000};
  std::vector<YearFigures> without(3, wo), with(3, w);
  with[0].revenue_eur = 300;
  without[1].lost_node_hours = 10;  // the storage kept 10 node-hours running in year 2
  with[1].soh_end = 0.79, with[1].end_of_life = true, with[1].replaced = true;
  with[0].soh_end = 0.9, with[2].soh_end = 0.95;
  const Appraisal a = appraise(p, size, with, without);
  ASSERT_EQ(a.rows.size(), 4u);
  EXPECT_NEAR(a.capex, 50000, 0.005);
  EXPECT_NEAR(a.rows[0].net, -50000, 0.005);
  // Year 1: saving 3 075 + revenue 300 - O&M 1 500.
  EXPECT_NEAR(a.rows[1].bill_without, 15470, 0.005);
  EXPECT_NEAR(a.rows[1].bill_with, 12395, 0.005);
  EXPECT_NEAR(a.rows[1].net, 1875, 0.005);
  EXPECT_NEAR(a.rows[1].discounted, 1875 / 1.05, 0.005);
  // Year 2, energy x 1.1: without (11 000 + 2 000 + 1 000) x 1.19 = 16 660; with
  // (8 800 + 1 500 + 1 000) x 1.19 - 110 = 13 337; lost compute 10 x 50; new cells
  // 0.1 MWh x 200 000 x 0.9^2 = 16 200.
  EXPECT_NEAR(a.rows[2].bill_without, 16660, 0.005);
  EXPECT_NEAR(a.rows[2].bill_with, 13337, 0.005);
  EXPECT_NEAR(a.rows[2].lost_compute, 500, 0.005);
  EXPECT_NEAR(a.rows[2].replacement, 16200, 0.005);
  EXPECT_NEAR(a.rows[2].net, 3323 + 500 - 1500 - 16200, 0.005);
  // Year 3, energy x 1.21: 17 969 and 14 373.20.
  EXPECT_NEAR(a.rows[3].bill_without, 17969, 0.005);
  EXPECT_NEAR(a.rows[3].bill_with, 14373.2, 0.005);
  EXPECT_NEAR(a.rows[3].net, 2095.8, 0.005);
  EXPECT_NEAR(a.rows[3].discounted, 2095.8 / (1.05 * 1.05 * 1.05), 0.005);
  EXPECT_NEAR(a.npv, -58990.70, 0.005);
  // LCOS: charging at 0.16 EUR/kWh x escalation, 9 MWh discharged a year.
  EXPECT_NEAR(a.lcos, 3001.78, 0.005);
  EXPECT_EQ(a.end_of_life_year, 2);
  EXPECT_EQ(a.replacements, 1);
  EXPECT_NEAR(a.mean_saving, (3075 + 3323 + 3595.8) / 3, 0.005);
  const auto v = appraisal_summary(a, p);
  EXPECT_EQ(get(v, "economics.end_of_life_year"), 2);
  EXPECT_EQ(get(v, "economics.final_soh"), 0.95);
  EXPECT_NEAR(get(v, "economics.npv"), a.npv, 1e-9);
  EXPECT_TRUE(std::isnan(get(v, "economics.discounted_payback")));  // never within the life
  const auto cols = cash_flow_columns(a);
  ASSERT_FALSE(cols.empty());
  for (const auto& c : cols) EXPECT_EQ(c.values.size(), 4u) << c.name;
}

TEST(Appraisal, WithoutEscalationTheBillsAreTheSimulatedOnes) {
  const AppraisalParams p{.years = 2, .capex_eur_per_mwh = 1e5};
  YearFigures w{
      .energy_eur = 1, .network_eur = 2, .taxes_eur = 3, .vat_eur = 0.1, .feed_in_eur = -4};
  std::vector<YearFigures> with(2, w), without(2, YearFigures{.energy_eur = 7});
  const Appraisal a = appraise(p, {.energy_kwh = 10}, with, without);
  EXPECT_EQ(a.rows[2].bill_with, w.bill_eur());
  EXPECT_EQ(a.rows[2].bill_without, 7);
  EXPECT_FALSE(a.end_of_life_year.has_value());
}

TEST(Appraisal, NoStorageCostsNothing) {
  const AppraisalParams p{
      .years = 1, .capex_eur_per_mwh = 1e5, .capex_fixed_eur = 1e4, .opex_fixed_eur = 100};
  std::vector<YearFigures> y(1, YearFigures{.energy_eur = 5});
  const Appraisal a = appraise(p, {}, y, y);
  EXPECT_EQ(a.capex, 0);
  EXPECT_EQ(a.npv, 0);
}

TEST(Appraisal, ReadsItsSectionWithUnits) {
  auto doc =
      ConfigDoc::parse("economics: {storage_capex: 450 EUR/kWh, discount_rate: 7 %}\n", "e.yaml");
  AppraisalParams p = read_appraisal(doc.root().at("economics"));
  EXPECT_DOUBLE_EQ(p.capex_eur_per_mwh, 450e3);
  EXPECT_DOUBLE_EQ(p.replacement_eur_per_mwh, 450e3);  // defaults to the capex
  EXPECT_DOUBLE_EQ(p.discount_rate, 0.07);
  EXPECT_DOUBLE_EQ(p.years, 15);
  auto bad = ConfigDoc::parse("economics: {storage_capex: 450 EUR/kW}\n", "e.yaml");
  EXPECT_THROW(read_appraisal(bad.root().at("economics")), InputError);
  auto part = ConfigDoc::parse("economics: {storage_capex: 450 EUR/kWh, years: 7.5}\n", "e.yaml");
  EXPECT_THROW(read_appraisal(part.root().at("economics")), InputError);
  auto all = ConfigDoc::parse(
      "economics: {storage_capex: 300 EUR/kWh, power_capex: 80 EUR/kW, fixed_capex: 20 kEUR,\n"
      "  opex_fixed: 500 EUR, replacement_cost: 120 EUR/kWh, replacement_decline: 5 %,\n"
      "  energy_escalation: 2 %, network_escalation: 3 %, lost_compute_value: 40 EUR}\n",
      "e.yaml");
  p = read_appraisal(all.root().at("economics"));
  EXPECT_DOUBLE_EQ(p.capex_eur_per_kw, 80);
  EXPECT_DOUBLE_EQ(p.capex_fixed_eur, 20e3);
  EXPECT_DOUBLE_EQ(p.replacement_eur_per_mwh, 120e3);
  EXPECT_DOUBLE_EQ(p.network_escalation, 0.03);
  EXPECT_DOUBLE_EQ(p.lost_compute_eur_per_node_hour, 40);
}

}  // namespace
}  // namespace wf
