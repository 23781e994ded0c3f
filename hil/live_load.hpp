#pragma once
// Live compute load for wattfleet hil: one IT load of the site follows live
// telemetry instead of its trace. A source is a Prometheus text endpoint
// (DCGM-exporter GPU power, node_exporter CPU time) or this machine's own CPU
// utilisation (/proc/stat); CPU utilisation goes through a node power model.
// The value is polled every `poll` of simulated time, paced to the wall clock.
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "hil/prometheus.hpp"
#include "models/compute/load.hpp"
#include "models/compute/node.hpp"
#include "sim/engine.hpp"
#include "sim/hdf5_writer.hpp"
#include "sim/scenario.hpp"

namespace wf {
class Registry;
}

namespace wf::hil {

struct LiveLoadOptions {
  std::string source;  ///< prometheus://HOST:PORT/PATH, http://..., or "self"
  std::string node;    ///< node preset; self: default cpu_server; prometheus: the CPU part
  int nodes = 0;       ///< 0: as measured (prometheus) or 1 node (self)
  Time poll = Time::seconds(1);
  double speed = 1;          ///< simulated seconds per wall second (the hil pacing)
  std::string site, device;  ///< the load to replace (empty: the hil site's first IT load)
  bool quiet = false;        ///< no events on stderr
};

/// IT power (W) of a scrape: the GPUs' board power plus, with a node model, each
/// host's node power at its CPU utilisation since `before` (idle when unknown:
/// the first scrape). With `nodes` > 0 the total is scaled from the hosts seen
/// (node_exporter hosts, else 1) to `nodes`. Throws std::runtime_error when the
/// scrape has neither metric.
double prometheus_it_power_w(const PromScrape& now, const std::map<std::string, CpuTimes>& before,
                             const NodeSpec* node, int nodes);

/// The aggregate "cpu" line of /proc/stat (iowait counts as idle).
CpuTimes parse_proc_stat(std::string_view text);

/// Reads the IT power from the source, no engine involved.
class LiveSource {
 public:
  /// Throws InputError on a bad source or node preset.
  explicit LiveSource(const LiveLoadOptions& o);
  /// IT power now (W); throws (HttpError, std::runtime_error) when unreadable.
  double read();
  /// Timeout of one scrape (s).
  double timeout_s = 0.5;
  const std::string& describe() const { return what_; }

 private:
  bool self_ = false;
  HttpEndpoint ep_;
  std::optional<NodeSpec> node_;
  int nodes_ = 0;
  std::map<std::string, CpuTimes> cpu_;  // last counters per host
  std::string what_;
};

/// The wiring into a hil run: the chosen load device becomes a live Load, the
/// first value is read before the run (unreadable: InputError), and each poll
/// updates it; a failed poll keeps the last value and logs an event.
class LiveLoad {
 public:
  /// `hil_site`: the site of the battery in the loop (the default site).
  LiveLoad(const Scenario& s, LiveLoadOptions o, const std::string& hil_site);
  LiveLoad(const LiveLoad&) = delete;
  LiveLoad& operator=(const LiveLoad&) = delete;

  /// The target device type ("load") builds the live Load for the chosen device.
  void extend(Registry& r);
  /// Takes a value now and schedules the polls (call after the pacer started).
  void start(Engine& e, ResultWriter* w);
  /// Polls, failures and the last value under /summary/<site>/<device>.live.*.
  void finish(Time end, ResultWriter* w);

  const std::string& site() const { return site_; }
  const std::string& device() const { return device_; }
  struct Stats {
    std::size_t polls = 0, failed = 0;
    double last_w = 0;
  };
  const Stats& stats() const { return stats_; }

 private:
  static void on_poll(void* self, Engine& e, std::uint64_t);
  void take(Engine& e);
  void event(Time t, std::string_view kind, double value, const std::string& msg);

  LiveLoadOptions o_;
  LiveSource source_;
  std::string site_, device_, path_;
  Load* load_ = nullptr;  // owned by the site, alive for the run
  ResultWriter* writer_ = nullptr;
  Time sim_start_, down_since_ = Time::never();
  std::chrono::steady_clock::time_point wall_start_;
  Stats stats_;
};

}  // namespace wf::hil
