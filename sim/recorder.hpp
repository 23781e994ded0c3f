#pragma once
// Turns piecewise-linear channel histories into output rows: for every output
// interval the exact time-weighted mean plus min and max, so a 1-minute row
// still shows a 200 ms pulse's peak. Also checks the power balance per row.
#include <algorithm>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "sim/hdf5_writer.hpp"
#include "sim/time.hpp"

namespace wf {

/// Where a channel stands in  supply (grid + pv + battery) = demand (it + cooling + aux + loss).
enum class BalanceSide : std::uint8_t { none, supply, demand };

struct RecordedChannel {
  std::string name, units, description;
  BalanceSide side = BalanceSide::none;
  bool extrema = true;  ///< also write <name>_min and <name>_max
};

class Recorder {
 public:
  using RowSink = std::function<void(std::span<const double>)>;

  /// Rows cover [start + k*interval, start + (k+1)*interval); the sink gets the
  /// output columns in the order of output_channels(). It must not read the
  /// recorder's integrals: rows closed in one advance settle them after the last.
  Recorder(Time start, Time interval, std::vector<RecordedChannel> channels, RowSink sink);

  /// From the current time on, channel `ch` is value + slope_per_s * (t - now).
  void set(std::size_t ch, double value, double slope_per_s = 0) {
    State& s = state_[ch];
    if (slope_per_s == 0 && s.slope == 0 && value == s.value) return;  // held: nothing to close
    catch_up(s, now_);
    s.value = value;
    s.slope = slope_per_s;
  }
  double value(std::size_t ch) const;

  /// Integrates all channels up to t (>= current time), emitting finished rows.
  void advance_to(Time t);
  /// Advances to `end` and emits the last interval, shortened if `end` is not on the grid.
  void finish(Time end);

  Time now() const { return now_; }
  std::vector<ChannelSpec> output_channels() const;
  std::size_t rows_emitted() const { return rows_; }

  /// Whole-run figures per channel up to now (in channel units x seconds for integrals).
  double integral(std::size_t ch) const { return settled(ch).total; }
  double positive_integral(std::size_t ch) const { return settled(ch).total_pos; }
  double negative_integral(std::size_t ch) const {
    const State s = settled(ch);
    return s.total_pos - s.total;
  }
  double peak(std::size_t ch) const { return settled(ch).peak; }
  double trough(std::size_t ch) const { return settled(ch).trough; }

  /// Largest |supply - demand| / max(|supply| + |demand|, 1 W) over the rows so far.
  double max_balance_residual() const { return max_residual_; }

 private:
  // A channel is integrated lazily: from `at` on it is value + slope (t - at), and
  // it catches up only when it changes or a row closes (most hold between events).
  struct State {
    double value = 0, slope = 0;
    Time at;
    double acc = 0, lo = 0, hi = 0;  // current row
    double total = 0, total_pos = 0, peak, trough;
  };
  std::vector<RecordedChannel> channels_;
  std::vector<State> state_;
  std::vector<double> row_;
  std::vector<std::size_t> extrema_at_;  ///< where a channel's min and max stand in row_ (kNone)
  std::vector<std::pair<std::size_t, BalanceSide>> balance_;  ///< the balance's channels, in order
  static constexpr std::size_t kNone = SIZE_MAX;
  // held_rows' lists, kept to spare allocations: sloped channels; flat channels with
  // their area and positive part a row.
  std::vector<std::size_t> sloped_, flat_;
  std::vector<std::pair<double, double>> flat_row_;
  RowSink sink_;
  Time row_start_, interval_, now_;
  std::size_t rows_ = 0;
  double max_residual_ = 0;

  // ∫ max(v(t), 0) dt for v linear from v0 to v1 over dt seconds.
  static double positive_part(double v0, double v1, double dt) {
    if (v0 >= 0 && v1 >= 0) return 0.5 * (v0 + v1) * dt;
    if (v0 <= 0 && v1 <= 0) return 0;
    double hi = std::max(v0, v1), lo = std::min(v0, v1);
    return 0.5 * hi * dt * hi / (hi - lo);  // triangle up to the zero crossing
  }
  static void catch_up(State& s, Time to) {  // inline: called for every channel and row
    if (to <= s.at) return;
    const double dt = (to - s.at).to_seconds();
    if (s.slope == 0) {
      // A held value (most channels): the general lines below with slope 0, where the
      // extrema are v itself (min and max of equal values return the first) and the
      // positive part is the area or 0, adding 0 to a sum that is never -0 leaving it.
      const double v = s.value, v1 = v + s.slope * dt;  // v but for the sign of a zero
      const double area = 0.5 * (v + v1) * dt;
      s.acc += area;
      s.total += area;
      if (v >= 0)
        s.total_pos += area;
      else if (!(v <= 0))
        s.total_pos += positive_part(v, v1, dt);  // NaN, as the general path has it
      s.lo = std::min(s.lo, v), s.hi = std::max(s.hi, v);
      s.peak = std::max(s.peak, v), s.trough = std::min(s.trough, v);
      s.value = v1;
      s.at = to;
      return;
    }
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
  State settled(std::size_t ch) const;  ///< a copy caught up to now
  void integrate_all(Time to);
  void take_row(std::size_t i, State& s, double span);
  void emit_row(Time row_end);  ///< every channel caught up to row_end, its row taken and closed
  void held_rows(Time t);
  void close_row(Time row_end, bool check_balance = true);
};

}  // namespace wf
