#pragma once
// Options several subcommands share, declared once so their words and checks agree.
#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace wf::cli {

/// The positional scenario file (required, must exist).
CLI::Option* add_scenario_argument(CLI::App& cmd, std::string& scenario,
                                   const std::string& description = "Scenario YAML file");
/// -o,--output: a file name that is not empty.
CLI::Option* add_output_option(CLI::App& cmd, std::string& output, const std::string& description);
/// --set key.path=value, repeatable.
CLI::Option* add_set_option(CLI::App& cmd, std::vector<std::string>& overrides);

}  // namespace wf::cli
