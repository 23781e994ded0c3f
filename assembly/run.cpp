#include "assembly/run.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <future>
#include <memory>

#include <wattfleet/version.hpp>

#include "assembly/lifetime.hpp"
#include "assembly/run_cost.hpp"
#include "assembly/site_builder.hpp"
#include "assembly/split_run.hpp"
#include "models/economics/appraisal.hpp"
#include "models/fleet/fleet.hpp"
#include "models/grid/site_billing.hpp"
#include "models/registry/registry.hpp"
#include "sim/engine.hpp"
#include "sim/error.hpp"
#include "sim/summary_figures.hpp"
#include "sim/time_format.hpp"
#include "sim/trace.hpp"

namespace wf {

namespace {

// Lets a controller owned elsewhere (a Python object, a shared rule) drive a site.
class SharedController final : public Controller {
 public:
  explicit SharedController(std::shared_ptr<Controller> c) : c_(std::move(c)) {}
  std::string_view name() const override { return c_->name(); }
  double battery_setpoint_w(const SiteSnapshot& s) override { return c_->battery_setpoint_w(s); }
  std::optional<double> propose(SiteSnapshot& s) override { return c_->propose(s); }
  double added_w() const override { return c_->added_w(); }
  double soc_floor(const SiteSnapshot& s) const override { return c_->soc_floor(s); }
  void finish(Time end) override { c_->finish(end); }
  std::vector<SummaryValue> summary() const override { return c_->summary(); }
  Time next_decision(Time now) const override { return c_->next_decision(now); }
  std::vector<std::string> rule_labels() const override { return c_->rule_labels(); }
  std::size_t decided_rule() const override { return c_->decided_rule(); }
  Time load_history() const override { return c_->load_history(); }

 private:
  std::shared_ptr<Controller> c_;
};

std::string join_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

std::string now_utc() {
  auto secs = std::chrono::duration_cast<std::chrono::seconds>(
                  std::chrono::system_clock::now().time_since_epoch())
                  .count();
  return format_utc(Time::seconds(secs));
}

double bill_total(const Site& site) {
  const Site::Totals t = site.totals();
  return t.bill ? t.bill->total.total : 0;
}

struct Baseline {
  std::vector<SummaryValue> summary;
  double bill_eur = 0;
};

// Every site (that `keep` marks) run without its batteries (same seed): no output, no
// rows, only the bill the appraisal sets against the run's.
std::vector<Baseline> run_baseline(const Scenario& s, const std::vector<bool>* keep) {
  auto sites = build_sites(s, nullptr, false, nullptr, keep);
  for (auto& site : sites) site->record_totals_only();
  Engine engine(s.start, s.seed);
  for (auto& site : sites) site->start(engine);
  engine.run_until(s.end);
  std::vector<Baseline> out;
  for (auto& site : sites) {
    site->finish(s.end);
    const Site::Totals t = site->totals();
    out.push_back(
        {t.bill ? bill_summary(*t.bill) : std::vector<SummaryValue>{}, bill_total(*site)});
  }
  return out;
}

// The run's bills with and without storage (the life's are in the cash flows).
std::vector<SummaryValue> run_bills(double with, double without) {
  return {
      economics_figure("bill_without_storage")(without),
      economics_figure("bill_with_storage")(with),
      economics_figure("saving_share")(without != 0 ? (without - with) / without : 0),
  };
}

// Both lives side by side: the one with storage on a second thread.
std::vector<Appraisal> appraise_life(const Scenario& s, const AppraisalParams& p,
                                     const std::function<void(double)>& progress,
                                     const std::vector<bool>* keep) {
  auto with =
      std::async(std::launch::async, [&] { return simulate_life(s, p, true, {}, nullptr, keep); });
  std::vector<SiteLife> without;
  try {
    without = simulate_life(s, p, false, progress, nullptr, keep);
  } catch (...) {
    with.wait();  // it reads `s`
    throw;
  }
  return appraise_lives(with.get(), without, p);
}

// The writer buffers one chunk per channel: a fleet of many sites gets shorter chunks,
// so its buffers stay within a budget instead of growing with the number of sites.
std::size_t chunk_rows(std::size_t wanted, const std::vector<std::unique_ptr<Site>>& sites) {
  constexpr double kBufferBudget = 64.0 * (1 << 20);  // bytes of row buffers in all
  constexpr std::size_t kMinRows = 1024;
  std::size_t channels = 0;
  for (const auto& s : sites) channels += s->output_channels().size();
  std::size_t rows = wanted;
  while (rows > kMinRows && double(rows) * double(channels) * 8 > kBufferBudget) rows /= 2;
  return rows;
}

// Events of one instant from several sites reach the output in the sites' order in
// the scenario (each site's own in the order it made them), whatever order the engine
// ran the sites' handlers in: the order a run split across processes reproduces.
class EventOrder {
 public:
  using Sink = std::function<void(const EventRecord&)>;
  EventOrder(Sink sink, bool reorder) : sink_(std::move(sink)), reorder_(reorder) {}
  void add(std::size_t position, EventRecord e) {
    if (!reorder_) return sink_(e);
    if (!pending_.empty() && e.time != pending_.front().second.time) flush();
    pending_.emplace_back(position, std::move(e));
  }
  void flush() {
    std::stable_sort(pending_.begin(), pending_.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [position, e] : pending_) sink_(e);
    pending_.clear();
  }

 private:
  Sink sink_;
  bool reorder_;
  std::vector<std::pair<std::size_t, EventRecord>> pending_;
};

}  // namespace

RunResult run_scenario(const Scenario& scenario, const RunOptions& options) {
  const auto wall_start = std::chrono::steady_clock::now();
  RunResult result;
  const std::uint64_t seed = options.seed.value_or(scenario.seed);
  Scenario seeded = scenario;  // the seed reaches every random draw made while building
  seeded.seed = seed;
  const bool split = options.ranks > 1;
  WF_ASSERT(!split || (options.allgather && options.rank >= 0 && options.rank < options.ranks));
  std::vector<std::unique_ptr<Site>> sites;
  std::vector<bool> here;
  std::vector<std::size_t> positions;  // of this process's sites in the scenario
  // The economics baseline: the same sites without their batteries, run first.
  std::optional<AppraisalParams> appraisal;
  std::vector<Baseline> baseline;
  std::vector<Appraisal> lives;
  // The life, when appraised, takes most of the time: its share of the progress.
  double life_share = 0;
  auto report = [&](double from, double to) -> std::function<void(double)> {
    if (!options.progress) return {};
    return [&options, from, to](double f) { options.progress(from + f * (to - from)); };
  };
  std::unique_ptr<ResultWriter> writer;
  const RunMeta meta{.version = kVersion,
                     .git_hash = kGitHash,
                     .scenario_text = scenario.doc.text(),
                     .scenario_path = scenario.path.string(),
                     .overrides = join_lines(scenario.overrides),
                     .created_utc = now_utc(),
                     .seed = seed};
  std::exception_ptr not_started;  // what stopped this process before its run (split runs)
  try {
    // With economics the sites are built again for the lives and the baseline: from the
    // traces read for the run.
    std::optional<TraceReuse> reuse;
    if (scenario.economics) reuse.emplace();
    sites = build_sites(seeded, &result.repairs, true, options.registry);
    check_run_cost(scenario, sites);  // before the baseline run and any output
    // Split across processes: this one runs its share (after the fleet's job shifting,
    // which every process makes alike from the same input).
    here.assign(sites.size(), true);
    for (std::size_t i = 0; i < sites.size(); ++i) {
      if (split) here[i] = runs_site(i, options.rank, options.ranks);
      if (here[i]) positions.push_back(i);
    }
    const std::vector<bool>* keep = split ? &here : nullptr;
    if (split) keep_sites(sites, here);
    if (scenario.economics) {
      appraisal = read_appraisal(*scenario.economics);
      for (const auto& [id, node] : scenario.sites)
        if (!node.get("tariff"))
          scenario.economics->fail("economics needs a tariff on every site; site '" + id +
                                   "' has none");
      const double run_years = scenario.duration().to_seconds() / (365.25 * 86400);
      if (covers_a_year(run_years)) {  // a shorter run explores; it does not decide a purchase
        life_share = appraisal->years / (appraisal->years + 2 * run_years);
        lives = appraise_life(seeded, *appraisal, report(0, life_share), keep);
      }
      baseline = run_baseline(seeded, keep);
    }
    reuse.reset();
    for (const auto& [id, controller] : options.controllers) {
      const std::string& site_id = id;  // a structured binding cannot be captured before clang 16
      auto it = std::find_if(sites.begin(), sites.end(),
                             [&](const auto& s) { return s->id() == site_id; });
      if (it == sites.end()) {
        const bool elsewhere = std::any_of(scenario.sites.begin(), scenario.sites.end(),
                                           [&](const auto& s) { return s.first == site_id; });
        if (split && elsewhere) continue;  // another process runs it
        throw InputError("<controllers>", 0, id, "no site with this id in the scenario");
      }
      (*it)->set_controller(std::make_unique<SharedController>(controller));
    }
    if (!options.output.empty()) {
      writer = std::make_unique<ResultWriter>(
          split ? part_path(options.output, options.rank, options.ranks) : options.output, meta,
          scenario.start, scenario.output_interval, chunk_rows(options.rows_per_chunk, sites));
      if (split) writer->mark_part(options.output.filename().string(), options.rank, options.ranks);
    }
  } catch (...) {
    if (!split) throw;
    not_started = std::current_exception();
  }
  // One process's bad input (or full disk) stops them all alike, before any runs.
  if (split) agree_to_start(options.allgather, not_started, writer.get(), options.rank);
  result.start = scenario.start;
  result.interval = scenario.output_interval;
  result.seed = seed;
  const bool keep_columns = options.keep_columns;
  EventOrder events(
      [w = writer.get(), &result, keep_columns](const EventRecord& e) {
        if (w) w->add_event(e.time, e.site, e.kind, e.value, e.message);
        if (keep_columns) result.event_log.push_back(e);
        ++result.event_records;
      },
      scenario.sites.size() > 1);
  try {
    Engine engine(scenario.start, seed);
    if (options.on_start) options.on_start(engine, writer.get());
    result.sites.reserve(sites.size());
    for (std::size_t k = 0; k < sites.size(); ++k) {
      Site* site = sites[k].get();
      const std::size_t position = positions[k];
      int index = writer ? writer->add_site(site->id(), site->output_channels()) : -1;
      ResultWriter* w = writer.get();
      SiteResult& sr = result.sites.emplace_back(
          SiteResult{.id = site->id(), .channels = site->output_channels()});
      if (options.keep_columns) {
        const auto rows = static_cast<std::size_t>(
            (scenario.duration() + scenario.output_interval - Time::us(1)) /
            scenario.output_interval);
        sr.columns.assign(sr.channels.size(), {});
        for (auto& c : sr.columns) c.reserve(rows);
      }
      site->connect(
          [w, index, &result, &sr, keep_columns](std::span<const double> row) {
            if (w) w->append_row(index, row);
            if (keep_columns)
              for (std::size_t c = 0; c < row.size(); ++c) sr.columns[c].push_back(row[c]);
            ++result.rows;
          },
          [&events, position](Time t, std::string_view id, std::string_view kind, double value,
                              std::string_view msg) {
            events.add(position, {t, std::string(id), std::string(kind), std::string(msg), value});
          });
      site->start(engine);
    }
    if (options.progress) {
      const double span = static_cast<double>((scenario.end - scenario.start).count_us());
      auto to = report(life_share, 1);
      engine.set_progress([to, span, start = scenario.start](Time now) {
        to(static_cast<double>((now - start).count_us()) / span);
      });
    }
    engine.run_until(scenario.end);
    // Earlier than the scenario's end only when a hook stopped the engine
    // (wattfleet hil on a stop signal): the run then ends where it stopped.
    const Time end = std::min(engine.now(), scenario.end);
    result.end = end;
    for (std::size_t i = 0; i < sites.size(); ++i) {
      sites[i]->finish(end);
      result.sites[i].summary = sites[i]->summary();
      if (appraisal && end == scenario.end) {  // the baseline ran the whole horizon
        for (auto& v : run_bills(bill_total(*sites[i]), baseline[i].bill_eur))
          result.sites[i].summary.push_back(std::move(v));
        if (!lives.empty()) {
          for (auto& v : appraisal_summary(lives[i], *appraisal))
            result.sites[i].summary.push_back(std::move(v));
          result.sites[i].cash_flow = cash_flow_columns(lives[i]);
        } else {
          const Site::Totals t = sites[i]->totals();
          const StorageSize size{t.nameplate_j / 3.6e6, sites[i]->storage_rated_power_w() / 1e3};
          result.sites[i].summary.push_back(
              economics_figure("capex")(appraise(*appraisal, size, {}, {}).capex));
        }
        // The itemised bill without storage, next to the one with it.
        for (SummaryValue v : baseline[i].summary)
          if (v.name.starts_with("bill.")) {
            v.name = "without_storage." + v.name;
            result.sites[i].summary.push_back(std::move(v));
          }
      }
      if (writer) {
        writer->add_summary(sites[i]->id(), result.sites[i].summary);
        if (!result.sites[i].cash_flow.empty())
          writer->add_table(sites[i]->id(), "cashflow", result.sites[i].cash_flow);
      }
    }
    events.flush();
    if (options.on_finish) options.on_finish(end, writer.get());
    result.events = engine.events_handled();
    if (writer) {
      writer->add_summary("", {events_handled(result.events)});
      writer->finish();
    }
  } catch (...) {
    // A failed writer (a full disk) has closed and kept its partial file with
    // the rows it names; any other failure leaves nothing that looks like a result.
    if (writer && !writer->failed()) writer->abandon();
    throw;
  }
  if (split) {
    // Every process learns every site's summary; process 0 joins the parts.
    unpack_shares(options.allgather(pack_share(result, positions)), scenario.sites.size(), result);
    if (options.rank == 0 && writer) {
      std::vector<std::string> ids;
      for (const auto& [id, node] : scenario.sites) ids.push_back(id);
      const Time span = result.end - scenario.start;
      const auto rows = static_cast<std::uint64_t>((span + scenario.output_interval - Time::us(1)) /
                                                   scenario.output_interval);
      join_parts(options.output, meta, scenario.start, scenario.output_interval,
                 options.rows_per_chunk, ids, options.ranks, rows, result.events);
    }
  }
  if (options.progress) options.progress(1.0);
  result.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  return result;
}

}  // namespace wf
