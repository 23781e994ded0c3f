#pragma once
// The billing meter at the grid connection: turns the site's piecewise-constant grid
// power into exact import and export energies per metering interval (15 min for demand
// metering), the way a load-profile (RLM) meter records them.
#include <functional>

#include "sim/time.hpp"

namespace wf {

struct MeterReading {
  Time start;           ///< interval start (UTC, on the metering grid)
  Time length;          ///< metering interval (the grid width, also for a partial first/last one)
  double import_j = 0;  ///< J drawn from the grid in the interval
  double export_j = 0;  ///< J fed into the grid in the interval
  /// W: mean import over the interval, what demand charges are based on.
  double mean_import_w() const { return import_j / length.to_seconds(); }
};

class Meter {
 public:
  using Sink = std::function<void(const MeterReading&)>;
  /// Intervals lie on the UTC grid of `interval` (15 min: also local quarter-hours in whole-hour
  /// zones); metering starts at `start`. `sink` gets each finished interval in order.
  Meter(Time start, Time interval, Sink sink);

  /// W, import > 0: the grid power in force from now on.
  void set_power(double w) { power_ = w; }
  /// Integrates up to t (>= now) with the power in force, emitting finished intervals.
  void advance_to(Time t);
  /// Advances to `end` and emits the interval it falls in (partial), if any energy time passed.
  void finish(Time end);

  Time now() const { return now_; }
  /// W: largest mean import over one finished interval so far.
  double peak_import_w() const { return peak_w_; }

 private:
  Sink sink_;
  Time interval_, now_, row_start_;
  double power_ = 0, import_j_ = 0, export_j_ = 0, peak_w_ = 0;
  void emit();
};

}  // namespace wf
