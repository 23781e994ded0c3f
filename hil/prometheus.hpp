#pragma once
// Live telemetry for wattfleet hil: a parser of the Prometheus text exposition
// format (0.0.4), what the IT load needs from a scrape (DCGM GPU power,
// node_exporter CPU time), and a minimal HTTP/1.0 GET over a POSIX socket.
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wf::hil {

struct PromSample {
  std::string name;
  std::vector<std::pair<std::string, std::string>> labels;
  double value = 0;                          ///< NaN and ±Inf as written
  std::optional<std::int64_t> timestamp_ms;  ///< when the line gives one
  /// Value of label `key`, empty when absent.
  std::string_view label(std::string_view key) const;
};

struct PromScrape {
  std::vector<PromSample> samples;
  /// Malformed lines, skipped: "line N: what". The rest of the scrape is kept,
  /// so one bad exporter line does not blind the live load.
  std::vector<std::string> errors;
};

/// Parses exposition text: '#' lines (HELP, TYPE, comments) and blank lines are
/// ignored; `name{label="value",...} value [timestamp]` per sample.
PromScrape parse_prometheus(std::string_view text);

/// GPU board power: sum of DCGM_FI_DEV_POWER_USAGE (W) over the GPUs reported
/// with a finite value.
struct GpuPower {
  double w = 0;
  int gpus = 0;
};
GpuPower gpu_power(const PromScrape& s);

/// CPU time counters of one host (s, summed over its CPUs). iowait counts as idle.
struct CpuTimes {
  double idle = 0, total = 0;
  int series = 0;  ///< counters seen; 0: none
};
/// node_cpu_seconds_total per host: the `instance` label (else `Hostname`, else "").
std::map<std::string, CpuTimes> cpu_times(const PromScrape& s);
/// Utilisation between two readings, 1 - d(idle)/d(total) in [0, 1]; nullopt when
/// no time passed or a counter went back (exporter restart).
std::optional<double> cpu_utilisation(const CpuTimes& before, const CpuTimes& after);

/// Where to scrape: prometheus://HOST:PORT/PATH or http://HOST:PORT/PATH.
struct HttpEndpoint {
  std::string host;
  int port = 80;
  std::string path = "/metrics";
};
/// Throws InputError naming `option` when malformed.
HttpEndpoint parse_http_url(const std::string& url, const std::string& option);

/// A failed GET: unreachable, timed out, or not 200 OK.
struct HttpError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
/// GET over HTTP/1.0 (the server closes the connection: no chunking); the body of a
/// 200 reply. `timeout_s` bounds the whole exchange. Throws HttpError.
std::string http_get(const HttpEndpoint& ep, double timeout_s);

}  // namespace wf::hil
