// Scenario types of the grid domain: `grid` (the connection point) and `bus`.
#include <array>

#include "models/grid/grid_connection.hpp"
#include "models/site/registry.hpp"
#include "models/site/site_builder.hpp"

namespace wf {

void register_grid_models(Registry& r) {
  r.add_device("grid", [](const std::string& id, const ConfigNode& node, SiteBuilder& b) {
    std::span<const Param<GridConnectionParams>> table = grid_connection_param_table();
    auto keys = param_names(table);
    keys.push_back("type");
    node.check_keys(keys);
    GridConnectionParams p;
    read_params(node, table, p);
    b.set_grid(p, node);
    b.add_vertex(id, node, false, true);
  });
  r.add_device("bus", [](const std::string& id, const ConfigNode& node, SiteBuilder& b) {
    static constexpr std::array<std::string_view, 3> kKeys{"type", "connect", "connection_limit"};
    node.check_keys(kKeys);
    b.add_vertex(id, node, true, false);
  });
}

}  // namespace wf
