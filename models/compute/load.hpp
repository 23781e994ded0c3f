#pragma once
// A site load driven by a constant or a trace: the IT load of a node group, or
// an auxiliary draw. Consumption is positive.
#include <string>
#include <vector>

#include "models/compute/scheduler.hpp"
#include "sim/time_series.hpp"

namespace wf {

enum class LoadKind { it, aux };

class Load {
 public:
  /// `demand` in W; the cursor starts at `start`.
  Load(std::string id, LoadKind kind, StepSeries demand, Time start);
  Load(const Load&) = delete;
  Load& operator=(const Load&) = delete;

  const std::string& id() const { return id_; }
  LoadKind kind() const { return kind_; }
  /// Demand in force now (W).
  double demand_w() const { return cursor_.value(); }
  /// Next instant the demand changes; never() if it does not.
  Time next_change() const { return cursor_.next_change(); }
  void update(Time now) { cursor_.advance_to(now); }

  /// The whole demand series (W), for forecasts and statistics.
  const StepSeries& demand() const { return demand_; }
  /// What the job schedule alone expected (W), where a workload generator made one.
  void set_plan(StepSeries plan) { plan_ = std::move(plan); }
  const StepSeries* plan() const { return plan_.size() > 0 ? &plan_ : nullptr; }

  /// The job schedule behind a generated workload, and how often a job saves its
  /// progress (s; 0: never, a killed job loses everything since its start).
  void set_jobs(std::vector<ScheduledJob> jobs, double checkpoint_s);
  struct JobLoss {
    int jobs = 0;
    double node_hours = 0;
  };
  /// Kills the jobs running at t: each loses its work since its last checkpoint (or
  /// since it was last killed). The demand series is not changed: re-running the
  /// lost work is not added to the load.
  JobLoss kill_running_jobs(Time t);

 private:
  std::string id_;
  LoadKind kind_;
  StepSeries demand_;
  StepSeries plan_;
  StepSeries::Cursor cursor_;
  std::vector<ScheduledJob> jobs_;
  std::vector<Time> restarted_;  ///< per job: when it was last killed
  double checkpoint_s_ = 0;
};

}  // namespace wf
