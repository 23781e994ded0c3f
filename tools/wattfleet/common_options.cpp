#include "tools/wattfleet/common_options.hpp"

namespace wf::cli {

CLI::Option* add_scenario_argument(CLI::App& cmd, std::string& scenario,
                                   const std::string& description) {
  return cmd.add_option("scenario", scenario, description)->required()->check(CLI::ExistingFile);
}

CLI::Option* add_output_option(CLI::App& cmd, std::string& output, const std::string& description) {
  static const CLI::Validator not_empty(
      [](std::string& s) {
        return s.empty() ? std::string("expected a file name") : std::string();
      },
      "FILE");
  return cmd.add_option("-o,--output", output, description)->check(not_empty);
}

CLI::Option* add_set_option(CLI::App& cmd, std::vector<std::string>& overrides) {
  return cmd.add_option(
      "--set", overrides,
      "Override a scenario field: key.path=value (repeatable; =null leaves it out)");
}

}  // namespace wf::cli
