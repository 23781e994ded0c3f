#include "sim/recorder.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/error.hpp"

namespace wf {

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
  std::size_t cols = channels_.size();
  for (std::size_t i = 0; i < channels_.size(); ++i) {
    const RecordedChannel& c = channels_[i];
    extrema_at_.push_back(c.extrema ? cols : kNone);
    if (c.extrema) cols += 2;
    if (c.side != BalanceSide::none) balance_.emplace_back(i, c.side);
  }
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

Recorder::State Recorder::settled(std::size_t ch) const {
  State s = state_[ch];
  catch_up(s, now_);
  return s;
}

void Recorder::integrate_all(Time to) {
  for (State& s : state_) catch_up(s, to);
  now_ = std::max(now_, to);
}

// Channel i's mean and extrema of the row `s` integrated into row_, and s's row
// sums reset. Extrema count only values held for a positive time: a value replaced
// exactly at the boundary must not leak into the next row.
void Recorder::take_row(std::size_t i, State& s, double span) {
  row_[i] = s.acc / span;
  if (const std::size_t at = extrema_at_[i]; at != kNone) {
    row_[at] = s.lo;
    row_[at + 1] = s.hi;
  }
  s.acc = 0;
  s.lo = std::numeric_limits<double>::infinity();
  s.hi = -std::numeric_limits<double>::infinity();
}

// Each channel caught up to the row's end (where it is not yet) and its row taken, in one
// pass over the channels.
void Recorder::emit_row(Time row_end) {
  const double span = (row_end - row_start_).to_seconds();
  for (std::size_t i = 0; i < state_.size(); ++i) {
    catch_up(state_[i], row_end);
    take_row(i, state_[i], span);
  }
  close_row(row_end);
}

// The balance check on the means in row_ (skipped for a row equal to the last checked
// one in them), then the row to the sink.
void Recorder::close_row(Time row_end, bool check_balance) {
  if (check_balance) {
    double supply = 0, demand = 0, scale = 0;
    for (const auto& [i, side] : balance_) {  // in channel order: the same sums, bit for bit
      const double mean = row_[i];
      (side == BalanceSide::supply ? supply : demand) += mean, scale += std::abs(mean);
    }
    max_residual_ = std::max(max_residual_, std::abs(supply - demand) / std::max(scale, 1.0));
  }
  sink_(row_);
  ++rows_;
  row_start_ = row_end;
}

void Recorder::advance_to(Time t) {
  WF_ASSERT(t >= now_);
  if (row_start_ + interval_ <= t) {
    const Time boundary = row_start_ + interval_;
    now_ = std::max(now_, boundary);
    emit_row(boundary);
    if (row_start_ + interval_ <= t) held_rows(t);
  }
  now_ = t;  // channels catch up when they change or a row closes
}

// Whole rows in which no channel is set (1-s rows between minute events). Each starts
// with every channel caught up at its start, and a channel without slope, caught up
// over a positive time, holds a value that holding again does not change: its mean,
// extrema and integrals are the same in every such row. They are worked out once and
// its whole-run sums take the same additions row by row; sloped channels go the
// general way. The rows are those of the general loop bit for bit (recorder_test).
void Recorder::held_rows(Time t) {
  sloped_.clear(), flat_.clear(), flat_row_.clear();
  const Time first = row_start_ + interval_;
  const double span = interval_.to_seconds();
  for (std::size_t i = 0; i < state_.size(); ++i) {
    State& s = state_[i];
    if (s.slope != 0) {
      sloped_.push_back(i);
      continue;
    }
    State x = s;
    x.total = x.total_pos = 0;
    catch_up(x, first);
    take_row(i, x, span);
    s.value = x.value, s.peak = x.peak, s.trough = x.trough;
    flat_.push_back(i);
    flat_row_.emplace_back(x.total, x.total_pos);
  }
  // With only flat channels on the balance, every held row has the same residual.
  const bool balance_moves = std::any_of(sloped_.begin(), sloped_.end(), [&](std::size_t i) {
    return channels_[i].side != BalanceSide::none;
  });
  for (Time boundary = first; boundary <= t; boundary = row_start_ + interval_) {
    for (std::size_t f = 0; f < flat_.size(); ++f) {
      State& s = state_[flat_[f]];
      s.total += flat_row_[f].first;
      s.total_pos += flat_row_[f].second;
    }
    for (std::size_t i : sloped_) {
      catch_up(state_[i], boundary);
      take_row(i, state_[i], span);
    }
    now_ = boundary;
    close_row(boundary, balance_moves || boundary == first);
  }
  for (std::size_t i : flat_) state_[i].at = row_start_;
}

void Recorder::finish(Time end) {
  advance_to(end);
  integrate_all(now_);
  if (now_ > row_start_) emit_row(now_);
}

}  // namespace wf
