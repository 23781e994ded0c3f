#pragma once
// How a grid-following PCS reaches a new active-power setpoint: a dead time
// (command latency), then a first-order lag with time constant tau whose slope
// is capped by a ramp-rate limit (domain reference 2.3: "first-order lag plus a
// rate limiter and a dead time"; tens of ms to ~100 ms to reach a new P).
//
// The site runs events seconds or minutes apart, so it does not step through
// the millisecond transient. It applies each new setpoint as a step delayed by
// the transient's energy-equivalent delay (equivalent_delay_s): the energy the
// battery delivers and the grid covers is then exact whenever the transient
// ends before the next command, which at tens of ms it does.
#include <cmath>
#include <limits>
#include <span>

#include "sim/params.hpp"

namespace wf {

class ConfigNode;

struct PcsResponseParams {
  double dead_time_s = 0;      ///< command latency before the output moves
  double time_constant_s = 0;  ///< first-order lag
  double ramp_w_per_s = std::numeric_limits<double>::infinity();  ///< |dP/dt| limit
  bool instant() const {
    return dead_time_s == 0 && time_constant_s == 0 && ramp_w_per_s == INFINITY;
  }
};

/// Output t seconds after a step command from y0 to u (W).
double pcs_response_at(const PcsResponseParams& p, double y0, double u, double t_s);

/// Integral over the whole transient of (u - output) in J: what the battery does
/// not deliver, and the grid covers, compared with an instant PCS.
double pcs_response_deficit_j(const PcsResponseParams& p, double y0, double u);

/// Delay after which a plain step from y0 to u carries the same energy as the transient.
double pcs_equivalent_delay_s(const PcsResponseParams& p, double y0, double u);

/// Reads a device's `response:` map {dead_time, time_constant, ramp_rate (% of rated per s)}.
/// The declared fields of a `response:` section (for the docs).
std::span<const ParamInfo> pcs_response_params();
PcsResponseParams read_pcs_response(const ConfigNode& node, double rated_w);

/// Active-power limit of a PCS rated `apparent_va` that must also carry `reactive_var`
/// (domain reference 2.5: P_max = sqrt(S^2 - Q^2)); 0 when Q alone uses up S.
double pcs_active_limit_w(double apparent_va, double reactive_var);

}  // namespace wf
