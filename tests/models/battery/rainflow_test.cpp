#include "models/battery/rainflow.hpp"

#include <gtest/gtest.h>

#include <map>

namespace wf {
namespace {

TEST(Rainflow, ReproducesTheAstmE1049WorkedExample) {
  // ASTM E1049-85 (2017) Fig. 6 / Table 4: peaks and valleys A..I.
  Rainflow rf;
  std::map<double, double> counted;  // range -> cycles
  auto sink = [&](const Rainflow::Cycle& c) { counted[c.range] += c.cycles; };
  for (double v : {-2.0, 1.0, -3.0, 5.0, -1.0, 3.0, -4.0, 4.0, -2.0}) rf.add({v, 0}, sink);
  rf.flush(sink);
  const std::map<double, double> expected{{3, 0.5}, {4, 1.5}, {6, 0.5}, {8, 1.0}, {9, 0.5}};
  EXPECT_EQ(counted, expected);
}

TEST(Rainflow, ClosedCycleCarriesItsPointsAndLeavesTheOuterRange) {
  Rainflow rf;
  std::vector<Rainflow::Cycle> out;
  auto sink = [&](const Rainflow::Cycle& c) { out.push_back(c); };
  for (auto [v, tag] : {std::pair{0.0, 0.0}, {0.9, 1.0}, {0.6, 2.0}, {0.8, 3.0}, {0.1, 4.0}})
    rf.add({v, tag}, sink);
  ASSERT_EQ(out.size(), 1u);  // 0.6 -> 0.8 closes inside 0.9 -> 0.1
  EXPECT_DOUBLE_EQ(out[0].range, 0.2);
  EXPECT_EQ(out[0].cycles, 1.0);
  EXPECT_EQ(out[0].from.tag, 2.0);
  EXPECT_EQ(out[0].to.tag, 3.0);
  ASSERT_EQ(rf.residue().size(), 3u);  // 0 -> 0.9 -> 0.1 stays open
}

}  // namespace
}  // namespace wf
