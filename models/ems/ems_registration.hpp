#pragma once
// The scenario types of the ems domain (see docs/models/ems.md), added to a registry.
namespace wf {

class Registry;
void register_ems_models(Registry& r);

}  // namespace wf
