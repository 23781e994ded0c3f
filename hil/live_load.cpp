#include "hil/live_load.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

#include "models/registry/registry.hpp"
#include "models/registry/site_assembly.hpp"
#include "sim/error.hpp"

namespace wf::hil {

double prometheus_it_power_w(const PromScrape& now, const std::map<std::string, CpuTimes>& before,
                             const NodeSpec* node, int nodes) {
  const GpuPower g = gpu_power(now);
  const auto cpu = cpu_times(now);
  if (g.gpus == 0 && (cpu.empty() || !node))
    throw std::runtime_error(node ? "no DCGM_FI_DEV_POWER_USAGE or node_cpu_seconds_total"
                                  : "no DCGM_FI_DEV_POWER_USAGE (CPU time needs --live-node)");
  double w = g.w;
  if (node)
    for (const auto& [host, c] : cpu) {
      double u = 0;  // the first scrape has no interval: count the host idle
      if (auto it = before.find(host); it != before.end())
        u = cpu_utilisation(it->second, c).value_or(0);
      w += node_ac_power_w(*node, NodeState::active, u);
    }
  const int hosts = std::max(1, static_cast<int>(cpu.size()));
  return nodes > 0 ? w * nodes / hosts : w;
}

CpuTimes parse_proc_stat(std::string_view text) {
  CpuTimes c;
  std::istringstream in{std::string(text)};
  std::string line;
  while (std::getline(in, line)) {
    if (!line.starts_with("cpu ")) continue;
    std::istringstream f(line.substr(4));
    // user nice system idle iowait irq softirq steal (guest is inside user)
    double v[8] = {};
    int n = 0;
    while (n < 8 && f >> v[n]) ++n;
    if (n < 4) break;
    for (int i = 0; i < n; ++i) c.total += v[i];
    c.idle = v[3] + v[4];
    c.series = 1;
    break;
  }
  return c;
}

LiveSource::LiveSource(const LiveLoadOptions& o) : nodes_(o.nodes) {
  self_ = o.source == "self";
  if (!self_) ep_ = parse_http_url(o.source, "--live-load");
  if (o.nodes < 0)
    throw InputError("<command line>", 0, "--live-nodes", "expected a node count of at least 0");
  const std::string preset = o.node.empty() && self_ ? "cpu_server" : o.node;
  if (!preset.empty()) {
    // A one-key document, so the compute domain's own reader (and its errors) apply.
    std::string quoted;
    for (char c : preset) quoted += c == '\'' ? "''" : std::string(1, c);
    node_ = read_node(ConfigDoc::parse("node: '" + quoted + "'", "--live-node").root().at("node"));
  }
  what_ = self_
              ? fmt::format("this machine's CPU through {} x {}", std::max(1, nodes_), node_->name)
              : fmt::format("http://{}:{}{}", ep_.host, ep_.port, ep_.path);
}

double LiveSource::read() {
  if (self_) {
    std::ifstream f("/proc/stat");
    std::stringstream text;
    text << f.rdbuf();
    const CpuTimes c = parse_proc_stat(text.str());
    if (c.series == 0) throw std::runtime_error("/proc/stat: no aggregate cpu line");
    double u = 0;  // first reading: no interval yet, idle
    if (auto it = cpu_.find(""); it != cpu_.end()) u = cpu_utilisation(it->second, c).value_or(0);
    cpu_[""] = c;
    return std::max(1, nodes_) * node_ac_power_w(*node_, NodeState::active, u);
  }
  const PromScrape s = parse_prometheus(http_get(ep_, timeout_s));
  const double w = prometheus_it_power_w(s, cpu_, node_ ? &*node_ : nullptr, nodes_);
  cpu_ = cpu_times(s);
  return w;
}

namespace {

// The chosen load device's config path: --live-device, else the site's first IT load.
std::pair<std::string, std::string> find_load(const Scenario& s, const std::string& site,
                                              const std::string& device, std::string& path) {
  for (const auto& [sid, snode] : s.sites) {
    if (sid != site) continue;
    auto devices = snode.get("devices");
    if (!devices) break;
    for (const auto& [did, dnode] : devices->entries()) {
      if (!device.empty() && did != device) continue;
      auto type = dnode.get("type");
      if (!type || type->scalar() != "load") continue;
      auto kind = dnode.get("kind");
      if (device.empty() && kind && kind->scalar() == "aux") continue;
      path = dnode.path();
      return {sid, did};
    }
  }
  throw InputError(s.path.string(), 0, device.empty() ? "--live-load" : "--live-device",
                   fmt::format("no {} in site '{}' (type load)",
                               device.empty() ? "IT load" : "load '" + device + "'", site));
}

}  // namespace

LiveLoad::LiveLoad(const Scenario& s, LiveLoadOptions o, const std::string& hil_site)
    : o_(std::move(o)), source_(o_) {
  if (!(o_.speed > 0)) throw InputError("<command line>", 0, "--speed", "expected a speed above 0");
  if (o_.poll <= Time::zero())
    throw InputError("<command line>", 0, "--live-poll", "expected a period above 0 s");
  std::tie(site_, device_) = find_load(s, o_.site.empty() ? hil_site : o_.site, o_.device, path_);
  // A scrape must not hold the engine for long: at most half a poll (wall), 0.5 s.
  source_.timeout_s = std::min(0.5, o_.poll.to_seconds() / o_.speed / 2);
  // The first value before the run: a source that cannot be read at all is a bad input.
  try {
    stats_.last_w = source_.read();
  } catch (const std::exception& e) {
    throw InputError("<command line>", 0, "--live-load",
                     fmt::format("cannot read {}: {}", source_.describe(), e.what()));
  }
}

void LiveLoad::extend(Registry& r) {
  Registry::DeviceFactory original = *r.device("load");
  r.add_device("load",
               [this, original](const std::string& id, const ConfigNode& node, SiteAssembly& b) {
                 if (node.path() != path_) return original(id, node, b);
                 static constexpr std::array<std::string_view, 2> kKinds{"it", "aux"};
                 LoadKind kind = LoadKind::it;
                 if (auto k = node.get("kind")) kind = static_cast<LoadKind>(k->choice(kKinds));
                 const int v = b.add_vertex(id, node, false, false);
                 auto load = std::make_unique<Load>(
                     id, kind, StepSeries({b.start()}, {stats_.last_w}, b.end()), b.start());
                 load_ = load.get();
                 b.add_load(std::move(load), v);
               });
}

void LiveLoad::start(Engine& e, ResultWriter* w) {
  if (!load_) throw InternalError("live load: the load device was not built");
  writer_ = w;
  sim_start_ = e.now();
  wall_start_ = std::chrono::steady_clock::now();
  if (!o_.quiet)
    fmt::print(stderr, "hil: live load {}.{} from {}, every {:g} s\n", site_, device_,
               source_.describe(), o_.poll.to_seconds());
  take(e);
  e.schedule(e.now() + o_.poll, Phase::input, &LiveLoad::on_poll, this);
}

// Scheduled before the site's wake at the same instant (the site schedules its wake
// at the poll time only after this event was queued), so the site solves with the
// new value at once.
void LiveLoad::on_poll(void* self, Engine& e, std::uint64_t) {
  auto* l = static_cast<LiveLoad*>(self);
  // Paced like the control ticks: poll when the wall clock reaches the instant.
  const double sim_s = (e.now() - l->sim_start_).to_seconds() / l->o_.speed;
  std::this_thread::sleep_until(l->wall_start_ +
                                std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                    std::chrono::duration<double>(sim_s)));
  l->take(e);
  e.schedule(e.now() + l->o_.poll, Phase::input, &LiveLoad::on_poll, l);
}

void LiveLoad::take(Engine& e) {
  const Time now = e.now();
  ++stats_.polls;
  try {
    stats_.last_w = source_.read();
    if (!down_since_.is_never()) {
      event(now, "live_load_restored", (now - down_since_).to_seconds(),
            fmt::format("{} answers again: {:.0f} W", source_.describe(), stats_.last_w));
      down_since_ = Time::never();
    }
  } catch (const std::exception& ex) {
    ++stats_.failed;
    if (down_since_.is_never()) {
      down_since_ = now;
      event(now, "live_load_unreachable", stats_.last_w,
            fmt::format("{}: {}; holding {:.0f} W, retrying every poll", source_.describe(),
                        ex.what(), stats_.last_w));
    }
  }
  load_->set_live_value(now, stats_.last_w, now + o_.poll);
}

void LiveLoad::event(Time t, std::string_view kind, double value, const std::string& msg) {
  if (writer_) writer_->add_event(t, site_, kind, value, msg);
  if (!o_.quiet) fmt::print(stderr, "hil: {}: {}\n", kind, msg);
}

void LiveLoad::finish(Time, ResultWriter* w) {
  if (!w) return;
  w->add_summary(site_, {{device_ + ".live.polls", "1", "live load polls", double(stats_.polls)},
                         {device_ + ".live.failed_polls", "1", "live load polls that failed",
                          double(stats_.failed)},
                         {device_ + ".live.last_power", "W", "last live IT power", stats_.last_w}});
}

}  // namespace wf::hil
