#pragma once
// A battery from its scenario section (`type: battery` or `type: cabinet`, with a
// preset and overrides), outside any site: the site builder uses it, and so does
// hardware in the loop for the model cabinet that runs next to a real one.
#include <memory>
#include <string>

#include "models/battery/battery.hpp"
#include "sim/config_node.hpp"

namespace wf {

/// Throws InputError naming the field when the section is wrong.
std::unique_ptr<Battery> make_battery(const std::string& id, const ConfigNode& node, Time start);

}  // namespace wf
