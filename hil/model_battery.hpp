#pragma once
// The model cabinet of wattfleet hil and cabinet-server: the battery device of a
// scenario (type `battery` or `cabinet`), built the way the site builder builds
// it, or a default 100 kW / 215 kWh cabinet.
#include <memory>
#include <optional>
#include <string>

#include "models/battery/battery.hpp"
#include "sim/scenario.hpp"

namespace wf::hil {

/// A battery device section of a scenario.
struct BatteryDevice {
  std::string site, device;
  ConfigNode node;
};

/// The battery device `device` of site `site` (empty: the first one found).
/// Throws InputError when there is none.
BatteryDevice find_battery_device(const Scenario& s, const std::string& site,
                                  const std::string& device);

/// Builds the model of a device section (type battery or cabinet); InputError on bad fields.
/// `series_cells` receives the cabinet's cells in series (0 for a reservoir).
std::unique_ptr<Battery> build_model_battery(const std::string& id, const ConfigNode& node,
                                             Time start, double* series_cells = nullptr);

/// When no scenario is given: a reservoir at 50 % with the nameplate energy and PCS rating
/// of the preset c_i_100kw_215kwh (100 kW / 215.04 kWh).
std::unique_ptr<Battery> default_model_battery(Time start);

/// Temperature (K) of a model cabinet where it has one (LfpCabinet), else nullopt.
std::optional<double> model_temperature_k(const Battery& b);
/// DC side of a model cabinet: voltage (V) and current (A, > 0 discharge). A reservoir
/// has no DC bus: a nominal 768 V (240 LFP cells, domain reference 1.8) stands in.
std::pair<double, double> model_dc(const Battery& b, double series_cells);

}  // namespace wf::hil
