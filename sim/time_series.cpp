#include "sim/time_series.hpp"

#include <algorithm>
#include <utility>

#include "sim/error.hpp"

// Integrals are sums of value x duration in double. They are exact for the usual inputs
// (durations below 2^53 us, values with few significant bits) and within a few ulps otherwise.

namespace wf {

namespace {

constexpr std::size_t kPrefetchAhead = 64;  // breakpoints: eight cache lines of each array

bool strictly_increasing(const std::vector<Time>& t) {
  return std::adjacent_find(t.begin(), t.end(), [](Time a, Time b) { return a >= b; }) == t.end();
}

bool strictly_increasing(const TimeAxis& t) {
  if (t.is_grid()) return true;  // a grid of two or more instants has a positive step
  for (std::size_t i = 1; i < t.size(); ++i)
    if (t[i - 1] >= t[i]) return false;
  return true;
}

double us(Time d) {
  return static_cast<double>(d.count_us());
}

// Index of the segment holding x: the last i with t[i] <= x, or 0 before t[0].
std::size_t segment_of(const std::vector<Time>& t, Time x) {
  auto it = std::upper_bound(t.begin(), t.end(), x);
  return it == t.begin() ? 0 : static_cast<std::size_t>(it - t.begin() - 1);
}

std::size_t segment_of(const TimeAxis& t, Time x) {
  const std::size_t above = t.upper_index(x);
  return above == 0 ? 0 : above - 1;
}

// ∫ of a step pattern over [a, b) with t[0] <= a <= b <= end, in value x microseconds.
double steps_integral(const TimeAxis& t, const std::vector<double>& v, Time end, Time a, Time b) {
  double sum = 0;
  for (std::size_t i = segment_of(t, a); i < t.size() && t[i] < b; ++i) {
    const Time seg_end = i + 1 < t.size() ? t[i + 1] : end;
    sum += v[i] * us(std::min(b, seg_end) - std::max(a, t[i]));
  }
  return sum;
}

// ∫ of the straight line through (t[i], v[i]) and (t[i+1], v[i+1]) over [a, b] inside it.
double line_integral(const std::vector<Time>& t, const std::vector<double>& v, std::size_t i,
                     Time a, Time b) {
  const double slope = (v[i + 1] - v[i]) / us(t[i + 1] - t[i]);
  const double fa = v[i] + slope * us(a - t[i]), fb = v[i] + slope * us(b - t[i]);
  return us(b - a) * 0.5 * (fa + fb);
}

// ∫ of a piecewise-linear series over [a, b), constant beyond its end points, value x us.
// `from`: a sweep's segment so far (none: searched), moved to the one holding a.
double linear_integral(const std::vector<Time>& t, const std::vector<double>& v, Time a, Time b,
                       std::size_t* from = nullptr) {
  double sum = 0;
  if (a < t.front()) sum += v.front() * us(std::min(b, t.front()) - a);
  if (b > t.back()) sum += v.back() * us(b - std::max(a, t.back()));
  const Time lo = std::max(a, t.front()), hi = std::min(b, t.back());
  std::size_t first;
  if (from) {
    while (*from + 1 < t.size() && t[*from + 1] <= lo) ++*from;
    first = *from;
  } else {
    first = segment_of(t, lo);
  }
  for (std::size_t i = first; lo < hi && i + 1 < t.size() && t[i] < hi; ++i)
    sum += line_integral(t, v, i, std::max(lo, t[i]), std::min(hi, t[i + 1]));
  return sum;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// StepSeries

StepSeries::StepSeries(std::vector<Time> t, std::vector<double> v, Time end, bool repeat)
    : StepSeries(TimeAxis(std::move(t)), std::move(v), end, repeat) {}

StepSeries StepSeries::on_axis(TimeAxis t, std::vector<double> v, Time end, bool repeat) {
  return StepSeries(std::move(t), std::move(v), end, repeat);
}

StepSeries::StepSeries(TimeAxis t, std::vector<double> v, Time end, bool repeat)
    : t_(std::move(t)), v_(std::move(v)), end_(end), repeat_(repeat) {
  WF_ASSERT(!t_.empty() && t_.size() == v_.size());
  WF_ASSERT(strictly_increasing(t_));
  WF_ASSERT(end_ > t_.back());
}

// A one-entry repeating pattern: defined everywhere, and the cursor never sees a change.
StepSeries StepSeries::constant(double value) {
  return StepSeries(std::vector<Time>{Time::zero()}, {value}, Time::days(1), true);
}

std::size_t StepSeries::locate(Time t, Time* shift) const {
  *shift = repeat_ ? floor_to(t, start(), period()) - start() : Time::zero();
  return segment_of(t_, t - *shift);
}

double StepSeries::value_at(Time t) const {
  Time shift;
  return v_[locate(t, &shift)];
}

double StepSeries::mean(Time a, Time b) const {
  WF_ASSERT(b > a);
  double sum = 0;
  if (repeat_) {
    // Partial periods at both ends plus whole periods in between.
    const Time p = period();
    const Time sa = floor_to(a, start(), p) - start(), sb = floor_to(b, start(), p) - start();
    if (sa == sb) {
      sum = steps_integral(t_, v_, end_, a - sa, b - sb);
    } else {
      sum = steps_integral(t_, v_, end_, a - sa, end_) +
            steps_integral(t_, v_, end_, start(), b - sb);
      const std::int64_t whole = (sb - sa) / p - 1;
      if (whole > 0)
        sum += static_cast<double>(whole) * steps_integral(t_, v_, end_, start(), end_);
    }
  } else {
    // Outside [start, end) the nearest end value holds, as in value_at.
    if (a < start()) sum += v_.front() * us(std::min(b, start()) - a);
    if (b > end_) sum += v_.back() * us(b - std::max(a, end_));
    const Time lo = std::max(a, start()), hi = std::min(b, end_);
    if (lo < hi) sum += steps_integral(t_, v_, end_, lo, hi);
  }
  return sum / us(b - a);
}

double StepSeries::max(Time a, Time b) const {
  WF_ASSERT(b > a);
  if (repeat_) {
    if (b - a >= period()) return *std::max_element(v_.begin(), v_.end());
    double m = value_at(a);
    for (Time t = a; (t = cursor(t).next_change()) < b;) m = std::max(m, value_at(t));
    return m;
  }
  double m = value_at(a);
  for (std::size_t i = t_.upper_index(a), last = t_.lower_index(b); i < last; ++i)
    m = std::max(m, v_[i]);
  return m;
}

StepSeries::Cursor StepSeries::cursor(Time t0) const {
  WF_ASSERT(!t_.empty());
  Cursor c;
  c.s_ = this;
  c.i_ = locate(t0, &c.shift_);
  c.settle();
  return c;
}

// Before start() a non-repeating series extends its first segment, so the first change
// reported is t[1] (not start()); after its last breakpoint nothing changes any more.
void StepSeries::Cursor::settle() {
  const StepSeries& s = *s_;
  // A trace is walked a breakpoint at a time with a whole site step between reads:
  // too slow for the hardware prefetcher to follow, and a year of 1-min steps is
  // 8 MB an array. Ask for the lines some breakpoints ahead (a hint; no results change).
  const std::size_t ahead = std::min(i_ + kPrefetchAhead, s.t_.size() - 1);
  if (const Time* t = s.t_.listed_at(ahead)) __builtin_prefetch(t);  // a grid has none
  __builtin_prefetch(s.v_.data() + ahead);
  value_ = s.v_[i_];
  if (i_ + 1 < s.t_.size())
    next_ = shift_ + s.t_[i_ + 1];
  else if (s.repeat_ && s.t_.size() > 1)
    next_ = shift_ + s.end_;  // pattern wrap
  else
    next_ = Time::never();
}

void StepSeries::Cursor::advance_to(Time t) {
  // Step through a few breakpoints; relocate by binary search for long jumps.
  for (int k = 0; k < 8; ++k) {
    if (next_.is_never() || t < next_) return;
    if (++i_ == s_->t_.size()) {
      i_ = 0;
      shift_ += s_->period();
    }
    settle();
  }
  if (next_.is_never() || t < next_) return;
  i_ = s_->locate(t, &shift_);
  settle();
}

void StepSeries::Cursor::grown_to(Time t) {
  WF_ASSERT(!s_->repeat_ && i_ < s_->t_.size());
  settle();
  advance_to(t);
}

// ---------------------------------------------------------------------------------------------
// LinearSeries

LinearSeries::LinearSeries(std::vector<Time> t, std::vector<double> v)
    : t_(std::move(t)), v_(std::move(v)) {
  WF_ASSERT(t_.size() >= 2 && t_.size() == v_.size());
  WF_ASSERT(strictly_increasing(t_));
}

double LinearSeries::value_at(Time t) const {
  if (t <= t_.front()) return v_.front();
  if (t >= t_.back()) return v_.back();
  const std::size_t i = segment_of(t_, t);
  const double f = us(t - t_[i]) / us(t_[i + 1] - t_[i]);
  return v_[i] + (v_[i + 1] - v_[i]) * f;
}

double LinearSeries::integral_to(Time t) const {
  return t >= t_.front() ? linear_integral(t_, v_, t_.front(), t) * 1e-6
                         : -linear_integral(t_, v_, t, t_.front()) * 1e-6;
}

double LinearSeries::mean(Time a, Time b) const {
  WF_ASSERT(b > a);
  return linear_integral(t_, v_, a, b) / us(b - a);
}

StepSeries LinearSeries::to_steps(Time from, Time to, Time step) const {
  WF_ASSERT(to > from && step > Time::zero());
  std::vector<Time> times;
  std::vector<double> values;
  times.reserve(static_cast<std::size_t>((to - from) / step + 1));
  values.reserve(times.capacity());
  // Equal neighbours merge (a night of zeros is one step): every step is a change the
  // engine wakes for, and a wake that changes nothing only costs time.
  std::size_t segment = 0;  // the steps sweep forward: no search per step
  for (Time a = from; a < to; a += step) {
    const Time b = std::min(a + step, to);
    const double v = linear_integral(t_, v_, a, b, &segment) / us(b - a);  // mean(a, b)
    if (!values.empty() && v == values.back()) continue;
    times.push_back(a);
    values.push_back(v);
  }
  return StepSeries(std::move(times), std::move(values), to);
}

}  // namespace wf
