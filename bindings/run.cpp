// wattfleet.run / wattfleet.sweep and the in-memory result (zero-copy columns).
#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <exception>
#include <thread>

#include "assembly/run.hpp"
#include "bindings/wrap.hpp"

namespace py = pybind11;

namespace wf::py {

namespace {

using ResultPtr = std::shared_ptr<RunResult>;

const SiteResult& site_of(const RunResult& r, const std::string& id) {
  for (const auto& s : r.sites)
    if (s.id == id) return s;
  throw ::py::key_error("no site '" + id + "' in this result");
}

// A numpy view of one column; `owner` (the Python result object) keeps the memory alive.
::py::array column_view(const RunResult& r, const std::string& site, const std::string& name,
                        ::py::handle owner) {
  const SiteResult& s = site_of(r, site);
  for (std::size_t c = 0; c < s.channels.size(); ++c) {
    if (s.channels[c].name != name) continue;
    if (s.columns.empty()) throw ::py::value_error("this run did not keep its columns");
    const auto& col = s.columns[c];
    ::py::array a(::py::dtype::of<double>(), {col.size()}, {sizeof(double)}, col.data(), owner);
    ::py::detail::array_proxy(a.ptr())->flags &= ~::py::detail::npy_api::NPY_ARRAY_WRITEABLE_;
    return a;
  }
  throw ::py::key_error("no channel '" + name + "' at site '" + site + "'");
}

RunOptions options_from(std::optional<std::uint64_t> seed, std::filesystem::path output,
                        std::map<std::string, std::shared_ptr<Controller>> controllers) {
  return RunOptions{.output = std::move(output),
                    .seed = seed,
                    .keep_columns = true,
                    .controllers = std::move(controllers)};
}

}  // namespace

void wrap_run(::py::module_& m) {
  ::py::class_<RunResult, ResultPtr>(m, "RunResult", "Results of a run held in memory.")
      .def_property_readonly("start_us", [](const RunResult& r) { return r.start.count_us(); })
      .def_property_readonly("interval_us",
                             [](const RunResult& r) { return r.interval.count_us(); })
      .def_readonly("seed", &RunResult::seed)
      .def_readonly("events_handled", &RunResult::events)
      .def_readonly("wall_seconds", &RunResult::wall_seconds)
      .def_readonly("repairs", &RunResult::repairs)
      .def_property_readonly("sites",
                             [](const RunResult& r) {
                               std::vector<std::string> ids;
                               for (const auto& s : r.sites) ids.push_back(s.id);
                               return ids;
                             })
      .def(
          "channels",
          [](const RunResult& r, const std::string& site) {
            std::vector<std::tuple<std::string, std::string, std::string>> out;
            for (const auto& c : site_of(r, site).channels)
              out.emplace_back(c.name, c.units, c.description);
            return out;
          },
          ::py::arg("site"), "(name, units, description) of every output column of a site.")
      .def(
          "column",
          [](::py::object self, const std::string& site, const std::string& name) {
            return column_view(self.cast<const RunResult&>(), site, name, self);
          },
          ::py::arg("site"), ::py::arg("channel"),
          "A read-only numpy view (no copy) of one column.")
      .def(
          "summary",
          [](const RunResult& r, const std::string& site) {
            std::vector<std::tuple<std::string, double, std::string, std::string>> out;
            for (const auto& v : site_of(r, site).summary)
              out.emplace_back(v.name, v.value, v.units, v.description);
            return out;
          },
          ::py::arg("site"), "(name, value, units, description) of a site's whole-run figures.")
      .def(
          "events",
          [](const RunResult& r) {
            std::vector<std::tuple<std::int64_t, std::string, std::string, double, std::string>>
                out;
            for (const auto& e : r.event_log)
              out.emplace_back(e.time.count_us(), e.site, e.kind, e.value, e.message);
            return out;
          },
          "(time_us, site, kind, value, message) of every event.");

  m.def(
      "run",
      [](const ScenarioSource& s, std::optional<std::uint64_t> seed, std::filesystem::path output,
         std::map<std::string, std::shared_ptr<Controller>> controllers) {
        Scenario sc = s.load();
        RunOptions opt = options_from(seed, std::move(output), std::move(controllers));
        ::py::gil_scoped_release free_python;
        return std::make_shared<RunResult>(run_scenario(sc, opt));
      },
      ::py::arg("scenario"), ::py::arg("seed") = ::py::none(),
      ::py::arg("output") = std::filesystem::path(),
      ::py::arg("controllers") = std::map<std::string, std::shared_ptr<Controller>>(),
      R"(Runs a scenario with the GIL released and keeps every column in memory.

seed overrides the scenario's; output also writes the HDF5 file; controllers maps
site ids to Controller objects replacing the scenario's.)");

  m.def(
      "sweep",
      [](std::vector<ScenarioSource> scenarios, unsigned threads,
         std::optional<std::uint64_t> seed) {
        std::vector<Scenario> loaded;
        for (const auto& s : scenarios)
          loaded.push_back(s.load());  // report bad input before any run
        std::vector<ResultPtr> results(loaded.size());
        std::vector<std::exception_ptr> errors(loaded.size());
        {
          ::py::gil_scoped_release free_python;
          std::atomic<std::size_t> next{0};
          auto worker = [&] {
            for (std::size_t i; (i = next++) < loaded.size();) {
              try {
                results[i] = std::make_shared<RunResult>(
                    run_scenario(loaded[i], options_from(seed, {}, {})));
              } catch (...) {
                errors[i] = std::current_exception();
              }
            }
          };
          std::vector<std::thread> pool;
          for (unsigned t = 0; t < std::max(1u, threads); ++t) pool.emplace_back(worker);
          for (auto& t : pool) t.join();
        }
        for (auto& e : errors)
          if (e) std::rethrow_exception(e);
        return results;
      },
      ::py::arg("scenarios"), ::py::arg("threads") = 2, ::py::arg("seed") = ::py::none(),
      "Runs many scenarios over a pool of threads (GIL released); results in input order.");
}

}  // namespace wf::py
