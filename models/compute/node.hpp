#pragma once
// A compute node's electrical draw: DC power vs utilisation (linear between idle
// and max, or an 11-point SPECpower-style table at 0, 10, ..., 100 %), parked
// states (sleep, off) with their wake times, and the PSU: AC = DC / efficiency.
#include <string>
#include <vector>

#include "sim/config_node.hpp"
#include "sim/params.hpp"
#include "sim/time.hpp"

namespace wf {

enum class NodeState { off, sleep, idle, active };

struct NodeSpec {
  std::string name;
  double idle_w = 0;            ///< DC power at 0 % utilisation (W)
  double max_w = 0;             ///< DC power at 100 % (W)
  std::vector<double> table_w;  ///< empty: linear; else 11 DC powers at 0..100 % (W)
  double sleep_w = 0;           ///< DC power asleep (W)
  double off_w = 0;             ///< DC power switched off, BMC only (W)
  Time wake_time;               ///< sleep -> idle
  Time boot_time;               ///< off -> idle
  double psu_efficiency = 1;    ///< (0, 1]
};

/// DC power (W) at utilisation u in [0, 1] (clamped).
double node_dc_power_w(const NodeSpec& n, double u);
/// AC power at the wall (W) in `state`; u only matters when active.
double node_ac_power_w(const NodeSpec& n, NodeState state, double u = 0);
/// Time to reach idle from `state` (zero from idle or active).
Time node_wake_time(const NodeSpec& n, NodeState state);

/// Reads a node description (a map: idle_power, max_power, curve, ...).
NodeSpec read_node_spec(const ConfigNode& node, std::string name);
/// `node` is either a preset name (data/nodes/<name>.yaml) or an inline map.
/// The declared fields of a node (preset file or inline map), for the docs.
std::vector<ParamInfo> node_params();

NodeSpec read_node(const ConfigNode& node);
/// Folder holding the presets.
std::string node_preset_dir();

}  // namespace wf
