// Scenario type of the PV domain: `pv`, from an AC power trace for now.
#include <array>
#include <cmath>

#include "models/pv/pv_trace.hpp"
#include "models/site/registry.hpp"
#include "models/site/site_builder.hpp"
#include "sim/series_config.hpp"

namespace wf {

void register_pv_models(Registry& r) {
  r.add_device("pv", [](const std::string& id, const ConfigNode& node, SiteBuilder& b) {
    static constexpr std::array<std::string_view, 5> kKeys{"type", "connect", "connection_limit",
                                                           "power", "ac_limit"};
    node.check_keys(kKeys);
    SeriesInput in = read_series(node.at("power"), Dim::power, b.start(), b.end());
    b.log_repairs(in.repairs);
    // Without an AC rating the trace is taken as already clipped.
    double ac_limit =
        node.get("ac_limit")
            ? read_param(node, {"ac_limit", Dim::power, "", 0, INFINITY, true,
                                "AC rating of the PV inverters; power above it is clipped"})
            : INFINITY;
    int v = b.add_vertex(id, node, false, false);
    b.add_pv(std::make_unique<PvTrace>(id, std::move(in.series), ac_limit, b.start()), v);
  });
}

}  // namespace wf
