#include "sim/windowed_steps.hpp"

#include <algorithm>
#include <utility>

#include "sim/error.hpp"

namespace wf {

WindowedSteps::WindowedSteps(StepSeries whole, Time t0) : win_(std::move(whole)), pos_(t0) {
  place_cursor();
}

// The window is trimmed once it holds twice what it kept last time, at least min_held
// breakpoints: trimming costs a copy of what is kept, so it happens rarely.
WindowedSteps::WindowedSteps(std::unique_ptr<StepGenerator> gen, Time mean_step, Time t0,
                             std::size_t min_held)
    : gen_(std::move(gen)),
      pos_(t0),
      mean_step_(mean_step),
      min_held_(min_held),
      trim_at_(min_held) {
  WF_ASSERT(gen_ && mean_step > Time::zero());
  restart();
  origin_ = win_.start();
}

void WindowedSteps::reset(StepSeries whole, Time t0) {
  gen_.reset();
  win_ = std::move(whole);
  pending_ = trimmed_ = false;
  sink_ = nullptr;
  told_ = 0;
  pos_ = t0;
  place_cursor();
}

void WindowedSteps::hold_from(Time t, double v, Time end) {
  WF_ASSERT(!gen_ && !win_.repeat_);
  const std::size_t keep = win_.t_.lower_index(t);
  win_.t_.truncate(keep);
  win_.v_.resize(keep);
  win_.t_.push_back(t);
  win_.v_.push_back(v);
  win_.end_ = std::max(win_.end_, end);
  WF_ASSERT(win_.end_ > t);
  pos_ = t;
  place_cursor();
}

void WindowedSteps::restart() const {
  gen_->rewind();
  Time t;
  double v = 0;
  const bool any = gen_->next(t, v);
  WF_ASSERT(any);  // a series has a first breakpoint
  win_.t_.clear();
  win_.t_.push_back(t);
  win_.v_.assign(1, v);
  win_.repeat_ = false;
  pending_ = gen_->next(pending_t_, pending_v_);
  win_.end_ = pending_ ? pending_t_ : gen_->end();
  WF_ASSERT(win_.end_ > t);
  place_cursor();
  cover(pos_ + Time::us(1));  // the sweep's position stays inside the window
}

void WindowedSteps::cover(Time b) const {
  if (!pending_ || pending_t_ >= b) return;
  while (pending_ && pending_t_ < b) {
    win_.t_.push_back(pending_t_);
    win_.v_.push_back(pending_v_);
    pending_ = gen_->next(pending_t_, pending_v_);
  }
  win_.end_ = pending_ ? pending_t_ : gen_->end();
  cursor_.grown_to(pos_);  // appended: the cursor's segment stands, no search
}

void WindowedSteps::reach_back(Time a) const {
  if (!trimmed_ || a >= win_.start()) return;
  restart();  // the window is trimmed again as the run moves on
  trimmed_ = false;
}

Time WindowedSteps::next_change() const {
  const Time c = cursor_.next_change();
  return c.is_never() && pending_ ? pending_t_ : c;
}

void WindowedSteps::advance_to(Time t) {
  pos_ = t;
  cover(t + Time::us(1));
  cursor_.advance_to(t);
  if (gen_ && win_.size() > trim_at_) trim();
}

void WindowedSteps::trim() {
  const Time upto = std::min(pos_, keep_from_);
  if (upto <= origin_) return;
  // Back to the last boundary of the means' grid: what lies before it is told.
  const Time d = origin_ + mean_step_ * ((upto - origin_) / mean_step_);
  for (;; ++told_) {
    const Time a = origin_ + mean_step_ * static_cast<std::int64_t>(told_);
    if (a + mean_step_ > d) break;
    if (sink_) sink_(win_.mean(a, a + mean_step_));
  }
  // The window starts at the segment holding d (index 0 when d is before the first).
  const std::size_t above = win_.t_.upper_index(d);
  if (above > 1) {
    const std::size_t n = above - 1;
    win_.t_.erase_front(n);
    win_.v_.erase(win_.v_.begin(), win_.v_.begin() + static_cast<std::ptrdiff_t>(n));
    trimmed_ = true;
    place_cursor();
  }
  trim_at_ = std::max(min_held_, 2 * win_.size());
}

double WindowedSteps::value_at(Time t) const {
  if (gen_) reach_back(t), cover(t + Time::us(1));
  return win_.value_at(t);
}

double WindowedSteps::mean(Time a, Time b) const {
  if (gen_) reach_back(a), cover(b);
  return win_.mean(a, b);
}

double WindowedSteps::max(Time a, Time b) const {
  if (gen_) reach_back(a), cover(b);
  return win_.max(a, b);
}

bool WindowedSteps::varies() const {
  if (trimmed_) return true;  // trimming needs many breakpoints
  while (win_.size() < 2 && pending_) cover(pending_t_ + Time::us(1));
  return win_.size() > 1;
}

StepSeries WindowedSteps::whole() const {
  if (gen_) reach_back(win_.start() - Time::us(1)), cover(Time::never());
  return win_;
}

StepSeries drain(StepGenerator& gen) {
  gen.rewind();
  std::vector<Time> t;
  std::vector<double> v;
  Time at;
  double w = 0;
  while (gen.next(at, w)) t.push_back(at), v.push_back(w);
  WF_ASSERT(!t.empty());
  return StepSeries(std::move(t), std::move(v), gen.end());
}

}  // namespace wf
