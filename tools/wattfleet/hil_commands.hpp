#pragma once
// The hardware-in-the-loop subcommands: `wattfleet hil` and `wattfleet cabinet-server`.
// Each registers itself on the app and, when chosen, leaves its action to run
// after parsing (inside main's error handling, so InputError means exit code 2).
#include <CLI/CLI.hpp>

#include <functional>

namespace wf::cli {

using Action = std::function<int()>;

void add_hil_command(CLI::App& app, Action& action);
void add_cabinet_server_command(CLI::App& app, Action& action);

}  // namespace wf::cli
