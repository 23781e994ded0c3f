#pragma once
// PV self-consumption: store what the PV makes beyond the site's demand, give it
// back when demand exceeds PV. Never charges from the grid.
#include "models/ems/controller.hpp"

namespace wf {

class SelfConsumption final : public Controller {
 public:
  std::string_view name() const override { return "self_consumption"; }
  double battery_setpoint_w(const SiteSnapshot& s) override { return s.demand_w() - s.pv_w; }
};

/// Leaves the batteries idle: the baseline "no cabinet in use".
class IdleController final : public Controller {
 public:
  std::string_view name() const override { return "idle"; }
  double battery_setpoint_w(const SiteSnapshot&) override { return 0; }
};

}  // namespace wf
