#include "models/compute/load.hpp"

#include <algorithm>
#include <cmath>

namespace wf {

Load::Load(std::string id, LoadKind kind, StepSeries demand, Time start)
    : id_(std::move(id)), kind_(kind), demand_(std::move(demand)), cursor_(demand_.cursor(start)) {}

void Load::set_jobs(std::vector<ScheduledJob> jobs, double checkpoint_s) {
  jobs_ = std::move(jobs);
  restarted_.assign(jobs_.size(), Time::never());
  checkpoint_s_ = checkpoint_s;
}

Load::JobLoss Load::kill_running_jobs(Time t) {
  JobLoss loss;
  for (std::size_t i = 0; i < jobs_.size(); ++i) {
    const ScheduledJob& j = jobs_[i];
    if (j.start > t || t >= j.end) continue;
    // Progress survives up to the last checkpoint, or the last restart if later.
    double saved_s = 0;
    const double ran_s = (t - j.start).to_seconds();
    if (checkpoint_s_ > 0) saved_s = std::floor(ran_s / checkpoint_s_) * checkpoint_s_;
    if (!restarted_[i].is_never())
      saved_s = std::max(saved_s, (restarted_[i] - j.start).to_seconds());
    if (restarted_[i] == t) continue;  // already killed at this instant
    restarted_[i] = t;
    ++loss.jobs;
    loss.node_hours += j.nodes * (ran_s - saved_s) / 3600;
  }
  return loss;
}

}  // namespace wf
