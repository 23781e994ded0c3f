#pragma once
// Job placement over a site's nodes (FIFO with EASY backfill) and the power
// bookkeeping the workload generators share: changes of power at instants,
// summed into an exact piecewise-constant series.
#include <cstddef>
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

/// FIFO with EASY backfill: jobs start in submission order; when the head job does not
/// fit, later jobs may jump ahead if they do not delay the head's reserved start.
/// Result in start order; jobs that would start at or after `horizon` are left out.
/// Requires 0 < nodes <= total_nodes for every job.
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
