#pragma once
// A validated, immutable description of a run: what the YAML says at the top
// level (horizon, output interval, seed) plus the site sections, which the
// model layer turns into sites.
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "sim/config_node.hpp"
#include "sim/time.hpp"

namespace wf {

struct Scenario {
  ConfigDoc doc;
  std::filesystem::path path;
  std::string name, description;
  std::vector<std::string> overrides;  ///< the --set lines applied
  Time start, end, output_interval;
  std::uint64_t seed = 0;
  std::vector<std::pair<std::string, ConfigNode>> sites;  ///< id -> site section

  Time duration() const { return end - start; }
};

/// Loads and checks the top level. Throws InputError with file, line, field.
Scenario load_scenario(const std::filesystem::path& file,
                       const std::vector<std::string>& overrides = {});
/// Same from text (tests and bindings).
Scenario parse_scenario(const std::string& text, const std::string& name,
                        const std::vector<std::string>& overrides = {});

}  // namespace wf
