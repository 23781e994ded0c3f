#pragma once
// wattfleet hil end to end: the scenario's site runs paced to the wall clock
// with its battery replaced by the twin (model cabinet + real cabinet over
// Modbus TCP); residual and pacing channels go to the group /sites/hil, link
// events to /events, pacing and residual figures to /summary/hil.
#include <filesystem>
#include <functional>
#include <string>

#include "assembly/run.hpp"
#include "hil/modbus_cabinet.hpp"
#include "hil/pacer.hpp"

namespace wf::hil {

struct HilOptions {
  std::string host = "127.0.0.1";
  int port = 502;
  int unit_id = 1;
  std::string map;  ///< file or preset name
  bool armed = false;
  double timeout_s = 0.5;
  Time period = Time::seconds(1);  ///< control period
  double speed = 1;                ///< simulated seconds per wall second
  std::string site, device;        ///< which battery (empty: the first)
  std::filesystem::path output;
  bool quiet = false;  ///< no link events on stderr
  /// Extensions (the live load of `wattfleet hil --live-load`): applied to the device
  /// types before the sites are built; called after the pacer started; called before
  /// the output closes.
  std::function<void(Registry&)> extend_registry;
  std::function<void(Engine&, ResultWriter*)> on_start;
  std::function<void(Time end, ResultWriter*)> on_finish;
};

struct HilResult {
  RunResult run;
  Pacer::Stats pacing;
  ModbusCabinetStats cabinet;
  std::string site, device;
  bool safe_stop_confirmed = true;  ///< armed: 0 W and disabled read back at the end
  bool ever_read = false;           ///< the cabinet answered at least one poll
  int stopped_by_signal = 0;        ///< SIGINT/SIGTERM/SIGHUP that ended the run early, or 0
};

/// Runs the scenario with the hardware in the loop. InputError on bad input
/// (map, scenario, options); link trouble never ends the run. SIGINT, SIGTERM
/// and SIGHUP end it early through the normal path (the file holds the rows up
/// to the stop); armed, every ending (its end, a signal, an exception) writes
/// 0 W and disables the setpoint first (ModbusCabinet::shutdown).
HilResult run_hil(const Scenario& scenario, const HilOptions& options);

}  // namespace wf::hil
