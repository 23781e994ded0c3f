// Scenario types of the compute domain: `load` (IT or auxiliary) and `cooling`.
#include <array>

#include "models/compute/cooling.hpp"
#include "models/compute/load.hpp"
#include "models/site/registry.hpp"
#include "models/site/site_builder.hpp"
#include "sim/series_config.hpp"

namespace wf {

void register_compute_models(Registry& r) {
  r.add_device("load", [](const std::string& id, const ConfigNode& node, SiteBuilder& b) {
    static constexpr std::array<std::string_view, 5> kKeys{"type", "connect", "connection_limit",
                                                           "kind", "power"};
    node.check_keys(kKeys);
    static constexpr std::array<std::string_view, 2> kKinds{"it", "aux"};
    LoadKind kind = LoadKind::it;
    if (auto k = node.get("kind")) kind = static_cast<LoadKind>(k->choice(kKinds));
    ConfigNode power = node.at("power");
    SeriesInput in = read_series(power, Dim::power, b.start(), b.end());
    for (double v : in.series.values())
      if (v < 0)
        power.fail("expected a demand of at least 0 W everywhere; the trace has negative values");
    b.log_repairs(in.repairs);
    int v = b.add_vertex(id, node, false, false);
    b.add_load(std::make_unique<Load>(id, kind, std::move(in.series), b.start()), v);
  });
  r.add_device("cooling", [](const std::string& id, const ConfigNode& node, SiteBuilder& b) {
    static constexpr std::array<std::string_view, 4> kKeys{"type", "connect", "connection_limit",
                                                           "pue"};
    node.check_keys(kKeys);
    double pue = read_param(node, {"pue", Dim::dimensionless, "", 1, 5, false,
                                   "power usage effectiveness: facility power / IT power"});
    int v = b.add_vertex(id, node, false, false);
    b.add_cooling(Cooling(id, pue), v);
  });
}

}  // namespace wf
