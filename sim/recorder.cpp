#include "sim/recorder.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/error.hpp"

namespace wf {

namespace {
// ∫ max(v(t), 0) dt for v linear from v0 to v1 over dt seconds.
double positive_part(double v0, double v1, double dt) {
  if (v0 >= 0 && v1 >= 0) return 0.5 * (v0 + v1) * dt;
  if (v0 <= 0 && v1 <= 0) return 0;
  double hi = std::max(v0, v1), lo = std::min(v0, v1);
  return 0.5 * hi * dt * hi / (hi - lo);  // triangle up to the zero crossing
}
}  // namespace

Recorder::Recorder(Time start, Time interval, std::vector<RecordedChannel> channels, RowSink sink)
    : channels_(std::move(channels)),
      state_(channels_.size()),
      sink_(std::move(sink)),
      row_start_(start),
      interval_(interval),
      now_(start) {
  WF_ASSERT(interval > Time::zero());
  for (auto& s : state_) {
    s.at = start;
    s.peak = -std::numeric_limits<double>::infinity();
    s.trough = std::numeric_limits<double>::infinity();
    s.lo = std::numeric_limits<double>::infinity();
    s.hi = -std::numeric_limits<double>::infinity();
  }
  std::size_t cols = 0;
  for (const auto& c : channels_) cols += c.extrema ? 3 : 1;
  row_.resize(cols);
}

std::vector<ChannelSpec> Recorder::output_channels() const {
  std::vector<ChannelSpec> out;
  for (const auto& c : channels_)
    out.push_back({c.name, c.units, c.description + " (interval mean)"});
  for (const auto& c : channels_) {
    if (!c.extrema) continue;
    out.push_back({c.name + "_min", c.units, c.description + " (interval minimum)"});
    out.push_back({c.name + "_max", c.units, c.description + " (interval maximum)"});
  }
  return out;
}

double Recorder::value(std::size_t ch) const {
  const State& s = state_[ch];
  return s.value + s.slope * (now_ - s.at).to_seconds();
}

void Recorder::catch_up(State& s, Time to) {
  if (to <= s.at) return;
  const double dt = (to - s.at).to_seconds();
  const double v1 = s.value + s.slope * dt;
  const double area = 0.5 * (s.value + v1) * dt;
  s.acc += area;
  s.total += area;
  s.total_pos += positive_part(s.value, v1, dt);
  const double lo = std::min(s.value, v1), hi = std::max(s.value, v1);
  s.lo = std::min(s.lo, lo);
  s.hi = std::max(s.hi, hi);
  s.peak = std::max(s.peak, hi);
  s.trough = std::min(s.trough, lo);
  s.value = v1;
  s.at = to;
}

Recorder::State Recorder::settled(std::size_t ch) const {
  State s = state_[ch];
  catch_up(s, now_);
  return s;
}

void Recorder::integrate_all(Time to) {
  for (State& s : state_) catch_up(s, to);
  now_ = std::max(now_, to);
}

void Recorder::emit_row(Time row_end) {
  const double span = (row_end - row_start_).to_seconds();
  double supply = 0, demand = 0, scale = 0;
  std::size_t k = 0;
  for (std::size_t i = 0; i < channels_.size(); ++i) {
    const double mean = state_[i].acc / span;
    row_[k++] = mean;
    if (channels_[i].side == BalanceSide::supply) supply += mean, scale += std::abs(mean);
    if (channels_[i].side == BalanceSide::demand) demand += mean, scale += std::abs(mean);
  }
  for (std::size_t i = 0; i < channels_.size(); ++i) {
    State& s = state_[i];
    if (channels_[i].extrema) {
      row_[k++] = s.lo;
      row_[k++] = s.hi;
    }
    // Extrema count only values held for a positive time: a value replaced
    // exactly at the boundary must not leak into the next row.
    s.acc = 0;
    s.lo = std::numeric_limits<double>::infinity();
    s.hi = -std::numeric_limits<double>::infinity();
  }
  max_residual_ = std::max(max_residual_, std::abs(supply - demand) / std::max(scale, 1.0));
  sink_(row_);
  ++rows_;
  row_start_ = row_end;
}

void Recorder::advance_to(Time t) {
  WF_ASSERT(t >= now_);
  for (Time boundary = row_start_ + interval_; boundary <= t; boundary = row_start_ + interval_) {
    integrate_all(boundary);
    emit_row(boundary);
  }
  now_ = t;  // channels catch up when they change or a row closes
}

void Recorder::finish(Time end) {
  advance_to(end);
  integrate_all(now_);
  if (now_ > row_start_) emit_row(now_);
}

}  // namespace wf
