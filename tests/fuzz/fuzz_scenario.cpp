// The scenario loader end to end: YAML, units, `--set` overrides (lines of the
// input starting with "#set "), the top level and the building of every site
// (devices, traces they name, controllers). Bad input must be an InputError.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "assembly/site_builder.hpp"
#include "sim/error.hpp"
#include "sim/scenario.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> overrides;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);)
    if (line.rfind("#set ", 0) == 0) overrides.push_back(line.substr(5));
  try {
    wf::Scenario s = wf::parse_scenario(text, "fuzz.yaml", overrides);
    std::vector<std::string> repairs;
    auto sites = wf::build_sites(s, &repairs);
  } catch (const wf::InputError&) {
  }
  return 0;
}
