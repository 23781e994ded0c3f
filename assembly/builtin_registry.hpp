#pragma once
// Every scenario type wattfleet ships, each domain's registered once.
#include "models/registry/registry.hpp"

namespace wf {

const Registry& builtin_registry();

}  // namespace wf
