#pragma once
// Whether IT equipment survives a grid disturbance, judged against the ITIC
// (CBEMA) tolerance curve for the way the cabinet sits between grid and load.
// Domain reference 5.6 (ITIC points, [U]) and 2.4 (transfer targets).
#include <string_view>

namespace wf {

/// How the IT load is fed.
enum class Topology {
  direct,             ///< straight from the grid: sees every sag and outage
  line_interactive,   ///< a cabinet in parallel that takes over after its transfer time
  double_conversion,  ///< online: the load always hangs on the inverter, sees nothing
};

/// A disturbance at the grid connection: remaining voltage (per unit) and duration.
struct Disturbance {
  double voltage_pu = 0;  ///< 0 for an outage
  double duration_s = 0;
};

/// True when the ITIC curve says IT equipment rides through `voltage_pu` for `duration_s`.
bool itic_tolerates(double voltage_pu, double duration_s);

/// What the IT load sees of a disturbance, given the topology and the transfer
/// time of a line-interactive cabinet (s). A double-conversion cabinet hides it.
Disturbance seen_by_it(const Disturbance& d, Topology topology, double transfer_s);

/// True when the IT load rides through `d` behind the given topology.
inline bool rides_through(const Disturbance& d, Topology topology, double transfer_s) {
  const Disturbance seen = seen_by_it(d, topology, transfer_s);
  return seen.duration_s <= 0 || itic_tolerates(seen.voltage_pu, seen.duration_s);
}

}  // namespace wf
