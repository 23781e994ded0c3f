// The /summary figures' declarations: unique names with units and a sentence, found
// while compiling by their short names, and the docs rows they generate.
#include "sim/summary_figures.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

namespace wf {
namespace {

// Looked up while compiling (a misspelt name would not build).
static_assert(site_figure("peak_import").units == "kW");
static_assert(economics_figure("npv").name == "economics.npv");
static_assert(fleet_figure("jobs_sent").name == "fleet.jobs_sent");
static_assert(bill_figure("total").units == "EUR");
static_assert(bill_year_figure("utilisation").units == "h");

TEST(SummaryFigures, EveryTableHasUniqueNamesWithUnitsAndASentence) {
  for (const auto& t : summary_figure_tables()) {
    std::set<std::string_view> names;
    ASSERT_FALSE(t.figures.empty()) << t.name;
    for (const auto& f : t.figures) {
      EXPECT_TRUE(names.insert(f.name).second) << t.name << ": " << f.name << " twice";
      EXPECT_FALSE(f.units.empty()) << f.name;
      EXPECT_FALSE(f.doc.empty()) << f.name;
    }
  }
}

TEST(SummaryFigures, AValueCarriesItsDeclaration) {
  const SummaryValue v = site_figure("grid_import_energy")(12.5);
  EXPECT_EQ(v.name, "grid_import_energy");
  EXPECT_EQ(v.units, "kWh");
  EXPECT_EQ(v.description, "energy drawn from the grid");
  EXPECT_EQ(v.value, 12.5);
  const std::vector<SummaryValue> values{v, economics_figure("npv")(-3)};
  ASSERT_NE(find_figure(values, economics_figure("npv")), nullptr);
  EXPECT_EQ(find_figure(values, economics_figure("npv"))->value, -3);
  EXPECT_EQ(find_figure(values, site_figure("peak_import")), nullptr);
  EXPECT_EQ(bill_name(bill_figure("total")), "bill.total");
}

TEST(SummaryFigures, DocsRowsEscapeTheTablesBars) {
  const auto tables = summary_figure_tables();
  const std::string site = describe_figures(tables.at(0));
  EXPECT_THAT(site, ::testing::StartsWith("| name | unit | meaning |\n|---|---|---|\n"));
  EXPECT_THAT(site, ::testing::HasSubstr("| `peak_import` | kW | highest grid import at any "
                                         "instant |\n"));
  EXPECT_THAT(site, ::testing::HasSubstr("largest \\|supply - demand\\| / (\\|supply\\|"));
  const std::string bill = describe_figures(tables.at(1));
  EXPECT_THAT(bill, ::testing::HasSubstr("| `bill.total` | EUR | amount due |"));
}

}  // namespace
}  // namespace wf
