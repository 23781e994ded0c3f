#include "sim/params.hpp"

#include <fmt/format.h>

#include <cmath>

#include "sim/error.hpp"

namespace wf {

namespace {
std::string range_text(const ParamInfo& info) {
  bool lo = std::isfinite(info.min), hi = std::isfinite(info.max);
  // A plain number has no unit to name ("between 1 and 5", not "... 5 1").
  const std::string u = si_unit(info.dim) == "1" ? "" : " " + std::string(si_unit(info.dim));
  if (lo && hi) return fmt::format("between {} and {}{}", info.min, info.max, u);
  if (lo) return fmt::format("{} {}{}", info.min_exclusive ? "above" : "at least", info.min, u);
  if (hi) return fmt::format("at most {}{}", info.max, u);
  return "";
}
}  // namespace

double read_param(const ConfigNode& node, const ParamInfo& info) {
  auto child = node.get(info.name);
  double v = 0;
  if (child) {
    v = child->quantity(info.dim);
  } else {
    if (info.default_text.empty())
      node.fail(fmt::format("missing required field '{}': {}, {}", info.name, describe(info.dim),
                            info.doc));
    std::string why;
    auto d = parse_quantity(info.default_text, info.dim, &why);
    WF_ASSERT(d.has_value());
    v = *d;
  }
  bool low = info.min_exclusive ? !(v > info.min) : !(v >= info.min);
  if (low || !(v <= info.max)) {
    const ConfigNode& where = child ? *child : node;
    where.fail(fmt::format("expected {}, {}, got '{}'", describe(info.dim), range_text(info),
                           child ? child->scalar() : std::string(info.default_text)));
  }
  return v;
}

const ParamInfo& param(std::span<const ParamInfo> infos, std::string_view name) {
  for (const auto& p : infos)
    if (p.name == name) return p;
  throw InternalError(fmt::format("parameter '{}' is not declared", name));
}

std::vector<std::string_view> param_keys(std::span<const ParamInfo> infos,
                                         std::initializer_list<std::string_view> extra) {
  std::vector<std::string_view> keys(extra);
  for (const auto& p : infos) keys.push_back(p.name);
  return keys;
}

std::string describe_params(std::span<const ParamInfo> infos) {
  std::string out = "| field | expects | default | meaning | range (SI) |\n|---|---|---|---|---|\n";
  for (const auto& p : infos) {
    std::string expects, range;
    switch (p.kind) {
      case ParamKind::number:
        expects = describe(p.dim);
        range = range_text(p);
        break;
      case ParamKind::flag:
        expects = "true or false";
        break;
      case ParamKind::choice: {
        std::string names;
        for (auto c : p.choices) names += (names.empty() ? "`" : ", `") + std::string(c) + "`";
        expects = "one of " + names;
        break;
      }
      case ParamKind::text:
        expects = p.expects;
        break;
    }
    const std::string_view dflt = !p.default_text.empty() ? p.default_text
                                  : p.optional            ? std::string_view("-")
                                                          : std::string_view("required");
    out += fmt::format("| `{}` | {} | {} | {} | {} |\n", p.name, expects, dflt, p.doc, range);
  }
  return out;
}

std::string describe_params(const ParamTable& table) {
  return describe_params(table.params);
}

}  // namespace wf
