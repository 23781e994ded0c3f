#include "models/compute/load.hpp"

#include <algorithm>
#include <cmath>

#include "sim/error.hpp"

namespace wf {

namespace {
constexpr Time kQuarter = Time::minutes(15);
// A generated plan changes twice a job: its window is trimmed when it holds this many.
constexpr std::size_t kPlanHeld = 1024;
}  // namespace

Load::Load(std::string id, LoadKind kind, StepSeries demand, Time start)
    : id_(std::move(id)), kind_(kind), demand_(std::move(demand), start), start_(start) {}

// Quarter-hour means are told as the window moves: the forecast scores of the summary.
Load::Load(std::string id, LoadKind kind, std::unique_ptr<StepGenerator> demand, Time start)
    : id_(std::move(id)), kind_(kind), demand_(std::move(demand), kQuarter, start), start_(start) {}

// A generated plan is moved on (and trimmed) when the demand has told more of its
// means: the plan's means are asked for as the demand's are told (load_scoring.hpp),
// and nothing else reads the plan behind the position.
void Load::move_plan_on(Time now) {
  plan_told_ = demand_.means_told();
  if (!plan_->generated()) return;
  plan_->keep_from(demand_.mean_origin() +
                   demand_.mean_step() * static_cast<std::int64_t>(plan_told_));
  plan_->advance_to(now);
}

void Load::set_plan(StepSeries plan) {
  if (plan.size() == 0) return plan_.reset();
  plan_ = std::make_unique<WindowedSteps>(std::move(plan), start_);
}

void Load::set_plan(std::unique_ptr<StepGenerator> plan) {
  plan_ = std::make_unique<WindowedSteps>(std::move(plan), kQuarter, start_, kPlanHeld);
}

void Load::set_jobs(std::vector<ScheduledJob> jobs, double checkpoint_s) {
  jobs_ = std::move(jobs);
  own_jobs_ = jobs_.size();
  restarted_.assign(jobs_.size(), Time::never());
  checkpoint_s_ = checkpoint_s;
  job_source_.reset();
}

void Load::set_jobs(std::unique_ptr<JobSource> jobs, double checkpoint_s) {
  jobs_.clear();
  own_jobs_ = 0;
  restarted_.clear();
  checkpoint_s_ = checkpoint_s;
  job_source_ = std::move(jobs);
  job_source_->rewind();
  ScheduledJob j;
  next_job_.reset();
  if (job_source_->next(j)) next_job_ = j;
  killed_at_ = start_;
}

void Load::read_all_jobs() {
  if (!job_source_) return;
  std::vector<ScheduledJob> all;
  job_source_->rewind();
  for (ScheduledJob j; job_source_->next(j);) all.push_back(j);
  set_jobs(std::move(all), checkpoint_s_);
}

Load::JobLoss Load::kill_running_jobs(Time t) {
  if (job_source_) {
    // Jobs in schedule order, as the whole list: those started by t joined, those
    // ended by t (never to run again, as t does not go back) left.
    WF_ASSERT(t >= killed_at_);
    killed_at_ = t;
    for (ScheduledJob j; next_job_ && next_job_->start <= t;) {
      jobs_.push_back(*next_job_);
      restarted_.push_back(Time::never());
      next_job_.reset();
      if (job_source_->next(j)) next_job_ = j;
    }
    std::size_t kept = 0;
    for (std::size_t i = 0; i < jobs_.size(); ++i)
      if (jobs_[i].end > t) jobs_[kept] = jobs_[i], restarted_[kept++] = restarted_[i];
    jobs_.resize(kept);
    restarted_.resize(kept);
  }
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

void Load::set_live_value(Time now, double w, Time next) {
  live_next_ = next;
  if (live_ && demand_.value() == w) return;  // unchanged: no new step
  if (live_)
    demand_.hold_from(now, w, now + Time::us(1));  // in place: a long session stays O(1) a value
  else
    demand_.reset(StepSeries({now}, {w}, std::max(demand_.end(), now + Time::us(1))), now);
  plan_.reset();
  live_ = true;
}

namespace {

// The series plus the rectangles, rebuilt (steps that come out equal are merged).
StepSeries with_shifts(const StepSeries& s, const std::vector<Load::Shift>& shifts) {
  PowerSteps p;
  for (std::size_t i = 0; i < s.size(); ++i)
    p.add(s.times()[i], i + 1 < s.size() ? s.times()[i + 1] : s.end(), s.values()[i]);
  for (const auto& r : shifts) p.add(r.from, r.to, r.w);
  return p.build(0, s.start(), s.end());
}

}  // namespace

void Load::reshape(const std::vector<Shift>& shifts, std::vector<std::size_t> jobs_removed,
                   std::vector<ScheduledJob> jobs_added, Time start) {
  read_all_jobs();
  demand_.reset(with_shifts(demand_.whole(), shifts), start);
  if (plan_) plan_->reset(with_shifts(plan_->whole(), shifts), start);
  std::sort(jobs_removed.begin(), jobs_removed.end());
  std::vector<ScheduledJob> jobs;
  std::size_t own = 0;
  for (std::size_t i = 0, r = 0; i < jobs_.size(); ++i) {
    if (r < jobs_removed.size() && jobs_removed[r] == i) {
      ++r;
      continue;
    }
    jobs.push_back(jobs_[i]);
    if (i < own_jobs_) ++own;
  }
  for (auto& j : jobs_added) jobs.push_back(j);  // received jobs are not moved again
  jobs_ = std::move(jobs);
  own_jobs_ = own;
  restarted_.assign(jobs_.size(), Time::never());
}

}  // namespace wf
