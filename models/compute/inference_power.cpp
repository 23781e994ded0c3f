#include "models/compute/inference_power.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <optional>
#include <queue>
#include <vector>

#include "models/compute/group_clock.hpp"
#include "sim/random.hpp"

namespace wf {

using namespace group_clock;

namespace {

class InferencePower final : public StepGenerator {
 public:
  InferencePower(const WorkloadGroup& g, const InferenceParams& p, bool bursts)
      : g_(g), p_(p), step_(secs(p.step)), bursts_(bursts) {
    rewind();
  }

  Time end() const override { return g_.end; }

  void rewind() override {
    step_start_ = g_.start;
    out_.clear();
    out_at_ = 0;
    have_last_ = false;
    extra_ = 0;
    events_ = {};
    if (!bursts_) return;
    arrivals_.emplace(Rng(g_.seed), g_.start, g_.end, 86400.0 / p_.bursts_per_day);
    length_.emplace(marks(g_));
    pending_ = pull();
  }

  bool next(Time& t, double& v) override {
    while (out_at_ == out_.size()) {
      if (step_start_ >= g_.end) return false;
      out_.clear();
      out_at_ = 0;
      make_step();
    }
    t = out_[out_at_].first, v = out_[out_at_].second;
    ++out_at_;
    return true;
  }

 private:
  // Burst changes (instant, utilisation), taken smallest first: the order of the sorted list.
  using Event = std::pair<Time, double>;
  WorkloadGroup g_;
  InferenceParams p_;
  Time step_;
  bool bursts_;
  Time step_start_;
  std::vector<std::pair<Time, double>> out_;  ///< breakpoints of the current step
  std::size_t out_at_ = 0;
  bool have_last_ = false;
  double last_ = 0, extra_ = 0;
  std::optional<Arrivals> arrivals_;
  std::optional<Rng> length_;
  std::optional<Time> pending_;  ///< the next burst's start, not yet an event
  std::priority_queue<Event, std::vector<Event>, std::greater<Event>> events_;

  std::optional<Time> pull() {
    Time t;
    if (!arrivals_->next(t)) return std::nullopt;
    return t;
  }

  double node_w(double u) const {
    return g_.nodes * node_ac_power_w(g_.node, NodeState::active, std::min(1.0, u));
  }

  void put(Time at, double w) {
    if (have_last_ && w == last_) return;
    have_last_ = true, last_ = w;
    out_.emplace_back(at, w);
  }

  // One step of the daily shape: its value, then every burst change inside it.
  void make_step() {
    const Time s = step_start_;
    const Time step_end = s + step_ < g_.end ? s + step_ : g_.end;
    step_start_ = s + step_;
    const double h = local_hour(g_, s + step_ / 2);
    const double shape =
        p_.u_base +
        p_.amplitude * (1 + std::cos(2 * std::numbers::pi * (h - p_.peak_hour) / 24)) / 2;
    if (!bursts_) {
      out_.emplace_back(s, node_w(shape));
      return;
    }
    // Every change before step_end is known once the next burst starts at or after it
    // (a burst ends after it starts).
    for (; pending_ && *pending_ < step_end; pending_ = pull()) {
      events_.emplace(*pending_, p_.u_burst);
      events_.emplace(*pending_ + secs(length_->exponential(p_.burst_duration)), -p_.u_burst);
    }
    for (; !events_.empty() && events_.top().first <= s; events_.pop())
      extra_ += events_.top().second;
    put(s, node_w(shape + std::max(0.0, extra_)));
    while (!events_.empty() && events_.top().first < step_end) {
      const Time at = events_.top().first;
      for (; !events_.empty() && events_.top().first == at; events_.pop())
        extra_ += events_.top().second;
      put(at, node_w(shape + std::max(0.0, extra_)));
    }
  }
};

}  // namespace

std::unique_ptr<StepGenerator> inference_power(const WorkloadGroup& g, const InferenceParams& p) {
  return std::make_unique<InferencePower>(g, p, true);
}

std::unique_ptr<StepGenerator> inference_plan(const WorkloadGroup& g, const InferenceParams& p) {
  return std::make_unique<InferencePower>(g, p, false);
}

}  // namespace wf
