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

std::string describe_params(std::span<const ParamInfo> infos) {
  std::string out = "| field | expects | default | meaning |\n|---|---|---|---|\n";
  for (const auto& p : infos)
    out += fmt::format("| `{}` | {} | {} | {} |\n", p.name, describe(p.dim),
                       p.default_text.empty() ? "required" : p.default_text, p.doc);
  return out;
}

}  // namespace wf
