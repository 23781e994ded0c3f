#pragma once
// Seeded workload generators for the four site kinds. Each gives the node group's AC
// power over the run as an exact piecewise-constant series (breakpoints only where the
// power changes), plus the job schedule and the power the schedule alone implies (what
// a schedule-aware forecaster knows): made as the run reads them (lazy) or whole, the
// same series either way.
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "models/compute/node.hpp"
#include "models/compute/scheduler.hpp"
#include "sim/calendar.hpp"
#include "sim/time_series.hpp"
#include "sim/windowed_steps.hpp"

namespace wf {

/// The node group a generator drives and the window it covers.
struct WorkloadGroup {
  Time start, end;
  int nodes = 1;
  NodeSpec node;
  NodeState parked = NodeState::idle;  ///< state of nodes without work
  TimeZone tz = TimeZone::utc();       ///< for local-time features (market hours, daily shapes)
  std::uint64_t seed = 0;
};

struct Workload {
  StepSeries power;  ///< AC power of the group (W), unless made as the run needs it:
  std::unique_ptr<StepGenerator> source;  ///< the power as a generator (then `power` is empty)
  StepSeries planned;                     ///< expected power given only the job schedule (W)
  std::unique_ptr<StepGenerator> planned_source;  ///< `planned` as a generator (then empty)
  std::vector<JobRequest> requests;
  std::vector<ScheduledJob> jobs;  ///< empty for generators without jobs, or:
  /// the schedule made as it is read (each call a reader from the first job).
  std::function<std::unique_ptr<JobSource>()> job_source;
  bool deferrable = false;     ///< a fleet may move its jobs (rendering), drawing:
  double busy_w_per_node = 0;  ///< what a busy node adds over parked (rendering)
  double wake_w_per_node = 0;  ///< what a waking node adds (rendering)
  Time wake;                   ///< how long a job's nodes take to wake
  double checkpoint_s = 0;     ///< progress saved this often (s); 0: lost when killed
};

/// AI training (§4.3): jobs of lock-stepped nodes alternating compute (u_high) and
/// communication (u_low) phases, periodic checkpoint dips, start/stop ramps.
/// Times in s, utilisations in [0, 1].
struct AiTrainingParams {
  double job_interval = 6 * 3600.0;   ///< mean time between job submissions
  double job_duration = 2 * 86400.0;  ///< mean job run time (exponential, >= 10 min)
  double job_nodes = 0;               ///< nodes per job; 0: all
  double period = 66;                 ///< compute+sync cycle
  double duty = 0.42;                 ///< compute share of a cycle
  double period_jitter = 0.05;        ///< each cycle's period varies uniformly by +/- this share
  double u_high = 0.95, u_low = 0.30;
  double checkpoint_interval = 1800, checkpoint_duration = 60, u_checkpoint = 0;
  double ramp_time = 0;  ///< linear start/stop ramp (5 steps); 0: a step
};
/// `lazy`: the power, the plan and the schedule come as `source`, `planned_source` and
/// `job_source`, made as the run reaches them (memory holds the running jobs, not the
/// run); otherwise whole in `power`, `planned` and `jobs`. The same series either way.
Workload generate_ai_training(const WorkloadGroup& g, const AiTrainingParams& p, bool lazy = false);
/// Mean AC power per node of a running AI job (W), checkpoints included, ramps not.
double ai_training_node_mean_w(const NodeSpec& n, const AiTrainingParams& p);

/// Rendering (§4.4): jobs of frames arrive (more in the evening), each spreads over up
/// to job_nodes nodes at u_busy; FIFO with backfill over the group.
struct RenderingParams {
  double jobs_per_day = 6;
  double frames_per_job = 400;  ///< mean (exponential, >= 1)
  double frame_time = 900;      ///< s per frame on one node
  double job_nodes = 0;         ///< nodes per job at most; 0: all
  double u_busy = 0.95;
  double peak_hour = 19;    ///< local hour of most submissions
  double peak_share = 0.8;  ///< arrival rate varies by +/- this share over the day
};
/// `lazy` as for AI training.
Workload generate_rendering(const WorkloadGroup& g, const RenderingParams& p, bool lazy = false);

/// Finance analytics: market hours on weekdays (local time) at u_market, varying per
/// step, then an end-of-day batch at u_batch on all nodes. Times of day in s after midnight.
struct FinanceParams {
  double market_open = 9 * 3600.0, market_close = 17.5 * 3600.0;
  double u_market = 0.6, market_variation = 0.2, step = 900;
  double batch_start = 18 * 3600.0, batch_duration = 3 * 3600.0, batch_jitter = 0.2;
  double u_batch = 0.95;
};
Workload generate_finance(const WorkloadGroup& g, const FinanceParams& p, bool lazy = false);

/// Inference: a daily shape u = base + amplitude (1 + cos(2 pi (h - peak_hour) / 24)) / 2
/// in steps, plus bursts (Poisson, whole steps) adding u_burst; all nodes share the load.
struct InferenceParams {
  double u_base = 0.25, amplitude = 0.4, peak_hour = 14, step = 300;
  double bursts_per_day = 4, burst_duration = 600, u_burst = 0.3;
};
Workload generate_inference(const WorkloadGroup& g, const InferenceParams& p, bool lazy = false);

/// What a long run shows: mean (W), duty (share of time above the midpoint of the
/// sampled min and max), dominant period (s) from a DFT of `dt`-wide interval means.
struct WorkloadStats {
  double mean_w = 0, duty = 0, period_s = 0;
};
WorkloadStats measure(const StepSeries& s, Time a, Time b, Time dt);

}  // namespace wf
