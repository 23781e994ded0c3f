#pragma once
// The power of an inference group made as the run reaches it: the daily shape step by
// step, bursts drawn as the series gets to them.
#include <memory>

#include "models/compute/workload.hpp"
#include "sim/windowed_steps.hpp"

namespace wf {

/// The group's power over [g.start, g.end) (a generator for WindowedSteps): a breakpoint
/// at each step of the shape and each burst's start and end where the power changes; the
/// same draws in the same order as the whole series, so the series is the same bit for
/// bit. Memory holds the bursts running.
std::unique_ptr<StepGenerator> inference_power(const WorkloadGroup& g, const InferenceParams& p);
/// The daily shape alone, one breakpoint per step (what a forecaster may expect).
std::unique_ptr<StepGenerator> inference_plan(const WorkloadGroup& g, const InferenceParams& p);

}  // namespace wf
