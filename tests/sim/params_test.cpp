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

}  // namespace
}  // namespace wf
