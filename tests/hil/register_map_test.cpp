// Register map YAML: presets load, contiguous points group into single reads,
// and malformed maps fail with file:line: field: what.
#include <gtest/gtest.h>

#include <string>

#include "hil/register_map.hpp"
#include "sim/error.hpp"
#include "tests/test_support.hpp"

namespace wf::hil {
namespace {

RegisterMap parse(const std::string& text) {
  return parse_register_map(ConfigDoc::parse(text, "map.yaml").root());
}

std::string error_of(const std::string& text) {
  return test::input_error_text([&] { parse(text); });
}

TEST(RegisterMap, PresetsLoadWithTheRolesTheClientNeeds) {
  for (const char* name : {"sunspec_802_storage", "vendor_plain"}) {
    RegisterMap m = load_register_map(name);
    EXPECT_NE(m.find(Role::soc), nullptr) << name;
    EXPECT_NE(m.find(Role::power_setpoint), nullptr) << name;
    EXPECT_NE(m.find(Role::controller_heartbeat), nullptr) << name;
    EXPECT_FALSE(m.source.empty()) << name;
    for (const auto& b : m.blocks) EXPECT_LE(b.count, kMaxReadRegisters);
  }
}

TEST(RegisterMap, SunSpecPresetFollowsTheModelChain) {
  RegisterMap m = load_register_map("sunspec_802_storage");
  EXPECT_EQ(m.find("SunS")->address, 40000);
  EXPECT_EQ(*m.find("SunS")->value, double(0x53756E53));
  const int b802 = m.find("Bat_ID")->address;
  EXPECT_EQ(m.find("SoC")->address, b802 + 11);
  EXPECT_EQ(m.find("W")->address, b802 + 47);
  EXPECT_EQ(m.find("W_SF")->address, b802 + 63);
  EXPECT_EQ(m.find("Ctl_ID")->address, b802 + 2 + 62);  // 704 follows 802 (L = 62)
  EXPECT_EQ(m.find("End_ID")->address, m.find("Ctl_ID")->address + 2 + 69);
  EXPECT_EQ(m.find("WSet")->type, RegType::i32);
  EXPECT_EQ(m.find("WSet")->sf_point, m.index_of(m.find("WSet_SF")));
  // 802 and the first part of 704 are contiguous: one request for both.
  bool found = false;
  for (const auto& b : m.blocks)
    if (b.start == b802) found = b.start + b.count > m.find("WSet")->address;
  EXPECT_TRUE(found);
}

TEST(RegisterMap, ContiguousRegistersFormOneBlock) {
  auto m = parse(R"(
points:
  a: {address: 10, function: holding, type: u16}
  c: {address: 13, function: holding, type: u16}
  b: {address: 11, function: holding, type: i32}
  d: {address: 20, function: holding, type: u16}
  e: {address: 10, function: input, type: f32}
  f: {address: 12, function: input, type: u16}
)");
  ASSERT_EQ(m.blocks.size(), 3u);
  EXPECT_EQ(m.blocks[0].table, Table::holding);
  EXPECT_EQ(m.blocks[0].start, 10);
  EXPECT_EQ(m.blocks[0].count, 4);
  EXPECT_EQ(m.blocks[1].start, 20);
  EXPECT_EQ(m.blocks[2].table, Table::input);
  EXPECT_EQ(m.blocks[2].count, 3);
}

TEST(RegisterMap, BlocksRespectTheRequestLimit) {
  std::vector<Point> pts;
  for (int i = 0; i < 300; ++i) pts.push_back(Point{.name = "p", .address = i});
  auto blocks = group_blocks(pts);
  ASSERT_EQ(blocks.size(), 3u);
  EXPECT_EQ(blocks[0].count, 125);
  EXPECT_EQ(blocks[2].count, 50);
}

TEST(RegisterMap, MalformedMapsSayWhereAndWhat) {
  EXPECT_EQ(error_of(R"(points:
  a: {address: 10, function: holding, type: u32}
  b: {address: 11, function: holding, type: u16}
)"),
            "map.yaml:3: points.b.address: registers 11..11 overlap point 'a' (10..11, line 2)");
  EXPECT_EQ(error_of(R"(points:
  a: {address: 10, function: holding, type: u64}
)"),
            "map.yaml:2: points.a.type: expected one of u16, i16, u32, i32, f32, got 'u64'");
  EXPECT_EQ(
      error_of(R"(points:
  W: {address: 10, function: holding, type: i16, scale_factor: W_SF, units: W}
)"),
      "map.yaml:2: points.W.scale_factor: missing scale factor: no point named 'W_SF' in the map");
  EXPECT_NE(error_of(R"(points:
  W: {address: 10, function: holding, type: i16, units: V, role: ac_power}
)")
                .find("units 'V' do not fit role ac_power"),
            std::string::npos);
  EXPECT_NE(error_of(R"(points:
  W: {address: 10, function: input, type: i16, units: W, role: power_setpoint, access: rw}
)")
                .find("input registers are read-only"),
            std::string::npos);
  EXPECT_NE(error_of(R"(points:
  a: {address: 10, function: holding, type: u16, colour: red}
)")
                .find("colour"),
            std::string::npos);
  EXPECT_NE(error_of("points:\n  a: {address: 70000, function: holding, type: u16}\n")
                .find("expected a whole number from 0 to 65535"),
            std::string::npos);
}

}  // namespace
}  // namespace wf::hil
