#pragma once
// A model cabinet served as a Modbus TCP server through a register map: the
// registers show the model's state (SoC, SoH, powers, DC side, temperature,
// limits, heartbeat), writes to the setpoint drive it (when enabled, clamped
// to its limits), and a revert timer drops the setpoint to 0 W when the
// controller heartbeat stops. Real time or accelerated (`speed`).
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "hil/register_map.hpp"
#include "models/battery/battery.hpp"

namespace wf::hil {

struct CabinetServerOptions {
  std::string bind = "127.0.0.1";
  int port = 502;           ///< 0: any free port (see CabinetServer::port())
  int unit_id = 1;          ///< requests to other unit ids get exception 0x0B
  double speed = 1;         ///< simulated seconds per wall second
  Time start;               ///< simulated time at the first instant
  double series_cells = 0;  ///< for the DC voltage of an LfpCabinet model
};

struct CabinetServerStats {
  std::uint64_t read_requests = 0, write_requests = 0, registers_written = 0;
  std::uint64_t rejected = 0;        ///< requests answered with an exception
  std::uint64_t watchdog_trips = 0;  ///< setpoints reverted for a silent controller
};

class CabinetServer {
 public:
  /// Binds and listens; throws std::runtime_error when the port cannot be had.
  CabinetServer(RegisterMap map, std::unique_ptr<Battery> model, CabinetServerOptions options);
  ~CabinetServer();
  CabinetServer(const CabinetServer&) = delete;
  CabinetServer& operator=(const CabinetServer&) = delete;

  int port() const;
  /// Serves until `stop` becomes true.
  void run(const std::atomic<bool>& stop);
  /// Serves one connected stream socket, as run() serves a TCP client, until
  /// the peer closes it or the server drops it; takes ownership of `fd` (the
  /// fuzz harness feeds request bytes through a socketpair this way).
  void serve_connection(int fd);
  const CabinetServerStats& stats() const;
  const Battery& model() const;
  /// Setpoint in force (W, > 0 discharge) after enable, watchdog and limits.
  double setpoint_w() const;
  /// Whether the setpoint enable point holds its enabling value (true without one).
  bool enabled() const;
  /// Notes (watchdog trips, setpoint changes), one line each.
  void set_log(std::function<void(const std::string&)> log);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace wf::hil
