// wattfleet.Scenario: a scenario's text plus the changes made from Python.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "assembly/builtin_registry.hpp"
#include "bindings/wrap.hpp"
#include "models/registry/registry.hpp"
#include "sim/error.hpp"
#include "sim/params.hpp"
#include "sim/scenario.hpp"
#include "sim/time_format.hpp"

namespace py = pybind11;

namespace wf::py {

namespace {

// A series from instants (int64 µs since 1970 UTC) and SI values; the last value
// holds for one more spacing, like a trace's last row.
StepSeries series_from_arrays(::py::array_t<std::int64_t> t_us, ::py::array_t<double> values,
                              bool repeat) {
  auto t = t_us.unchecked<1>();
  auto v = values.unchecked<1>();
  if (t.shape(0) != v.shape(0) || t.shape(0) < 2)
    throw ::py::value_error("times and values must have the same length, at least 2");
  std::vector<Time> times(static_cast<std::size_t>(t.shape(0)));
  std::vector<double> vals(times.size());
  for (::py::ssize_t i = 0; i < t.shape(0); ++i) {
    times[static_cast<std::size_t>(i)] = Time::us(t(i));
    vals[static_cast<std::size_t>(i)] = v(i);
    if (i > 0 && t(i) <= t(i - 1)) throw ::py::value_error("times must increase strictly");
  }
  Time end = times.back() + (times.back() - times[times.size() - 2]);
  return StepSeries(std::move(times), std::move(vals), end, repeat);
}

// Python's names for the overrides, in messages (instead of the CLI's --set).
constexpr const char* kSetSource = "Scenario.set";

ScenarioSource python_source(ScenarioSource s) {
  s.override_source = kSetSource;
  return s;
}

// A value given to a declared field of a device or a controller (a number, a choice, a
// flag), checked against its declaration (unit, range, choices) as the builder will:
// `sites.<site>.devices.<id>.<field>` of the device's type, `sites.<site>.controller.<field>` of
// the controller's type.
void check_declared_number(const Scenario& sc, const std::string& path) {
  std::vector<std::string> k;
  for (std::size_t a = 0, b; a <= path.size(); a = b + 1) {
    b = std::min(path.find('.', a), path.size());
    k.push_back(path.substr(a, b - a));
  }
  if (k.size() < 4 || k[0] != "sites") return;
  const ConfigNode* site = nullptr;
  for (const auto& [id, node] : sc.sites)
    if (id == k[1]) site = &node;
  if (!site || !site->is_map()) return;
  std::optional<ConfigNode> owner;
  std::string table;
  if (k.size() == 5 && k[2] == "devices") {
    if (auto devices = site->get("devices"); devices && devices->is_map())
      owner = devices->get(k[3]);
    table = "device.";
  } else if (k.size() == 4 && k[2] == "controller") {
    owner = site->get("controller");
    table = "controller.";
  }
  if (!owner || !owner->is_map()) return;
  const auto type = owner->get("type");
  if (!type || !type->is_scalar()) return;
  table += type->scalar();
  for (const ParamTable& t : builtin_registry().params())
    if (t.name == table)
      for (const ParamInfo& info : t.params) {
        if (info.name != k.back()) continue;
        if (info.kind == ParamKind::number) (void)read_param(*owner, info);
        if (info.kind == ParamKind::choice) (void)owner->at(info.name).choice(info.choices);
        if (info.kind == ParamKind::flag) (void)owner->at(info.name).boolean();
      }
}

// A copy with one more override, checked now so a bad one raises at the call that made
// it, the call named in the error: the top level, and a value given to a declared
// field of a device or controller. The rest is checked when the scenario is validated
// or run, under the name "Scenario.set".
ScenarioSource with_override(const ScenarioSource& s, const std::string& path,
                             const std::string& value, const std::string& call) {
  ScenarioSource next = s;
  next.overrides.push_back(path + "=" + value);
  try {
    check_declared_number(next.load(), path);
  } catch (const InputError& e) {
    // The override's own field, or one below it (an unknown key is blamed on its parent's file).
    const std::string& f = e.field();
    const bool ours =
        e.file() == kSetSource || f == path ||
        (f.size() > path.size() && f.compare(0, path.size(), path) == 0 && f[path.size()] == '.');
    if (!ours) throw;
    throw InputError(call, 0, f, e.detail());
  }
  return next;
}

bool same_series(const StepSeries& a, const StepSeries& b) {
  return a.times() == b.times() && a.values() == b.values() && a.end() == b.end() &&
         a.repeats() == b.repeats();
}

bool same_source(const ScenarioSource& a, const ScenarioSource& b) {
  if (a.text != b.text || a.path != b.path || a.overrides != b.overrides ||
      a.arrays.size() != b.arrays.size())
    return false;
  for (const auto& [name, series] : a.arrays) {
    auto it = b.arrays.find(name);
    if (it == b.arrays.end() || !same_series(series, it->second)) return false;
  }
  return true;
}

// Pickled as (text, path, overrides, {name: (time_us, values, end_us, repeat)}).
::py::tuple source_state(const ScenarioSource& s) {
  ::py::dict arrays;
  for (const auto& [name, series] : s.arrays) {
    std::vector<std::int64_t> t;
    for (Time x : series.times()) t.push_back(x.count_us());
    arrays[::py::str(name)] = ::py::make_tuple(
        ::py::array_t<std::int64_t>(static_cast<::py::ssize_t>(t.size()), t.data()),
        ::py::array_t<double>(static_cast<::py::ssize_t>(series.values().size()),
                              series.values().data()),
        series.end().count_us(), series.repeats());
  }
  return ::py::make_tuple(s.text, s.path.string(), s.overrides, arrays);
}

ScenarioSource source_from_state(const ::py::tuple& st) {
  if (st.size() != 4) throw ::py::value_error("not a pickled wattfleet.Scenario");
  ScenarioSource s{.text = st[0].cast<std::string>(), .path = st[1].cast<std::string>()};
  s.overrides = st[2].cast<std::vector<std::string>>();
  for (auto [name, item] : st[3].cast<::py::dict>()) {
    auto parts = item.cast<::py::tuple>();
    auto t = parts[0].cast<::py::array_t<std::int64_t>>().unchecked<1>();
    auto v = parts[1].cast<::py::array_t<double>>().unchecked<1>();
    std::vector<Time> times;
    std::vector<double> values;
    for (::py::ssize_t i = 0; i < t.shape(0); ++i) times.push_back(Time::us(t(i)));
    for (::py::ssize_t i = 0; i < v.shape(0); ++i) values.push_back(v(i));
    s.arrays.insert_or_assign(
        name.cast<std::string>(),
        StepSeries(std::move(times), std::move(values), Time::us(parts[2].cast<std::int64_t>()),
                   parts[3].cast<bool>()));
  }
  return python_source(std::move(s));
}

}  // namespace

void wrap_scenario(::py::module_& m) {
  ::py::class_<ScenarioSource>(m, "Scenario",
                               R"(A scenario: YAML text plus changes made from Python.

Build one with Scenario.from_file(path) or Scenario.from_yaml(text) (from_dict is
in the Python package). A scenario is a value: set() and set_series() return a new
scenario and leave this one unchanged, so `[base.set(k, v) for v in values]` gives
one variant per value. Scenarios compare equal by content, copy and pickle (text,
changes and in-memory series), so they travel to other processes.)")
      .def_static(
          "from_file",
          [](const std::filesystem::path& p) {
            return python_source(ScenarioSource::from_file(p));
          },
          ::py::arg("path"), "Reads a scenario file.")
      .def_static(
          "from_yaml",
          [](std::string text, std::string name) {
            return python_source(ScenarioSource{.text = std::move(text), .path = std::move(name)});
          },
          ::py::arg("text"), ::py::arg("name") = "<string>",
          "A scenario from YAML text; `name` stands for the file in messages.")
      .def(
          "set",
          [](const ScenarioSource& s, const std::string& path, const std::string& value) {
            return with_override(s, path, value,
                                 fmt::format("Scenario.set('{}', '{}')", path, value));
          },
          ::py::arg("path"), ::py::arg("value"),
          "A new scenario with a field overridden, like the CLI's --set: "
          "s.set('sites.berlin.devices.cabinet.capacity', '430 kWh'). This one is unchanged. "
          "A path or value the top level refuses, or a value a declared device or controller "
          "field refuses (unit, range, choices), raises InputError here; the rest is checked by "
          "run(), its "
          "error naming Scenario.set.")
      .def(
          "set_series",
          [](const ScenarioSource& s, const std::string& path, ::py::array_t<std::int64_t> t_us,
             ::py::array_t<double> values_si, bool repeat) {
            ScenarioSource next = s;
            next.arrays.insert_or_assign(
                path, series_from_arrays(std::move(t_us), std::move(values_si), repeat));
            return with_override(next, path, "{array: " + path + "}",
                                 fmt::format("Scenario.set_series('{}', ...)", path));
          },
          ::py::arg("path"), ::py::arg("time_us"), ::py::arg("values"), ::py::arg("repeat") = false,
          "A new scenario with a field (e.g. a load's power) driven from arrays: int64 µs since "
          "1970 UTC and SI values. This one is unchanged.")
      .def("__eq__", &same_source, ::py::is_operator())
      .def("__copy__", [](const ScenarioSource& s) { return s; })
      .def(
          "__deepcopy__", [](const ScenarioSource& s, ::py::dict) { return s; }, ::py::arg("memo"))
      .def(::py::pickle(&source_state, &source_from_state))
      .def("__repr__",
           [](const ScenarioSource& s) {
             return fmt::format("<wattfleet.Scenario {} with {} change(s)>", s.path.string(),
                                s.overrides.size());
           })
      .def(
          "validate",
          [](const ScenarioSource& s) {
            Scenario sc = s.load();
            return ::py::dict(
                ::py::arg("name") = sc.name, ::py::arg("start") = format_utc(sc.start),
                ::py::arg("end") = format_utc(sc.end),
                ::py::arg("output_interval_s") = sc.output_interval.to_seconds(),
                ::py::arg("sites") = [&] {
                  std::vector<std::string> ids;
                  for (const auto& [id, node] : sc.sites) ids.push_back(id);
                  return ids;
                }());
          },
          "Checks the top level (raises InputError); returns name, horizon and site ids.")
      .def_readonly("text", &ScenarioSource::text)
      .def_property_readonly("path", [](const ScenarioSource& s) { return s.path.string(); })
      .def_readonly("overrides", &ScenarioSource::overrides);
}

}  // namespace wf::py
