#include "hil/pacer.hpp"

#include <algorithm>
#include <cmath>
#include <thread>

#include "hil/stop_signals.hpp"

namespace wf::hil {

using Clock = std::chrono::steady_clock;

Pacer::Pacer(Time period, double speed, Recorder* recorder)
    : period_(period), speed_(speed), rec_(recorder) {}

void Pacer::start(Engine& engine) {
  sim_start_ = engine.now();
  wall_start_ = Clock::now();
  engine.schedule(engine.now(), Phase::input, &Pacer::on_tick, this);
}

void Pacer::on_tick(void* self, Engine& e, std::uint64_t) {
  auto* p = static_cast<Pacer*>(self);
  const double sim_s = (e.now() - p->sim_start_).to_seconds() / p->speed_;
  const auto target = p->wall_start_ + std::chrono::duration_cast<Clock::duration>(
                                           std::chrono::duration<double>(sim_s));
  // In slices, so a stop signal ends the run within one slice of sleep.
  constexpr auto kSlice = std::chrono::milliseconds(20);
  for (auto now = Clock::now(); now < target && !stop_signal(); now = Clock::now())
    std::this_thread::sleep_until(std::min(target, now + kSlice));
  if (stop_signal()) {
    p->stopped_by_ = stop_signal();
    e.stop();
    return;
  }
  const double lag = std::max(0.0, std::chrono::duration<double>(Clock::now() - target).count());
  p->lags_s_.push_back(lag);
  if (p->rec_ && e.now() >= p->rec_->now()) {
    p->rec_->advance_to(e.now());
    p->rec_->set(hc_pacing_lag, lag);
  }
  e.schedule(e.now() + p->period_, Phase::input, &Pacer::on_tick, p);
}

Pacer::Stats Pacer::stats() const {
  Stats s;
  s.ticks = lags_s_.size();
  if (lags_s_.empty()) return s;
  std::vector<double> v = lags_s_;
  std::sort(v.begin(), v.end());
  auto pct = [&](double q) {
    return v[std::min(v.size() - 1, static_cast<std::size_t>(std::ceil(q * double(v.size())) - 1))];
  };
  double sum = 0, sq = 0;
  for (double x : v) sum += x, sq += x * x;
  s.mean_s = sum / double(v.size());
  s.jitter_s = std::sqrt(std::max(0.0, sq / double(v.size()) - s.mean_s * s.mean_s));
  s.p50_s = pct(0.5), s.p99_s = pct(0.99), s.max_s = v.back();
  for (double x : v) s.overruns += x > period_.to_seconds() / speed_;
  return s;
}

std::vector<SummaryValue> Pacer::summary() const {
  const Stats s = stats();
  return {{"pacing.ticks", "1", "control ticks paced to the wall clock", double(s.ticks)},
          {"pacing.period", "s", "control period", period_.to_seconds()},
          {"pacing.lag_mean", "ms", "mean wall-clock lag at a tick", s.mean_s * 1e3},
          {"pacing.lag_p50", "ms", "median wall-clock lag at a tick", s.p50_s * 1e3},
          {"pacing.lag_p99", "ms", "99th percentile of the wall-clock lag", s.p99_s * 1e3},
          {"pacing.lag_max", "ms", "largest wall-clock lag", s.max_s * 1e3},
          {"pacing.jitter", "ms", "standard deviation of the lag", s.jitter_s * 1e3},
          {"pacing.overruns", "1", "ticks late by more than one period", double(s.overruns)},
          {"stopped_by_signal", "1", "signal that ended the run early (0: ran to its end)",
           double(stopped_by_)}};
}

}  // namespace wf::hil
