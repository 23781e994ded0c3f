#pragma once
// Each model parameter is declared once: name, dimension, default, range and a
// sentence. The table drives YAML reading, error messages and the docs.
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/config_node.hpp"
#include "sim/units.hpp"

namespace wf {

/// What a field holds: a quantity (the default), or a field read by its own code
/// whose declaration still gives its name, default and sentence to key checks and docs.
enum class ParamKind : std::uint8_t {
  number,  ///< a quantity of `dim`, range-checked by read_param
  flag,    ///< true or false
  choice,  ///< one of `choices`
  text,    ///< a name, a file, or a section of its own (`expects` says which)
};

struct ParamInfo {
  std::string_view name;
  Dim dim = Dim::dimensionless;
  std::string_view default_text;  ///< in user units ("95 %"); empty: required or optional
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_exclusive = false;  ///< true: value must be > min
  std::string_view doc;        ///< one sentence for docs and --help
  ParamKind kind = ParamKind::number;
  std::span<const std::string_view> choices = {};  ///< of a choice
  std::string_view expects = {};                   ///< of a text field: what it takes, for the docs
  bool optional = false;  ///< no default and not required (absent: the model decides)
};

/// A flag, a choice and a text field, declared in tables beside numbers.
constexpr ParamInfo flag_param(std::string_view name, std::string_view default_text,
                               std::string_view doc) {
  return {.name = name, .default_text = default_text, .doc = doc, .kind = ParamKind::flag};
}
constexpr ParamInfo choice_param(std::string_view name, std::span<const std::string_view> choices,
                                 std::string_view default_text, std::string_view doc) {
  return {.name = name,
          .default_text = default_text,
          .doc = doc,
          .kind = ParamKind::choice,
          .choices = choices};
}
constexpr ParamInfo text_param(std::string_view name, std::string_view expects,
                               std::string_view default_text, std::string_view doc) {
  return {.name = name,
          .default_text = default_text,
          .doc = doc,
          .kind = ParamKind::text,
          .expects = expects,
          .optional = default_text.empty()};
}
/// A text field that must be given.
constexpr ParamInfo required_text_param(std::string_view name, std::string_view expects,
                                        std::string_view doc) {
  ParamInfo p = text_param(name, expects, "", doc);
  p.optional = false;
  return p;
}
/// A quantity without a default that may be left out (the model then decides).
constexpr ParamInfo optional_param(ParamInfo p) {
  p.optional = true;
  return p;
}

/// A named set of parameters (a device type, a controller, a section), for key
/// checks, listings and the generated tables in docs/ (tools/param_docs).
struct ParamTable {
  std::string name;  ///< e.g. "controller.peak_shaving"; names a docs block
  std::vector<ParamInfo> params;
};

/// The declared value of `name` in `infos` (an InternalError when not declared).
const ParamInfo& param(std::span<const ParamInfo> infos, std::string_view name);
/// Names of the declared parameters plus `extra` (e.g. "type"), for ConfigNode::check_keys.
std::vector<std::string_view> param_keys(std::span<const ParamInfo> infos,
                                         std::initializer_list<std::string_view> extra = {});

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

/// The declarations of a table bound to a struct.
template <class P>
std::vector<ParamInfo> param_infos(std::span<const Param<P>> table) {
  std::vector<ParamInfo> infos;
  for (const auto& p : table) infos.push_back(p.info);
  return infos;
}

/// One Markdown table row per parameter (for generated docs).
std::string describe_params(const ParamTable& table);
std::string describe_params(std::span<const ParamInfo> infos);

}  // namespace wf
