#include "models/compute/scheduler.hpp"

#include <algorithm>
#include <cmath>
#include <deque>

#include "sim/error.hpp"

namespace wf {
namespace {

// Earliest instant `need` nodes are free, and the nodes to spare then (EASY reservation).
template <class R>
std::pair<Time, int> reservation(std::vector<R> running, int free, int need) {
  std::sort(running.begin(), running.end(), [](auto& a, auto& b) { return a.end < b.end; });
  for (const auto& r : running) {
    free += r.nodes;
    if (free >= need) return {r.end, free - need};
  }
  WF_ASSERT(false);  // every job fits an empty site
  return {Time::never(), 0};
}

// Requests of a list, by submission (stable: equal times keep their order).
class ListedRequests final : public RequestSource {
 public:
  explicit ListedRequests(std::span<const JobRequest> jobs) : jobs_(jobs), order_(jobs.size()) {
    for (std::size_t i = 0; i < order_.size(); ++i) order_[i] = i;
    std::stable_sort(order_.begin(), order_.end(),
                     [&](auto a, auto b) { return jobs_[a].submit < jobs_[b].submit; });
  }
  bool next(JobRequest& r, std::size_t& index) override {
    if (at_ == order_.size()) return false;
    index = order_[at_++];
    r = jobs_[index];
    return true;
  }
  void rewind() override { at_ = 0; }

 private:
  std::span<const JobRequest> jobs_;
  std::vector<std::size_t> order_;
  std::size_t at_ = 0;
};

}  // namespace

FifoBackfill::FifoBackfill(std::unique_ptr<RequestSource> requests, int total_nodes, Time horizon)
    : requests_(std::move(requests)), total_(total_nodes), horizon_(horizon) {
  rewind();
}

void FifoBackfill::rewind() {
  requests_->rewind();
  running_.clear();
  queue_.clear();
  out_.clear();
  free_ = total_;
  started_ = done_ = have_next_ = false;
  pull();
  now_ = have_next_ ? next_.submit : Time::zero();
}

void FifoBackfill::pull() {
  const Time before = have_next_ ? next_.submit : Time::zero();
  const bool had = have_next_;
  have_next_ = requests_->next(next_, next_index_);
  WF_ASSERT(!have_next_ || !had || next_.submit >= before);  // in submission order
}

bool FifoBackfill::next(ScheduledJob& j) {
  while (out_.empty() && !done_) decide();
  if (out_.empty()) return false;
  j = out_.front();
  out_.pop_front();
  return true;
}

void FifoBackfill::start(const Queued& q) {
  WF_ASSERT(q.r.nodes > 0 && q.r.nodes <= total_);
  out_.push_back({q.index, now_, now_ + q.r.duration, q.r.nodes});
  running_.push_back({now_ + q.r.duration, q.r.nodes});
  free_ -= q.r.nodes;
}

void FifoBackfill::decide() {
  if (started_) {
    // Next decision: the next submission or the next job end.
    Time t = have_next_ ? next_.submit : Time::never();
    for (const auto& r : running_) t = std::min(t, r.end);
    if (t.is_never()) {
      done_ = true;
      return;
    }
    now_ = t;
  }
  started_ = true;
  if (!((have_next_ || !queue_.empty()) && now_ < horizon_)) {
    done_ = true;
    return;
  }
  // Release finished jobs and admit submissions up to now.
  std::erase_if(running_, [&](const Running& r) {
    if (r.end > now_) return false;
    free_ += r.nodes;
    return true;
  });
  while (have_next_ && next_.submit <= now_) {
    queue_.push_back({next_, next_index_});
    pull();
  }
  while (!queue_.empty() && queue_.front().r.nodes <= free_) {
    start(queue_.front());
    queue_.pop_front();
  }
  if (!queue_.empty()) {
    auto [shadow, spare] = reservation(running_, free_, queue_.front().r.nodes);
    // An overloaded site can queue thousands of jobs: stop scanning once no node is free.
    for (auto it = queue_.begin() + 1; it != queue_.end() && free_ > 0;) {
      const JobRequest& j = it->r;
      const bool ends_before = now_ + j.duration <= shadow;
      if (j.nodes <= free_ && (ends_before || j.nodes <= spare)) {
        if (!ends_before) spare -= j.nodes;
        start(*it);
        it = queue_.erase(it);
      } else {
        ++it;
      }
    }
  }
}

std::unique_ptr<RequestSource> listed_requests(std::span<const JobRequest> jobs) {
  return std::make_unique<ListedRequests>(jobs);
}

std::vector<ScheduledJob> schedule_fifo_backfill(std::span<const JobRequest> jobs, int total_nodes,
                                                 Time horizon) {
  FifoBackfill s(listed_requests(jobs), total_nodes, horizon);
  std::vector<ScheduledJob> out;
  for (ScheduledJob j; s.next(j);) out.push_back(j);
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
