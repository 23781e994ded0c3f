#pragma once
// One wrap_* function per area, called from module.cpp (explicit registration).
#include <pybind11/pybind11.h>

namespace wf::py {

void wrap_scenario(pybind11::module_& m);
void wrap_controller(pybind11::module_& m);
void wrap_run(pybind11::module_& m);

}  // namespace wf::py
