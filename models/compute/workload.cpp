#include "models/compute/workload.hpp"

#include "models/compute/ai_training_power.hpp"
#include "models/compute/planned_power.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <numbers>
#include <optional>

#include "sim/error.hpp"
#include "sim/random.hpp"
#include "sim/seed.hpp"

namespace wf {
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
Time secs(double s) {
  return Time::from_seconds(s);
}
int job_nodes(const WorkloadGroup& g, double n) {
  return n <= 0 ? g.nodes : std::min(g.nodes, static_cast<int>(n));
}

// Local hour of day (0..24) at instant t.
double local_hour(const WorkloadGroup& g, Time t) {
  const Time local = g.tz.to_local(t);
  const Time day = Time::days(1);
  Time r = local % day;
  if (r < Time::zero()) r += day;
  return r.to_seconds() / 3600.0;
}

// Instant of local wall-clock `naive` (earliest reading on DST ambiguity).
Time from_local(const WorkloadGroup& g, Time naive) {
  return g.tz.resolve(naive).earliest;
}

// Local midnights (as naive times) covering [start, end).
std::pair<Time, Time> local_days(const WorkloadGroup& g) {
  const Time d = Time::days(1);
  Time first = g.tz.to_local(g.start);
  first = first - ((first % d) + d) % d - d;
  return {first, g.tz.to_local(g.end) + d};
}

// Planned power: parked base plus each job's nodes at their mean running power.
StepSeries planned(const WorkloadGroup& g, const std::vector<ScheduledJob>& jobs, double node_w) {
  auto gen = planned_power(g.start, g.end, base_w(g), node_w - parked_w(g),
                           std::make_unique<ListedJobs>(jobs));
  return drain(*gen);
}

// Submissions over [from, to): exponential gaps, each kept with probability weight(t)
// in [0, 1], read one at a time.
class Arrivals {
 public:
  Arrivals(Rng rng, Time from, Time to, double mean_gap_s)
      : rng_(rng), to_(to), gap_(mean_gap_s), t_(from + secs(rng_.exponential(gap_))) {}
  template <class W>
  bool next(Time& t, W weight) {
    while (t_ < to_) {
      const Time at = t_;
      const bool keep = rng_.uniform() < weight(at);
      t_ += secs(rng_.exponential(gap_));
      if (keep) return t = at, true;
    }
    return false;
  }
  const Rng& rng() const { return rng_; }

 private:
  Rng rng_;
  Time to_;
  double gap_;
  Time t_;
};

// All submissions at once, drawn from `rng` (left where the draws end).
template <class W>
std::vector<Time> arrivals(Rng& rng, Time from, Time to, double mean_gap_s, W weight) {
  Arrivals a(rng, from, to, mean_gap_s);
  std::vector<Time> out;
  for (Time t; a.next(t, weight);) out.push_back(t);
  rng = a.rng();
  return out;
}

// What each submission is (its length, size) is drawn from a stream of its own, so the
// first year of a run is the same whatever the run's length.
Rng marks(const WorkloadGroup& g) {
  return Rng(derive_seed(g.seed, "workload/marks"));
}

}  // namespace

double ai_training_node_mean_w(const NodeSpec& n, const AiTrainingParams& p) {
  const double cycle = p.duty * ac(n, p.u_high) + (1 - p.duty) * ac(n, p.u_low);
  if (p.checkpoint_interval <= 0) return cycle;
  const double f = std::min(1.0, p.checkpoint_duration / p.checkpoint_interval);
  return (1 - f) * cycle + f * ac(n, p.u_checkpoint);
}

namespace {

// An AI-training group's job requests, drawn as they are read: submissions from the
// group's seed, each job's length from its own stream (marks()). Jobs submitted up to a
// mean job length before the window keep the site busy from its start.
class AiTrainingRequests final : public RequestSource {
 public:
  AiTrainingRequests(const WorkloadGroup& g, const AiTrainingParams& p)
      : g_(g),
        job_duration_(p.job_duration),
        job_interval_(p.job_interval),
        nodes_(job_nodes(g, p.job_nodes)),
        wake_(node_wake_time(g.node, g.parked)) {
    rewind();
  }
  bool next(JobRequest& r, std::size_t& index) override {
    Time t;
    if (!arrivals_->next(t, [](Time) { return 1.0; })) return false;
    r = {t, nodes_, wake_ + secs(std::max(600.0, length_->exponential(job_duration_)))};
    index = read_++;
    return true;
  }
  void rewind() override {
    arrivals_.emplace(Rng(g_.seed), g_.start - secs(job_duration_), g_.end, job_interval_);
    length_.emplace(marks(g_));
    read_ = 0;
  }

 private:
  WorkloadGroup g_;
  double job_duration_, job_interval_;
  int nodes_;
  Time wake_;
  std::optional<Arrivals> arrivals_;
  std::optional<Rng> length_;
  std::size_t read_ = 0;
};

}  // namespace

Workload generate_ai_training(const WorkloadGroup& g, const AiTrainingParams& p, bool lazy) {
  Workload w;
  auto schedule = [g, p]() -> std::unique_ptr<JobSource> {
    return std::make_unique<FifoBackfill>(std::make_unique<AiTrainingRequests>(g, p), g.nodes,
                                          g.end);
  };
  const double node_w = ai_training_node_mean_w(g.node, p);
  if (lazy) {
    // Three readers of the same schedule, each at its own pace: the power, the plan and
    // the load's list of running jobs.
    w.source = ai_training_power(g, p, schedule());
    w.planned_source = planned_power(g.start, g.end, base_w(g), node_w - parked_w(g), schedule());
    w.job_source = schedule;
    return w;
  }
  AiTrainingRequests requests(g, p);
  JobRequest r;
  for (std::size_t i; requests.next(r, i);) w.requests.push_back(r);
  w.jobs = schedule_fifo_backfill(w.requests, g.nodes, g.end);
  w.power = drain(*ai_training_power(g, p, w.jobs));
  w.planned = planned(g, w.jobs, node_w);
  return w;
}

Workload generate_rendering(const WorkloadGroup& g, const RenderingParams& p) {
  Rng rng(g.seed);
  Workload w;
  const int k = job_nodes(g, p.job_nodes);
  const Time wake = node_wake_time(g.node, g.parked);
  auto weight = [&](Time t) {
    const double h = local_hour(g, t);
    return (1 + p.peak_share * std::cos(2 * std::numbers::pi * (h - p.peak_hour) / 24)) /
           (1 + p.peak_share);
  };
  // Thinning keeps jobs_per_day as the daily mean: the weight averages 1 / (1 + share).
  const double gap = 86400.0 / (p.jobs_per_day * (1 + p.peak_share));
  Rng size = marks(g);
  for (Time t : arrivals(rng, g.start - Time::days(1), g.end, gap, weight)) {
    const double frames = std::max(1.0, std::round(size.exponential(p.frames_per_job)));
    const int nodes = static_cast<int>(std::min<double>(k, frames));
    const double waves = std::ceil(frames / nodes);
    w.requests.push_back({t, nodes, wake + secs(waves * p.frame_time)});
  }
  w.jobs = schedule_fifo_backfill(w.requests, g.nodes, g.end);
  PowerSteps s;
  for (const auto& j : w.jobs) {
    s.add(j.start, j.start + wake, j.nodes * (ac(g.node, 0) - parked_w(g)));
    s.add(j.start + wake, j.end, j.nodes * (ac(g.node, p.u_busy) - parked_w(g)));
  }
  w.power = s.build(base_w(g), g.start, g.end);
  w.planned = planned(g, w.jobs, ac(g.node, p.u_busy));
  for (const auto& j : w.jobs)
    w.job_busy_w.push_back(j.nodes * (ac(g.node, p.u_busy) - parked_w(g)));
  w.wake_w_per_node = ac(g.node, 0) - parked_w(g);
  w.wake = wake;
  return w;
}

Workload generate_finance(const WorkloadGroup& g, const FinanceParams& p) {
  Rng rng(g.seed);
  Workload w;
  PowerSteps s;
  const double idle = parked_w(g);
  auto [day, last] = local_days(g);
  for (; day < last; day += Time::days(1)) {
    const std::int64_t days = day / Time::days(1);
    const std::int64_t weekday = ((days + 3) % 7 + 7) % 7;  // 1970-01-01 was a Thursday
    if (weekday >= 5) continue;
    for (double t = p.market_open; t < p.market_close; t += p.step) {
      const double u = p.u_market * (1 + p.market_variation * rng.uniform(-1, 1));
      const Time a = from_local(g, day + secs(t));
      const Time b = from_local(g, day + secs(std::min(t + p.step, p.market_close)));
      s.add(a, b, g.nodes * (ac(g.node, u) - idle));
    }
    const double dur = p.batch_duration * (1 + p.batch_jitter * rng.uniform(-1, 1));
    const Time a = from_local(g, day + secs(p.batch_start));
    s.add(a, a + secs(dur), g.nodes * (ac(g.node, p.u_batch) - idle));
  }
  w.power = s.build(base_w(g), g.start, g.end);
  w.planned = w.power;  // the market calendar is known in advance
  return w;
}

Workload generate_inference(const WorkloadGroup& g, const InferenceParams& p) {
  Rng rng(g.seed);
  const Time step = secs(p.step);
  // Utilisation changes: the daily shape at each step start, bursts at their own instants.
  std::vector<std::pair<Time, double>> shape, bursts;
  for (Time t = g.start; t < g.end; t += step) {
    const double h = local_hour(g, t + step / 2);
    shape.emplace_back(
        t,
        p.u_base + p.amplitude * (1 + std::cos(2 * std::numbers::pi * (h - p.peak_hour) / 24)) / 2);
  }
  Rng length = marks(g);
  for (Time t :
       arrivals(rng, g.start, g.end, 86400.0 / p.bursts_per_day, [](Time) { return 1.0; })) {
    bursts.emplace_back(t, p.u_burst);
    bursts.emplace_back(t + secs(length.exponential(p.burst_duration)), -p.u_burst);
  }
  std::sort(bursts.begin(), bursts.end());
  std::vector<Time> t;
  std::vector<double> v, plan;
  double extra = 0;
  std::size_t b = 0;
  for (std::size_t i = 0; i < shape.size(); ++i) {
    const Time step_end = i + 1 < shape.size() ? shape[i + 1].first : g.end;
    auto put = [&](Time at) {
      const double w = g.nodes * ac(g.node, std::min(1.0, shape[i].second + std::max(0.0, extra)));
      if (v.empty() || w != v.back()) {
        t.push_back(at);
        v.push_back(w);
      }
    };
    for (; b < bursts.size() && bursts[b].first <= shape[i].first; ++b) extra += bursts[b].second;
    put(shape[i].first);
    while (b < bursts.size() && bursts[b].first < step_end) {
      const Time at = bursts[b].first;
      for (; b < bursts.size() && bursts[b].first == at; ++b) extra += bursts[b].second;
      put(at);
    }
    plan.push_back(g.nodes * ac(g.node, std::min(1.0, shape[i].second)));
  }
  std::vector<Time> pt;
  for (const auto& s : shape) pt.push_back(s.first);
  Workload w;
  w.power = StepSeries(std::move(t), std::move(v), g.end);
  w.planned = StepSeries(std::move(pt), std::move(plan), g.end);
  return w;
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
