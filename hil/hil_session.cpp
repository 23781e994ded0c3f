#include "hil/hil_session.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <memory>

#include "assembly/builtin_registry.hpp"
#include "hil/model_battery.hpp"
#include "hil/stop_signals.hpp"
#include "hil/twin_battery.hpp"
#include "models/registry/registry.hpp"
#include "models/registry/site_assembly.hpp"
#include "sim/cost_limits.hpp"
#include "sim/error.hpp"

namespace wf::hil {

namespace {

// What the hooks share while the run goes.
struct Session {
  const HilOptions* opt = nullptr;
  std::string site;
  TwinBattery* twin = nullptr;
  ResultWriter* writer = nullptr;
  int group = -1;
  std::unique_ptr<Recorder> recorder;
  std::unique_ptr<Pacer> pacer;
  ModbusCabinetStats cabinet;  // copied at the end: the site (and the twin) die with the run
  bool safe_stop_confirmed = true, ever_read = false;
  std::shared_ptr<std::function<void(Engine&)>> flusher;  // the periodic flush, rescheduling itself
};

}  // namespace

HilResult run_hil(const Scenario& scenario, const HilOptions& o) {
  if (!(o.speed > 0)) throw InputError("<command line>", 0, "--speed", "expected a speed above 0");
  if (o.period <= Time::zero())
    throw InputError("<command line>", 0, "--period", "expected a period above 0 s");
  // Each tick is a Modbus round trip: a cabinet is not polled faster than every 10 ms.
  if (o.period.to_seconds() / o.speed < kMinHilWallPeriodS && !large_runs_allowed())
    throw InputError("<command line>", 0, "--period",
                     fmt::format("{:g} s at speed {:g} polls the cabinet every {:g} ms of wall "
                                 "time; expected at least {:g} ms (or --allow-large)",
                                 o.period.to_seconds(), o.speed,
                                 o.period.to_seconds() / o.speed * 1e3, kMinHilWallPeriodS * 1e3));
  RegisterMap map = load_register_map(o.map);
  BatteryDevice dev = find_battery_device(scenario, o.site, o.device);
  auto session = std::make_shared<Session>();
  session->opt = &o;
  session->site = dev.site;

  // The built-in device types, but the chosen battery becomes the twin.
  Registry registry = builtin_registry();
  for (const char* type : {"battery", "cabinet"}) {
    Registry::DeviceFactory original = *registry.device(type);
    registry.add_device(type, [original, dev, map, &o, session](
                                  const std::string& id, const ConfigNode& node, SiteAssembly& b) {
      if (node.path() != dev.node.path()) return original(id, node, b);
      auto model = build_model_battery(id, node, b.start());
      ModbusCabinetOptions co{.host = o.host,
                              .port = o.port,
                              .unit_id = o.unit_id,
                              .armed = o.armed,
                              .timeout_s = o.timeout_s,
                              .period = o.period,
                              .max_charge_w = model->max_charge_w(),
                              .max_discharge_w = model->max_discharge_w(),
                              .capacity_j = model->capacity_j()};
      auto real = std::make_unique<ModbusCabinet>(id, map, co, b.start());
      const std::string site = dev.site;
      real->set_events(
          [session, site](Time t, std::string_view kind, double value, std::string_view msg) {
            if (session->writer) session->writer->add_event(t, site, kind, value, msg);
            if (!session->opt->quiet) fmt::print(stderr, "hil: {}: {}\n", kind, msg);
          });
      auto twin =
          std::make_unique<TwinBattery>(std::move(model), std::move(real), nullptr, b.start());
      session->twin = twin.get();
      b.add_battery(std::move(twin), b.add_vertex(id, node, false, false));
    });
  }

  if (o.extend_registry) o.extend_registry(registry);

  RunOptions ro{.output = o.output, .rows_per_chunk = 64};  // small chunks: little lost if killed
  ro.registry = &registry;
  ro.on_start = [session, &scenario](Engine& engine, ResultWriter* writer) {
    if (!session->twin) throw InternalError("hil: the battery in the loop was not built");
    session->writer = writer;
    if (writer)
      session->group = writer->add_site(
          "hil",
          Recorder(Time::zero(), Time::seconds(1), hil_channels(), nullptr).output_channels());
    // A raw pointer: the session owns the recorder, so a shared one would be a cycle.
    auto sink = [s = session.get()](std::span<const double> row) {
      if (s->writer) s->writer->append_row(s->group, row);
    };
    session->recorder =
        std::make_unique<Recorder>(scenario.start, scenario.output_interval, hil_channels(), sink);
    session->twin->set_recorder(session->recorder.get());
    session->pacer =
        std::make_unique<Pacer>(session->opt->period, session->opt->speed, session->recorder.get());
    session->pacer->start(engine);
    // Rows of a paced run arrive slowly (a chunk of 64 rows of 15 min is 16 h):
    // they reach the disk every 10 s of wall time, so a killed session keeps them.
    if (writer) {
      const Time every = Time::from_seconds(10 * session->opt->speed);
      auto flush = std::make_shared<std::function<void(Engine&)>>();
      *flush = [every, flush_weak = std::weak_ptr(flush), w = writer](Engine& e) {
        w->flush();
        if (auto f = flush_weak.lock()) e.schedule_fn(e.now() + every, Phase::record, *f);
      };
      session->flusher = flush;
      engine.schedule_fn(engine.now() + every, Phase::record, *flush);
    }
    if (session->opt->on_start) session->opt->on_start(engine, writer);
  };
  ro.on_finish = [session](Time end, ResultWriter* writer) {
    session->safe_stop_confirmed = session->twin->real().shutdown();
    session->ever_read = session->twin->real().ever_read();
    session->cabinet = session->twin->real().stats();
    session->recorder->finish(end);
    if (writer) writer->add_summary("hil", session->pacer->summary());
    if (session->opt->on_finish) session->opt->on_finish(end, writer);
  };
  HilResult r;
  clear_stop_signal();        // before the handlers: a signal from here on is kept
  const StopSignals signals;  // a stop signal ends the run at the next tick, not the process
  r.run = run_scenario(scenario, ro);
  r.safe_stop_confirmed = session->safe_stop_confirmed;
  r.ever_read = session->ever_read;
  r.stopped_by_signal = session->pacer->stopped_by();
  r.pacing = session->pacer->stats();
  r.cabinet = session->cabinet;
  r.site = dev.site, r.device = dev.device;
  return r;
}

}  // namespace wf::hil
