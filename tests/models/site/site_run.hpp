#pragma once
// Runs one site of a scenario text in an engine and keeps every row, event and
// summary value: the harness of the site-level tests.
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "assembly/site_builder.hpp"
#include "models/site/site.hpp"

namespace wf::test {

// One site of a scenario run in an engine, every row and event kept.
struct SiteRun {
  std::vector<std::string> names;
  std::vector<std::vector<double>> rows;
  std::vector<std::pair<Time, std::string>> events;
  std::vector<SummaryValue> summary;
  std::uint64_t events_handled = 0;  ///< by the engine: solves, inputs, arrivals

  std::size_t col(const std::string& name) const {
    auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) throw std::out_of_range("no channel " + name);
    return static_cast<std::size_t>(it - names.begin());
  }
  double at(std::size_t row, const std::string& name) const { return rows.at(row).at(col(name)); }
  double summary_value(const std::string& name) const {
    for (const auto& v : summary)
      if (v.name == name) return v.value;
    throw std::out_of_range("no summary value " + name);
  }
  bool has_event(const std::string& kind) const {
    return std::any_of(events.begin(), events.end(),
                       [&](const auto& e) { return e.second == kind; });
  }
};

inline SiteRun run_text(const std::string& text) {
  Scenario s = parse_scenario(text, "site_test.yaml");
  auto sites = build_sites(s);
  SiteRun out;
  Engine engine(s.start, s.seed);
  Site& site = *sites.at(0);
  for (const auto& c : site.output_channels()) out.names.push_back(c.name);
  site.connect([&](std::span<const double> r) { out.rows.emplace_back(r.begin(), r.end()); },
               [&](Time t, std::string_view, std::string_view kind, double, std::string_view) {
                 out.events.emplace_back(t, std::string(kind));
               });
  site.start(engine);
  out.events_handled = engine.run_until(s.end);
  site.finish(s.end);
  out.summary = site.summary();
  return out;
}

// An H100 training node group `it` on the bus; `workload` adds to its workload section.
inline std::string training_load(const std::string& workload) {
  return "      it: {type: load, connect: bus, power: {workload: ai_training, node: h100_8gpu, " +
         workload + "}}\n";
}

// A site with a grid (import/export limits), a bus and the given devices.
inline std::string scenario(
    const std::string& devices,
    const std::string& limits = "import_limit: 500 kW, export_limit: 100 kW",
    const std::string& horizon = "1d", const std::string& interval = "1min") {
  return fmt::format(
      "start: 2025-06-01T00:00:00Z\nduration: {}\noutput_interval: {}\nsites:\n  s:\n    devices:\n"
      "      grid: {{type: grid, {}}}\n      bus: {{type: bus, connect: grid}}\n{}",
      horizon, interval, limits, devices);
}

}  // namespace wf::test
