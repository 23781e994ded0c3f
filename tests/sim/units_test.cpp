#include "sim/units.hpp"

#include <gtest/gtest.h>
#include <numbers>

namespace wf {
namespace {

TEST(Units, ParsesPowersAndEnergiesToSi) {
  EXPECT_DOUBLE_EQ(*parse_quantity("250 kW", Dim::power), 250e3);
  EXPECT_DOUBLE_EQ(*parse_quantity("1.2 MWh", Dim::energy), 1.2e6 * 3600);
  EXPECT_DOUBLE_EQ(*parse_quantity("250kW", Dim::power), 250e3);
  EXPECT_DOUBLE_EQ(*parse_quantity("  -3 W ", Dim::power), -3);
}

TEST(Units, ConvertsCoefficientsAnglesPricesTemperatures) {
  EXPECT_DOUBLE_EQ(*parse_quantity("-0.4 %/K", Dim::per_kelvin), -0.004);
  EXPECT_NEAR(*parse_quantity("35 deg", Dim::angle), 35 * std::numbers::pi / 180, 1e-15);
  EXPECT_DOUBLE_EQ(*parse_quantity("60 EUR/MWh", Dim::price), 60);
  EXPECT_DOUBLE_EQ(*parse_quantity("6 ct/kWh", Dim::price), 60);
  EXPECT_DOUBLE_EQ(*parse_quantity("25 degC", Dim::temperature), 298.15);
  EXPECT_DOUBLE_EQ(*parse_quantity("280 Ah", Dim::charge), 280 * 3600);
  EXPECT_DOUBLE_EQ(*parse_quantity("95 %", Dim::dimensionless), 0.95);
  EXPECT_DOUBLE_EQ(*parse_quantity("0.95", Dim::dimensionless), 0.95);
}

TEST(Units, RefusesMissingUnitWithReason) {
  std::string why;
  EXPECT_FALSE(parse_quantity("250", Dim::power, &why));
  EXPECT_EQ(why, "has no unit");
}

TEST(Units, RefusesWrongDimensionNamingIt) {
  std::string why;
  EXPECT_FALSE(parse_quantity("250 kWh", Dim::power, &why));
  EXPECT_NE(why.find("kWh"), std::string::npos);
  EXPECT_NE(why.find("energy"), std::string::npos);
}

TEST(Units, RefusesUnknownUnitsAndGarbage) {
  std::string why;
  EXPECT_FALSE(parse_quantity("3 furlongs", Dim::power, &why));
  EXPECT_NE(why.find("unknown unit"), std::string::npos);
  EXPECT_FALSE(parse_quantity("kW", Dim::power, &why));
  EXPECT_FALSE(parse_quantity("nan kW", Dim::power, &why));
  EXPECT_FALSE(parse_quantity("", Dim::power, &why));
}

TEST(Units, RefusesValuesThatOverflowOrVanishInSiUnits) {
  std::string why;
  EXPECT_FALSE(parse_quantity("1e308 MW", Dim::power, &why));  // inf after conversion
  EXPECT_NE(why.find("outside the magnitudes"), std::string::npos) << why;
  EXPECT_FALSE(parse_quantity("1e308 MWh", Dim::energy, &why));
  EXPECT_FALSE(parse_quantity("1e-300 kWh", Dim::energy, &why));    // no model divides by that
  EXPECT_FALSE(parse_quantity("1e308", Dim::dimensionless, &why));  // a scale
  EXPECT_EQ(*parse_quantity("0 kWh", Dim::energy, &why), 0);
  EXPECT_DOUBLE_EQ(*parse_quantity("-5 kW", Dim::power, &why), -5e3);
  EXPECT_DOUBLE_EQ(*parse_quantity("1e20 Wh", Dim::energy, &why), 3.6e23);
}

TEST(Units, UnitFactorForTraceColumns) {
  EXPECT_DOUBLE_EQ(*unit_factor("kW", Dim::power), 1e3);
  EXPECT_DOUBLE_EQ(*unit_factor("MW", Dim::power), 1e6);
  EXPECT_DOUBLE_EQ(*unit_factor("c/kWh", Dim::price), 10);
  EXPECT_FALSE(unit_factor("kWh", Dim::power));
  EXPECT_FALSE(unit_factor("degC", Dim::temperature));  // affine: no single factor
  double offset = 0;
  EXPECT_DOUBLE_EQ(*unit_factor("degC", Dim::temperature, nullptr, &offset), 1);
  EXPECT_DOUBLE_EQ(offset, 273.15);
}

}  // namespace
}  // namespace wf
