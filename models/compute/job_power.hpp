#pragma once
// The power a job schedule makes when every job draws a fixed power per node: first
// while its nodes wake, then while they work. Rendering's power and any schedule's plan
// (what a schedule-aware forecaster knows) are such series.
#include <memory>

#include "models/compute/scheduler.hpp"
#include "sim/windowed_steps.hpp"

namespace wf {

/// What one node of a job adds over the parked base (W): `wake_w` for the first `wake` of
/// the job, then `busy_w` to its end.
struct JobDraw {
  double busy_w = 0;
  double wake_w = 0;
  Time wake = Time::zero();
};

/// Over [start, end): `base_w` plus, for every job of `jobs`, nodes x `draw`, made as it
/// is read (a generator for WindowedSteps; memory holds the running jobs). Changes of one
/// instant are summed as PowerSteps::build sums them (job by job; per job the wake's start
/// and end, then the work's), so the series equals PowerSteps' over the whole schedule,
/// bit for bit.
std::unique_ptr<StepGenerator> job_power(Time start, Time end, double base_w, JobDraw draw,
                                         std::unique_ptr<JobSource> jobs);

/// The plan: `base_w` plus `job_w_per_node` x nodes of every job while it runs.
inline std::unique_ptr<StepGenerator> planned_power(Time start, Time end, double base_w,
                                                    double job_w_per_node,
                                                    std::unique_ptr<JobSource> jobs) {
  return job_power(start, end, base_w, {.busy_w = job_w_per_node}, std::move(jobs));
}

}  // namespace wf
