#pragma once
// Job placement over a site's nodes (FIFO with EASY backfill) and the power
// bookkeeping the workload generators share: changes of power at instants,
// summed into an exact piecewise-constant series.
#include <cstddef>
#include <deque>
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "sim/time.hpp"
#include "sim/time_series.hpp"

namespace wf {

struct JobRequest {
  Time submit;    ///< when it enters the queue
  int nodes = 1;  ///< nodes it needs at once (<= site nodes)
  Time duration;  ///< run time once started (known to the scheduler: exact estimates)
};

struct ScheduledJob {
  std::size_t index;  ///< into the request list
  Time start, end;
  int nodes;
};

/// Job requests in submission order (`submit` never decreasing), each with its index.
class RequestSource {
 public:
  virtual ~RequestSource() = default;
  /// The next request; false when there are no more.
  virtual bool next(JobRequest& r, std::size_t& index) = 0;
  /// Back to the first request (the same requests follow again).
  virtual void rewind() = 0;
};

/// Scheduled jobs in start order (`start` never decreasing).
class JobSource {
 public:
  virtual ~JobSource() = default;
  /// The next job; false when there are no more.
  virtual bool next(ScheduledJob& j) = 0;
  /// Back to the first job (the same jobs follow again).
  virtual void rewind() = 0;
};

/// The jobs of a list already in start order.
class ListedJobs final : public JobSource {
 public:
  explicit ListedJobs(std::vector<ScheduledJob> jobs) : jobs_(std::move(jobs)) {}
  bool next(ScheduledJob& j) override {
    if (at_ == jobs_.size()) return false;
    j = jobs_[at_++];
    return true;
  }
  void rewind() override { at_ = 0; }

 private:
  std::vector<ScheduledJob> jobs_;
  std::size_t at_ = 0;
};

/// FIFO with EASY backfill: jobs start in submission order; when the head job does not
/// fit, later jobs may jump ahead if they do not delay the head's reserved start.
/// Made as it is read: jobs come out in start order, and memory holds the queue and
/// the running jobs, not the schedule. Jobs that would start at or after `horizon` are
/// left out. Requires 0 < nodes <= total_nodes for every job.
class FifoBackfill final : public JobSource {
 public:
  FifoBackfill(std::unique_ptr<RequestSource> requests, int total_nodes,
               Time horizon = Time::never());
  /// The next job in start order (its index is the request's); false when no more.
  bool next(ScheduledJob& j) override;
  void rewind() override;

 private:
  struct Running {
    Time end;
    int nodes;
  };
  struct Queued {
    JobRequest r;
    std::size_t index;
  };
  std::unique_ptr<RequestSource> requests_;
  int total_;
  Time horizon_;
  // The decision loop's state.
  bool have_next_ = false, started_ = false, done_ = false;
  JobRequest next_;  ///< the next submission, not yet queued
  std::size_t next_index_ = 0;
  std::vector<Running> running_;
  std::deque<Queued> queue_;
  int free_ = 0;
  Time now_;
  std::deque<ScheduledJob> out_;  ///< started at the last decision, not yet read

  void pull();    // the next submission into next_
  void decide();  // one decision instant, then on to the next one
  void start(const Queued& q);
};

/// The requests of a list (any order) by submission; ties keep their order. The list
/// must outlive the source.
std::unique_ptr<RequestSource> listed_requests(std::span<const JobRequest> jobs);

/// The whole schedule of `jobs` (any order; ties in submission keep their order), as
/// FifoBackfill makes it.
std::vector<ScheduledJob> schedule_fifo_backfill(std::span<const JobRequest> jobs, int total_nodes,
                                                 Time horizon = Time::never());

/// Power changes (instant, +/- W) turned into a series on [start, end): `base` W plus
/// the running sum of the changes. Changes outside the window are clipped; only
/// instants where the value changes become breakpoints (long steady stretches are one step).
class PowerSteps {
 public:
  /// Adds `w` watts on [a, b) (clipped to the window later).
  void add(Time a, Time b, double w);
  /// Adds one change of `w` watts at `at` (what add() makes twice).
  void change(Time at, double w) { d_.emplace_back(at, w); }
  std::size_t size() const { return d_.size(); }
  StepSeries build(double base_w, Time start, Time end);

 private:
  std::vector<std::pair<Time, double>> d_;
};

}  // namespace wf
