#include "models/site/ride_through.hpp"

#include <algorithm>

namespace wf {

bool itic_tolerates(double v, double d) {
  // Undervoltage side (ITIC application note, as in domain reference 5.6):
  // any voltage for 20 ms, 70 % up to 0.5 s, 80 % up to 10 s, 90 % beyond.
  if (v < 1.0) {
    if (d <= 0.020) return true;
    if (d <= 0.5) return v >= 0.70;
    if (d <= 10) return v >= 0.80;
    return v >= 0.90;
  }
  // Overvoltage side: 140 % for 3 ms, 120 % up to 0.5 s, 110 % beyond.
  if (d <= 0.003) return v <= 1.40;
  if (d <= 0.5) return v <= 1.20;
  return v <= 1.10;
}

Disturbance seen_by_it(const Disturbance& d, Topology topology, double transfer_s) {
  switch (topology) {
    case Topology::direct:
      return d;
    case Topology::line_interactive:
      // Until the cabinet has taken over, the load sees the grid's voltage.
      return {d.voltage_pu, std::min(d.duration_s, transfer_s)};
    case Topology::double_conversion:
      return {1.0, 0.0};
  }
  return d;
}

}  // namespace wf
