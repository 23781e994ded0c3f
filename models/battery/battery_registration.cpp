// Scenario type of the battery domain: `battery`, the energy reservoir for now.
#include <array>

#include "models/battery/reservoir.hpp"
#include "models/site/registry.hpp"
#include "models/site/site_builder.hpp"

namespace wf {

void register_battery_models(Registry& r) {
  r.add_device("battery", [](const std::string& id, const ConfigNode& node, SiteBuilder& b) {
    std::span<const Param<ReservoirParams>> table = reservoir_param_table();
    auto keys = param_names(table);
    for (auto k : {"type", "connect", "connection_limit"}) keys.push_back(k);
    node.check_keys(keys);
    ReservoirParams p;
    read_params(node, table, p);
    try {
      int v = b.add_vertex(id, node, false, false);
      b.add_battery(std::make_unique<Reservoir>(id, p, b.start()), v);
    } catch (const std::invalid_argument& e) {
      node.fail(e.what());
    }
  });
}

}  // namespace wf
