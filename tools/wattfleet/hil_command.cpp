// wattfleet hil SCENARIO --cabinet HOST:PORT --map MAP [--unit-id N] [--arm]
//   [--live-load prometheus://HOST:PORT/PATH | self] [--live-node PRESET] [--live-nodes N]
#include <fmt/format.h>

#include <cstring>
#include <memory>

#include "hil/hil_session.hpp"
#include "hil/live_load.hpp"
#include "hil/modbus_link.hpp"
#include "hil/model_battery.hpp"
#include "sim/cost_limits.hpp"
#include "sim/error.hpp"
#include "sim/units.hpp"
#include "tools/wattfleet/common_options.hpp"
#include "tools/wattfleet/hil_commands.hpp"

namespace wf::cli {

namespace {

struct HilArgs {
  std::string scenario, cabinet, map, output, period = "1 s", duration, timeout = "0.5 s";
  std::string site, device;
  std::string live_load, live_node, live_poll = "1 s", live_device;
  int live_nodes = 0;
  std::vector<std::string> overrides;
  int unit_id = 1;
  double speed = 1;
  bool arm = false, quiet = false, allow_large = false;
};

double seconds(const std::string& text, const std::string& option) {
  std::string why;
  auto v = parse_quantity(text, Dim::time, &why);
  if (!v || *v <= 0)
    throw InputError("<command line>", 0, option,
                     fmt::format("expected a duration like '100 ms', got '{}'", text));
  return *v;
}

int run(const HilArgs& a) {
  allow_large_runs(a.allow_large);
  std::vector<std::string> overrides = a.overrides;
  if (!a.duration.empty()) overrides.push_back("duration=" + a.duration);
  Scenario s = load_scenario(a.scenario, overrides);
  auto [host, port] = hil::parse_endpoint(a.cabinet, "--cabinet");
  hil::HilOptions o;
  o.host = host, o.port = port, o.unit_id = a.unit_id, o.map = a.map, o.armed = a.arm;
  o.timeout_s = seconds(a.timeout, "--timeout");
  o.period = Time::from_seconds(seconds(a.period, "--period"));
  o.speed = a.speed, o.site = a.site, o.device = a.device, o.quiet = a.quiet;
  o.output = a.output.empty() ? std::filesystem::path(s.path.stem().string() + "_hil.h5")
                              : std::filesystem::path(a.output);
  // Live load: read once now (an unreadable source is a bad input), then every poll.
  std::unique_ptr<hil::LiveLoad> live;
  if (!a.live_load.empty()) {
    hil::LiveLoadOptions lo{.source = a.live_load,
                            .node = a.live_node,
                            .nodes = a.live_nodes,
                            .poll = Time::from_seconds(seconds(a.live_poll, "--live-poll")),
                            .speed = a.speed,
                            .site = a.site,
                            .device = a.live_device,
                            .quiet = a.quiet};
    live = std::make_unique<hil::LiveLoad>(s, std::move(lo),
                                           hil::find_battery_device(s, a.site, a.device).site);
    o.extend_registry = [&live](Registry& r) { live->extend(r); };
    o.on_start = [&live](Engine& e, ResultWriter* w) { live->start(e, w); };
    o.on_finish = [&live](Time end, ResultWriter* w) { live->finish(end, w); };
  }
  if (!a.quiet)
    fmt::print(stderr, "hil: {} against {} ({}), {}, control period {:g} s\n", s.name, a.cabinet,
               a.map, a.arm ? "ARMED: setpoints are written" : "shadow mode: nothing is written",
               o.period.to_seconds());
  hil::HilResult r = hil::run_hil(s, o);
  const auto& p = r.pacing;
  const auto& c = r.cabinet;
  fmt::print(
      "{}: {} ticks, lag p50 {:.2f} ms, p99 {:.2f} ms, max {:.2f} ms, jitter {:.2f} ms, {} "
      "overruns\n",
      o.output.string(), p.ticks, p.p50_s * 1e3, p.p99_s * 1e3, p.max_s * 1e3, p.jitter_s * 1e3,
      p.overruns);
  fmt::print(
      "cabinet {}.{}: {} polls ({} failed), {} requests, {} writes, {} link losses, {} bad "
      "values\n",
      r.site, r.device, c.polls, c.failed_polls, c.requests, c.writes, c.link_losses, c.bad_values);
  if (live)
    fmt::print("live load {}.{}: {} polls ({} failed), last {:.0f} W\n", live->site(),
               live->device(), live->stats().polls, live->stats().failed, live->stats().last_w);
  if (r.stopped_by_signal)
    fmt::print(stderr, "hil: stopped by {} at {:.1f} s of the run; {} holds the rows up to there\n",
               strsignal(r.stopped_by_signal), (r.run.end - s.start).to_seconds(),
               o.output.string());
  if (!r.ever_read) {
    fmt::print(stderr, "hil: error: the cabinet at {} never answered; {} records the attempts\n",
               a.cabinet, o.output.string());
    return 1;
  }
  if (!r.safe_stop_confirmed) {
    fmt::print(stderr,
               "hil: error: 0 W and disabled could not be confirmed on {}: check the cabinet\n",
               a.cabinet);
    return 1;
  }
  // As a shell expects of a process ended by a signal, but only after the safe stop.
  return r.stopped_by_signal ? 128 + r.stopped_by_signal : 0;
}

}  // namespace

void add_hil_command(CLI::App& app, Action& action) {
  auto a = std::make_shared<HilArgs>();
  auto* cmd = app.add_subcommand(
      "hil", "Run a scenario paced to the wall clock against a real cabinet (Modbus TCP)");
  add_scenario_argument(*cmd, a->scenario);
  cmd->add_option("--cabinet", a->cabinet, "The cabinet's Modbus TCP endpoint HOST:PORT")
      ->required();
  cmd->add_option("--map", a->map, "Register map: a YAML file or a preset of data/registermaps")
      ->required();
  cmd->add_option("--unit-id", a->unit_id, "Modbus unit id")->check(CLI::Range(0, 255));
  cmd->add_flag("--arm", a->arm, "Write setpoints (without it: shadow mode, nothing is written)");
  add_output_option(*cmd, a->output, "Result file (default: <scenario name>_hil.h5 here)");
  cmd->add_option("--period", a->period, "Control period (default 1 s)");
  cmd->add_option("--duration", a->duration, "Run length, overriding the scenario's (e.g. 60s)");
  cmd->add_option("--timeout", a->timeout, "Response timeout of one request (default 0.5 s)");
  cmd->add_option("--speed", a->speed, "Simulated seconds per wall second (default 1)");
  cmd->add_option("--site", a->site, "Site whose battery is in the loop (default: the first)");
  cmd->add_option("--device", a->device, "Battery device in the loop (default: the first)");
  add_set_option(*cmd, a->overrides);
  cmd->add_option("--live-load", a->live_load,
                  "Live IT load: prometheus://HOST:PORT/PATH (DCGM / node_exporter) or self");
  cmd->add_option("--live-node", a->live_node,
                  "Node preset for CPU utilisation (self: default cpu_server)");
  cmd->add_option("--live-nodes", a->live_nodes,
                  "Scale the live load to N nodes (default: as measured; self: 1)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--live-poll", a->live_poll, "Live load poll period (default 1 s)");
  cmd->add_option("--live-device", a->live_device,
                  "Load device that follows the live value (default: the site's first IT load)");
  cmd->add_flag("-q,--quiet", a->quiet, "No link events on stderr");
  cmd->add_flag("--allow-large", a->allow_large,
                "Accept a scenario beyond the cost bounds and polls faster than every 10 ms");
  cmd->callback([a, &action] { action = [a] { return run(*a); }; });
}

}  // namespace wf::cli
