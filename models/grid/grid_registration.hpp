#pragma once
// The scenario types of the grid domain (see docs/models/grid.md), added to a registry.
namespace wf {

class Registry;
void register_grid_models(Registry& r);

}  // namespace wf
