#pragma once
// A group of GPU training nodes (1.6 kW idle, 9.6 kW flat out) from 2025-01-01, the
// group several tests and benchmarks draw AI-training workloads from.
#include <cstdint>

#include "models/compute/workload.hpp"

namespace wf::test {

inline WorkloadGroup training_group(int nodes, Time span, std::uint64_t seed,
                                    double psu_efficiency = 1) {
  const Time start = Time::days(20089);  // 2025-01-01
  return {.start = start,
          .end = start + span,
          .nodes = nodes,
          .node = {.idle_w = 1600, .max_w = 9600, .psu_efficiency = psu_efficiency},
          .seed = seed};
}

}  // namespace wf::test
