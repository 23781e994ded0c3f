#pragma once
// A piecewise-constant series made as the run needs it. A generator yields the
// breakpoints in time order; the window keeps those from the last quarter-hour
// boundary the run has passed up to what callers have asked for, so memory follows
// the look-ahead in use, not the length of the run. Every answer (value, mean, max,
// the cursor's steps) equals the whole series', bit for bit.
#include <cstddef>
#include <functional>
#include <memory>
#include <vector>

#include "sim/time.hpp"
#include "sim/time_series.hpp"

namespace wf {

/// Breakpoints of one series in strictly increasing time, the first at the series start.
class StepGenerator {
 public:
  virtual ~StepGenerator() = default;
  /// The next breakpoint; false when there are no more.
  virtual bool next(Time& t, double& v) = 0;
  /// Back to the first breakpoint (the same breakpoints follow again).
  virtual void rewind() = 0;
  /// End of the series (exclusive): the last value holds up to here.
  virtual Time end() const = 0;
};

/// Every breakpoint of a generator as one series (from its first, after a rewind).
StepSeries drain(StepGenerator& gen);

class WindowedSteps {
 public:
  /// A series known whole (traces, constants, the smaller generators), positioned at t0.
  WindowedSteps(StepSeries whole, Time t0);
  /// A generated one, positioned at t0. Means over `mean_step` intervals from the series
  /// start are told (tell_means) as the window moves past them, for statistics of the
  /// whole run.
  /// `min_held`: the window is trimmed once it holds more breakpoints than this (and
  /// twice what it kept last time).
  WindowedSteps(std::unique_ptr<StepGenerator> gen, Time mean_step, Time t0,
                std::size_t min_held = std::size_t{1} << 15);
  WindowedSteps(const WindowedSteps&) = delete;
  WindowedSteps& operator=(const WindowedSteps&) = delete;

  /// Replaces the series by `whole`, positioned at t0 (no more means are told).
  void reset(StepSeries whole, Time t0);
  /// A series known whole and not repeating: from `t` on it holds `v` (breakpoints at or
  /// after t are dropped) up to max(end(), end), positioned at t. As reset() with the
  /// series rebuilt so, in O(1) amortised plus the cursor's search.
  void hold_from(Time t, double v, Time end);

  /// Calls `sink` with the mean over [mean_origin() + mean_step() i, + mean_step()) for
  /// i = means_told(), ... in order, as the window drops them (generated series only;
  /// the rest are still in the window). Empty: none are computed.
  void tell_means(std::function<void(double)> sink) { sink_ = std::move(sink); }
  /// How many means the window has dropped (told, when a sink was set).
  std::size_t means_told() const { return told_; }
  Time mean_origin() const { return origin_; }
  Time mean_step() const { return mean_step_; }

  // The sweep the engine uses (as StepSeries::Cursor). Starts at the series start.
  double value() const { return cursor_.value(); }
  /// Next instant the value changes; never() if it does not.
  Time next_change() const;
  /// Moves to t >= the current position; the window drops what lies behind it.
  void advance_to(Time t);
  /// The window keeps what lies from t on even behind the position (a reader still to
  /// come there); later calls move t on.
  void keep_from(Time t) { keep_from_ = t; }

  // Queries anywhere; ahead of the window they generate, behind it they start over.
  double value_at(Time t) const;
  double mean(Time a, Time b) const;  ///< exact mean over [a, b), as StepSeries::mean
  double max(Time a, Time b) const;   ///< as StepSeries::max
  /// Whether the series has more than one breakpoint.
  bool varies() const;
  /// The whole series (generates all of it: for callers that reshape it).
  StepSeries whole() const;
  bool generated() const { return gen_ != nullptr; }
  /// Start of the series (its first breakpoint).
  Time start() const { return gen_ ? origin_ : win_.start(); }
  /// End of the series (exclusive); a repeating series is defined beyond it.
  Time end() const { return gen_ ? gen_->end() : win_.end(); }
  /// Whether the series (given whole) repeats its pattern.
  bool repeats() const { return !gen_ && win_.repeats(); }
  /// Breakpoints held now (the whole series when not generated).
  std::size_t held() const { return win_.size(); }

 private:
  mutable std::unique_ptr<StepGenerator> gen_;
  mutable StepSeries win_;  ///< exact on [win_.start(), win_.end()); end = the pending breakpoint
  mutable bool pending_ = false;  ///< a breakpoint made but not yet in win_
  mutable Time pending_t_;
  mutable double pending_v_ = 0;
  mutable StepSeries::Cursor cursor_;
  Time pos_;
  Time origin_, mean_step_;  ///< the told means' grid
  std::function<void(double)> sink_;
  std::size_t told_ = 0;
  std::size_t min_held_ = 0;
  std::size_t trim_at_ = 0;  ///< trim when the window holds more breakpoints than this
  Time keep_from_ = Time::never();
  mutable bool trimmed_ = false;  ///< the window no longer starts at the series start

  void restart() const;           // the generator from its first breakpoint
  void cover(Time b) const;       // win_ exact up to b (or the series end)
  void reach_back(Time a) const;  // restart when a lies before the window
  void trim();                    // drops breakpoints behind the position
  void place_cursor() const { cursor_ = win_.cursor(pos_); }
};

}  // namespace wf
