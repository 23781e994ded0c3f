#include "models/battery/naumann_aging.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace wf {
namespace {

constexpr double kYear = 365 * 86400.0;

TEST(NaumannAging, CalendarOnlyMatchesThePublishedFormula) {
  // Domain reference 1.5.1 sanity values: 1 year at 25 C and SoC 50/90/100 %, 45 C at 50 %.
  for (auto [t, soc, loss] : {std::tuple{298.15, 0.5, 4.25},
                              {298.15, 0.9, 5.54},
                              {298.15, 1.0, 6.77},
                              {318.15, 0.5, 6.56}}) {
    NaumannAging a;
    a.add_calendar(t, soc, kYear);
    EXPECT_NEAR(a.calendar_loss() * 100, loss, 0.005) << t << " " << soc;
    EXPECT_EQ(a.cycle_loss(), 0);
  }
  NaumannAging a;
  a.add_calendar(298.15, 0.5, kYear);
  EXPECT_DOUBLE_EQ(a.calendar_loss(), 1.2571e-5 * 0.60225 * std::sqrt(kYear));
}

TEST(NaumannAging, CycleOnlyMatchesThePublishedFormula) {
  // 1000 FEC at 0.5 C and DoD 80 % / 100 %, at 1 C and DoD 100 %.
  for (auto [c, dod, loss] : {std::tuple{0.5, 0.8, 4.57}, {0.5, 1.0, 5.49}, {1.0, 1.0, 6.83}}) {
    NaumannAging a;
    a.add_cycle(dod, c, 1000);
    EXPECT_NEAR(a.cycle_loss() * 100, loss, 0.005) << c << " " << dod;
    EXPECT_EQ(a.calendar_loss(), 0);
  }
}

TEST(NaumannAging, VirtualTimeContinuationIsExactUnderConstantStress) {
  NaumannAging once, steps;
  once.add_calendar(303.15, 0.7, kYear);
  once.add_cycle(0.4, 0.3, 250);
  for (int i = 0; i < 1000; ++i) {
    steps.add_calendar(303.15, 0.7, kYear / 1000);
    steps.add_cycle(0.4, 0.3, 0.25);
  }
  EXPECT_NEAR(steps.calendar_loss(), once.calendar_loss(), 1e-12);
  EXPECT_NEAR(steps.cycle_loss(), once.cycle_loss(), 1e-12);
  EXPECT_NEAR(steps.resistance_growth(), once.resistance_growth(), 1e-12);
}

TEST(NaumannAging, StressChangeContinuesFromTheVirtualTime) {
  // After a year at SoC 0.5, a year at 0.9 starts from the time at which 0.9 would
  // have caused the same loss: q2 = k2 sqrt((q1/k2)^2 + t).
  NaumannAging a;
  a.add_calendar(298.15, 0.5, kYear);
  const double q1 = a.calendar_loss(), k2 = a.calendar_k(298.15, 0.9);
  a.add_calendar(298.15, 0.9, kYear);
  EXPECT_NEAR(a.calendar_loss(), k2 * std::sqrt(q1 * q1 / (k2 * k2) + kYear), 1e-15);
}

}  // namespace
}  // namespace wf
