#include "models/compute/scheduler.hpp"

#include <algorithm>
#include <cmath>
#include <deque>

#include "sim/error.hpp"

namespace wf {
namespace {

struct Running {
  Time end;
  int nodes;
};

// Earliest instant `need` nodes are free, and the nodes to spare then (EASY reservation).
std::pair<Time, int> reservation(std::vector<Running> running, int free, int need) {
  std::sort(running.begin(), running.end(), [](auto& a, auto& b) { return a.end < b.end; });
  for (const auto& r : running) {
    free += r.nodes;
    if (free >= need) return {r.end, free - need};
  }
  WF_ASSERT(false);  // every job fits an empty site
  return {Time::never(), 0};
}

}  // namespace

std::vector<ScheduledJob> schedule_fifo_backfill(std::span<const JobRequest> jobs, int total_nodes,
                                                 Time horizon) {
  std::vector<std::size_t> order(jobs.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](auto a, auto b) { return jobs[a].submit < jobs[b].submit; });
  std::vector<ScheduledJob> out;
  std::vector<Running> running;
  std::deque<std::size_t> queue;
  std::size_t next = 0;
  int free = total_nodes;
  Time now = order.empty() ? Time::zero() : jobs[order[0]].submit;
  auto start = [&](std::size_t j) {
    WF_ASSERT(jobs[j].nodes > 0 && jobs[j].nodes <= total_nodes);
    out.push_back({j, now, now + jobs[j].duration, jobs[j].nodes});
    running.push_back({now + jobs[j].duration, jobs[j].nodes});
    free -= jobs[j].nodes;
  };
  while ((next < order.size() || !queue.empty()) && now < horizon) {
    // Release finished jobs and admit submissions up to now.
    std::erase_if(running, [&](const Running& r) {
      if (r.end > now) return false;
      free += r.nodes;
      return true;
    });
    while (next < order.size() && jobs[order[next]].submit <= now) queue.push_back(order[next++]);
    while (!queue.empty() && jobs[queue.front()].nodes <= free) {
      start(queue.front());
      queue.pop_front();
    }
    if (!queue.empty()) {
      auto [shadow, spare] = reservation(running, free, jobs[queue.front()].nodes);
      // An overloaded site can queue thousands of jobs: stop scanning once no node is free.
      for (auto it = queue.begin() + 1; it != queue.end() && free > 0;) {
        const JobRequest& j = jobs[*it];
        const bool ends_before = now + j.duration <= shadow;
        if (j.nodes <= free && (ends_before || j.nodes <= spare)) {
          if (!ends_before) spare -= j.nodes;
          start(*it);
          it = queue.erase(it);
        } else {
          ++it;
        }
      }
    }
    // Next decision: the next submission or the next job end.
    Time t = next < order.size() ? jobs[order[next]].submit : Time::never();
    for (const auto& r : running) t = std::min(t, r.end);
    if (t.is_never()) break;
    now = t;
  }
  return out;
}

void PowerSteps::add(Time a, Time b, double w) {
  if (b <= a || w == 0) return;
  d_.emplace_back(a, w);
  d_.emplace_back(b, -w);
}

StepSeries PowerSteps::build(double base_w, Time start, Time end) {
  WF_ASSERT(end > start);
  // Stable: changes at one instant are summed in the order they were added, which a
  // generator that makes the series piece by piece can repeat (see ai_training_power).
  std::stable_sort(d_.begin(), d_.end(), [](auto& x, auto& y) { return x.first < y.first; });
  std::vector<Time> t{start};
  std::vector<double> v;
  double level = base_w;
  std::size_t i = 0;
  for (; i < d_.size() && d_[i].first <= start; ++i) level += d_[i].second;
  v.push_back(level);
  while (i < d_.size() && d_[i].first < end) {
    const Time at = d_[i].first;
    for (; i < d_.size() && d_[i].first == at; ++i) level += d_[i].second;
    // Sums of +w and -w leave rounding dust; a change below 1 uW is no change.
    if (std::abs(level - v.back()) < 1e-6) continue;
    t.push_back(at);
    v.push_back(level);
  }
  for (double& x : v)
    if (std::abs(x) < 1e-6) x = 0;
  return StepSeries(std::move(t), std::move(v), end);
}

}  // namespace wf
