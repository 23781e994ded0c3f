#include "assembly/builtin_registry.hpp"

#include "assembly/site_builder.hpp"
#include "assembly/sizing.hpp"

#include "models/battery/battery_registration.hpp"
#include "models/compute/compute_registration.hpp"
#include "models/economics/appraisal.hpp"
#include "models/ems/ems_registration.hpp"
#include "models/fleet/fleet.hpp"
#include "models/grid/grid_registration.hpp"
#include "models/pv/pv_registration.hpp"
#include "sim/scenario.hpp"
#include "sim/series_config.hpp"

namespace wf {

const Registry& builtin_registry() {
  static const Registry r = [] {
    Registry reg;
    register_grid_models(reg);
    register_compute_models(reg);
    register_pv_models(reg);
    register_battery_models(reg);
    register_ems_models(reg);
    reg.add_params({"economics", {appraisal_params().begin(), appraisal_params().end()}});
    reg.add_params({"sizing", {sizing_params().begin(), sizing_params().end()}});
    reg.add_params({"scenario", {scenario_params().begin(), scenario_params().end()}});
    reg.add_params({"trace", {trace_params().begin(), trace_params().end()}});
    for (auto& t : fleet_param_tables()) reg.add_params(std::move(t));
    for (auto& t : site_param_tables()) reg.add_params(std::move(t));
    reg.add_params({"device", {device_common_params().begin(), device_common_params().end()}});
    return reg;
  }();
  return r;
}

}  // namespace wf
