#include "sim/series_config.hpp"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <span>

#include "sim/calendar.hpp"
#include "sim/error.hpp"
#include "sim/params.hpp"
#include "sim/time_format.hpp"

namespace wf {

namespace {

constexpr std::string_view kTimeFormats[] = {"iso", "unix_s", "unix_ms"};
constexpr std::string_view kInterpolations[] = {"step", "linear"};
constexpr std::string_view kGaps[] = {"error", "hold", "zero", "interpolate"};
constexpr std::string_view kDuplicates[] = {"error", "first", "last", "mean"};
constexpr std::string_view kUnsorted[] = {"error", "sort"};
constexpr std::string_view kAmbiguous[] = {"error", "earliest", "latest"};
constexpr std::string_view kNonexistent[] = {"error", "shift_forward"};

// A trace section's fields (a CSV file read into a series).
constexpr ParamInfo kTrace[] = {
    required_text_param("file", "a path (`.csv` or `.csv.gz`), relative to the scenario file",
                        "the values over time"),
    text_param("unit", "a unit of the expected kind, like `kW`", "",
               "unit of the file's values (required but for plain numbers)"),
    text_param("time_column", "a header name", "the first column", "the times"),
    text_param("value_column", "a header name", "the second column", "the values"),
    choice_param("time_format", kTimeFormats, "iso", "how times are written"),
    text_param("timezone", "an IANA name like `Europe/Berlin`", "",
               "zone of timestamps without offset (without it they are an error)"),
    {"scale", Dim::dimensionless, "1", -INFINITY, INFINITY, false, "factor applied after the unit"},
    text_param("separator", "one of `,` `;` `tab` or a bar", "detected", "the column separator"),
    text_param("decimal", "`.` or `,`", ".", "the decimal mark"),
    choice_param("interpolation", kInterpolations, "step",
                 "`step`: a value holds until the next row; `linear`: straight lines, sampled "
                 "into steps of `resample` holding exact means"),
    text_param("resample", "a duration", "1 min", "step width of a `linear` trace"),
    flag_param("repeat", "false",
               "tile the trace over time (period: last - first + spacing, whole days when "
               "longer than a day), whatever its interpolation"),
    choice_param("gaps", kGaps, "error", "what a spacing above `max_gap` becomes"),
    text_param("max_gap", "a duration", "1.5 x the typical spacing", "the longest spacing kept"),
    choice_param("duplicates", kDuplicates, "error", "what two rows at one time become"),
    choice_param("unsorted", kUnsorted, "error", "what rows out of time order become"),
    choice_param("dst_ambiguous", kAmbiguous, "error",
                 "a reading of the autumn hour that occurs once (an hour held twice, in order, "
                 "is resolved by that order: first the summer-time instant)"),
    choice_param("dst_nonexistent", kNonexistent, "error",
                 "a reading in the spring hour that does not exist"),
};

template <class E>
E read_enum(const ConfigNode& node, std::string_view key, std::span<const std::string_view> names,
            E fallback) {
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
  return param_keys(kTrace);
}

std::span<const ParamInfo> trace_params() {
  return kTrace;
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
  spec.time_format = read_enum(node, "time_format", kTimeFormats, TimeFormat::iso);
  if (auto c = node.get("timezone")) {
    TimeZone::read(*c);  // fails at the field when unknown
    spec.timezone = c->scalar();
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
  spec.interpolation = read_enum(node, "interpolation", kInterpolations, Interpolation::step);
  if (auto c = node.get("resample")) spec.resample = c->duration();
  spec.gaps = read_enum(node, "gaps", kGaps, GapPolicy::error);
  if (auto c = node.get("max_gap")) spec.max_gap = c->duration();
  spec.duplicates = read_enum(node, "duplicates", kDuplicates, DuplicatePolicy::error);
  spec.unsorted = read_enum(node, "unsorted", kUnsorted, UnsortedPolicy::error);
  spec.ambiguous = read_enum(node, "dst_ambiguous", kAmbiguous, AmbiguousPolicy::error);
  spec.nonexistent = read_enum(node, "dst_nonexistent", kNonexistent, NonexistentPolicy::error);
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
    in.series = StepSeries::on_axis(s->times(), std::move(v), s->end(), s->repeats());
    return in;
  }
  LoadedTrace t = load_trace(read_trace_spec(node, dim), run_start, run_end);
  in.series = std::move(t.series);
  in.repairs = std::move(t.repairs);
  in.from_trace = true;
  return in;
}

}  // namespace wf
