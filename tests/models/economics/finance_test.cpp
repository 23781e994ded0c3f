#include "models/economics/finance.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace wf {
namespace {

TEST(Finance, NpvByHand) {
  // -1000 + 300/1.1 + 400/1.21 + 500/1.331 = -1000 + 272.7273 + 330.5785 + 375.6574 = -21.0368
  const double cf[] = {-1000, 300, 400, 500};
  EXPECT_NEAR(npv(cf, 0.10), -21.036814425244, 1e-9);
  EXPECT_DOUBLE_EQ(npv(cf, 0.0), 200);
}

TEST(Finance, IrrZeroesTheNpv) {
  const double one_year[] = {-100, 110};
  EXPECT_NEAR(*irr(one_year), 0.10, 1e-10);
  const double annuity[] = {-1000, 500, 500, 500};  // textbook: 23.375 %
  double r = *irr(annuity);
  EXPECT_NEAR(r, 0.23375, 1e-5);
  EXPECT_NEAR(npv(annuity, r), 0, 1e-6);
  const double never[] = {-100, -5, -5};
  EXPECT_FALSE(irr(never));
}

TEST(Finance, DiscountedPaybackInterpolatesWithinTheYear) {
  // Undiscounted: -100, +50, +50, +50 pays back at exactly 2 years.
  const double cf[] = {-100, 50, 50, 50};
  EXPECT_NEAR(*discounted_payback_years(cf, 0.0), 2.0, 1e-12);
  // At 10 %: cumulative -100, -54.545, -13.223, +24.343 -> 2 + 13.223/37.566 = 2.352 years.
  EXPECT_NEAR(*discounted_payback_years(cf, 0.10), 2 + 13.2231405 / 37.5657400, 1e-6);
  const double never[] = {-100, 10, 10};
  EXPECT_FALSE(discounted_payback_years(never, 0.05));
}

TEST(Finance, CashFlowsCarryReplacementsAndResidual) {
  Investment inv{.capex_eur = 1000,
                 .opex_eur_per_year = 20,
                 .savings_eur_per_year = 150,
                 .years = 4,
                 .replacements = {{3, 400}},
                 .residual_eur = 50};
  auto cf = cash_flows(inv);
  ASSERT_EQ(cf.size(), 5u);
  EXPECT_EQ(cf, (std::vector<double>{-1000, 130, 130, -270, 180}));
}

TEST(Finance, LcosOfASimpleCase) {
  // No discounting: (1000 capex + 2 x (50 opex + 30 charging)) / (2 x 4 MWh) = 1160 / 8 = 145
  // EUR/MWh.
  Investment inv{.capex_eur = 1000, .opex_eur_per_year = 50, .years = 2};
  EXPECT_DOUBLE_EQ(lcos(inv, 30, 4, 0.0), 145);
  // Discounting makes each later MWh count less, and costs too: still finite and larger here.
  EXPECT_GT(lcos(inv, 30, 4, 0.08), 145);
}

}  // namespace
}  // namespace wf
