#include "assembly/sizing.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "assembly/lifetime.hpp"
#include "assembly/sizing_file.hpp"
#include "sim/error.hpp"
#include "sim/trace.hpp"
#include "sim/units.hpp"

namespace wf {

namespace {

constexpr ParamInfo kParams[] = {
    text_param("device", "`<site>.<device>` of a `battery` or `cabinet`", "",
               "the storage sized (default: the scenario's only one)"),
    text_param("capacity", "`{from, to, step}` energies or a list of them", "",
               "nameplate energies tried (default: the scenario's)"),
    text_param("power", "`{from, to, step}` powers or a list of them", "",
               "rated powers tried (default: the scenario's)"),
    {"refine_capacity", Dim::energy, "0 kWh", 0, INFINITY, false,
     "resolution of the refinement around the best grid cell; 0: none"},
    {"refine_power", Dim::power, "0 kW", 0, INFINITY, false,
     "resolution of the refinement around the best grid cell; 0: none"},
    {"seeds", Dim::dimensionless, "1", 1, 1000, false,
     "seeds every configuration runs (the scenario's seed and the ones after it)"},
    {"max_lost_node_hours", Dim::dimensionless, "0", 0, INFINITY, false,
     "resilience target: node-hours of work lost over the life, in every seed"},
};

constexpr std::size_t kMaxConfigurations = 10000;

// Values of a `{from, to, step}` range or a list, in SI.
std::vector<double> read_axis(const ConfigNode& n, Dim dim) {
  std::vector<double> v;
  const auto items = n.is_sequence() ? n.items() : std::vector<ConfigNode>{};
  if (n.is_sequence()) {
    for (const auto& item : items) v.push_back(item.quantity(dim));
    if (v.empty()) n.fail("expected at least one value");
  } else {
    static constexpr std::string_view kRange[] = {"from", "to", "step"};
    n.check_keys(kRange);
    const double from = n.at("from").quantity(dim), to = n.at("to").quantity(dim),
                 step = n.at("step").quantity(dim);
    if (!(step > 0)) n.at("step").fail("expected a step above 0");
    if (to < from) n.at("to").fail("the range is empty: 'to' lies below 'from'");
    if ((to - from) / step + 1 > double(kMaxConfigurations))
      n.at("step").fail(fmt::format("more than {} values", kMaxConfigurations));
    for (double x = from; x <= to * (1 + 1e-9); x = from + step * double(v.size())) v.push_back(x);
  }
  for (std::size_t i = 0; i < v.size(); ++i)
    if (!(v[i] > 0)) (n.is_sequence() ? items[i] : n).fail("expected values above 0");
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

// `215kWh:860kWh:215kWh` or `215 kWh,430 kWh` from the command line.
std::vector<double> parse_axis(const std::string& text, Dim dim, std::string_view option) {
  auto fail = [&](const std::string& why) {
    throw InputError("<command line>", 0, std::string(option), why);
  };
  auto quantity = [&](std::string part) {
    std::string why;
    auto q = parse_quantity(part, dim, &why);
    if (!q) fail(fmt::format("expected {}, got '{}' ({})", describe(dim), part, why));
    if (!(*q > 0)) fail(fmt::format("expected values above 0, got '{}'", part));
    return *q;
  };
  std::vector<std::string> parts;
  const char sep = text.find(':') != std::string::npos ? ':' : ',';
  for (std::size_t a = 0;;) {
    const std::size_t b = text.find(sep, a);
    parts.push_back(text.substr(a, b == std::string::npos ? b : b - a));
    if (b == std::string::npos) break;
    a = b + 1;
  }
  std::vector<double> v;
  if (sep == ':') {
    if (parts.size() != 3) fail("expected FROM:TO:STEP, e.g. 215kWh:860kWh:215kWh");
    const double from = quantity(parts[0]), to = quantity(parts[1]), step = quantity(parts[2]);
    if (to < from) fail("the range is empty: TO lies below FROM");
    if ((to - from) / step + 1 > double(kMaxConfigurations))
      fail(fmt::format("more than {} values", kMaxConfigurations));
    for (double x = from; x <= to * (1 + 1e-9); x = from + step * double(v.size())) v.push_back(x);
  } else {
    for (const auto& p : parts) v.push_back(quantity(p));
  }
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

// The storage devices of a scenario: (site, device, is a cabinet).
std::vector<std::tuple<std::string, std::string, bool>> storages(const Scenario& s) {
  std::vector<std::tuple<std::string, std::string, bool>> out;
  for (const auto& [site, node] : s.sites)
    if (auto devices = node.get("devices"))
      for (const auto& [id, d] : devices->entries())
        if (auto type = d.get("type");
            type && (type->scalar() == "battery" || type->scalar() == "cabinet"))
          out.emplace_back(site, id, type->scalar() == "cabinet");
  return out;
}

double percentile(std::vector<double> v, double q) {  // linear between order statistics
  std::sort(v.begin(), v.end());
  const double x = q * double(v.size() - 1);
  const auto i = static_cast<std::size_t>(x);
  return i + 1 < v.size() ? v[i] + (x - double(i)) * (v[i + 1] - v[i]) : v[i];
}

}  // namespace

std::span<const ParamInfo> sizing_params() {
  return kParams;
}

SizingPlan read_sizing(const Scenario& s, const SizingCommandLine& cli) {
  SizingPlan plan;
  const std::optional<ConfigNode> node = s.sizing;
  if (node) {
    std::vector<std::string_view> keys;
    for (const auto& p : kParams) keys.push_back(p.name);
    node->check_keys(keys);
  }
  // Which storage.
  const auto all = storages(s);
  const ConfigNode root = s.doc.root();
  auto where = [&]() -> const ConfigNode& { return node ? *node : root; };
  if (node && node->get("device")) {
    const ConfigNode d = node->at("device");
    const std::string text = d.scalar();
    const auto dot = text.find('.');
    auto it = std::find_if(all.begin(), all.end(), [&](const auto& t) {
      return dot != std::string::npos && std::get<0>(t) == text.substr(0, dot) &&
             std::get<1>(t) == text.substr(dot + 1);
    });
    if (it == all.end())
      d.fail(fmt::format("no battery or cabinet '{}' in the scenario; expected <site>.<device>",
                         text));
    std::tie(plan.site, plan.device, plan.cabinet) = *it;
  } else {
    if (all.size() != 1)
      where().fail(
          fmt::format("the scenario has {} batteries and cabinets; name the one to size "
                      "with sizing.device: <site>.<device>",
                      all.size()));
    std::tie(plan.site, plan.device, plan.cabinet) = all.front();
  }
  if (!s.economics)
    where().fail("sizing needs an economics: section (the life's cash flows are what is compared)");
  auto number = [&](std::string_view name) {
    return node ? read_param(*node, param(kParams, name))
                : *parse_quantity(param(kParams, name).default_text, param(kParams, name).dim);
  };
  if (!cli.capacity.empty())
    plan.capacities_kwh = parse_axis(cli.capacity, Dim::energy, "--capacity");
  else if (node && node->get("capacity"))
    plan.capacities_kwh = read_axis(node->at("capacity"), Dim::energy);
  if (!cli.power.empty())
    plan.powers_kw = parse_axis(cli.power, Dim::power, "--power");
  else if (node && node->get("power"))
    plan.powers_kw = read_axis(node->at("power"), Dim::power);
  for (auto& c : plan.capacities_kwh) c /= 3.6e6;
  for (auto& p : plan.powers_kw) p /= 1e3;
  if (plan.capacities_kwh.empty() && plan.powers_kw.empty())
    where().fail(
        "nothing to size: give sizing.capacity and/or sizing.power (or --capacity, --power)");
  plan.refine_kwh = number("refine_capacity") / 3.6e6;
  plan.refine_kw = number("refine_power") / 1e3;
  double seeds = number("seeds");
  if (!cli.seeds.empty()) {
    auto n = parse_quantity(cli.seeds, Dim::dimensionless);
    if (!n || *n < 1 || *n > 1000 || *n != std::floor(*n))
      throw InputError("<command line>", 0, "--seeds",
                       fmt::format("expected a whole number from 1 to 1000, got '{}'", cli.seeds));
    seeds = *n;
  }
  if (seeds != std::floor(seeds)) node->at("seeds").fail("expected a whole number of seeds");
  for (std::uint64_t k = 0; k < std::uint64_t(seeds); ++k) plan.seeds.push_back(s.seed + k);
  plan.max_lost_node_hours = number("max_lost_node_hours");
  const std::size_t n = std::max<std::size_t>(1, plan.capacities_kwh.size()) *
                        std::max<std::size_t>(1, plan.powers_kw.size());
  if (n > kMaxConfigurations)
    where().fail(
        fmt::format("{} configurations, more than the {} a sweep takes", n, kMaxConfigurations));
  plan.text = fmt::format(
      "device: {}.{}\ncapacity_kwh: [{}]\npower_kw: [{}]\nrefine_capacity_kwh: {}\n"
      "refine_power_kw: {}\nseeds: {}\nmax_lost_node_hours: {}\n",
      plan.site, plan.device, fmt::join(plan.capacities_kwh, ", "), fmt::join(plan.powers_kw, ", "),
      plan.refine_kwh, plan.refine_kw, plan.seeds.size(), plan.max_lost_node_hours);
  return plan;
}

}  // namespace wf

namespace wf {

namespace {

using Outcome = SizingOutcome;

struct Config {
  double capacity_kwh = NAN, power_kw = NAN;  // NaN: as in the scenario
  bool refined = false;
};

std::vector<std::string> overrides_of(const SizingPlan& plan, const Config& c) {
  const std::string at = fmt::format("sites.{}.devices.{}.", plan.site, plan.device);
  std::vector<std::string> out;
  if (!std::isnan(c.capacity_kwh))
    out.push_back(fmt::format("{}capacity={} kWh", at, c.capacity_kwh));
  if (!std::isnan(c.power_kw)) {
    if (plan.cabinet) {
      out.push_back(fmt::format("{}power={} kW", at, c.power_kw));
    } else {
      out.push_back(fmt::format("{}max_charge_power={} kW", at, c.power_kw));
      out.push_back(fmt::format("{}max_discharge_power={} kW", at, c.power_kw));
    }
  }
  return out;
}

std::size_t site_index(const std::vector<SiteLife>& lives, const std::string& id) {
  for (std::size_t i = 0; i < lives.size(); ++i)
    if (lives[i].id == id) return i;
  throw InternalError("sizing: no site " + id);
}

// One configuration's life on one seed, before it is set against the life without storage.
struct Lived {
  Outcome failed;  // error set: an infeasible size
  AppraisalParams p;
  std::vector<SiteLife> lives;
};

Lived live(const ScenarioSource& source, const SizingPlan& plan, const Config& c,
           std::uint64_t seed) {
  Lived l;
  try {
    ScenarioSource src = source;
    for (auto& line : overrides_of(plan, c)) src.overrides.push_back(std::move(line));
    Scenario s = src.load();
    s.seed = seed;
    l.p = read_appraisal(*s.economics);
    l.lives = simulate_life(s, l.p, true);
  } catch (const InputError& e) {  // its row says why
    l.failed.error = e.what();
  }
  return l;
}

Outcome appraised(const SizingPlan& plan, const Lived& l, const std::vector<SiteLife>& baseline) {
  if (!l.failed.error.empty()) return l.failed;
  Outcome o;
  try {
    const std::size_t i = site_index(l.lives, plan.site);
    const Appraisal a = appraise(l.p, l.lives[i].size, l.lives[i].years, baseline[i].years);
    o.nameplate_kwh = l.lives[i].size.energy_kwh;
    o.power_kw = l.lives[i].size.power_kw;
    o.capex = a.capex, o.npv = a.npv, o.lcos = a.lcos, o.saving = a.mean_saving;
    o.irr = a.irr.value_or(NAN), o.payback = a.payback_years.value_or(NAN);
    o.end_of_life_year = a.end_of_life_year ? double(*a.end_of_life_year) : NAN;
    o.replacements = a.replacements, o.final_soh = a.rows.back().soh_end;
    for (const auto& y : l.lives[i].years) o.lost_node_hours += y.lost_node_hours;
    o.cash_flow = cash_flow_columns(a);
  } catch (const InputError& e) {
    o.error = e.what();
  }
  return o;
}

SizingRow summarise(const Config& c, const std::vector<Outcome>& seeds) {
  SizingRow r{.capacity_kwh = c.capacity_kwh, .power_kw = c.power_kw, .refined = c.refined};
  for (const auto& o : seeds)
    if (!o.error.empty()) {
      r.error = o.error;
      return r;
    }
  const Outcome& first = seeds.front();
  r.nameplate_kwh = first.nameplate_kwh;
  if (std::isnan(r.power_kw)) r.power_kw = first.power_kw;
  if (std::isnan(r.capacity_kwh)) r.capacity_kwh = first.nameplate_kwh;
  std::vector<double> npv;
  for (const auto& o : seeds) {
    npv.push_back(o.npv);
    r.saving_per_year += o.saving / double(seeds.size());
    r.lost_node_hours = std::max(r.lost_node_hours, o.lost_node_hours);
    if (!std::isnan(o.end_of_life_year))
      r.end_of_life_year = std::isnan(r.end_of_life_year)
                               ? o.end_of_life_year
                               : std::min(r.end_of_life_year, o.end_of_life_year);
  }
  if (seeds.size() == 1) r.end_of_life_year = first.end_of_life_year;
  r.npv_p10 = percentile(npv, 0.1), r.npv_p50 = percentile(npv, 0.5),
  r.npv_p90 = percentile(npv, 0.9);
  for (double x : npv) r.npv_mean += x / double(npv.size());
  r.capex = first.capex, r.irr = first.irr, r.payback = first.payback, r.lcos = first.lcos;
  r.replacements = first.replacements, r.final_soh = first.final_soh;
  return r;
}

// Values strictly between the grid neighbours of `best` at resolution `step`.
std::vector<double> refine_axis(const std::vector<double>& grid, double best, double step) {
  if (step <= 0 || grid.empty()) return {best};
  auto it = std::find(grid.begin(), grid.end(), best);
  const double lo = it == grid.begin() ? best : *(it - 1);
  const double hi = it + 1 == grid.end() ? best : *(it + 1);
  std::vector<double> v;
  for (double x = best - step; x > lo + 1e-9 * step && x > 0; x -= step) v.push_back(x);
  v.push_back(best);
  for (double x = best + step; x < hi - 1e-9 * step; x += step) v.push_back(x);
  std::sort(v.begin(), v.end());
  return v;
}

std::vector<Config> grid_of(const SizingPlan& plan) {
  std::vector<double> cs = plan.capacities_kwh, ps = plan.powers_kw;
  if (cs.empty()) cs.push_back(NAN);
  if (ps.empty()) ps.push_back(NAN);
  std::vector<Config> out;
  for (double c : cs)
    for (double p : ps) out.push_back({c, p, false});
  return out;
}

void put(Packer& p, SizingOutcome o) {
  p.put(o.error);
  for (int i = 0; i < kSizingOutcomeNumbers; ++i) p.put(outcome_numbers(o)[i]);
}

SizingOutcome get_outcome(Unpacker& u) {
  SizingOutcome o;
  o.error = u.text();
  for (int i = 0; i < kSizingOutcomeNumbers; ++i) outcome_numbers(o)[i] = u.get<double>();
  return o;
}

void put(Packer& p, const std::vector<SiteLife>& lives) {
  p.put(std::uint64_t(lives.size()));
  for (const auto& l : lives) {
    p.put(l.id);
    p.put(l.size.energy_kwh), p.put(l.size.power_kw);
    p.put(std::uint64_t(l.years.size()));
    for (const auto& y : l.years) p.put(y);  // a plain aggregate of numbers and flags
  }
}

std::vector<SiteLife> get_lives(Unpacker& u) {
  std::vector<SiteLife> lives(u.get<std::uint64_t>());
  for (auto& l : lives) {
    l.id = u.text();
    l.size.energy_kwh = u.get<double>(), l.size.power_kw = u.get<double>();
    l.years.resize(u.get<std::uint64_t>());
    for (auto& y : l.years) y = u.get<YearFigures>();
  }
  return lives;
}

// Runs `n` jobs over `threads` threads; job(i) must be safe to run concurrently.
// Hands this process's entries (each a key, then what `write` packs) to every
// process and gives `read` every process's, key first.
template <class Write, class Read>
void exchange(const Allgather& allgather, const std::vector<std::size_t>& keys, Write write,
              Read read) {
  Packer out;
  for (std::size_t k : keys) out.put(std::uint64_t(k)), write(out, k);
  for (const auto& bytes : allgather(out.bytes))
    for (Unpacker in{bytes}; !in.done();) {
      const auto k = in.get<std::uint64_t>();
      read(in, k);
    }
}

void parallel_for(std::size_t n, unsigned threads, const std::function<void(std::size_t)>& job) {
  std::atomic<std::size_t> next{0};
  std::exception_ptr failed;
  std::mutex m;
  auto worker = [&] {
    for (std::size_t i; (i = next++) < n;) {
      try {
        job(i);
      } catch (...) {
        std::lock_guard lock(m);
        if (!failed) failed = std::current_exception();
        next = n;
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < std::max(1u, threads); ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  if (failed) std::rethrow_exception(failed);
}

void mark_choices(const SizingPlan& plan, SizingResult& r) {
  for (std::size_t i = 0; i < r.rows.size(); ++i) {
    const SizingRow& a = r.rows[i];
    if (!a.error.empty()) continue;
    if (r.npv_optimum < 0 || a.npv_p50 > r.rows[std::size_t(r.npv_optimum)].npv_p50)
      r.npv_optimum = int(i);
    if (a.lost_node_hours <= plan.max_lost_node_hours &&
        (r.resilience_choice < 0 || a.capex < r.rows[std::size_t(r.resilience_choice)].capex))
      r.resilience_choice = int(i);
    bool dominated = false;
    for (const auto& b : r.rows)
      if (b.error.empty() && b.npv_p50 >= a.npv_p50 && b.lost_node_hours <= a.lost_node_hours &&
          (b.npv_p50 > a.npv_p50 || b.lost_node_hours < a.lost_node_hours))
        dominated = true;
    r.rows[i].pareto = !dominated;
  }
  if (r.npv_optimum >= 0) r.rows[std::size_t(r.npv_optimum)].npv_optimum = true;
  if (r.resilience_choice >= 0) r.rows[std::size_t(r.resilience_choice)].resilience_choice = true;
}

}  // namespace

SizingResult run_sizing(const Scenario& s, const SizingPlan& plan, const SizingOptions& opt) {
  const ScenarioSource source{s.doc.text(), s.path, s.overrides, {}};
  const AppraisalParams p = read_appraisal(*s.economics);
  const TraceReuse reuse;  // every configuration's sites from the same traces, read once
  SizingJournal journal(opt.output, journal_key(s, plan), opt.resume, opt.rank, opt.ranks);
  const auto ranks = std::size_t(std::max(1, opt.ranks)), rank = std::size_t(opt.rank);
  SizingResult result;
  std::vector<std::vector<TableColumn>> first_seed_cash_flow;  // per row, when simulated here
  std::mutex progress_lock;
  std::size_t done = 0, total = plan.seeds.size();  // baselines, then lives
  auto tick = [&] {
    std::lock_guard lock(progress_lock);
    ++done;
    if (opt.progress) opt.progress(std::min(1.0, double(done) / double(total)));
  };
  if (ranks > 1 && !opt.allgather) throw InternalError("sizing: processes but no allgather");
  // Task numbers split between processes; threads take this process's ones in turn.
  auto mine_of = [&](std::size_t first, std::size_t n) {
    std::vector<std::size_t> v;
    for (std::size_t t = 0; t < n; ++t)
      if ((first + t) % ranks == rank) v.push_back(t);
    return v;
  };
  // The life without storage, once per seed: the same for every configuration. Its
  // lives run in the first stage's pool, ahead of the configurations' (which wait for
  // them only to be appraised), so that two threads are busy from the start.
  std::vector<std::vector<SiteLife>> baseline(plan.seeds.size());
  const auto my_seeds = mine_of(0, plan.seeds.size());
  total = my_seeds.size() + (grid_of(plan).size() * plan.seeds.size() + ranks - 1) / ranks;
  enum class Ready { no, yes, failed };
  std::vector<Ready> ready(plan.seeds.size(), Ready::no);
  std::condition_variable baseline_done;
  auto run_baseline = [&](std::size_t k) {
    try {
      Scenario seeded = s;
      seeded.seed = plan.seeds[k];
      baseline[k] = simulate_life(seeded, p, false);
    } catch (...) {
      std::lock_guard lock(progress_lock);
      ready[k] = Ready::failed;
      baseline_done.notify_all();
      throw;
    }
    {
      std::lock_guard lock(progress_lock);
      ready[k] = Ready::yes;
    }
    baseline_done.notify_all();
    tick();
  };
  // Whether seed k's life without storage is here (false: another process has it).
  // Waiting cannot deadlock: the pool hands out every baseline before any configuration.
  auto await_baseline = [&](std::size_t k) {
    if (k % ranks != rank) return false;
    std::unique_lock lock(progress_lock);
    baseline_done.wait(lock, [&] { return ready[k] != Ready::no; });
    return ready[k] == Ready::yes;  // failed: its own error ends the sweep
  };
  auto exchange_baselines = [&] {
    exchange(
        opt.allgather, my_seeds, [&](Packer& message, std::size_t k) { put(message, baseline[k]); },
        [&](Unpacker& in, std::uint64_t k) { baseline.at(k) = get_lives(in); });
  };
  auto stage = [&](const std::vector<Config>& configs, std::size_t first_task, bool baselines) {
    std::vector<std::vector<Outcome>> out(configs.size(), std::vector<Outcome>(plan.seeds.size()));
    const std::size_t tasks = configs.size() * plan.seeds.size();
    // Numbered after the baselines, so that every process gets its share of lives.
    const std::vector<std::size_t> mine = mine_of(plan.seeds.size() + first_task, tasks);
    const std::size_t nb = baselines ? my_seeds.size() : 0;
    std::vector<Outcome> flat(tasks);
    std::vector<std::optional<Lived>> waiting(tasks);  // their baseline is in another process
    auto finish = [&](std::size_t t, const Lived& l) {
      const std::size_t k = t % plan.seeds.size();
      flat[t] = appraised(plan, l, baseline[k]);
      journal.record(first_task + t, flat[t]);
    };
    parallel_for(nb + mine.size(), opt.threads, [&](std::size_t j) {
      if (j < nb) return run_baseline(my_seeds[j]);
      const std::size_t t = mine[j - nb], c = t / plan.seeds.size(), k = t % plan.seeds.size();
      if (auto stored = journal.find(first_task + t)) {
        flat[t] = *stored;
      } else {
        Lived l = live(source, plan, configs[c], plan.seeds[k]);
        if (!baselines || await_baseline(k))
          finish(t, l);
        else
          waiting[t] = std::move(l);
        std::lock_guard lock(progress_lock);
        ++result.lives_simulated;
      }
      tick();
    });
    if (baselines && ranks > 1) exchange_baselines();
    for (std::size_t t = 0; t < tasks; ++t)
      if (waiting[t]) finish(t, *waiting[t]);
    if (ranks > 1)  // the other processes' outcomes
      exchange(
          opt.allgather, mine, [&](Packer& message, std::size_t t) { put(message, flat[t]); },
          [&](Unpacker& in, std::uint64_t t) { flat.at(t) = get_outcome(in); });
    for (std::size_t t = 0; t < tasks; ++t)
      out[t / plan.seeds.size()][t % plan.seeds.size()] = flat[t];
    for (std::size_t c = 0; c < configs.size(); ++c) {
      result.rows.push_back(summarise(configs[c], out[c]));
      first_seed_cash_flow.push_back(std::move(out[c].front().cash_flow));
    }
  };
  const std::vector<Config> grid = grid_of(plan);
  std::vector<Config> refined;
  stage(grid, 0, true);
  // Refinement around the best grid cell, at the planner's resolution.
  mark_choices(plan, result);
  if (result.npv_optimum >= 0 && (plan.refine_kwh > 0 || plan.refine_kw > 0)) {
    const Config best = grid[std::size_t(result.npv_optimum)];
    std::vector<Config>& fine = refined;
    for (double c : std::isnan(best.capacity_kwh)
                        ? std::vector<double>{NAN}
                        : refine_axis(plan.capacities_kwh, best.capacity_kwh, plan.refine_kwh))
      for (double w : std::isnan(best.power_kw)
                          ? std::vector<double>{NAN}
                          : refine_axis(plan.powers_kw, best.power_kw, plan.refine_kw))
        if (!(c == best.capacity_kwh && w == best.power_kw)) fine.push_back({c, w, true});
    total += (fine.size() * plan.seeds.size() + ranks - 1) / ranks;
    stage(fine, grid.size() * plan.seeds.size(), false);
    result.npv_optimum = result.resilience_choice = -1;
    for (auto& r : result.rows) r.pareto = r.npv_optimum = r.resilience_choice = false;
    mark_choices(plan, result);
  }
  if (rank == 0 && result.npv_optimum >= 0) {
    // The optimum's year-by-year table on the first seed. Resumed from the journal or
    // simulated by another process, its life runs once more (a life is deterministic).
    const std::size_t row = std::size_t(result.npv_optimum);
    result.optimum_cash_flow = std::move(first_seed_cash_flow.at(row));
    if (result.optimum_cash_flow.empty())
      result.optimum_cash_flow =
          appraised(plan,
                    live(source, plan, row < grid.size() ? grid[row] : refined[row - grid.size()],
                         plan.seeds.front()),
                    baseline.front())
              .cash_flow;
  }
  if (opt.progress) opt.progress(1.0);
  if (rank == 0) write_sizing_file(opt.output, s, plan, result);
  if (ranks > 1) opt.allgather({});  // the file is complete: the journals may go
  journal.remove();
  return result;
}

}  // namespace wf
