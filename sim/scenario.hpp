#pragma once
// A validated, immutable description of a run: what the YAML says at the top
// level (horizon, output interval, seed) plus the site sections, which the
// model layer turns into sites.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/config_node.hpp"
#include "sim/params.hpp"
#include "sim/time.hpp"
#include "sim/time_series.hpp"

namespace wf {

struct Scenario {
  ConfigDoc doc;
  std::filesystem::path path;
  std::string name, description;
  std::vector<std::string> overrides;  ///< the --set lines applied
  Time start, end, output_interval;
  std::uint64_t seed = 0;
  std::vector<std::pair<std::string, ConfigNode>> sites;  ///< id -> site section
  std::optional<ConfigNode> economics;                    ///< appraisal settings, when given
  std::optional<ConfigNode> sizing;  ///< what `wattfleet size` varies, when given
  std::optional<ConfigNode> fleet;   ///< WAN links and job shifting, when given

  Time duration() const { return end - start; }
};

/// A scenario before validation: its text and what was changed on it (field
/// overrides, in-memory series). The Python bindings hold one of these and
/// validate it again before each run.
struct ScenarioSource {
  std::string text;
  std::filesystem::path path;  ///< the file, or a name standing for it ("<string>")
  std::vector<std::string> overrides;
  std::map<std::string, StepSeries> arrays;
  std::string override_source = "--set";  ///< what messages call the overrides

  /// Reads the file's text (InputError when unreadable).
  static ScenarioSource from_file(const std::filesystem::path& file);
  /// Validates; throws InputError with file, line, field.
  Scenario load() const;
};

/// An id of a site or a device: a letter, then letters, digits, '_' and '-'
/// (it names HDF5 groups and summary entries).
bool is_valid_id(std::string_view id);

/// The declared top-level fields of a scenario (for key checks and the docs).
std::span<const ParamInfo> scenario_params();

/// Loads and checks the top level. Throws InputError with file, line, field.
Scenario load_scenario(const std::filesystem::path& file,
                       const std::vector<std::string>& overrides = {});
/// Same from text (tests and bindings).
Scenario parse_scenario(const std::string& text, const std::string& name,
                        const std::vector<std::string>& overrides = {});

}  // namespace wf
