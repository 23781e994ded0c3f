#include "models/compute/job_power.hpp"

#include <utility>

#include "models/compute/summed_changes.hpp"
#include "sim/error.hpp"

namespace wf {

namespace {

class JobPower final : public SummedChanges<JobPower> {
 public:
  JobPower(Time start, Time end, double base_w, JobDraw draw, std::unique_ptr<JobSource> jobs)
      : SummedChanges(start, end, base_w), draw_(draw), jobs_(std::move(jobs)) {
    rewind();
  }

  void rewind() override {
    jobs_->rewind();
    changes_.clear();
    more_ = true;
    read_any_ = false;
    last_start_ = Time::zero();
    restart_sum();
  }

 private:
  friend class SummedChanges<JobPower>;

  JobDraw draw_;
  std::unique_ptr<JobSource> jobs_;
  ChangeQueue changes_;
  bool more_ = true;  ///< jobs left in the source
  bool read_any_ = false;
  Time last_start_;  ///< start of the last job read

  // The earliest change left. Jobs come in start order and change nowhere before their
  // start, so once a job read starts after the earliest change held, no job to come
  // changes before it.
  Time next_instant() {
    while (more_ && last_start_ <= changes_.next()) {
      ScheduledJob j;
      if (!(more_ = jobs_->next(j))) break;
      WF_ASSERT(!read_any_ || j.start >= last_start_);  // in start order
      read_any_ = true;
      last_start_ = j.start;
      changes_.add(j.start, j.start + draw_.wake, j.nodes * draw_.wake_w);
      changes_.add(j.start + draw_.wake, j.end, j.nodes * draw_.busy_w);
    }
    return changes_.next();
  }

  void add_instant(Time at) { changes_.take(at, level_); }
};

}  // namespace

std::unique_ptr<StepGenerator> job_power(Time start, Time end, double base_w, JobDraw draw,
                                         std::unique_ptr<JobSource> jobs) {
  return std::make_unique<JobPower>(start, end, base_w, draw, std::move(jobs));
}

}  // namespace wf
