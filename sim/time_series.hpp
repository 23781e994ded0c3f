#pragma once
// Exogenous inputs between events: piecewise-constant series (what the engine
// consumes) and piecewise-linear series (sampled instants, turned into steps by
// exact interval means).
#include <cstddef>
#include <vector>

#include "sim/time.hpp"
#include "sim/time_axis.hpp"

namespace wf {

class WindowedSteps;

/// v[i] holds on [t[i], t[i+1]); the last value holds on [t.back(), end()).
/// With repeat on, the pattern [start(), end()) tiles all time in both directions.
class StepSeries {
 public:
  StepSeries() = default;
  /// Requires t strictly increasing, t.size() == v.size() > 0, end > t.back(). Instants
  /// on an even grid are kept as the grid (TimeAxis).
  StepSeries(std::vector<Time> t, std::vector<double> v, Time end, bool repeat = false);
  /// The same from instants already on an axis (a trace's, read as a grid).
  static StepSeries on_axis(TimeAxis t, std::vector<double> v, Time end, bool repeat = false);
  static StepSeries constant(double value);

  Time start() const { return t_.front(); }
  /// End of the pattern (exclusive). A repeating series is defined beyond it.
  Time end() const { return end_; }
  Time period() const { return end_ - t_.front(); }
  bool repeats() const { return repeat_; }
  std::size_t size() const { return t_.size(); }
  const TimeAxis& times() const { return t_; }
  const std::vector<double>& values() const { return v_; }
  /// True when t is covered: inside [start, end), or anywhere when repeating.
  bool covers(Time t) const { return repeat_ || (t >= t_.front() && t < end_); }

  /// Value at t (O(log n)). Outside the covered range: the nearest end value.
  double value_at(Time t) const;
  /// Exact mean over [a, b), b > a.
  double mean(Time a, Time b) const;
  /// Largest value in force anywhere in [a, b), b > a (non-repeating series:
  /// the end values hold outside the range, as in value_at).
  double max(Time a, Time b) const;

  /// Monotonic sweep in O(1) amortised per step: what the engine uses.
  class Cursor {
   public:
    double value() const { return value_; }
    /// Instant of the next value change after the current position; never() if none.
    /// Includes the pattern wrap when repeating; before start() (not repeating) the first
    /// segment extends back, so the first change reported is the second breakpoint.
    Time next_change() const { return next_; }
    /// Moves to t >= current position.
    void advance_to(Time t);
    /// After breakpoints were appended to a non-repeating series: what follows the
    /// current segment is read again, then the cursor moves to t (>= its position).
    /// Equal to a new cursor(t), without the search.
    void grown_to(Time t);

   private:
    friend class StepSeries;
    const StepSeries* s_ = nullptr;
    std::size_t i_ = 0;  // index into the pattern
    Time shift_;         // whole periods added (repeat)
    double value_ = 0;
    Time next_ = Time::never();
    void settle();
  };
  Cursor cursor(Time t0) const;

 private:
  friend class WindowedSteps;  // grows and trims a generated series in place
  StepSeries(TimeAxis t, std::vector<double> v, Time end, bool repeat);
  TimeAxis t_;
  std::vector<double> v_;
  Time end_ = Time::never();
  bool repeat_ = false;
  // Position of t within the pattern: index and the whole-period shift.
  std::size_t locate(Time t, Time* shift) const;
};

/// Straight lines between sample points (t strictly increasing, at least 2 points).
class LinearSeries {
 public:
  LinearSeries(std::vector<Time> t, std::vector<double> v);
  double value_at(Time t) const;  // clamped to the end values outside the range
  double mean(Time a, Time b) const;
  /// Steps of width `step` on [from, to) holding the exact mean of each step; equal
  /// neighbours are merged into one step.
  StepSeries to_steps(Time from, Time to, Time step) const;
  Time start() const { return t_.front(); }
  Time end() const { return t_.back(); }

 private:
  std::vector<Time> t_;
  std::vector<double> v_;
  double integral_to(Time t) const;  // ∫ from t_.front() to t, value·seconds
};

}  // namespace wf
