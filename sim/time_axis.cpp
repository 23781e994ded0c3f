#include "sim/time_axis.hpp"

#include <algorithm>
#include <utility>

namespace wf {

namespace {
// a - b, or false when it overflows.
bool difference(Time a, Time b, std::int64_t& d) {
  return !__builtin_sub_overflow(a.count_us(), b.count_us(), &d);
}
}  // namespace

TimeAxis::TimeAxis(std::vector<Time> t) {
  const std::size_t n = t.size();
  std::int64_t step = 0, d = 0;
  bool grid = n < 2 || (difference(t[1], t[0], step) && step > 0);
  for (std::size_t i = 2; i < n && grid; ++i) grid = difference(t[i], t[i - 1], d) && d == step;
  if (!grid) {
    t_ = std::move(t), n_ = n, listed_ = true;
    return;
  }
  for (Time x : t) push_back(x);  // at most two take the slow path
}

void TimeAxis::push_slow(Time t) {
  if (!listed_ && n_ == 0) {
    t0_ = t, n_ = 1;
    return;
  }
  std::int64_t d = 0;
  if (!listed_ && n_ == 1 && t > t0_ && difference(t, t0_, d)) {
    step_ = Time::us(d), n_ = 2;
    last_steppable_ = Time::never() - step_;
    extends_ = t <= last_steppable_;
    if (extends_) next_ = t + step_;
    return;
  }
  if (!listed_) list();
  t_.push_back(t);
  ++n_;
}

void TimeAxis::clear() {
  t_.clear();
  n_ = 0, listed_ = extends_ = false;
  step_ = Time::zero();
}

void TimeAxis::list() {
  t_.reserve(std::max(reserve_, 2 * n_ + 2));
  for (std::size_t i = 0; i < n_; ++i) t_.push_back((*this)[i]);
  listed_ = true, extends_ = false;
}

void TimeAxis::erase_front(std::size_t k) {
  k = std::min(k, n_);
  if (listed_) {
    t_.erase(t_.begin(), t_.begin() + static_cast<std::ptrdiff_t>(k));
    n_ -= k;
    return;
  }
  if (k < n_) t0_ = (*this)[k];  // next_ stays the grid's next instant
  n_ -= k;
  if (n_ < 2) extends_ = false, step_ = Time::zero();  // a second instant sets it again
}

void TimeAxis::truncate(std::size_t n) {
  if (n >= n_) return;
  if (listed_) {
    t_.resize(n), n_ = n;
    return;
  }
  if (n < 2) {  // no step left: a second instant sets it again
    const Time first = t0_;
    clear();
    if (n == 1) push_back(first);
    return;
  }
  next_ = grid_at(n), n_ = n;  // an instant of the grid: no overflow, and a step follows it
  extends_ = true;
}

std::size_t TimeAxis::upper_index(Time x) const {
  if (listed_)
    return static_cast<std::size_t>(std::upper_bound(t_.begin(), t_.end(), x) - t_.begin());
  if (n_ == 0 || x < t0_) return 0;
  if (x >= back()) return n_;
  return steps_to(x) + 1;  // t[k] <= x < t[k + 1]
}

std::size_t TimeAxis::lower_index(Time x) const {
  if (listed_)
    return static_cast<std::size_t>(std::lower_bound(t_.begin(), t_.end(), x) - t_.begin());
  if (n_ == 0 || x <= t0_) return 0;
  if (x > back()) return n_;
  const std::size_t k = steps_to(x);  // t[k] <= x, < t[k + 1]
  return grid_at(k) == x ? k : k + 1;
}

std::vector<Time> TimeAxis::to_vector() const {
  if (listed_) return t_;
  std::vector<Time> out(n_);
  for (std::size_t i = 0; i < n_; ++i) out[i] = (*this)[i];
  return out;
}

bool operator==(const TimeAxis& a, const TimeAxis& b) {
  if (a.n_ != b.n_) return false;
  if (!a.listed_ && !b.listed_)
    return a.n_ == 0 || (a.t0_ == b.t0_ && (a.n_ == 1 || a.step_ == b.step_));
  return std::equal(a.begin(), a.end(), b.begin());
}

bool operator==(const TimeAxis& a, const std::vector<Time>& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

}  // namespace wf
