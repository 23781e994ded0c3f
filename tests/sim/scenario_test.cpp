#include "sim/scenario.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/error.hpp"
#include "tests/test_support.hpp"

namespace wf {
namespace {

const std::string kOk = R"(name: t
start: 2025-01-01T00:00:00+01:00
duration: 2d
output_interval: 1min
seed: 7
sites:
  a: {devices: {}}
)";

std::string error_of(const std::string& text) {
  return test::input_error_text([&] { parse_scenario(text, "t.yaml"); });
}

TEST(Scenario, TopLevel) {
  Scenario s = parse_scenario(kOk, "t.yaml");
  EXPECT_EQ(s.name, "t");
  EXPECT_EQ(s.start, Time::seconds(1735686000));
  EXPECT_EQ(s.end - s.start, Time::days(2));
  EXPECT_EQ(s.output_interval, Time::minutes(1));
  EXPECT_EQ(s.seed, 7u);
  ASSERT_EQ(s.sites.size(), 1u);
  EXPECT_EQ(s.sites[0].first, "a");
}

TEST(Scenario, EndInsteadOfDuration) {
  std::string text = kOk;
  text.replace(text.find("duration: 2d"), 12, "end: 2025-01-02T00:00:00+01:00");
  EXPECT_EQ(parse_scenario(text, "t.yaml").duration(), Time::days(1));
}

TEST(Scenario, Errors) {
  using ::testing::HasSubstr;
  std::string t = kOk;
  EXPECT_THAT(error_of(t + "colour: red\n"), HasSubstr("t.yaml:8: colour: unknown field"));
  EXPECT_THAT(error_of(std::string(kOk).replace(kOk.find("2d"), 2, "2")),
              HasSubstr("t.yaml:3: duration: expected a positive duration"));
  EXPECT_THAT(error_of(std::string(kOk).replace(kOk.find("+01:00"), 6, "")),
              HasSubstr("t.yaml:2: start: expected an ISO 8601 time with offset"));
  EXPECT_THAT(error_of(t + "end: 2025-01-03T00:00:00Z\n"), HasSubstr("not both"));
  EXPECT_THAT(error_of(std::string(kOk).replace(kOk.find("seed: 7"), 7, "seed: -1")),
              HasSubstr("t.yaml:5: seed"));
  EXPECT_THAT(error_of(std::string(kOk).replace(kOk.find("  a:"), 4, "  9a:")),
              HasSubstr("site id"));
}

TEST(Scenario, OverrideChangesTheHorizon) {
  Scenario s = parse_scenario(kOk, "t.yaml", {"duration=3d"});
  EXPECT_EQ(s.duration(), Time::days(3));
  ASSERT_EQ(s.overrides.size(), 1u);
}

TEST(Scenario, OverrideWithNullLeavesTheFieldOut) {
  const std::string two = std::string(kOk).replace(kOk.find("  a: {devices: {}}"), 18,
                                                   "  a: {devices: {x: {type: t}, y: {type: t}}}");
  Scenario s = parse_scenario(two, "t.yaml", {"sites.a.devices.x=null"});
  const auto devices = s.sites.at(0).second.at("devices").entries();
  ASSERT_EQ(devices.size(), 1u);
  EXPECT_EQ(devices[0].first, "y");
  // Fields that are not there stay absent, and nothing is made on the way to them; an
  // empty value is not null.
  EXPECT_FALSE(parse_scenario(two, "t.yaml", {"economics=null"}).economics.has_value());
  Scenario same = parse_scenario(two, "t.yaml", {"sites.a.devices.z.q=null"});
  EXPECT_EQ(same.sites.at(0).second.at("devices").entries().size(), 2u);
  Scenario empty = parse_scenario(two, "t.yaml", {"sites.a.devices.x.type="});
  EXPECT_EQ(empty.sites.at(0).second.at("devices").entries().size(), 2u);
}

}  // namespace
}  // namespace wf
