#include "models/battery/blast_lfp_aging.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace wf {
namespace {

TEST(BlastLfpAging, AnodePotentialMatchesTheReference) {
  // Domain reference 1.5.2: U_a ~ 0.233 / 0.123 / 0.088 V at SoC 0.1 / 0.5 / 0.9.
  EXPECT_NEAR(BlastLfpAging::anode_potential(0.1), 0.233, 0.001);
  EXPECT_NEAR(BlastLfpAging::anode_potential(0.5), 0.123, 0.001);
  EXPECT_NEAR(BlastLfpAging::anode_potential(0.9), 0.088, 0.001);
}

TEST(BlastLfpAging, CalendarOnlyMatchesThePublishedFormula) {
  // 1 year at 25 C and SoC 10/50/90/100 %, and at 45 C and 50 %: 0.30/1.10/1.68/1.71/3.63 %.
  for (auto [t, soc, loss] : {std::tuple{298.15, 0.1, 0.30},
                              {298.15, 0.5, 1.10},
                              {298.15, 0.9, 1.68},
                              {298.15, 1.0, 1.71},
                              {318.15, 0.5, 3.63}}) {
    BlastLfpAging a;
    a.add_calendar(t, soc, 365 * 86400.0);
    EXPECT_NEAR(a.calendar_loss() * 100, loss, 0.005) << t << " " << soc;
    EXPECT_EQ(a.cycle_loss(), 0);
  }
}

TEST(BlastLfpAging, CycleOnlyMatchesThePublishedFormula) {
  // 1000 EFC at 0.5 C and DoD 100 % at 10 / 25 / 45 C: 9.98 / 6.76 / 4.26 %.
  for (auto [t, loss] : {std::pair{283.15, 9.98}, {298.15, 6.76}, {318.15, 4.26}}) {
    BlastLfpAging a;
    a.add_cycle(1.0, 0.5, 1000, t);
    EXPECT_NEAR(a.cycle_loss() * 100, loss, 0.005) << t;
  }
}

TEST(BlastLfpAging, ContinuationIsExactUnderConstantStress) {
  BlastLfpAging once, steps;
  once.add_calendar(300, 0.6, 1e7);
  once.add_cycle(0.8, 0.4, 300, 300);
  for (int i = 0; i < 100; ++i) {
    steps.add_calendar(300, 0.6, 1e5);
    steps.add_cycle(0.8, 0.4, 3, 300);
  }
  EXPECT_NEAR(steps.calendar_loss(), once.calendar_loss(), 1e-13);
  EXPECT_NEAR(steps.cycle_loss(), once.cycle_loss(), 1e-13);
}

}  // namespace
}  // namespace wf
