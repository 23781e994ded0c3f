// Scenario types of the grid domain: `grid` (the connection point) and `bus`.
#include <array>

#include "models/grid/frequency.hpp"
#include "models/grid/grid_connection.hpp"
#include "models/grid/grid_registration.hpp"
#include "models/grid/prices.hpp"
#include "models/grid/synthetic_prices.hpp"
#include "models/grid/tariff.hpp"
#include "models/registry/registry.hpp"
#include "models/registry/site_assembly.hpp"
#include "sim/seed.hpp"

namespace wf {

namespace {

constexpr ParamInfo kOutage[] = {
    required_text_param("start", "an ISO 8601 instant with offset", "when the grid goes down"),
    required_text_param("duration", "a duration", "how long it stays down"),
};
constexpr ParamInfo kOutages[] = {
    text_param("outages", "a list of `{start: <instant>, duration: <duration>}`", "",
               "interruptions replayed as given (merged with the drawn ones)"),
};

}  // namespace

void register_grid_models(Registry& r) {
  auto grid =
      param_infos(std::span<const Param<GridConnectionParams>>(grid_connection_param_table()));
  grid.push_back(kOutages[0]);
  r.add_params({"device.grid", std::move(grid)});
  r.add_params({"device.grid.outage", {std::begin(kOutage), std::end(kOutage)}});
  for (auto& t : tariff_param_tables()) r.add_params(std::move(t));
  for (auto& t : price_param_tables()) r.add_params(std::move(t));
  for (auto& t : synthetic_price_model_tables()) r.add_params(std::move(t));
  r.add_params({"frequency", {frequency_params().begin(), frequency_params().end()}});
  r.add_device("grid", [](const std::string& id, const ConfigNode& node, SiteAssembly& b) {
    std::span<const Param<GridConnectionParams>> table = grid_connection_param_table();
    auto keys = param_names(table);
    keys.push_back("type");
    keys.push_back(kOutages[0].name);
    node.check_keys(keys);
    GridConnectionParams p;
    read_params(node, table, p);
    // Replayed interruptions: a list of {start, duration}.
    std::vector<Outage> outages;
    if (auto list = node.get("outages")) {
      for (const auto& item : list->items()) {
        item.check_keys(param_keys(kOutage));
        Time t = item.at("start").datetime();
        outages.emplace_back(t, t + item.at("duration").duration());
      }
    }
    const std::uint64_t seed = outage_seed(b.seed());  // decorrelated from other draws
    auto drawn =
        random_outages(p.outages_per_year, p.outage_mean_duration_s, b.start(), b.end(), seed);
    outages.insert(outages.end(), drawn.begin(), drawn.end());
    b.set_grid(p, node, merge_outages(std::move(outages)),
               random_sags(p.sags_per_year, b.start(), b.end(), seed + 1));
    b.add_vertex(id, node, false, true);
  });
  r.add_device("bus", [](const std::string& id, const ConfigNode& node, SiteAssembly& b) {
    node.check_keys(device_keys({}));
    b.add_vertex(id, node, true, false);
  });
}

}  // namespace wf
