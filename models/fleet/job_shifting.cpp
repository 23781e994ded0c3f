#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <functional>
#include <map>

#include "models/compute/load.hpp"
#include "models/fleet/fleet.hpp"
#include "sim/params.hpp"
#include "sim/summary_figures.hpp"
#include "sim/time_series.hpp"

namespace wf {

namespace {

// "<number> <unit>" with one of `units` (factor to the base unit); fails naming them.
double with_unit(const ConfigNode& n, std::span<const std::pair<std::string_view, double>> units,
                 std::string_view what) {
  const std::string text = n.scalar();
  const auto sp = text.find(' ');
  double x = 0;
  if (sp != std::string::npos) {
    auto [p, ec] = std::from_chars(text.data(), text.data() + sp, x);
    if (ec == std::errc() && p == text.data() + sp && x >= 0)
      for (const auto& [u, f] : units)
        if (text.substr(sp + 1) == u) return x * f;
  }
  std::string names;
  for (const auto& [u, f] : units) names += (names.empty() ? "" : ", ") + std::string(u);
  n.fail(fmt::format("expected {} like '10 {}' (units: {})", what, units.front().first, names));
}

constexpr std::array<std::pair<std::string_view, double>, 4> kBandwidth{
    {{"Gbit/s", 1e9}, {"Mbit/s", 1e6}, {"kbit/s", 1e3}, {"bit/s", 1}}};
constexpr std::array<std::pair<std::string_view, double>, 4> kData{
    {{"GB", 1}, {"TB", 1e3}, {"MB", 1e-3}, {"PB", 1e6}}};
constexpr std::array<std::pair<std::string_view, double>, 1> kCost{{{"EUR/GB", 1}}};

Site* find_site(std::vector<std::unique_ptr<Site>>& sites, const ConfigNode& where,
                const std::string& id) {
  for (auto& s : sites)
    if (s->id() == id) return s.get();
  where.fail(fmt::format("no site '{}' in this scenario", id));
}

constexpr std::string_view kBy[] = {"price", "carbon"};

// The fleet section and its parts, declared once: key checks here, tables in docs/models/fleet.md.
constexpr ParamInfo kFleet[] = {
    text_param("links", "a list of link sections (below)", "", "WAN links between the sites"),
    text_param("shifting", "a section (below)", "", "deferrable jobs moved between sites"),
};
constexpr ParamInfo kLink[] = {
    required_text_param("between", "the two site ids it joins, like `[berlin, frankfurt]`",
                        "the link's ends"),
    {"latency", Dim::time, "", 0, 10, false, "one-way latency"},
    required_text_param("bandwidth", "a bandwidth like `10 Gbit/s`, above 0", "its capacity"),
    text_param("cost", "a transfer cost like `0.02 EUR/GB`", "0 EUR/GB", "price of the data moved"),
};
constexpr ParamInfo kShifting[] = {
    choice_param("by", kBy, "", "what a move saves: energy cost or emissions"),
    required_text_param("from", "a list of `site.load` ids", "the loads whose jobs may move"),
    required_text_param("to", "a map of site id to `{load, spare_nodes}` (below)",
                        "the loads that may take them"),
    text_param("data_per_job", "a data size like `200 GB`", "0 GB", "data each job takes along"),
    {"min_saving", Dim::dimensionless, "0", 0, INFINITY, false, "EUR or kg CO2 a move must save"},
};
constexpr ParamInfo kReceiver[] = {
    required_text_param("load", "a load id of that site", "the load the jobs join"),
    required_text_param("spare_nodes", "a whole number from 1 to 1 000 000",
                        "nodes of that kind free for moved jobs (checked over time)"),
};

std::vector<WanLink> read_links(const ConfigNode& list, std::vector<std::unique_ptr<Site>>& sites) {
  std::vector<WanLink> links;
  if (!list.is_sequence())
    list.fail("expected a list of links {between: [a, b], latency, bandwidth, cost}");
  for (const auto& n : list.items()) {
    n.check_keys(param_keys(kLink));
    const ConfigNode ends = n.at("between");
    if (!ends.is_sequence() || ends.items().size() != 2)
      ends.fail("expected the two site ids the link joins, like [berlin, frankfurt]");
    WanLink l;
    l.a = ends.items()[0].scalar(), l.b = ends.items()[1].scalar();
    find_site(sites, ends, l.a), find_site(sites, ends, l.b);
    if (l.a == l.b) ends.fail("a link joins two different sites");
    l.latency_s = read_param(n, param(kLink, "latency"));
    l.bandwidth_bps = with_unit(n.at("bandwidth"), kBandwidth, "a bandwidth");
    if (l.bandwidth_bps <= 0) n.at("bandwidth").fail("expected a bandwidth above 0");
    l.eur_per_gb = n.get("cost") ? with_unit(n.at("cost"), kCost, "a transfer cost") : 0.0;
    links.push_back(l);
  }
  return links;
}

struct Receiver {
  Site* site;
  Load* load;
  int spare_nodes;
  std::vector<ScheduledJob> accepted;
  std::vector<Load::Shift> shifts;
  std::vector<double> accepted_w;
  // Power of the accepted jobs overlapping [a, b) (all of them: an upper bound).
  double power(Time a, Time b) const {
    double w = 0;
    for (std::size_t i = 0; i < accepted.size(); ++i)
      if (accepted[i].start < b && a < accepted[i].end) w += accepted_w[i];
    return w;
  }
  // Largest number of accepted nodes in use at once within [a, b).
  int busy(Time a, Time b) const {
    std::vector<std::pair<Time, int>> ev;
    for (const auto& j : accepted)
      if (j.start < b && a < j.end) {
        ev.emplace_back(std::max(j.start, a), j.nodes);
        ev.emplace_back(std::min(j.end, b), -j.nodes);
      }
    std::sort(ev.begin(), ev.end());
    int now = 0, most = 0;
    for (const auto& [t, d] : ev) most = std::max(most, now += d);
    return most;
  }
};

}  // namespace

std::vector<ParamTable> fleet_param_tables() {
  auto table = [](std::string name, std::span<const ParamInfo> t) {
    return ParamTable{std::move(name), {t.begin(), t.end()}};
  };
  return {table("fleet", kFleet), table("fleet.link", kLink), table("fleet.shifting", kShifting),
          table("fleet.shifting.to", kReceiver)};
}

void apply_fleet(const ConfigNode& fleet, std::vector<std::unique_ptr<Site>>& sites) {
  fleet.check_keys(param_keys(kFleet));
  std::vector<std::string> ids;
  for (const auto& s : sites) ids.push_back(s->id());
  const FleetGraph graph(
      ids, fleet.get("links") ? read_links(fleet.at("links"), sites) : std::vector<WanLink>{});
  const auto sh = fleet.get("shifting");
  if (!sh) return;
  sh->check_keys(param_keys(kShifting));
  const bool by_price = sh->at("by").choice(kBy) == 0;
  const double data_gb =
      sh->get("data_per_job") ? with_unit(sh->at("data_per_job"), kData, "data") : 0;
  const double min_saving =
      sh->get("min_saving") ? read_param(*sh, param(kShifting, "min_saving")) : 0.0;
  // The signal's mean over [a, b) at site s.
  using Signal = std::function<double(Time, Time)>;
  auto signal = [&](Site& s, const ConfigNode& where) -> Signal {
    if (by_price && s.prices()) return [p = s.prices()](Time a, Time b) { return p->mean(a, b); };
    if (!by_price && s.carbon()) return [c = s.carbon()](Time a, Time b) { return c->mean(a, b); };
    where.fail(
        fmt::format("site '{}' has no {} for shifting by {}", s.id(),
                    by_price ? "prices:" : "carbon_intensity:", by_price ? "price" : "carbon"));
  };
  // EUR (price: EUR/MWh x MWh) or kg CO2 (g/kWh x kWh / 1000) of running `w` on [a, b).
  auto cost = [&](const Signal& mean, Time a, Time b, double w) {
    return mean(a, b) * w * (b - a).to_hours() / 1e6;  // W h: EUR/MWh -> EUR, g/kWh -> kg
  };

  std::map<std::string, Receiver> to;
  const ConfigNode tn = sh->at("to");
  for (const auto& [id, n] : tn.entries()) {
    n.check_keys(param_keys(kReceiver));
    Site* s = find_site(sites, n, id);
    Load* l = s->load(n.at("load").scalar());
    if (!l) n.at("load").fail(fmt::format("site '{}' has no load '{}'", id, n.at("load").scalar()));
    signal(*s, n);
    to.emplace(
        id,
        Receiver{s, l, static_cast<int>(n.at("spare_nodes").integer(1, 1'000'000)), {}, {}, {}});
  }
  const ConfigNode from = sh->at("from");
  if (!from.is_sequence()) from.fail("expected a list of site.load ids whose jobs may move");
  for (const auto& f : from.items()) {
    const std::string text = f.scalar();
    const auto dot = text.find('.');
    if (dot == std::string::npos) f.fail("expected <site>.<load>, like berlin.farm");
    Site& origin = *find_site(sites, f, text.substr(0, dot));
    Load* load = origin.load(text.substr(dot + 1));
    if (!load) f.fail(fmt::format("site '{}' has no load '{}'", origin.id(), text.substr(dot + 1)));
    if (!load->has_deferrable_jobs())
      f.fail("this load has no deferrable jobs (only generated rendering workloads have them)");
    const Signal home = signal(origin, f);
    const Time end = origin.run_end();
    std::vector<Load::Shift> out;
    std::vector<std::size_t> removed;
    double sent = 0, saving = 0, transfer_eur = 0;
    // Received jobs carry no deferrable power: only the load's own jobs are offered.
    const std::vector<ScheduledJob>& jobs = load->whole_schedule();
    for (std::size_t i = 0; i < load->own_jobs(); ++i) {
      const ScheduledJob& j = jobs[i];
      const double w = load->busy_w(j);
      if (j.start < origin.start_time() || j.end > end) continue;  // not wholly in the run: stays
      const double c0 = cost(home, j.start, j.end, w);
      Receiver* best = nullptr;
      double best_cost = c0 - min_saving, best_eur = 0;
      Time best_delay;
      for (auto& [id, r] : to) {
        if (r.site == &origin) continue;
        const FleetGraph::Path p = graph.path(origin.id(), id);
        if (!p.reachable) continue;
        const Time delay = Time::from_seconds(p.latency_s + data_gb * 8e9 / p.bandwidth_bps);
        const Time a = j.start + delay, b = j.end + delay;
        if (b > end || r.busy(a, b) + j.nodes > r.spare_nodes) continue;
        // The receiver's grid connection must carry it on top of what already runs there.
        if (r.site->import_headroom_w(a, b, w + r.power(a, b)) < 0) continue;
        const double eur = data_gb * p.eur_per_gb;
        const double c = cost(signal(*r.site, tn), a, b, w) + (by_price ? eur : 0.0);
        if (c < best_cost) best = &r, best_cost = c, best_delay = delay, best_eur = eur;
      }
      if (!best) continue;
      const Time wake = std::min(load->wake_time(), j.end - j.start);
      const double ww = j.nodes * load->wake_w_per_node();
      out.push_back({j.start, j.start + wake, -ww});
      out.push_back({j.start + wake, j.end, -w});
      removed.push_back(i);
      const ScheduledJob moved{j.index, j.start + best_delay, j.end + best_delay, j.nodes};
      best->accepted.push_back(moved);
      best->accepted_w.push_back(w);
      best->shifts.push_back({moved.start, moved.start + wake, ww});
      best->shifts.push_back({moved.start + wake, moved.end, w});
      ++sent, saving += c0 - best_cost, transfer_eur += best_eur;
    }
    load->reshape(out, removed, {}, origin.start_time());
    origin.add_summary(fleet_figure("jobs_sent")(sent));
    origin.add_summary(fleet_figure("data_sent")(sent * data_gb));
    origin.add_summary(fleet_figure("transfer_cost")(transfer_eur));
    origin.add_summary(by_price ? fleet_figure("expected_saving")(saving)
                                : fleet_figure("expected_co2_saving")(saving));
  }
  for (auto& [id, r] : to) {
    r.load->reshape(r.shifts, {}, r.accepted, r.site->start_time());
    r.site->add_summary(fleet_figure("jobs_received")(static_cast<double>(r.accepted.size())));
  }
}

}  // namespace wf
