// What runs write to /summary is what sim/summary_figures.hpp declares: every site,
// bill, economics and fleet figure of shipped scenarios carries its declared units and
// sentence, and no site figure is written that the declarations lack.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "assembly/run.hpp"
#include "sim/summary_figures.hpp"

namespace wf {
namespace {

const SummaryFigure* declared(std::span<const SummaryFigure> table, std::string_view name) {
  for (const auto& f : table)
    if (f.name == name) return &f;
  return nullptr;
}

// Checks one site's summary; returns how many values it checked.
int check_site(const std::string& site, const std::vector<SummaryValue>& summary) {
  int checked = 0;
  for (const auto& v : summary) {
    const std::string where = site + ": " + v.name;
    const bool grouped = v.name.find('.') != std::string::npos;
    const SummaryFigure* f = nullptr;
    std::string doc;
    if (!grouped || v.name.starts_with("grid_view.")) {
      f = declared(kSiteFigures, v.name);
      EXPECT_NE(f, nullptr) << where << " is written but not declared";
      if (f) doc = f->doc;
    } else if (v.name.starts_with("economics.")) {
      f = declared(kEconomicsFigures, v.name);
      EXPECT_NE(f, nullptr) << where;
      if (f) doc = f->doc;
    } else if (v.name.starts_with("fleet.")) {
      f = declared(kFleetFigures, v.name);
      EXPECT_NE(f, nullptr) << where;
      if (f) doc = f->doc;
    } else if (v.name.starts_with("bill.") && v.name.find('.', 5) == std::string::npos) {
      f = declared(kBillFigures, std::string_view(v.name).substr(5));
      EXPECT_NE(f, nullptr) << where;
      if (f) doc = std::string(f->doc) + " (whole run)";
    } else {
      continue;  // groups of their own: <battery>.*, forecast.*, ems.*, bill.<year>.*, ...
    }
    if (!f) continue;
    EXPECT_EQ(v.units, f->units) << where;
    EXPECT_EQ(v.description, doc) << where;
    ++checked;
  }
  return checked;
}

TEST(SummarySchema, ShippedScenariosWriteTheDeclaredFigures) {
  const std::filesystem::path dir = std::filesystem::path(WF_SOURCE_DIR) / "scenarios";
  int checked = 0;
  std::set<std::string> groups;
  for (const char* name : {"berlin_vfx.yaml", "europe_fleet.yaml", "quickstart.yaml"}) {
    const Scenario s = load_scenario(dir / name, {"duration=2d", "output_interval=1h"});
    const RunResult r = run_scenario(s, {});
    for (const auto& site : r.sites) {
      checked += check_site(site.id, site.summary);
      for (const auto& v : site.summary) groups.insert(v.name.substr(0, v.name.find('.') + 1));
    }
  }
  EXPECT_GT(checked, 100);
  // The scenarios reach every declared group.
  for (const char* g : {"bill.", "economics.", "fleet.", "grid_view."})
    EXPECT_TRUE(groups.count(g)) << "no " << g << " figure written";
}

}  // namespace
}  // namespace wf
