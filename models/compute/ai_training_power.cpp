#include "models/compute/ai_training_power.hpp"

#include <algorithm>
#include <cmath>
#include <queue>

#include "models/compute/summed_changes.hpp"
#include "sim/error.hpp"
#include "sim/seed.hpp"

namespace wf {

namespace {

Time secs(double s) {
  return Time::from_seconds(s);
}
double over_parked_w(const WorkloadGroup& g, double u) {
  return node_ac_power_w(g.node, NodeState::active, u) - node_ac_power_w(g.node, g.parked);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// One job

AiJobChanges::AiJobChanges(const WorkloadGroup& g, const AiTrainingParams& p, const ScheduledJob& j,
                           std::size_t index)
    : rng_(derive_seed(g.seed + index, "workload/cycles")),  // each job its own jitter
      period_(p.period),
      duty_(p.duty),
      jitter_(p.period_jitter),
      high_w_(over_parked_w(g, p.u_high)),
      low_w_(over_parked_w(g, p.u_low)),
      ckpt_w_(over_parked_w(g, p.u_checkpoint)),
      nodes_(j.nodes),
      end_(j.end) {
  const Time wake = node_wake_time(g.node, g.parked);
  const Time a = j.start + wake, b = j.end;
  // Waking nodes draw at zero utilisation.
  put(fixed_, j.start, j.start + wake, j.nodes * over_parked_w(g, 0));
  const Time ramp = secs(p.ramp_time);
  for (int k = 0; k < 5 && ramp > Time::zero(); ++k) {  // start and stop ramps
    const double u = p.u_high * (k + 0.5) / 5;
    put(fixed_, a + ramp * k / 5, std::min(a + ramp * (k + 1) / 5, b),
        nodes_ * over_parked_w(g, u));
    put(fixed_, b - ramp * (5 - k) / 5, std::min(b - ramp * (4 - k) / 5, b),
        nodes_ * over_parked_w(g, p.u_high - u));
  }
  std::stable_sort(fixed_.begin(), fixed_.end(),
                   [](const Change& x, const Change& y) { return x.first < y.first; });
  t_ = a + ramp;
  stop_ = std::min(b - ramp, g.end);  // cycles past the window are never seen
  ckpt_interval_ = secs(p.checkpoint_interval), ckpt_duration_ = secs(p.checkpoint_duration);
  next_ckpt_ = ckpt_interval_ > Time::zero() ? t_ + ckpt_interval_ : Time::never();
  refill();
}

// As PowerSteps::add: nothing for an empty interval or no power.
void AiJobChanges::put(std::vector<Change>& out, Time a, Time b, double w) const {
  if (b <= a || w == 0) return;
  out.emplace_back(a, w);
  out.emplace_back(b, -w);
}

void AiJobChanges::put_cycle(Time a, Time b, double w) {
  b = std::min(b, end_);
  if (b <= a || w == 0) return;
  cycle_[cycle_n_++] = {a, w};
  cycle_[cycle_n_++] = {b, -w};
}

// One turn of the cycle loop; turns that add nothing (zero length or power) are skipped.
// The changes come out in time order: each turn starts where the previous one ended.
void AiJobChanges::refill() {
  cycle_at_ = cycle_n_ = 0;
  while (cycle_n_ == 0 && t_ < stop_) {
    if (t_ >= next_ckpt_) {
      put_cycle(t_, std::min(t_ + ckpt_duration_, stop_), nodes_ * ckpt_w_);
      t_ += ckpt_duration_;
      next_ckpt_ += ckpt_interval_;
      continue;
    }
    const double period = period_ * (1 + jitter_ * rng_.uniform(-1, 1));
    const Time hi = std::min({t_ + secs(period * duty_), stop_, next_ckpt_});
    const Time lo = std::min({t_ + secs(period), stop_, next_ckpt_});
    put_cycle(t_, hi, nodes_ * high_w_);
    put_cycle(hi, lo, nodes_ * low_w_);
    t_ = lo;
  }
}

bool AiJobChanges::done() const {
  return fixed_at_ == fixed_.size() && cycle_at_ == cycle_n_;
}

Time AiJobChanges::next() const {
  // At one instant the wake and ramps come first: the job made them first.
  if (fixed_at_ == fixed_.size()) return cycle_[cycle_at_].first;
  if (cycle_at_ == cycle_n_) return fixed_[fixed_at_].first;
  return std::min(fixed_[fixed_at_].first, cycle_[cycle_at_].first);
}

std::pair<Time, double> AiJobChanges::pop() {
  if (fixed_at_ < fixed_.size() &&
      (cycle_at_ == cycle_n_ || fixed_[fixed_at_].first <= cycle_[cycle_at_].first))
    return fixed_[fixed_at_++];
  const Change c = cycle_[cycle_at_++];
  if (cycle_at_ == cycle_n_) refill();
  return c;
}

// ---------------------------------------------------------------------------------------------
// The group: the running jobs' changes merged by (instant, job), summed as PowerSteps::build

namespace {

class AiTrainingPower final : public SummedChanges<AiTrainingPower> {
 public:
  AiTrainingPower(const WorkloadGroup& g, const AiTrainingParams& p,
                  std::unique_ptr<JobSource> jobs)
      : SummedChanges(g.start, g.end, g.nodes * node_ac_power_w(g.node, g.parked)),
        g_(g),
        p_(p),
        ramp_(secs(p.ramp_time)),
        jobs_(std::move(jobs)) {
    rewind();
  }

  void rewind() override {
    jobs_->rewind();
    waiting_ = {};
    more_ = true;
    read_ = 0;
    last_start_ = Time::zero();
    heap_ = {};
    running_.clear();
    free_.clear();
    restart_sum();
  }

 private:
  friend class SummedChanges<AiTrainingPower>;
  struct Job {
    ScheduledJob job;
    std::size_t index;  ///< in the schedule: the order of ties between jobs, the seed
    Time first;         ///< no change before this
    bool operator>(const Job& o) const {
      return first != o.first ? first > o.first : index > o.index;
    }
  };
  struct Head {
    Time t;
    std::size_t index, slot;
    bool operator>(const Head& o) const { return t != o.t ? t > o.t : index > o.index; }
  };

  WorkloadGroup g_;
  AiTrainingParams p_;
  Time ramp_;
  std::unique_ptr<JobSource> jobs_;
  /// Jobs read but not yet running, by first possible change (then schedule order).
  std::priority_queue<Job, std::vector<Job>, std::greater<Job>> waiting_;
  bool more_ = true;                   ///< jobs left in the source
  std::size_t read_ = 0;               ///< jobs read from the source
  Time last_start_;                    ///< start of the last job read
  std::vector<AiJobChanges> running_;  ///< slots; free ones listed in free_
  std::vector<std::size_t> free_;
  std::priority_queue<Head, std::vector<Head>, std::greater<Head>> heap_;

  // Reads jobs until the earliest first change among those waiting is the earliest of
  // all: jobs come in start order and none changes before its start minus the ramp.
  void read_jobs() {
    while (may_read()) {
      ScheduledJob j;
      if (!(more_ = jobs_->next(j))) break;
      const std::size_t i = read_++;
      last_start_ = j.start;
      // The queue may reach far past the window: only what the window sees.
      if (j.end <= g_.start || j.start >= g_.end) continue;
      // No change of a job comes before this: its wake, start ramp and stop ramp.
      Time first = j.start;
      if (ramp_ > Time::zero()) first = std::min(first, j.end - ramp_);
      waiting_.push({j, i, first});
    }
  }

  // Whether a job yet to be read may change before the earliest waiting one.
  bool may_read() const {
    return more_ && (waiting_.empty() || last_start_ - ramp_ <= waiting_.top().first);
  }

  // The next instant any job changes; jobs join as time reaches their first change.
  Time next_instant() {
    if (may_read()) read_jobs();
    for (; !waiting_.empty() && (heap_.empty() || waiting_.top().first <= heap_.top().t);
         may_read() ? read_jobs() : void()) {
      const Job j = waiting_.top();
      waiting_.pop();
      AiJobChanges c(g_, p_, j.job, j.index);
      if (c.done()) continue;
      std::size_t slot;
      if (free_.empty()) {
        slot = running_.size();
        running_.push_back(std::move(c));
      } else {
        slot = free_.back();
        free_.pop_back();
        running_[slot] = std::move(c);
      }
      heap_.push({running_[slot].next(), j.index, slot});
    }
    return heap_.empty() ? Time::never() : heap_.top().t;
  }

  // Every job's changes at `at`, job by job in schedule order.
  void add_instant(Time at) {
    while (!heap_.empty() && heap_.top().t == at) {
      const Head h = heap_.top();
      heap_.pop();
      AiJobChanges& c = running_[h.slot];
      while (!c.done() && c.next() == at) level_ += c.pop().second;
      if (c.done())
        free_.push_back(h.slot);
      else
        heap_.push({c.next(), h.index, h.slot});
    }
  }
};

}  // namespace

std::unique_ptr<StepGenerator> ai_training_power(const WorkloadGroup& g, const AiTrainingParams& p,
                                                 std::unique_ptr<JobSource> jobs) {
  return std::make_unique<AiTrainingPower>(g, p, std::move(jobs));
}

std::unique_ptr<StepGenerator> ai_training_power(const WorkloadGroup& g, const AiTrainingParams& p,
                                                 std::vector<ScheduledJob> jobs) {
  return ai_training_power(g, p, std::make_unique<ListedJobs>(std::move(jobs)));
}

}  // namespace wf
