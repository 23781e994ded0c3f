// Scenario type `cabinet`: presets, overrides and bad input naming file, line and field.
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "assembly/site_builder.hpp"
#include "models/battery/lfp_cabinet.hpp"
#include "sim/error.hpp"

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
  try {
    build(cabinet);
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << "no InputError for " << cabinet;
  return InputError("", 0, "", "");
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
  e = error_of("preset: c_i_100kw_215kwh, capacity: 215 kWh");  // a reservoir field
  EXPECT_THAT(e.field(), ::testing::HasSubstr("capacity"));
}

}  // namespace
}  // namespace wf
