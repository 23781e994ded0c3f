#pragma once
// Paces an engine to the wall clock: a tick every control period sleeps until
// the wall clock reaches the tick's simulated time (divided by `speed`) and
// records how late it woke (lag). The lag statistics go to /summary and the
// lag itself to a channel. A stop signal (hil/stop_signals.hpp) seen while it
// sleeps stops the engine, so the run ends early through its normal path.
#include <chrono>
#include <vector>

#include "hil/twin_battery.hpp"
#include "sim/engine.hpp"
#include "sim/recorder.hpp"

namespace wf::hil {

class Pacer {
 public:
  Pacer(Time period, double speed, Recorder* recorder);
  /// Schedules the first tick at the engine's current time.
  void start(Engine& engine);

  struct Stats {
    std::size_t ticks = 0, overruns = 0;  ///< overrun: a tick more than one period late
    double mean_s = 0, p50_s = 0, p99_s = 0, max_s = 0, jitter_s = 0;
  };
  Stats stats() const;
  std::vector<SummaryValue> summary() const;
  /// The signal (SIGINT, SIGTERM, SIGHUP) that stopped the engine at a tick, or 0.
  int stopped_by() const { return stopped_by_; }

 private:
  static void on_tick(void* self, Engine& e, std::uint64_t);
  Time period_;
  double speed_;
  Recorder* rec_;
  Time sim_start_;
  std::chrono::steady_clock::time_point wall_start_;
  std::vector<double> lags_s_;
  int stopped_by_ = 0;
};

}  // namespace wf::hil
