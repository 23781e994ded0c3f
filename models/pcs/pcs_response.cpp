#include "models/pcs/pcs_response.hpp"

#include <array>
#include <cmath>

#include "sim/config_node.hpp"
#include "sim/params.hpp"

namespace wf {

namespace {

// Ramp phase: while the remaining error exceeds r*tau the lag would ask for a
// slope above the limit, so the output ramps at r; below it the lag takes over.
struct Phases {
  double a;       // |u - y0|
  double ramp_s;  // duration of the ramp phase
  double e1;      // remaining error when the exponential phase starts
};

Phases phases(const PcsResponseParams& p, double y0, double u) {
  const double a = std::abs(u - y0);
  const double knee = std::isinf(p.ramp_w_per_s) ? INFINITY : p.ramp_w_per_s * p.time_constant_s;
  if (a <= knee) return {a, 0, a};
  return {a, (a - knee) / p.ramp_w_per_s, knee};
}

}  // namespace

double pcs_response_at(const PcsResponseParams& p, double y0, double u, double t_s) {
  if (t_s <= p.dead_time_s) return y0;
  const double t = t_s - p.dead_time_s;
  const Phases ph = phases(p, y0, u);
  const double dir = u >= y0 ? 1.0 : -1.0;
  double err;  // remaining |u - y|
  if (t < ph.ramp_s)
    err = ph.a - p.ramp_w_per_s * t;
  else if (p.time_constant_s > 0)
    err = ph.e1 * std::exp(-(t - ph.ramp_s) / p.time_constant_s);
  else
    err = 0;
  return u - dir * err;
}

double pcs_response_deficit_j(const PcsResponseParams& p, double y0, double u) {
  const Phases ph = phases(p, y0, u);
  const double dir = u >= y0 ? 1.0 : -1.0;
  // Dead time at the full error, the ramp's trapezoid, then e1 * tau for the lag.
  const double area =
      ph.a * p.dead_time_s + 0.5 * (ph.a + ph.e1) * ph.ramp_s + ph.e1 * p.time_constant_s;
  return dir * area;
}

double pcs_equivalent_delay_s(const PcsResponseParams& p, double y0, double u) {
  if (u == y0) return 0;
  return pcs_response_deficit_j(p, y0, u) / (u - y0);
}

namespace {

// A battery's `response:` section.
constexpr ParamInfo kResponse[] = {
    {"dead_time", Dim::time, "0 s", 0, 10, false, "command latency before the output moves"},
    {"time_constant", Dim::time, "0 s", 0, 60, false, "first-order lag of the output"},
    // SunSpec 704 WRmp / 124 WChaGra: per cent of the rated power per second.
    optional_param({"ramp_rate", Dim::dimensionless, "", 0, INFINITY, true,
                    "ramp-rate limit in % of rated power per second (default: none)"}),
};

}  // namespace

std::span<const ParamInfo> pcs_response_params() {
  return kResponse;
}

PcsResponseParams read_pcs_response(const ConfigNode& node, double rated_w) {
  node.check_keys(param_keys(kResponse));
  PcsResponseParams p;
  p.dead_time_s = read_param(node, param(kResponse, "dead_time"));
  p.time_constant_s = read_param(node, param(kResponse, "time_constant"));
  if (node.get("ramp_rate")) {
    const double share = read_param(node, param(kResponse, "ramp_rate"));
    p.ramp_w_per_s = share * rated_w;
  }
  return p;
}

double pcs_active_limit_w(double apparent_va, double reactive_var) {
  const double s2 = apparent_va * apparent_va, q2 = reactive_var * reactive_var;
  return q2 >= s2 ? 0.0 : std::sqrt(s2 - q2);
}

}  // namespace wf
