#include "sim/site_graph.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/error.hpp"
#include "tests/test_support.hpp"

namespace wf {
namespace {

GraphNode node(std::string id, std::string parent, bool bus = false, int line = 0) {
  return GraphNode{.id = id,
                   .is_root = parent.empty() && id == "grid",
                   .is_bus = bus,
                   .parent = parent,
                   .file = "s.yaml",
                   .line = line,
                   .field = "devices." + id};
}

std::string build_error(const std::vector<GraphNode>& nodes) {
  return test::input_error_text([&] { SiteGraph::build(nodes); });
}

TEST(SiteGraph, TreeOrderAndFlows) {
  auto g = SiteGraph::build(
      {node("load", "bus"), node("grid", ""), node("bus", "grid", true), node("pv", "bus")});
  ASSERT_EQ(g.order().front(), g.root());
  EXPECT_EQ(g.root(), 1);
  // Parents come before children.
  std::vector<int> pos(4);
  for (std::size_t i = 0; i < g.order().size(); ++i) pos[g.order()[i]] = static_cast<int>(i);
  EXPECT_LT(pos[2], pos[0]);
  EXPECT_LT(pos[2], pos[3]);
  std::vector<double> inj{-100, 0, 0, 30}, flow(4);
  g.edge_flows(inj, flow);
  EXPECT_DOUBLE_EQ(flow[2], -70);  // bus pushes -70 W up: it draws 70 W
  EXPECT_DOUBLE_EQ(flow[1], -70);
}

TEST(SiteGraph, CycleIsNamed) {
  std::string msg =
      build_error({node("grid", ""), node("a", "b", true, 7), node("b", "a", true, 9)});
  EXPECT_THAT(msg, ::testing::HasSubstr("loop"));
  EXPECT_THAT(msg, ::testing::HasSubstr("s.yaml:"));
}

TEST(SiteGraph, MissingParentAndNonBusParent) {
  EXPECT_THAT(
      build_error({node("grid", ""), node("x", "nowhere", false, 3)}),
      ::testing::HasSubstr("s.yaml:3: devices.x: connects to 'nowhere', which is not a device"));
  EXPECT_THAT(build_error({node("grid", ""), node("pv", "grid"), node("x", "pv", false, 4)}),
              ::testing::HasSubstr("not a bus"));
}

TEST(SiteGraph, NeedsExactlyOneGrid) {
  EXPECT_THAT(build_error({node("bus", "x", true)}), ::testing::HasSubstr("no grid connection"));
  auto second = node("grid", "");
  second.id = "grid2";
  second.is_root = true;
  EXPECT_THAT(build_error({node("grid", ""), second}), ::testing::HasSubstr("second one"));
}

TEST(SiteGraph, DuplicateIds) {
  EXPECT_THAT(build_error({node("grid", ""), node("a", "grid"), node("a", "grid")}),
              ::testing::HasSubstr("used twice"));
}

}  // namespace
}  // namespace wf
