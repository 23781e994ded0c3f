// Controller types: `self_consumption` (the default) and `idle`.
#include <array>

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
  r.add_controller("idle", [](const ConfigNode& node, SiteBuilder& b) {
    node.check_keys(kKeys);
    b.set_controller(std::make_unique<IdleController>());
  });
}

}  // namespace wf
