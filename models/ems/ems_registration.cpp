// Controller types: `self_consumption` (the default) and `idle`.
#include <array>
#include <cmath>

#include "models/ems/peak_shaving.hpp"
#include "models/ems/self_consumption.hpp"
#include "models/site/registry.hpp"
#include "models/site/site_builder.hpp"

namespace wf {

void register_ems_models(Registry& r) {
  static constexpr std::array<std::string_view, 1> kKeys{"type"};
  r.add_controller("self_consumption", [](const ConfigNode& node, SiteBuilder& b) {
    node.check_keys(kKeys);
    b.set_controller(std::make_unique<SelfConsumption>());
  });
  r.add_controller("peak_shaving", [](const ConfigNode& node, SiteBuilder& b) {
    static constexpr std::array<std::string_view, 4> kPeakKeys{"type", "limit", "recharge", "recharge_below"};
    node.check_keys(kPeakKeys);
    PeakShavingParams p;
    p.limit_w = read_param(node, {"limit", Dim::power, "", 0, INFINITY, false,
                                  "net load (demand - PV) to hold the grid import at"});
    p.recharge_below = read_param(node, {"recharge_below", Dim::dimensionless, "99.99 %", 0, 1, false,
                                         "recharge only while the state of charge is below this"});
    if (auto flag = node.get("recharge")) p.recharge = flag->boolean();
    b.set_controller(std::make_unique<PeakShaving>(p));
  });
  r.add_controller("idle", [](const ConfigNode& node, SiteBuilder& b) {
    node.check_keys(kKeys);
    b.set_controller(std::make_unique<IdleController>());
  });
}

}  // namespace wf
