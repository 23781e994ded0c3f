// wattfleet.Controller: subclass it in Python and return the battery power.
#include <pybind11/pybind11.h>

#include "bindings/wrap.hpp"
#include "models/ems/controller.hpp"

namespace py = pybind11;

namespace wf::py {

namespace {

// Runs the Python override; the run itself holds no GIL, so take it per call.
class PyController : public Controller {
 public:
  std::string_view name() const override { return "python"; }
  double battery_setpoint_w(const SiteSnapshot& s) override {
    ::py::gil_scoped_acquire gil;
    PYBIND11_OVERRIDE_PURE(double, Controller, battery_setpoint_w, s);
  }
};

}  // namespace

void wrap_controller(::py::module_& m) {
  ::py::class_<SiteSnapshot>(m, "SiteSnapshot",
                             "What a controller sees at one instant (W; consumption > 0).")
      .def_property_readonly("time_us", [](const SiteSnapshot& s) { return s.now.count_us(); })
      .def_readonly("it_w", &SiteSnapshot::it_w)
      .def_readonly("cooling_w", &SiteSnapshot::cooling_w)
      .def_readonly("aux_w", &SiteSnapshot::aux_w)
      .def_readonly("pv_w", &SiteSnapshot::pv_w)
      .def_readonly("import_limit_w", &SiteSnapshot::import_limit_w)
      .def_readonly("export_limit_w", &SiteSnapshot::export_limit_w)
      .def_readonly("soc", &SiteSnapshot::soc)
      .def_readonly("max_charge_w", &SiteSnapshot::max_charge_w)
      .def_readonly("max_discharge_w", &SiteSnapshot::max_discharge_w)
      .def_readonly("capacity_j", &SiteSnapshot::capacity_j)
      .def_readonly("price_eur_per_mwh", &SiteSnapshot::price_eur_per_mwh)
      .def_readonly("frequency_hz", &SiteSnapshot::frequency_hz)
      .def_readonly("month_peak_w", &SiteSnapshot::month_peak_w)
      .def_readonly("grid_up", &SiteSnapshot::grid_up)
      .def_property_readonly("net_w", &SiteSnapshot::net_w)
      .def_property_readonly("demand_w", &SiteSnapshot::demand_w);

  ::py::class_<Controller, PyController, std::shared_ptr<Controller>>(
      m, "Controller", R"(Base class for controllers written in Python.

Override battery_setpoint_w(snapshot) -> float: the requested battery power in W
(> 0 discharges). It is called at every solve of the site (each input change or
battery state event); the site clamps the request to the batteries' limits and
the grid limits.)")
      .def(::py::init<>())
      .def("battery_setpoint_w", &Controller::battery_setpoint_w, ::py::arg("snapshot"));
}

}  // namespace wf::py
