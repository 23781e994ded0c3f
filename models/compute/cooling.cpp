#include "models/compute/cooling.hpp"

#include <algorithm>

namespace wf {

double ClimatePue::pue(double t_out) const {
  double f = free_cooling;
  if (t_out > free_limit) {
    const double x = std::min(1.0, (t_out - free_limit) / (full_load - free_limit));
    f = free_cooling + (compressor - free_cooling) * x;
  }
  return 1.0 + loss + f;
}

}  // namespace wf
