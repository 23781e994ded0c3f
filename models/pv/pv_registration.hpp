#pragma once
// The scenario types of the pv domain (see docs/models/pv.md), added to a registry.
namespace wf {

class Registry;
void register_pv_models(Registry& r);

}  // namespace wf
