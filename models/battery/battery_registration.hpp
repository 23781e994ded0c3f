#pragma once
// The scenario types of the battery domain (see docs/models/battery.md), added to a registry.
namespace wf {

class Registry;
void register_battery_models(Registry& r);

}  // namespace wf
