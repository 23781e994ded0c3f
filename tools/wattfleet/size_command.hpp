#pragma once
// `wattfleet size`: the sizing sweep from the shell (assembly/sizing.hpp).
#include <CLI/CLI.hpp>

#include "tools/wattfleet/hil_commands.hpp"

namespace wf::cli {

void add_size_command(CLI::App& app, Action& action);

}  // namespace wf::cli
