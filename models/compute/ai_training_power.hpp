#pragma once
// The power of an AI-training group made as the run reaches it. Each job's compute
// cycles come from the job's own random stream, so a job can be drawn when it starts;
// the jobs' changes are summed in the order PowerSteps sums them (by instant, then by
// job, then in the order the job makes them), so the series equals the one built whole,
// bit for bit, while memory holds only the running jobs.
#include <array>
#include <cstddef>
#include <memory>
#include <utility>
#include <vector>

#include "models/compute/scheduler.hpp"
#include "models/compute/workload.hpp"
#include "sim/random.hpp"
#include "sim/windowed_steps.hpp"

namespace wf {

/// One job's power changes (instant, W over the parked nodes) in time order; changes at
/// one instant in the order the job makes them (its wake and ramps first, then cycles).
class AiJobChanges {
 public:
  /// `index`: the job's place in the schedule, which picks its random stream.
  AiJobChanges(const WorkloadGroup& g, const AiTrainingParams& p, const ScheduledJob& j,
               std::size_t index);
  bool done() const;
  /// Instant of the next change (requires !done()).
  Time next() const;
  std::pair<Time, double> pop();

 private:
  using Change = std::pair<Time, double>;
  std::vector<Change> fixed_;  ///< wake and ramps, stable-sorted by instant
  std::size_t fixed_at_ = 0;
  std::array<Change, 4> cycle_{};  ///< changes of the cycle being handed out
  std::size_t cycle_at_ = 0, cycle_n_ = 0;
  // The cycle loop's state (as a running job walks through it).
  Rng rng_;
  double period_, duty_, jitter_;
  double high_w_, low_w_, ckpt_w_;  ///< W over parked per node at u_high, u_low, u_checkpoint
  int nodes_;
  Time t_, stop_, end_, next_ckpt_, ckpt_interval_, ckpt_duration_;

  void put(std::vector<Change>& out, Time a, Time b, double w) const;
  void put_cycle(Time a, Time b, double w);
  void refill();  // the next cycle's (or checkpoint's) changes, when the current are used
};

/// The group's power over [g.start, g.end) for the scheduled `jobs` (a generator for
/// WindowedSteps); jobs outside the window are skipped but keep their index. Jobs are
/// read as the series reaches them: memory holds the running ones.
std::unique_ptr<StepGenerator> ai_training_power(const WorkloadGroup& g, const AiTrainingParams& p,
                                                 std::unique_ptr<JobSource> jobs);
/// The same for a schedule given whole (in start order).
std::unique_ptr<StepGenerator> ai_training_power(const WorkloadGroup& g, const AiTrainingParams& p,
                                                 std::vector<ScheduledJob> jobs);

}  // namespace wf
