// wattfleet.Scenario: a scenario's text plus the changes made from Python.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "bindings/wrap.hpp"
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

}  // namespace

void wrap_scenario(::py::module_& m) {
  ::py::class_<ScenarioSource>(m, "Scenario",
                               R"(A scenario: YAML text plus changes made from Python.

Build one with Scenario.from_file(path) or Scenario.from_yaml(text) (from_dict is
in the Python package). Changes are validated like the CLI's --set when the
scenario is validated or run.)")
      .def_static("from_file", &ScenarioSource::from_file, ::py::arg("path"),
                  "Reads a scenario file.")
      .def_static(
          "from_yaml",
          [](std::string text, std::string name) {
            return ScenarioSource{.text = std::move(text), .path = std::move(name)};
          },
          ::py::arg("text"), ::py::arg("name") = "<string>",
          "A scenario from YAML text; `name` stands for the file in messages.")
      .def(
          "set",
          [](ScenarioSource& s, const std::string& path,
             const std::string& value) -> ScenarioSource& {
            s.overrides.push_back(path + "=" + value);
            return s;
          },
          ::py::arg("path"), ::py::arg("value"), ::py::return_value_policy::reference_internal,
          "Overrides a field like --set: set('sites.berlin.devices.cabinet.capacity', '430 kWh').")
      .def(
          "set_series",
          [](ScenarioSource& s, const std::string& path, ::py::array_t<std::int64_t> t_us,
             ::py::array_t<double> values_si, bool repeat) -> ScenarioSource& {
            s.arrays.insert_or_assign(
                path, series_from_arrays(std::move(t_us), std::move(values_si), repeat));
            s.overrides.push_back(path + "={array: " + path + "}");
            return s;
          },
          ::py::arg("path"), ::py::arg("time_us"), ::py::arg("values"), ::py::arg("repeat") = false,
          ::py::return_value_policy::reference_internal,
          "Drives a field (e.g. a load's power) from arrays: int64 µs since 1970 UTC and SI "
          "values.")
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
