// wattfleet cabinet-server --map MAP [--port N] [--scenario S]: the model cabinet
// served over Modbus TCP through a register map, bound to 127.0.0.1 by default.
#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <memory>
#include <thread>

#include "hil/cabinet_server.hpp"
#include "hil/modbus_link.hpp"
#include "hil/model_battery.hpp"
#include "sim/error.hpp"
#include "tools/wattfleet/common_options.hpp"
#include "tools/wattfleet/hil_commands.hpp"

namespace wf::cli {

namespace {

std::atomic<bool> g_stop{false};
extern "C" void on_signal(int) {
  g_stop.store(true);
}

struct ServerArgs {
  std::string map, scenario, bind = "127.0.0.1", site, device;
  std::vector<std::string> overrides;
  int port = 5020, unit_id = 1;
  double speed = 1, duration_s = 0;
  bool quiet = false;
};

int run(const ServerArgs& a) {
  if (!(a.speed > 0)) throw InputError("<command line>", 0, "--speed", "expected a speed above 0");
  if (!std::isfinite(a.speed))
    throw InputError("<command line>", 0, "--speed", "expected a finite speed above 0");
  if (!(a.duration_s >= 0) || !std::isfinite(a.duration_s))
    throw InputError(
        "<command line>", 0, "--duration",
        fmt::format("expected wall seconds >= 0 (0: until stopped), got {}", a.duration_s));
  const std::string bind = hil::resolve_ipv4(a.bind, "--bind");
  hil::RegisterMap map = hil::load_register_map(a.map);
  hil::CabinetServerOptions o{.bind = bind, .port = a.port, .unit_id = a.unit_id, .speed = a.speed};
  std::unique_ptr<Battery> model;
  std::string what = "default 100 kW / 215 kWh reservoir";
  if (!a.scenario.empty()) {
    Scenario s = load_scenario(a.scenario, a.overrides);
    hil::BatteryDevice dev = hil::find_battery_device(s, a.site, a.device);
    o.start = s.start;
    model = hil::build_model_battery(dev.device, dev.node, s.start, &o.series_cells);
    what = fmt::format("{}.{} of {}", dev.site, dev.device, s.name);
  } else {
    o.start = Time::seconds(std::chrono::duration_cast<std::chrono::seconds>(
                                std::chrono::system_clock::now().time_since_epoch())
                                .count());
    model = hil::default_model_battery(o.start);
  }
  std::unique_ptr<hil::CabinetServer> server;
  try {
    server = std::make_unique<hil::CabinetServer>(std::move(map), std::move(model), o);
  } catch (const std::runtime_error& e) {
    throw InputError("<command line>", 0, "--port", e.what());
  }
  if (!a.quiet)
    server->set_log([](const std::string& s) {
      fmt::print("cabinet-server: {}\n", s);
      std::fflush(stdout);
    });
  fmt::print("cabinet-server: serving {} ({}) on {}:{} (unit id {}) at speed {:g}\n", what, a.map,
             bind, server->port(), a.unit_id, a.speed);
  std::fflush(stdout);
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  std::thread timer;
  if (a.duration_s > 0)
    timer = std::thread([d = a.duration_s] {
      const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(d);
      while (!g_stop.load() && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      g_stop.store(true);
    });
  server->run(g_stop);
  if (timer.joinable()) timer.join();
  const auto& st = server->stats();
  fmt::print(
      "cabinet-server: stopped: {} read requests, {} write requests ({} registers), {} rejected, "
      "{} watchdog trips; SoC {:.4f}\n",
      st.read_requests, st.write_requests, st.registers_written, st.rejected, st.watchdog_trips,
      server->model().soc());
  return 0;
}

}  // namespace

void add_cabinet_server_command(CLI::App& app, Action& action) {
  auto a = std::make_shared<ServerArgs>();
  auto* cmd = app.add_subcommand(
      "cabinet-server", "Serve a model cabinet as a Modbus TCP server through a register map");
  cmd->add_option("--map", a->map, "Register map: a YAML file or a preset of data/registermaps")
      ->required();
  cmd->add_option("--port", a->port, "TCP port (default 5020; 0: any free port)")
      ->check(CLI::Range(0, 65535));
  cmd->add_option("--bind", a->bind, "IPv4 address or host name to listen on (default 127.0.0.1)");
  cmd->add_option("--unit-id", a->unit_id, "Modbus unit id it answers (default 1)")
      ->check(CLI::Range(0, 255));
  cmd->add_option("--scenario", a->scenario, "Take the model cabinet from this scenario")
      ->check(CLI::ExistingFile);
  cmd->add_option("--site", a->site, "Site of the battery (default: the first)");
  cmd->add_option("--device", a->device, "Battery device (default: the first)");
  add_set_option(*cmd, a->overrides);
  cmd->add_option("--speed", a->speed, "Simulated seconds per wall second (default 1)");
  cmd->add_option("--duration", a->duration_s,
                  "Stop after this many wall seconds (default: never)");
  cmd->add_flag("-q,--quiet", a->quiet, "Print only the start and end lines");
  cmd->callback([a, &action] { action = [a] { return run(*a); }; });
}

}  // namespace wf::cli
