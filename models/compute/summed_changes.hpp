#pragma once
// A generator whose series is a base power plus changes at instants, summed as
// PowerSteps::build sums them: every change up to the start makes the first value,
// then each instant's changes together; a breakpoint only where the level moved by
// 1 uW or more, and values within 1 uW of zero are zero. The derived generator says
// which instant comes next (next_instant()) and adds that instant's changes to level_
// (add_instant()), in the order PowerSteps would; ChangeQueue holds changes in that
// order for generators that know them before their instant comes.
#include <cmath>
#include <cstddef>
#include <functional>
#include <queue>
#include <vector>

#include "sim/windowed_steps.hpp"

namespace wf {

/// Changes of power held until summed, taken in PowerSteps' order: by instant, then in
/// the order they were added.
class ChangeQueue {
 public:
  /// `w` watts on [a, b): nothing for an empty interval or no power, as PowerSteps::add.
  void add(Time a, Time b, double w) {
    if (b <= a || w == 0) return;
    q_.push({a, seq_++, w});
    q_.push({b, seq_++, -w});
  }
  /// The earliest change's instant; never() (after every instant) when none is held.
  Time next() const { return q_.empty() ? Time::never() : q_.top().at; }
  /// Adds the changes at `at` to `level` one by one, in the order they were added.
  void take(Time at, double& level) {
    for (; !q_.empty() && q_.top().at == at; q_.pop()) level += q_.top().w;
  }
  void clear() { q_ = {}, seq_ = 0; }

 private:
  struct Change {
    Time at;
    std::size_t seq;
    double w;
    bool operator>(const Change& o) const { return at != o.at ? at > o.at : seq > o.seq; }
  };
  std::priority_queue<Change, std::vector<Change>, std::greater<Change>> q_;
  std::size_t seq_ = 0;
};

template <class Derived>
class SummedChanges : public StepGenerator {
 public:
  Time end() const override { return end_; }

  bool next(Time& t, double& v) override {
    Derived& d = static_cast<Derived&>(*this);
    if (!started_) {
      started_ = true;
      for (Time at; (at = d.next_instant()) <= start_;) d.add_instant(at);
      last_ = level_;
      t = start_, v = cleaned(level_);
      return true;
    }
    for (Time at; (at = d.next_instant()) < end_;) {
      d.add_instant(at);
      // Sums of +w and -w leave rounding dust; a change below 1 uW is no change.
      if (std::abs(level_ - last_) < 1e-6) continue;
      last_ = level_;
      t = at, v = cleaned(level_);
      return true;
    }
    return false;
  }

 protected:
  SummedChanges(Time start, Time end, double base_w) : start_(start), end_(end), base_w_(base_w) {}
  /// Back to the base before the first change (for rewind()).
  void restart_sum() { level_ = base_w_, started_ = false; }
  double level_ = 0;  ///< base plus every change added so far

 private:
  Time start_, end_;
  double base_w_, last_ = 0;
  bool started_ = false;

  static double cleaned(double w) { return std::abs(w) < 1e-6 ? 0 : w; }
};

}  // namespace wf
