// Scenario types of the compute domain: `load` (IT or auxiliary) and `cooling`.
// A load's `power` is a constant, a trace, or a workload map {workload: <kind>, ...}
// whose generator runs here, at load time, and yields the group's power series.
#include <fmt/format.h>

#include <array>
#include <cmath>
#include <optional>
#include <vector>

#include "models/compute/compute_registration.hpp"
#include "models/compute/cooling.hpp"
#include "models/compute/load.hpp"
#include "models/compute/trace_replay.hpp"
#include "models/compute/workload.hpp"
#include "models/registry/registry.hpp"
#include "models/registry/site_assembly.hpp"
#include "sim/cost_limits.hpp"
#include "sim/params.hpp"
#include "sim/seed.hpp"
#include "sim/series_config.hpp"
#include "sim/time_format.hpp"

namespace wf {
namespace {

constexpr std::string_view kWorkloadKinds[] = {"ai_training", "rendering", "finance", "inference",
                                               "replay"};
constexpr std::string_view kParked[] = {"off", "sleep", "idle"};
constexpr std::string_view kLoadKinds[] = {"it", "aux"};
constexpr std::string_view kLogFormats[] = {"aggregated", "nvidia_smi"};

constexpr ParamInfo kLoad[] = {
    choice_param("kind", kLoadKinds, "it", "which balance channel the load counts in"),
    required_text_param("power", "a power, a trace or a workload section (below)",
                        "demand (at least 0 W everywhere)"),
};

// Fields every generated workload takes, besides its kind's parameters.
constexpr ParamInfo kWorkload[] = {
    choice_param("workload", kWorkloadKinds, "", "the generator"),
    required_text_param("nodes", "a whole number from 1 to 1 000 000", "nodes in the group"),
    required_text_param("node", "a preset of `data/nodes` or a node section", "the node model"),
    choice_param("parked", kParked, "idle",
                 "state of nodes without work; waking costs the preset's wake or boot time at "
                 "idle power before a job starts"),
    text_param("timezone", "an IANA name like `Europe/Oslo`", "UTC",
               "local time for market hours, daily shapes and evening submissions"),
    text_param("seed", "a whole number from 0", "the site's seed mixed with the device id",
               "pins this group's draws whatever the scenario's seed"),
};

constexpr ParamInfo kReplay[] = {
    choice_param("workload", kWorkloadKinds, "", "`replay`"),
    required_text_param("nodes", "a whole number from 1 to 1 000 000",
                        "nodes the log is scaled to"),
    required_text_param("file", "a GPU power log (`.csv` or `.csv.gz`)", "the measured log"),
    choice_param("format", kLogFormats, "", "the log's layout"),
    text_param("gpus", "a whole number from 1 to 64", "8", "GPUs per node in the log"),
    {"scale", Dim::dimensionless, "1", 0, 1e6, false, "multiplies the logged power"},
    {"base_power", Dim::power, "0 W", 0, 1e6, false, "added per node (CPU, fans, memory)"},
    {"resample", Dim::time, "0 s", 0, 86400, false,
     "means over windows of this length (at least the log's spacing), energy kept (a year of "
     "a 100-ms log is 300 million events); 0: every sample"},
    text_param("description", "text", "", "free text"),
};

constexpr ParamInfo kCooling[] = {
    optional_param({"pue", Dim::dimensionless, "", 1, 5, false,
                    "power usage effectiveness: facility power / IT power (or `climate`)"}),
    text_param("climate", "a section (below)", "",
               "instead of `pue`: a PUE from the site's `ambient_temperature`"),
};

// Domain reference 4.5 ([U]): defaults of ClimatePue; every one can be set.
constexpr ParamInfo kClimate[] = {
    {"loss", Dim::dimensionless, "7 %", 0, 1, false, "UPS and transformer losses"},
    {"free_cooling", Dim::dimensionless, "5 %", 0, 1, false,
     "fans and pumps while free cooling suffices"},
    {"compressor", Dim::dimensionless, "40 %", 0, 2, false,
     "cooling power at full mechanical cooling"},
    {"free_limit", Dim::temperature, "18 degC", 200, 350, false,
     "outdoor temperature up to which free cooling suffices"},
    {"full_load", Dim::temperature, "35 degC", 200, 350, false,
     "outdoor temperature at which the compressors run fully"},
};

double read(const ConfigNode& node, std::span<const ParamInfo> table, std::string_view name) {
  return read_param(node, param(table, name));
}

template <class P>
using Table = std::vector<Param<P>>;

const Table<AiTrainingParams>& ai_table() {
  using P = AiTrainingParams;
  static const Table<P> t{
      {{"job_interval", Dim::time, "6 h", 60, 1e9, false, "mean time between job submissions"},
       &P::job_interval},
      {{"job_duration", Dim::time, "2 d", 600, 1e9, false, "mean job run time"}, &P::job_duration},
      {{"job_nodes", Dim::dimensionless, "0", 0, 1e6, false, "nodes per job; 0: all"},
       &P::job_nodes},
      {{"period", Dim::time, "66 s", 0.01, 1e6, false, "compute + sync cycle"}, &P::period},
      {{"duty", Dim::dimensionless, "42 %", 0, 1, false, "compute share of a cycle"}, &P::duty},
      {{"period_jitter", Dim::dimensionless, "5 %", 0, 0.9, false, "cycle-to-cycle spread"},
       &P::period_jitter},
      {{"u_high", Dim::dimensionless, "95 %", 0, 1, false, "utilisation computing"}, &P::u_high},
      {{"u_low", Dim::dimensionless, "30 %", 0, 1, false, "utilisation in sync"}, &P::u_low},
      {{"checkpoint_interval", Dim::time, "30 min", 0, 1e9, false, "0: none"},
       &P::checkpoint_interval},
      {{"checkpoint_duration", Dim::time, "60 s", 0, 1e6, false, "dip length"},
       &P::checkpoint_duration},
      {{"u_checkpoint", Dim::dimensionless, "0 %", 0, 1, false, "utilisation in a dip"},
       &P::u_checkpoint},
      {{"ramp_time", Dim::time, "0 s", 0, 3600, false, "start/stop ramp"}, &P::ramp_time},
  };
  return t;
}

const Table<RenderingParams>& render_table() {
  using P = RenderingParams;
  static const Table<P> t{
      {{"jobs_per_day", Dim::dimensionless, "6", 0, 1e6, true, "mean job submissions per day"},
       &P::jobs_per_day},
      {{"frames_per_job", Dim::dimensionless, "400", 1, 1e9, false, "mean frames per job"},
       &P::frames_per_job},
      {{"frame_time", Dim::time, "15 min", 1, 1e6, false, "node time per frame"}, &P::frame_time},
      {{"job_nodes", Dim::dimensionless, "0", 0, 1e6, false, "nodes per job at most; 0: all"},
       &P::job_nodes},
      {{"u_busy", Dim::dimensionless, "95 %", 0, 1, false, "utilisation rendering"}, &P::u_busy},
      {{"peak_hour", Dim::dimensionless, "19", 0, 24, false, "local hour of most submissions"},
       &P::peak_hour},
      {{"peak_share", Dim::dimensionless, "80 %", 0, 1, false, "daily swing of the arrival rate"},
       &P::peak_share},
  };
  return t;
}

const Table<FinanceParams>& finance_table() {
  using P = FinanceParams;
  static const Table<P> t{
      {{"market_open", Dim::time, "9 h", 0, 86400, false, "local time of day"}, &P::market_open},
      {{"market_close", Dim::time, "17.5 h", 0, 86400, false, "local time of day"},
       &P::market_close},
      {{"u_market", Dim::dimensionless, "60 %", 0, 1, false, "mean utilisation in market hours"},
       &P::u_market},
      {{"market_variation", Dim::dimensionless, "20 %", 0, 1, false, "step-to-step spread"},
       &P::market_variation},
      {{"step", Dim::time, "15 min", 1, 86400, false, "market-hours step"}, &P::step},
      {{"batch_start", Dim::time, "18 h", 0, 86400, false, "local time of day"}, &P::batch_start},
      {{"batch_duration", Dim::time, "3 h", 0, 86400, false, "end-of-day batch length"},
       &P::batch_duration},
      {{"batch_jitter", Dim::dimensionless, "20 %", 0, 0.9, false, "spread of the batch length"},
       &P::batch_jitter},
      {{"u_batch", Dim::dimensionless, "95 %", 0, 1, false, "utilisation in the batch"},
       &P::u_batch},
  };
  return t;
}

const Table<InferenceParams>& inference_table() {
  using P = InferenceParams;
  static const Table<P> t{
      {{"u_base", Dim::dimensionless, "25 %", 0, 1, false, "night-time utilisation"}, &P::u_base},
      {{"amplitude", Dim::dimensionless, "40 %", 0, 1, false, "daily swing of utilisation"},
       &P::amplitude},
      {{"peak_hour", Dim::dimensionless, "14", 0, 24, false, "local hour of the daily peak"},
       &P::peak_hour},
      {{"step", Dim::time, "5 min", 1, 86400, false, "step of the daily shape"}, &P::step},
      {{"bursts_per_day", Dim::dimensionless, "4", 0, 1e4, true, "mean bursts per day"},
       &P::bursts_per_day},
      {{"burst_duration", Dim::time, "10 min", 1, 86400, false, "mean burst length"},
       &P::burst_duration},
      {{"u_burst", Dim::dimensionless, "30 %", 0, 1, false, "utilisation a burst adds"},
       &P::u_burst},
  };
  return t;
}

template <class P>
P read_kind(const ConfigNode& n, const Table<P>& t, std::vector<std::string_view> keys) {
  for (const auto& p : t) keys.push_back(p.info.name);
  n.check_keys(keys);
  P out;
  read_params<P>(n, t, out);
  return out;
}

WorkloadGroup read_group(const ConfigNode& n, const SiteAssembly& b, const std::string& id) {
  WorkloadGroup g;
  g.start = b.start();
  g.end = b.end();
  g.nodes = static_cast<int>(n.at("nodes").integer(1, 1'000'000));
  g.node = read_node(n.at("node"));
  if (auto p = n.get("parked")) g.parked = static_cast<NodeState>(p->choice(kParked));
  if (auto tz = n.get("timezone")) g.tz = TimeZone::read(*tz);
  // An explicit seed pins this group's draws whatever the scenario seed.
  g.seed = derive_seed(b.seed(), id);  // independent streams per group
  if (auto s = n.get("seed")) g.seed = static_cast<std::uint64_t>(s->integer(0, INT64_MAX));
  return g;
}

void check_job_nodes(const ConfigNode& n, const WorkloadGroup& g) {
  if (auto j = n.get("job_nodes"); j && j->quantity(Dim::dimensionless) > g.nodes)
    j->fail("expected a job no bigger than the group (nodes: " + std::to_string(g.nodes) + ")");
}

// The generator's work grows with its power changes: refuse a setting that would take
// hours (a typo such as `period: 0.5 s` over a year) unless large runs are allowed.
// Memory does not grow with them: the series is made as the run reaches it.
void check_points(const ConfigNode& n, const WorkloadGroup& g, double period_s, double streams,
                  const char* field) {
  constexpr double kMaxPoints = 5e7;  // ~ a minute of run time per 5e7 changes
  const double points = 2 * streams * (g.end - g.start).to_seconds() / period_s;
  if (points > kMaxPoints && !large_runs_allowed())
    n.at(field).fail(fmt::format(
        "expected at least {:.3g} s for this run length ({:.3g} power changes otherwise, bound "
        "{:.3g}; lengthen the {}, shorten the run or pass --allow-large)",
        period_s * points / kMaxPoints, points, kMaxPoints, field));
}

StepSeries replay_series(const ConfigNode& n, SiteAssembly& b) {
  n.check_keys(param_keys(kReplay));
  const auto fmt = static_cast<TraceFormat>(n.at("format").choice(kLogFormats));
  const int gpus = n.get("gpus") ? static_cast<int>(n.at("gpus").integer(1, 64)) : 8;
  const auto file = n.base_dir() / n.at("file").scalar();
  PowerLog log = read_power_log(file, fmt, gpus);
  b.log_repairs(log.repairs);
  if (const double step_s = read(n, kReplay, "resample"); step_s > 0) {
    const Time step = Time::from_seconds(step_s);
    if (step < log.spacing)
      n.at("resample")
          .fail(fmt::format(
              "expected 0 s or at least the log's sample spacing ({}): shorter windows only "
              "repeat samples",
              format_duration(log.spacing)));
    log = resample(log, step);
  }
  const int nodes = static_cast<int>(n.at("nodes").integer(1, 1'000'000));
  const double scale = read(n, kReplay, "scale");
  const double base = read(n, kReplay, "base_power");
  return replay(log, b.start(), nodes, scale, base);
}

// The generated power, and the plan (the schedule's expected power) where the kind has one.
Workload workload_series(const ConfigNode& n, SiteAssembly& b, const std::string& id) {
  const std::size_t kind = n.at("workload").choice(kWorkloadKinds);
  if (kind == 4) return Workload{.power = replay_series(n, b)};
  std::vector<std::string_view> keys = param_keys(kWorkload);
  const WorkloadGroup g = read_group(n, b, id);
  switch (kind) {
    case 0: {
      auto p = read_kind(n, ai_table(), keys);
      check_job_nodes(n, g);
      if (n.get("period")) {
        const double jobs = p.job_nodes > 0 ? std::floor(g.nodes / p.job_nodes) : 1;
        check_points(n, g, p.period, jobs, "period");
      }
      // Made as the run reaches it: a short period or a long run costs time, not memory.
      Workload w = generate_ai_training(g, p, /*lazy=*/true);
      w.checkpoint_s = p.checkpoint_interval;
      return w;
    }
    case 1: {
      auto p = read_kind(n, render_table(), keys);
      check_job_nodes(n, g);
      Workload w = generate_rendering(g, p, /*lazy=*/true);
      w.checkpoint_s = p.frame_time;  // a finished frame is kept
      return w;
    }
    case 2:
      return generate_finance(g, read_kind(n, finance_table(), keys), /*lazy=*/true);
    default:
      return generate_inference(g, read_kind(n, inference_table(), keys), /*lazy=*/true);
  }
}

}  // namespace

void register_compute_models(Registry& r) {
  auto table = [&](std::string name, std::span<const ParamInfo> t) {
    r.add_params({std::move(name), {t.begin(), t.end()}});
  };
  table("device.load", kLoad);
  table("device.cooling", kCooling);
  table("device.cooling.climate", kClimate);
  table("workload", kWorkload);
  table("workload.replay", kReplay);
  r.add_params({"node", node_params()});
  r.add_params(
      {"workload.ai_training", param_infos(std::span<const Param<AiTrainingParams>>(ai_table()))});
  r.add_params(
      {"workload.rendering", param_infos(std::span<const Param<RenderingParams>>(render_table()))});
  r.add_params(
      {"workload.finance", param_infos(std::span<const Param<FinanceParams>>(finance_table()))});
  r.add_params({"workload.inference",
                param_infos(std::span<const Param<InferenceParams>>(inference_table()))});
  r.add_device("load", [](const std::string& id, const ConfigNode& node, SiteAssembly& b) {
    node.check_keys(device_keys(kLoad));
    LoadKind kind = LoadKind::it;
    if (auto k = node.get("kind")) kind = static_cast<LoadKind>(k->choice(kLoadKinds));
    ConfigNode power = node.at("power");
    SeriesInput in;
    std::unique_ptr<StepGenerator> source, plan_source;
    std::optional<StepSeries> plan;
    std::vector<ScheduledJob> jobs;
    std::function<std::unique_ptr<JobSource>()> job_source;
    double checkpoint_s = 0;
    bool deferrable = false;
    double busy_w = 0, wake_w = 0;
    Time wake;
    if (power.is_map() && power.get("workload")) {
      Workload w = workload_series(power, b, id);
      in.series = std::move(w.power);
      source = std::move(w.source);
      if (w.planned.size() > 0) plan = std::move(w.planned);
      plan_source = std::move(w.planned_source);
      jobs = std::move(w.jobs);
      job_source = std::move(w.job_source);
      checkpoint_s = w.checkpoint_s;
      deferrable = w.deferrable;
      busy_w = w.busy_w_per_node;
      wake_w = w.wake_w_per_node;
      wake = w.wake;
    } else {
      in = read_series(power, Dim::power, b.start(), b.end());
    }
    for (double v : in.series.values())
      if (v < 0)
        power.fail("expected a demand of at least 0 W everywhere; the trace has negative values");
    b.log_repairs(in.repairs);
    int v = b.add_vertex(id, node, false, false);
    auto load = source ? std::make_unique<Load>(id, kind, std::move(source), b.start())
                       : std::make_unique<Load>(id, kind, std::move(in.series), b.start());
    if (plan) load->set_plan(std::move(*plan));
    if (plan_source) load->set_plan(std::move(plan_source));
    if (!jobs.empty()) load->set_jobs(std::move(jobs), checkpoint_s);
    if (job_source) load->set_jobs(job_source(), checkpoint_s);
    if (deferrable) load->set_job_power(busy_w, wake_w, wake);
    b.add_load(std::move(load), v);
  });
  r.add_device("cooling", [](const std::string& id, const ConfigNode& node, SiteAssembly& b) {
    node.check_keys(device_keys(kCooling));
    int v = b.add_vertex(id, node, false, false);
    auto climate = node.get("climate");
    if (climate && node.get("pue"))
      node.fail("give either 'pue' (fixed) or 'climate' (from the outdoor temperature)");
    if (!climate) {
      double pue = read(node, kCooling, "pue");
      b.add_cooling(Cooling(id, pue), v);
      return;
    }
    climate->check_keys(param_keys(kClimate));
    ClimatePue c;
    c.loss = read(*climate, kClimate, "loss");
    c.free_cooling = read(*climate, kClimate, "free_cooling");
    c.compressor = read(*climate, kClimate, "compressor");
    c.free_limit = read(*climate, kClimate, "free_limit");
    c.full_load = read(*climate, kClimate, "full_load");
    if (!(c.full_load > c.free_limit)) climate->fail("full_load must lie above free_limit");
    b.add_cooling(Cooling(id, c), v);
  });
}

}  // namespace wf
