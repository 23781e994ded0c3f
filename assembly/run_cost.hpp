#pragma once
// What a run will cost, estimated from the scenario and its built sites before
// anything runs: output rows, the size of the row data and the simulated
// years. Beyond the bounds of sim/cost_limits.hpp the run is refused (exit 2)
// with the estimate and the way to run it anyway (--allow-large).
#include <memory>
#include <vector>

#include "sim/scenario.hpp"

namespace wf {

class Site;

struct RunCost {
  double rows_per_site = 0;
  double channels = 0;      ///< output columns of all sites together
  double output_bytes = 0;  ///< rows x channels x 8, before compression
  double years = 0;
};

RunCost estimate_run_cost(const Scenario& scenario,
                          const std::vector<std::unique_ptr<Site>>& sites);

/// InputError naming the field to change when a bound is exceeded and large
/// runs are not allowed.
void check_run_cost(const Scenario& scenario, const std::vector<std::unique_ptr<Site>>& sites);

}  // namespace wf
