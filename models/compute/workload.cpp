#include "models/compute/workload.hpp"

#include "models/compute/ai_training_power.hpp"
#include "models/compute/finance_power.hpp"
#include "models/compute/group_clock.hpp"
#include "models/compute/inference_power.hpp"
#include "models/compute/job_power.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <numbers>
#include <optional>

#include "sim/error.hpp"
#include "sim/random.hpp"

namespace wf {

using namespace group_clock;

namespace {

double ac(const NodeSpec& n, double u) {
  return node_ac_power_w(n, NodeState::active, u);
}
double parked_w(const WorkloadGroup& g) {
  return node_ac_power_w(g.node, g.parked);
}
double base_w(const WorkloadGroup& g) {
  return g.nodes * parked_w(g);
}
int job_nodes(const WorkloadGroup& g, double n) {
  return n <= 0 ? g.nodes : std::min(g.nodes, static_cast<int>(n));
}

// A FIFO/backfill schedule of `Requests` and its three readers, each at its own pace:
// the group's power (`power` makes it from the jobs), the plan (the parked base plus each
// job's nodes at `node_w`) and the load's list of running jobs. `lazy`: made as the run
// reads them; otherwise whole.
template <class Requests, class Params, class Power>
void schedule_jobs(Workload& w, const WorkloadGroup& g, const Params& p, double node_w, bool lazy,
                   Power power) {
  auto schedule = [g, p]() -> std::unique_ptr<JobSource> {
    return std::make_unique<FifoBackfill>(std::make_unique<Requests>(g, p), g.nodes, g.end);
  };
  const double job_w = node_w - parked_w(g);
  if (lazy) {
    w.source = power(schedule());
    w.planned_source = planned_power(g.start, g.end, base_w(g), job_w, schedule());
    w.job_source = schedule;
    return;
  }
  Requests requests(g, p);
  JobRequest r;
  for (std::size_t i; requests.next(r, i);) w.requests.push_back(r);
  w.jobs = schedule_fifo_backfill(w.requests, g.nodes, g.end);
  w.power = drain(*power(std::make_unique<ListedJobs>(w.jobs)));
  w.planned =
      drain(*planned_power(g.start, g.end, base_w(g), job_w, std::make_unique<ListedJobs>(w.jobs)));
}

}  // namespace

double ai_training_node_mean_w(const NodeSpec& n, const AiTrainingParams& p) {
  const double cycle = p.duty * ac(n, p.u_high) + (1 - p.duty) * ac(n, p.u_low);
  if (p.checkpoint_interval <= 0) return cycle;
  const double f = std::min(1.0, p.checkpoint_duration / p.checkpoint_interval);
  return (1 - f) * cycle + f * ac(n, p.u_checkpoint);
}

namespace {

// What the drawn request sources share: submissions from the group's seed, each job's
// size from its own stream (marks()), read in order.
class DrawnRequests : public RequestSource {
 protected:
  explicit DrawnRequests(const WorkloadGroup& g) : g_(g), wake_(node_wake_time(g.node, g.parked)) {}
  // Submissions from `from` to the group's end, `gap` seconds apart on average.
  void restart(Time from, double gap) {
    arrivals_.emplace(Rng(g_.seed), from, g_.end, gap);
    marks_.emplace(marks(g_));
    read_ = 0;
  }
  bool hand_out(JobRequest& r, std::size_t& index, const JobRequest& drawn) {
    r = drawn;
    index = read_++;
    return true;
  }

  WorkloadGroup g_;
  Time wake_;
  std::optional<Arrivals> arrivals_;
  std::optional<Rng> marks_;

 private:
  std::size_t read_ = 0;
};

// An AI-training group's job requests, drawn as they are read. Jobs submitted up to a
// mean job length before the window keep the site busy from its start.
class AiTrainingRequests final : public DrawnRequests {
 public:
  AiTrainingRequests(const WorkloadGroup& g, const AiTrainingParams& p)
      : DrawnRequests(g),
        job_duration_(p.job_duration),
        job_interval_(p.job_interval),
        nodes_(job_nodes(g, p.job_nodes)) {
    rewind();
  }
  bool next(JobRequest& r, std::size_t& index) override {
    Time t;
    if (!arrivals_->next(t)) return false;
    return hand_out(r, index,
                    {t, nodes_, wake_ + secs(std::max(600.0, marks_->exponential(job_duration_)))});
  }
  void rewind() override { restart(g_.start - secs(job_duration_), job_interval_); }

 private:
  double job_duration_, job_interval_;
  int nodes_;
};

}  // namespace

Workload generate_ai_training(const WorkloadGroup& g, const AiTrainingParams& p, bool lazy) {
  Workload w;
  schedule_jobs<AiTrainingRequests>(
      w, g, p, ai_training_node_mean_w(g.node, p), lazy,
      [&](std::unique_ptr<JobSource> jobs) { return ai_training_power(g, p, std::move(jobs)); });
  return w;
}

namespace {

// A rendering group's job requests, drawn as they are read: submissions thinned to the
// daily rhythm. Jobs submitted up to a day before the window keep the farm busy from its
// start.
class RenderingRequests final : public DrawnRequests {
 public:
  RenderingRequests(const WorkloadGroup& g, const RenderingParams& p)
      : DrawnRequests(g), p_(p), k_(job_nodes(g, p.job_nodes)) {
    rewind();
  }
  bool next(JobRequest& r, std::size_t& index) override {
    Time t;
    auto weight = [this](Time at) {
      const double h = local_hour(g_, at);
      return (1 + p_.peak_share * std::cos(2 * std::numbers::pi * (h - p_.peak_hour) / 24)) /
             (1 + p_.peak_share);
    };
    if (!arrivals_->next(t, weight)) return false;
    const double frames = std::max(1.0, std::round(marks_->exponential(p_.frames_per_job)));
    const int nodes = static_cast<int>(std::min<double>(k_, frames));
    const double waves = std::ceil(frames / nodes);
    return hand_out(r, index, {t, nodes, wake_ + secs(waves * p_.frame_time)});
  }
  void rewind() override {
    // Thinning keeps jobs_per_day as the daily mean: the weight averages 1 / (1 + share).
    restart(g_.start - Time::days(1), 86400.0 / (p_.jobs_per_day * (1 + p_.peak_share)));
  }

 private:
  RenderingParams p_;
  int k_;
};

}  // namespace

Workload generate_rendering(const WorkloadGroup& g, const RenderingParams& p, bool lazy) {
  Workload w;
  w.deferrable = true;
  w.wake = node_wake_time(g.node, g.parked);
  w.wake_w_per_node = ac(g.node, 0) - parked_w(g);
  w.busy_w_per_node = ac(g.node, p.u_busy) - parked_w(g);
  const JobDraw draw{.busy_w = w.busy_w_per_node, .wake_w = w.wake_w_per_node, .wake = w.wake};
  schedule_jobs<RenderingRequests>(
      w, g, p, ac(g.node, p.u_busy), lazy, [&](std::unique_ptr<JobSource> jobs) {
        return job_power(g.start, g.end, base_w(g), draw, std::move(jobs));
      });
  return w;
}

namespace {

// A workload without jobs: its power and its plan, each a generator made as the run
// reaches it (lazy) or drained into a series now.
template <class MakePower, class MakePlan>
Workload jobless(bool lazy, MakePower power, MakePlan plan) {
  Workload w;
  if (lazy) {
    w.source = power();
    w.planned_source = plan();
  } else {
    w.power = drain(*power());
    w.planned = drain(*plan());
  }
  return w;
}

}  // namespace

Workload generate_finance(const WorkloadGroup& g, const FinanceParams& p, bool lazy) {
  // The market calendar is known in advance: the plan is the power.
  auto power = [&] { return finance_power(g, p); };
  return jobless(lazy, power, power);
}

Workload generate_inference(const WorkloadGroup& g, const InferenceParams& p, bool lazy) {
  return jobless(
      lazy, [&] { return inference_power(g, p); }, [&] { return inference_plan(g, p); });
}

WorkloadStats measure(const StepSeries& s, Time a, Time b, Time dt) {
  WF_ASSERT(b > a && dt > Time::zero());
  WorkloadStats st;
  st.mean_w = s.mean(a, b);
  const std::size_t n = static_cast<std::size_t>((b - a) / dt);
  std::vector<double> x(n);
  for (std::size_t i = 0; i < n; ++i) x[i] = s.mean(a + dt * i, a + dt * (i + 1));
  const auto [lo, hi] = std::minmax_element(x.begin(), x.end());
  const double mid = (*lo + *hi) / 2;
  // Duty: exact share of time above the midpoint, over the breakpoints.
  auto c = s.cursor(a);
  Time above = Time::zero();
  for (Time t = a; t < b;) {
    const Time next = std::min(c.next_change(), b);
    if (c.value() > mid) above += next - t;
    t = next;
    c.advance_to(t);
  }
  st.duty = above.to_seconds() / (b - a).to_seconds();
  // Direct DFT of the de-meaned samples; the strongest bin gives the period.
  double m = 0;
  for (double v : x) m += v / static_cast<double>(n);
  double best = -1;
  for (std::size_t k = 1; k <= n / 2; ++k) {
    // Rotate a unit phasor instead of calling sin/cos per sample.
    const std::complex<double> step =
        std::polar(1.0, -2 * std::numbers::pi * static_cast<double>(k) / static_cast<double>(n));
    std::complex<double> acc = 0, z = 1;
    for (std::size_t i = 0; i < n; ++i, z *= step) acc += (x[i] - m) * z;
    if (std::abs(acc) > best) {
      best = std::abs(acc);
      st.period_s = (b - a).to_seconds() / static_cast<double>(k);
    }
  }
  return st;
}

}  // namespace wf
