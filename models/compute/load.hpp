#pragma once
// A site load driven by a constant or a trace: the IT load of a node group, or
// an auxiliary draw. Consumption is positive.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/compute/scheduler.hpp"
#include "sim/time_series.hpp"
#include "sim/windowed_steps.hpp"

namespace wf {

enum class LoadKind { it, aux };

class Load {
 public:
  /// `demand` in W; the cursor starts at `start`.
  Load(std::string id, LoadKind kind, StepSeries demand, Time start);
  /// Demand made as the run reaches it (generated workloads): memory follows the window.
  Load(std::string id, LoadKind kind, std::unique_ptr<StepGenerator> demand, Time start);
  Load(const Load&) = delete;
  Load& operator=(const Load&) = delete;

  const std::string& id() const { return id_; }
  LoadKind kind() const { return kind_; }
  /// Demand in force now (W).
  double demand_w() const { return demand_.value(); }
  /// Next instant the demand changes; never() if it does not.
  Time next_change() const {
    const Time c = demand_.next_change();
    return live_next_ > now_ && live_next_ < c ? live_next_ : c;
  }
  void update(Time now) {
    if (history_ > Time::zero()) demand_.keep_from(now - history_);
    demand_.advance_to(now);
    now_ = now;
    if (plan_ && demand_.means_told() != plan_told_) move_plan_on(now);
  }

  /// Live demand (wattfleet hil --live-load): from `now` on the demand is `w`, and the
  /// site wakes at `next` to take the following value. The series keeps what was set
  /// since the first call (forecasts and statistics see the measured load) and holds
  /// `w` beyond; the plan is dropped. Never called: the series alone, as before.
  void set_live_value(Time now, double w, Time next);

  /// Keeps `span` of the demand behind the run (a forecast reads it: yesterday's load).
  void keep_history(Time span) { history_ = span; }
  /// The demand series (W), for forecasts and statistics.
  const WindowedSteps& demand() const { return demand_; }
  /// Hands the demand's 15-minute means to `sink` as the run passes them (generated
  /// demand only; see WindowedSteps::tell_means).
  void tell_demand_means(std::function<void(double)> sink) { demand_.tell_means(std::move(sink)); }
  /// What the job schedule alone expected (W), where a workload generator made one:
  /// whole, or made as the run reaches it (kept back to the first quarter-hour whose
  /// demand mean is not yet told, for the forecast scores).
  void set_plan(StepSeries plan);
  void set_plan(std::unique_ptr<StepGenerator> plan);
  const WindowedSteps* plan() const { return plan_.get(); }

  /// The job schedule behind a generated workload, and how often a job saves its
  /// progress (s; 0: never, a killed job loses everything since its start).
  void set_jobs(std::vector<ScheduledJob> jobs, double checkpoint_s);
  /// The same schedule read as the run goes (kill_running_jobs() then requires times
  /// that never decrease; memory holds the jobs that may still be running).
  void set_jobs(std::unique_ptr<JobSource> jobs, double checkpoint_s);
  struct JobLoss {
    int jobs = 0;
    double node_hours = 0;
  };
  /// Kills the jobs running at t: each loses its work since its last checkpoint (or
  /// since it was last killed). The demand series is not changed: re-running the
  /// lost work is not added to the load.
  JobLoss kill_running_jobs(Time t);

  /// Deferrable jobs a fleet may move between sites (rendering): while busy, each node
  /// of a job adds `busy_w_per_node` over its parked power; every job first wakes its
  /// nodes for `wake` at `wake_w_per_node` each (sleeping nodes come up, then work).
  void set_job_power(double busy_w_per_node, double wake_w_per_node, Time wake) {
    deferrable_ = true;
    busy_w_per_node_ = busy_w_per_node, wake_w_per_node_ = wake_w_per_node, wake_ = wake;
  }
  bool has_deferrable_jobs() const { return deferrable_; }
  /// The schedule given whole (read as the run goes: only the jobs that may still run).
  const std::vector<ScheduledJob>& jobs() const { return jobs_; }
  /// The whole schedule, read now if it is read as the run goes (before the run: a
  /// fleet's moves). The load's own jobs come first, those received after them.
  const std::vector<ScheduledJob>& whole_schedule() {
    read_all_jobs();
    return jobs_;
  }
  /// How many of whole_schedule()'s jobs are the load's own (the deferrable ones).
  std::size_t own_jobs() const { return own_jobs_; }
  /// Power a job adds while busy (W over the parked nodes).
  double busy_w(const ScheduledJob& j) const { return j.nodes * busy_w_per_node_; }
  double wake_w_per_node() const { return wake_w_per_node_; }
  Time wake_time() const { return wake_; }
  /// Moves work before the run starts: adds `w` on each [from, to) to the demand and the
  /// plan (negative: takes a job away), and updates the job list.
  struct Shift {
    Time from, to;
    double w;
  };
  /// Received jobs are not offered again: they join the kill list but not the deferrable ones.
  void reshape(const std::vector<Shift>& shifts, std::vector<std::size_t> jobs_removed,
               std::vector<ScheduledJob> jobs_added, Time start);

 private:
  std::string id_;
  LoadKind kind_;
  WindowedSteps demand_;
  std::unique_ptr<WindowedSteps> plan_;
  std::size_t plan_told_ = 0;  ///< the demand's means told when the plan last moved on
  Time start_;
  std::vector<ScheduledJob> jobs_;
  std::vector<Time> restarted_;            ///< per job: when it was last killed
  std::unique_ptr<JobSource> job_source_;  ///< the schedule, when read as the run goes
  std::optional<ScheduledJob> next_job_;   ///< read from it, not yet started
  Time killed_at_;                         ///< the last kill_running_jobs() time
  double checkpoint_s_ = 0;
  std::size_t own_jobs_ = 0;  ///< jobs_'s first ones, not received from other sites
  bool deferrable_ = false;
  double busy_w_per_node_ = 0, wake_w_per_node_ = 0;
  Time wake_;
  Time history_ = Time::zero();           ///< demand kept behind the run
  Time now_, live_next_ = Time::never();  ///< live mode: last update, next value due
  bool live_ = false;

  void read_all_jobs();         // a schedule read as the run goes, made whole (a fleet's moves)
  void move_plan_on(Time now);  // a generated plan, as the demand's means are told
};

}  // namespace wf
