// Scenario type `cabinet`: presets, overrides and bad input naming file, line and field.
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "assembly/site_builder.hpp"
#include "models/battery/battery_factory.hpp"
#include "models/battery/lfp_cabinet.hpp"
#include "sim/error.hpp"
#include "tests/test_support.hpp"

namespace wf {
namespace {

std::string scenario(const std::string& cabinet) {
  return fmt::format(
      "start: 2025-06-01T00:00:00Z\nduration: 1d\nsites:\n  s:\n    devices:\n"
      "      grid: {{type: grid, import_limit: 500 kW}}\n"
      "      cab: {{type: cabinet, connect: grid, {}}}\n",
      cabinet);
}

std::vector<std::unique_ptr<Site>> build(const std::string& cabinet) {
  return build_sites(parse_scenario(scenario(cabinet), "reg_test.yaml"));
}

InputError error_of(const std::string& cabinet) {
  return test::input_error([&] { build(cabinet); }, "for " + cabinet);
}

TEST(CabinetRegistration, PresetsBuildAndFieldsOverrideThem) {
  for (const char* preset : {"c_i_100kw_215kwh", "c_i_125kw_261kwh"}) {
    auto sites = build(fmt::format("preset: {}", preset));
    ASSERT_EQ(sites.size(), 1u);
    EXPECT_TRUE(sites[0]->has_battery());
  }
  EXPECT_NO_THROW(build("preset: c_i_100kw_215kwh, soc_initial: 80 %, pcs_curve: sinamics_s120"));
}

TEST(CabinetRegistration, UnknownPresetListsTheAvailableOnes) {
  auto e = error_of("preset: tesla");
  EXPECT_EQ(e.line(), 7);
  EXPECT_THAT(e.field(), ::testing::HasSubstr("preset"));
  EXPECT_THAT(e.detail(), ::testing::HasSubstr("c_i_100kw_215kwh, c_i_125kw_261kwh"));
}

TEST(CabinetRegistration, BadParametersNameTheirField) {
  auto e = error_of("preset: c_i_100kw_215kwh, soc_min: 90 %, soc_max: 10 %");
  EXPECT_THAT(e.detail(), ::testing::HasSubstr("soc_min must lie below soc_max"));
  EXPECT_THAT(e.field(), ::testing::HasSubstr("cab.soc_max"));
  e = error_of("preset: c_i_100kw_215kwh, soc_initial: 99 %");
  EXPECT_THAT(e.detail(), ::testing::HasSubstr("soc_initial must lie between"));
  e = error_of("preset: c_i_100kw_215kwh, resistance_factor: -0.01");
  EXPECT_THAT(e.field(), ::testing::HasSubstr("resistance_factor"));
  e = error_of("preset: c_i_100kw_215kwh, cell: lead_acid");
  EXPECT_THAT(e.detail(), ::testing::HasSubstr("available: sony_us26650"));
  e = error_of("cells_series: 10, cell_capacity: 3 Ah");  // pcs_power is required
  EXPECT_THAT(std::string(e.what()), ::testing::HasSubstr("pcs_power"));
  e = error_of("preset: c_i_100kw_215kwh, max_charge_power: 50 kW");  // a reservoir field
  EXPECT_THAT(e.field(), ::testing::HasSubstr("max_charge_power"));
}

const LfpCabinet& as_cabinet(const std::unique_ptr<Battery>& b) {
  return dynamic_cast<const LfpCabinet&>(*b);
}

std::unique_ptr<Battery> cabinet(const std::string& fields) {
  auto doc = ConfigDoc::parse("{type: cabinet, preset: c_i_100kw_215kwh, " + fields + "}",
                              "sizing_test.yaml");
  return make_battery("cab", doc.root(), Time{});
}

TEST(CabinetSizing, CapacityRoundsToWholeStringsAndScalesTheCabinetsAuxiliaries) {
  const double string_kwh = 240 * 3.2 * 280 / 1e3;  // the preset: 215.04 kWh per string
  const auto base = cabinet("soc_initial: 50 %");
  for (auto [asked, strings] : {std::pair{430.0, 2.0}, {540.0, 3.0}, {600.0, 3.0}, {110.0, 1.0}}) {
    const auto b = cabinet(fmt::format("capacity: {} kWh", asked));
    const auto& p = as_cabinet(b).params();
    EXPECT_EQ(p.cells_parallel, strings) << asked << " kWh";
    EXPECT_NEAR(b->capacity_j() / 3.6e6, strings * string_kwh, 1e-9) << asked << " kWh";
    const auto& p1 = as_cabinet(base).params();
    EXPECT_DOUBLE_EQ(p.aux_base_w, strings * p1.aux_base_w);
    EXPECT_DOUBLE_EQ(p.hvac_max_w, strings * p1.hvac_max_w);
    EXPECT_DOUBLE_EQ(p.envelope_loss_10k_w, strings * p1.envelope_loss_10k_w);
    EXPECT_EQ(p.pcs_rated_w, 100e3);  // power is its own choice
  }
}

TEST(CabinetSizing, PowerSetsThePcsRating) {
  const auto b = cabinet("power: 250 kW");
  EXPECT_EQ(b->rated_power_w(), 250e3);
  EXPECT_EQ(as_cabinet(b).params().cells_parallel, 1);
}

TEST(CabinetSizing, ContradictionsAndTooSmallACapacityNameTheirField) {
  auto fails = [](const std::string& fields, const std::string& field, const std::string& why) {
    try {
      cabinet(fields);
      ADD_FAILURE() << "no InputError for " << fields;
    } catch (const InputError& e) {
      EXPECT_THAT(e.field(), ::testing::HasSubstr(field)) << fields;
      EXPECT_THAT(e.detail(), ::testing::HasSubstr(why)) << fields;
      EXPECT_EQ(e.line(), 1);
    }
  };
  fails("capacity: 100 kWh", "capacity", "smallest capacity is 215.04 kWh");
  fails("capacity: 430 kWh, cells_parallel: 2", "cells_parallel", "either capacity or");
  fails("power: 50 kW, pcs_power: 60 kW", "pcs_power", "either power or");
  fails("capacity: 430 kW", "capacity", "energy");
  fails("power: -5 kW", "power", "above");
}

}  // namespace
}  // namespace wf
