#include "models/compute/node.hpp"

#include <gtest/gtest.h>

#include "sim/error.hpp"

namespace wf {
namespace {

NodeSpec parse(const std::string& yaml) {
  return read_node(ConfigDoc::parse(yaml, "node_test.yaml").root().at("node"));
}

TEST(Node, LinearBetweenIdleAndMaxThenPsu) {
  NodeSpec n = parse("node: {idle_power: 1 kW, max_power: 3 kW, psu_efficiency: 80 %}\n");
  EXPECT_DOUBLE_EQ(node_dc_power_w(n, 0.25), 1500);
  EXPECT_DOUBLE_EQ(node_ac_power_w(n, NodeState::active, 0.25), 1500 / 0.8);
  EXPECT_DOUBLE_EQ(node_ac_power_w(n, NodeState::idle, 0.9), 1000 / 0.8);
  EXPECT_DOUBLE_EQ(node_dc_power_w(n, 2.0), 3000);  // clamped
}

TEST(Node, TableInterpolatesBetweenTenPercentPoints) {
  NodeSpec n = parse(
      "node: {idle_power: 0 W, max_power: 1 W, curve: [100 W, 150 W, 190 W, 220 W, 250 W, 280 W,"
      " 300 W, 320 W, 340 W, 360 W, 400 W], psu_efficiency: 100 %}\n");
  EXPECT_DOUBLE_EQ(n.idle_w, 100);
  EXPECT_DOUBLE_EQ(node_dc_power_w(n, 0.15), 170);
  EXPECT_DOUBLE_EQ(node_dc_power_w(n, 1.0), 400);
  EXPECT_NEAR(node_dc_power_w(n, 0.95), 380, 1e-9);
}

TEST(Node, ParkedStatesAndWakeTimes) {
  NodeSpec n = parse(
      "node: {idle_power: 100 W, max_power: 200 W, sleep_power: 10 W, off_power: 4 W,"
      " wake_time: 20 s, boot_time: 3 min, psu_efficiency: 100 %}\n");
  EXPECT_DOUBLE_EQ(node_ac_power_w(n, NodeState::sleep), 10);
  EXPECT_DOUBLE_EQ(node_ac_power_w(n, NodeState::off), 4);
  EXPECT_EQ(node_wake_time(n, NodeState::sleep), Time::seconds(20));
  EXPECT_EQ(node_wake_time(n, NodeState::off), Time::minutes(3));
  EXPECT_EQ(node_wake_time(n, NodeState::idle), Time::zero());
}

TEST(Node, PresetsLoadWithSensibleValues) {
  for (const char* name : {"h100_8gpu", "cpu_server", "gpu_render"}) {
    NodeSpec n = parse(std::string("node: ") + name + "\n");
    EXPECT_GT(n.max_w, n.idle_w) << name;
    EXPECT_GT(n.idle_w, n.sleep_w) << name;
    EXPECT_GT(n.psu_efficiency, 0.8) << name;
  }
  NodeSpec h = parse("node: h100_8gpu\n");
  EXPECT_NEAR(node_ac_power_w(h, NodeState::active, 1.0), 10.2e3, 50);  // DGX H100 at the wall
}

TEST(Node, BadInputNamesTheField) {
  EXPECT_THROW(parse("node: no_such_node\n"), InputError);
  EXPECT_THROW(parse("node: {idle_power: 1 kW, max_power: 500 W}\n"), InputError);
  EXPECT_THROW(parse("node: {idle_power: 1 kW, max_power: 2 kW, curve: [1 kW]}\n"), InputError);
  EXPECT_THROW(parse("node: {idle_power: 1 kW, max_power: 2 kW, colour: red}\n"), InputError);
  try {
    parse("node: no_such_node\n");
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("h100_8gpu"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace wf
