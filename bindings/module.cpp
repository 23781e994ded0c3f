// The `wattfleet._wattfleet` extension: thin conversions around the C++ twin.
// InputError becomes wattfleet.InputError (a ValueError) carrying file, line
// and field, the same words the CLI prints.
#include <pybind11/pybind11.h>

#include <wattfleet/version.hpp>

#include "bindings/wrap.hpp"
#include "sim/error.hpp"

namespace py = pybind11;

PYBIND11_MODULE(_wattfleet, m) {
  m.doc() = "wattfleet: discrete-event digital twin of the energy side of compute nodes";
  m.attr("__version__") = wf::kVersion;
  m.attr("git_hash") = wf::kGitHash;

  static py::exception<wf::InputError> input_error(m, "InputError", PyExc_ValueError);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const wf::InputError& e) {
      py::object err = py::reinterpret_borrow<py::object>(input_error)(e.what());
      err.attr("file") = e.file();
      err.attr("line") = e.line();
      err.attr("field") = e.field();
      err.attr("detail") = e.detail();
      PyErr_SetObject(input_error.ptr(), err.ptr());
    }
  });

  wf::py::wrap_scenario(m);
  wf::py::wrap_controller(m);
  wf::py::wrap_run(m);
}
