#pragma once
// The power a job schedule alone implies: the parked base plus each job's nodes at a
// mean running power while it runs (what a schedule-aware forecaster knows).
#include <memory>

#include "models/compute/scheduler.hpp"
#include "sim/windowed_steps.hpp"

namespace wf {

/// Over [start, end): `base_w` plus `job_w_per_node` x nodes of every job of `jobs` while it
/// runs, made as it is read (a generator for WindowedSteps; memory holds the running
/// jobs). Changes of one instant are summed as PowerSteps::build sums them (by job, the
/// start before the end), so the series equals PowerSteps' over the whole schedule, bit
/// for bit.
std::unique_ptr<StepGenerator> planned_power(Time start, Time end, double base_w,
                                             double job_w_per_node,
                                             std::unique_ptr<JobSource> jobs);

}  // namespace wf
