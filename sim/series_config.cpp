#include "sim/series_config.hpp"

#include <fmt/format.h>

#include <array>

#include "sim/calendar.hpp"
#include "sim/error.hpp"
#include "sim/time_format.hpp"

namespace wf {

namespace {
constexpr std::array<std::string_view, 18> kTraceKeys{
    "file",    "time_column", "value_column", "time_format",   "timezone",        "unit",
    "scale",   "separator",   "decimal",      "interpolation", "resample",        "gaps",
    "max_gap", "duplicates",  "unsorted",     "dst_ambiguous", "dst_nonexistent", "repeat"};

template <class E, std::size_t N>
E read_enum(const ConfigNode& node, std::string_view key,
            const std::array<std::string_view, N>& names, E fallback) {
  auto c = node.get(key);
  return c ? static_cast<E>(c->choice(names)) : fallback;
}

char read_char(const ConfigNode& node, std::string_view key, std::string_view allowed,
               char fallback) {
  auto c = node.get(key);
  if (!c) return fallback;
  std::string s = c->scalar();
  if (s == "tab" || s == "\\t") s = "\t";
  if (s.size() != 1 || allowed.find(s[0]) == std::string_view::npos)
    c->fail(fmt::format("expected one character of \"{}\", got '{}'", allowed, s));
  return s[0];
}
}  // namespace

std::vector<std::string_view> trace_keys() {
  return {kTraceKeys.begin(), kTraceKeys.end()};
}

TraceSpec read_trace_spec(const ConfigNode& node, Dim dim) {
  node.check_keys(trace_keys());
  TraceSpec spec;
  spec.field = node.path();
  ConfigNode file = node.at("file");
  std::filesystem::path p = file.scalar();
  spec.file = p.is_absolute() ? p : node.base_dir() / p;
  if (!std::filesystem::exists(spec.file))
    file.fail(fmt::format("trace file '{}' does not exist", spec.file.string()));
  if (auto c = node.get("time_column")) spec.time_column = c->scalar();
  if (auto c = node.get("value_column")) spec.value_column = c->scalar();
  spec.time_format =
      read_enum(node, "time_format", std::array<std::string_view, 3>{"iso", "unix_s", "unix_ms"},
                TimeFormat::iso);
  if (auto c = node.get("timezone")) {
    spec.timezone = c->scalar();
    try {
      TimeZone::find(spec.timezone);
    } catch (const std::invalid_argument&) {
      c->fail(
          fmt::format("expected an IANA time zone like Europe/Berlin, got '{}'", spec.timezone));
    }
  }
  if (dim == Dim::dimensionless) {
    if (auto c = node.get("unit")) spec.unit_factor = c->quantity(Dim::dimensionless);
  } else {
    ConfigNode unit = node.at("unit");
    std::string why;
    auto f = unit_factor(unit.scalar(), dim, &why, &spec.unit_offset);
    if (!f)
      unit.fail(fmt::format("expected the unit of the file's values for {}, got '{}' ({})",
                            describe(dim), unit.scalar(), why));
    spec.unit_factor = *f;
  }
  if (auto c = node.get("scale")) spec.scale = c->quantity(Dim::dimensionless);
  spec.separator = read_char(node, "separator", ",;\t|", 0);
  spec.decimal = read_char(node, "decimal", ".,", '.');
  spec.interpolation =
      read_enum(node, "interpolation", std::array<std::string_view, 2>{"step", "linear"},
                Interpolation::step);
  if (auto c = node.get("resample")) spec.resample = c->duration();
  spec.gaps = read_enum(node, "gaps",
                        std::array<std::string_view, 4>{"error", "hold", "zero", "interpolate"},
                        GapPolicy::error);
  if (auto c = node.get("max_gap")) spec.max_gap = c->duration();
  spec.duplicates = read_enum(node, "duplicates",
                              std::array<std::string_view, 4>{"error", "first", "last", "mean"},
                              DuplicatePolicy::error);
  spec.unsorted = read_enum(node, "unsorted", std::array<std::string_view, 2>{"error", "sort"},
                            UnsortedPolicy::error);
  spec.ambiguous = read_enum(node, "dst_ambiguous",
                             std::array<std::string_view, 3>{"error", "earliest", "latest"},
                             AmbiguousPolicy::error);
  spec.nonexistent =
      read_enum(node, "dst_nonexistent", std::array<std::string_view, 2>{"error", "shift_forward"},
                NonexistentPolicy::error);
  if (auto c = node.get("repeat")) spec.repeat = c->boolean();
  return spec;
}

SeriesInput read_series(const ConfigNode& node, Dim dim, Time run_start, Time run_end) {
  SeriesInput in;
  if (node.is_scalar()) {
    in.series = StepSeries::constant(node.quantity(dim));
    return in;
  }
  if (!node.is_map())
    node.fail(fmt::format("expected {} or a trace map with 'file:' and 'unit:'", describe(dim)));
  if (auto name = node.get("array")) {
    static constexpr std::array<std::string_view, 2> kArrayKeys{"array", "scale"};
    node.check_keys(kArrayKeys);
    const StepSeries* s = node.array(name->scalar());
    if (!s) name->fail(fmt::format("no in-memory series named '{}' was given", name->scalar()));
    double scale = node.get("scale") ? node.at("scale").quantity(Dim::dimensionless) : 1.0;
    if (!s->covers(run_start) || (!s->repeats() && s->end() < run_end))
      name->fail(fmt::format("the series covers {} to {} but the run needs {} to {}",
                             format_utc(s->start()), format_utc(s->end()), format_utc(run_start),
                             format_utc(run_end)));
    std::vector<double> v = s->values();
    for (double& x : v) x *= scale;
    in.series = StepSeries(s->times(), std::move(v), s->end(), s->repeats());
    return in;
  }
  LoadedTrace t = load_trace(read_trace_spec(node, dim), run_start, run_end);
  in.series = std::move(t.series);
  in.repairs = std::move(t.repairs);
  in.from_trace = true;
  return in;
}

}  // namespace wf
