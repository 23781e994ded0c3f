#include "sim/params.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <cmath>

#include "sim/error.hpp"

namespace wf {
namespace {

struct P {
  double capacity = 0, eff = 0;
};

const std::array<Param<P>, 2> kTable{{
    {{"capacity", Dim::energy, "", 0, INFINITY, true, "stored energy"}, &P::capacity},
    {{"eff", Dim::dimensionless, "95 %", 0, 1, true, "efficiency"}, &P::eff},
}};

std::string read_error(const std::string& yaml) {
  auto doc = ConfigDoc::parse(yaml, "p.yaml");
  P p;
  try {
    read_params(doc.root(), std::span<const Param<P>>(kTable), p);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(Params, ReadsValuesAndDefaults) {
  auto doc = ConfigDoc::parse("capacity: 2 kWh\n", "p.yaml");
  P p;
  read_params(doc.root(), std::span<const Param<P>>(kTable), p);
  EXPECT_DOUBLE_EQ(p.capacity, 7.2e6);
  EXPECT_DOUBLE_EQ(p.eff, 0.95);
}

TEST(Params, RequiredFieldMissing) {
  EXPECT_THAT(read_error("eff: 90 %\n"), ::testing::HasSubstr("missing required field 'capacity'"));
}

TEST(Params, NegativeCapacityIsOutOfRange) {
  std::string msg = read_error("capacity: -5 kWh\n");
  EXPECT_THAT(msg, ::testing::HasSubstr("p.yaml:1: capacity: expected an energy"));
  EXPECT_THAT(msg, ::testing::HasSubstr("above 0 J"));
  EXPECT_THAT(msg, ::testing::HasSubstr("got '-5 kWh'"));
}

TEST(Params, UpperBound) {
  const std::string msg = read_error("capacity: 1 kWh\neff: 120 %\n");
  EXPECT_THAT(msg, ::testing::HasSubstr("p.yaml:2: eff"));
  // A plain number has no unit to print after its range.
  EXPECT_THAT(msg, ::testing::HasSubstr("between 0 and 1,"));
  EXPECT_THAT(msg, ::testing::Not(::testing::HasSubstr("and 1 1")));
}

TEST(Params, DocsTableListsEveryParameter) {
  std::vector<ParamInfo> infos{kTable[0].info, kTable[1].info};
  std::string md = describe_params(infos);
  EXPECT_THAT(md, ::testing::HasSubstr(
                      "| `capacity` | an energy like '1.2 MWh' | required | stored energy |"));
  EXPECT_THAT(md, ::testing::HasSubstr("| `eff` |"));
}

TEST(Params, DocsTableDescribesFlagsChoicesTextAndRanges) {
  static constexpr std::string_view kModes[] = {"fast", "exact"};
  const ParamInfo infos[] = {
      flag_param("export", "false", "feed the grid"),
      choice_param("mode", kModes, "fast", "how"),
      text_param("horizon", "a duration like '1h'", "", "look-ahead"),
      optional_param({"power", Dim::power, "", 0, INFINITY, true, "at most"}),
      {"share", Dim::dimensionless, "5 %", 0, 1, false, "a share"},
  };
  const std::string md = describe_params(infos);
  EXPECT_THAT(md, ::testing::HasSubstr("| `export` | true or false | false | feed the grid |"));
  EXPECT_THAT(md, ::testing::HasSubstr("| `mode` | one of `fast`, `exact` | fast | how |"));
  EXPECT_THAT(md, ::testing::HasSubstr("| `horizon` | a duration like '1h' | - | look-ahead |"));
  EXPECT_THAT(md, ::testing::HasSubstr("| - | at most | above 0 W |"));
  EXPECT_THAT(md, ::testing::HasSubstr("| 5 % | a share | between 0 and 1 |"));
  EXPECT_EQ(param(infos, "mode").kind, ParamKind::choice);
  EXPECT_THROW(param(infos, "nope"), InternalError);
  EXPECT_THAT(param_keys(infos, {"type"}),
              ::testing::ElementsAre("type", "export", "mode", "horizon", "power", "share"));
}

}  // namespace
}  // namespace wf
