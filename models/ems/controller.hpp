#pragma once
// A controller decides the site's battery power at each solve. The full EMS
// issue adds peak shaving, arbitrage, forecasts and optimal dispatch behind
// this same interface.
#include <string_view>

#include "sim/time.hpp"

namespace wf {

/// What a controller sees at one instant (W; consumption and production > 0).
struct SiteSnapshot {
  Time now;
  double it_w = 0, cooling_w = 0, aux_w = 0, pv_w = 0;
  double import_limit_w = 0, export_limit_w = 0;
  double soc = 0;  ///< aggregate of the site's batteries
  double max_charge_w = 0, max_discharge_w = 0;
  double demand_w() const { return it_w + cooling_w + aux_w; }
};

class Controller {
 public:
  virtual ~Controller() = default;
  virtual std::string_view name() const = 0;
  /// Requested battery power in W (> 0 discharge); the site clamps it to the limits.
  virtual double battery_setpoint_w(const SiteSnapshot& s) = 0;
};

}  // namespace wf
