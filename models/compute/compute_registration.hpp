#pragma once
// The scenario types of the compute domain (see docs/models/compute.md), added to a registry.
namespace wf {

class Registry;
void register_compute_models(Registry& r);

}  // namespace wf
