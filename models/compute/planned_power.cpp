#include "models/compute/planned_power.hpp"

#include <cmath>
#include <queue>
#include <utility>
#include <vector>

#include "models/compute/summed_changes.hpp"
#include "sim/error.hpp"

namespace wf {

namespace {

class PlannedPower final : public SummedChanges<PlannedPower> {
 public:
  PlannedPower(Time start, Time end, double base_w, double job_w, std::unique_ptr<JobSource> jobs)
      : SummedChanges(start, end, base_w), job_w_(job_w), jobs_(std::move(jobs)) {
    rewind();
  }

  void rewind() override {
    jobs_->rewind();
    changes_ = {};
    more_ = true;
    read_any_ = false;
    last_start_ = Time::zero();
    seq_ = 0;
    restart_sum();
  }

 private:
  friend class SummedChanges<PlannedPower>;
  struct Change {
    Time at;
    std::size_t seq;  ///< insertion order in PowerSteps: per job its start, then its end
    double w;
    bool operator>(const Change& o) const { return at != o.at ? at > o.at : seq > o.seq; }
  };

  double job_w_;
  std::unique_ptr<JobSource> jobs_;
  std::priority_queue<Change, std::vector<Change>, std::greater<Change>> changes_;
  bool more_ = true;  ///< jobs left in the source
  bool read_any_ = false;
  Time last_start_;  ///< start of the last job read
  std::size_t seq_ = 0;

  // The earliest change left. Jobs come in start order and end after they start, so once
  // a job read starts after the earliest change held, no job to come changes before it.
  Time next_instant() {
    while (more_ && (changes_.empty() || last_start_ <= changes_.top().at)) {
      ScheduledJob j;
      if (!(more_ = jobs_->next(j))) break;
      WF_ASSERT(!read_any_ || j.start >= last_start_);  // in start order
      read_any_ = true;
      last_start_ = j.start;
      const double w = j.nodes * job_w_;
      if (j.end <= j.start || w == 0) continue;  // as PowerSteps::add
      changes_.push({j.start, seq_++, w});
      changes_.push({j.end, seq_++, -w});
    }
    return changes_.empty() ? Time::never() : changes_.top().at;
  }

  void add_instant(Time at) {
    for (; !changes_.empty() && changes_.top().at == at; changes_.pop()) level_ += changes_.top().w;
  }
};

}  // namespace

std::unique_ptr<StepGenerator> planned_power(Time start, Time end, double base_w,
                                             double job_w_per_node,
                                             std::unique_ptr<JobSource> jobs) {
  return std::make_unique<PlannedPower>(start, end, base_w, job_w_per_node, std::move(jobs));
}

}  // namespace wf
