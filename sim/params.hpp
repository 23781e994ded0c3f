#pragma once
// Each model parameter is declared once: name, dimension, default, range and a
// sentence. The table drives YAML reading, error messages and the docs.
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/config_node.hpp"
#include "sim/units.hpp"

namespace wf {

struct ParamInfo {
  std::string_view name;
  Dim dim = Dim::dimensionless;
  std::string_view default_text;  ///< in user units ("95 %"); empty: required
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_exclusive = false;  ///< true: value must be > min
  std::string_view doc;        ///< one sentence for docs and --help
};

/// Reads one parameter from `node` (a map): the value in SI, the default when
/// absent, with range checks. Throws InputError at the offending line.
double read_param(const ConfigNode& node, const ParamInfo& info);

/// A parameter bound to a field of a parameter struct.
template <class P>
struct Param {
  ParamInfo info;
  double P::*member;
};

/// Fills `out` from `node` with every entry of `table`.
template <class P>
void read_params(const ConfigNode& node, std::span<const Param<P>> table, P& out) {
  for (const auto& p : table) out.*(p.member) = read_param(node, p.info);
}

/// Names of a table's parameters, for ConfigNode::check_keys.
template <class P>
std::vector<std::string_view> param_names(std::span<const Param<P>> table) {
  std::vector<std::string_view> names;
  for (const auto& p : table) names.push_back(p.info.name);
  return names;
}

/// One Markdown table row per parameter (for generated docs).
std::string describe_params(std::span<const ParamInfo> infos);

}  // namespace wf
