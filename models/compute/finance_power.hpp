#pragma once
// The power of a finance-analytics group made as the run reaches it: each weekday's
// market hours and end-of-day batch are drawn when the series gets to that day.
#include <memory>

#include "models/compute/workload.hpp"
#include "sim/windowed_steps.hpp"

namespace wf {

/// The group's power over [g.start, g.end) (a generator for WindowedSteps): the same
/// draws in the same order as the whole series, the days' changes summed as
/// PowerSteps::build sums them, so the series is the same bit for bit. Memory holds a day.
std::unique_ptr<StepGenerator> finance_power(const WorkloadGroup& g, const FinanceParams& p);

}  // namespace wf
