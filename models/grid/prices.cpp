#include "models/grid/prices.hpp"

#include <fmt/format.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <tuple>

#include "models/grid/price_formats.hpp"
#include "models/grid/synthetic_prices.hpp"
#include "sim/error.hpp"
#include "sim/params.hpp"
#include "sim/time_format.hpp"

namespace wf {

StepSeries splice(const StepSeries& before, const StepSeries& after, Time at) {
  WF_ASSERT(!before.repeats() && !after.repeats());
  WF_ASSERT(before.start() < at && at <= before.end());
  WF_ASSERT(after.start() <= at && at < after.end());
  std::vector<Time> t;
  std::vector<double> v;
  for (std::size_t i = 0; i < before.size() && before.times()[i] < at; ++i) {
    t.push_back(before.times()[i]);
    v.push_back(before.values()[i]);
  }
  t.push_back(at);  // `after` takes over here even when `at` is no breakpoint of it
  v.push_back(after.value_at(at));
  for (std::size_t i = 0; i < after.size(); ++i) {
    if (after.times()[i] <= at) continue;
    t.push_back(after.times()[i]);
    v.push_back(after.values()[i]);
  }
  return StepSeries(std::move(t), std::move(v), after.end());
}

namespace {

constexpr std::string_view kPriceGaps[] = {"error", "hold"};

// A site's `prices:` section and its parts (a price alone is also accepted).
constexpr ParamInfo kPrices[] = {
    required_text_param("zone", "a bidding zone like `DE-LU`, `NO1`, `FI`", "whose prices"),
    text_param("file", "a price file, relative to the scenario", "", "day-ahead prices"),
    text_param("format",
               "`entsoe`, `energy_charts`, `energinet`, `energinet_15min`, `sahkotin` "
               "or `smard`",
               "told by the header", "the file's layout"),
    choice_param("gaps", kPriceGaps, "error", "what a missing hour becomes"),
    flag_param("repeat", "false",
               "cycle the whole years (365 days each) the files cover from the run's start, "
               "for runs and lives longer than the files"),
    text_param("files", "a list of `{file, from, format, gaps}` (hourly then 15-min products)", "",
               "instead of `file`: consecutive files"),
    text_param("synthetic", "a bidding zone, or `{zone, file, seed}`", "",
               "instead of files: seeded prices of the zone's fitted model"),
};
constexpr ParamInfo kPriceFile[] = {
    required_text_param("file", "a price file, relative to the scenario", "the prices"),
    text_param("format", "as above", "told by the header", "the file's layout"),
    choice_param("gaps", kPriceGaps, "error", "what a missing hour becomes"),
    text_param("from", "an ISO 8601 instant", "", "where this file takes over"),
};
constexpr ParamInfo kSyntheticPrices[] = {
    text_param("zone", "a bidding zone with a shipped model", "", "whose model"),
    text_param("file", "a price model file", "", "instead of `zone`: a fitted model"),
    text_param("seed", "a whole number from 0", "the run's seed", "pins the draws"),
};

// Only the run's window (plus a day each side) is read, so a defect far outside is moot.
PriceSeries read_file(const ConfigNode& n, const std::string& zone, bool with_from, Time a,
                      Time b) {
  // A single file: zone .. repeat.
  n.check_keys(with_from ? param_keys(kPriceFile) : param_keys(std::span(kPrices).first(5)));
  PriceFileSpec spec;
  spec.file = n.base_dir() / n.at("file").scalar();
  spec.zone = zone;
  spec.field = n.path();
  spec.from = a - Time::days(1);
  spec.to = b + Time::days(1);
  if (auto f = n.get("format")) {
    spec.format = parse_price_format(f->scalar());
    if (!spec.format)
      f->fail("expected entsoe, energy_charts, energinet, energinet_15min, sahkotin or smard");
  }
  if (auto g = n.get("gaps")) {
    spec.hold_gaps = g->choice(kPriceGaps) == 1;
  }
  return load_price_file(spec);
}

// The sites of a fleet in one zone start from the same draws: the path from 2000 up to a
// window is drawn once per model file, window and seed in a process (about 25 ms for a
// window in 2025), not once per site. Threads of a sizing sweep build sites at once.
std::unique_ptr<StepGenerator> shared_synthetic_prices(const SyntheticPriceModel& m,
                                                       const std::filesystem::path& file, Time a,
                                                       Time b, std::uint64_t seed) {
  using Key = std::tuple<std::string, std::filesystem::file_time_type, std::int64_t, std::int64_t,
                         std::uint64_t>;
  static std::mutex mutex;
  static std::map<Key, SyntheticPrices> drawn;
  std::error_code ec;
  const auto changed = std::filesystem::last_write_time(file, ec);
  const Key key{std::filesystem::absolute(file).lexically_normal().string(), changed, a.count_us(),
                b.count_us(), seed};
  {
    std::lock_guard lock(mutex);
    if (auto it = drawn.find(key); it != drawn.end())
      return std::make_unique<SyntheticPrices>(it->second);
  }
  SyntheticPrices s(m, a, b, seed);
  std::lock_guard lock(mutex);
  if (drawn.size() >= 16) drawn.clear();  // a handful of zones and windows per process
  drawn.emplace(key, s);
  return std::make_unique<SyntheticPrices>(std::move(s));
}

// `synthetic: DE-LU` or {zone, file, seed}: a shipped zone model or a parameter file.
PriceInput read_synthetic(const ConfigNode& n, Time a, Time b, std::uint64_t seed) {
  std::optional<ConfigNode> zone;
  std::filesystem::path file;
  if (n.is_scalar()) {
    zone = n;
  } else {
    n.check_keys(param_keys(kSyntheticPrices));
    zone = n.get("zone");
    if (auto s = n.get("seed"))
      seed = static_cast<std::uint64_t>(s->integer(0, std::numeric_limits<std::int64_t>::max()));
    if (auto f = n.get("file")) {
      const std::filesystem::path p = f->scalar();
      file = p.is_absolute() ? p : n.base_dir() / p;
      if (!std::filesystem::exists(file))
        f->fail(fmt::format("price model file '{}' does not exist", file.string()));
    }
  }
  if (file.empty()) {
    if (!zone) n.fail("expected zone: <bidding zone> or file: <price model file>");
    file = synthetic_price_file(zone->scalar());
    if (!std::filesystem::exists(file))
      zone->fail(fmt::format("no synthetic price model for zone '{}'; available: {}",
                             zone->scalar(), fmt::join(synthetic_price_zones(), ", ")));
  }
  const SyntheticPriceModel m = load_synthetic_price_model(file);
  if (zone && zone->scalar() != m.zone)
    zone->fail(fmt::format("'{}' holds the model of zone {}", file.string(), m.zone));
  // No note: the site builder logs notes as repairs, and nothing was repaired.
  PriceInput out;
  out.generated = shared_synthetic_prices(m, file, a, b, seed);
  return out;
}

}  // namespace

// The whole years of `p` from `from` on, as a pattern repeating every that many years.
static StepSeries repeat_years(const StepSeries& p, Time from, const ConfigNode& where) {
  const Time year = Time::days(365);
  const std::int64_t years = p.start() <= from ? (p.end() - from).count_us() / year.count_us() : 0;
  if (years < 1)
    where.fail(
        fmt::format("repeating prices need a whole year from the run's start {}; they "
                    "cover {}..{}",
                    format_utc(from), format_utc(p.start()), format_utc(p.end())));
  const Time end = from + year * years;
  std::vector<Time> t{from};
  std::vector<double> v{p.value_at(from)};
  for (std::size_t i = 0; i < p.times().size(); ++i)
    if (p.times()[i] > from && p.times()[i] < end) {
      t.push_back(p.times()[i]);
      v.push_back(p.values()[i]);
    }
  return StepSeries(std::move(t), std::move(v), end, true);
}

std::vector<ParamTable> price_param_tables() {
  auto table = [](std::string name, std::span<const ParamInfo> t) {
    return ParamTable{std::move(name), {t.begin(), t.end()}};
  };
  return {table("prices", kPrices), table("prices.file", kPriceFile),
          table("prices.synthetic", kSyntheticPrices)};
}

PriceInput read_prices(const ConfigNode& node, Time run_start, Time run_end, std::uint64_t seed) {
  if (node.is_scalar()) return {StepSeries::constant(node.quantity(Dim::price)), {}};
  if (auto syn = node.get("synthetic")) {
    static constexpr std::array<std::string_view, 1> kSynthetic{"synthetic"};
    node.check_keys(kSynthetic);
    return read_synthetic(*syn, run_start, run_end, seed);
  }
  node.check_keys(param_keys(kPrices));
  const std::string zone = node.at("zone").scalar();
  PriceInput out;
  if (!node.get("files")) {
    auto s = read_file(node, zone, false, run_start, run_end);
    out.eur_per_mwh = s.eur_per_mwh;
    out.notes = s.notes;
  } else {
    if (node.get("file")) node.at("file").fail("give either file or files, not both");
    bool first = true;
    for (const auto& item : node.at("files").items()) {
      auto s = read_file(item, zone, true, run_start, run_end);
      out.notes.insert(out.notes.end(), s.notes.begin(), s.notes.end());
      if (first) {
        out.eur_per_mwh = s.eur_per_mwh;
        first = false;
        continue;
      }
      auto from = item.get("from");
      if (!from) item.fail("a later price file needs from: <instant> where it takes over");
      const Time at = from->datetime();
      const auto& prev = out.eur_per_mwh;
      if (!(prev.start() < at && at <= prev.end()) ||
          !(s.eur_per_mwh.start() <= at && at < s.eur_per_mwh.end()))
        from->fail(fmt::format("both files must cover {} (previous {}..{}, this {}..{})",
                               format_utc(at), format_utc(prev.start()), format_utc(prev.end()),
                               format_utc(s.eur_per_mwh.start()), format_utc(s.eur_per_mwh.end())));
      out.eur_per_mwh = splice(prev, s.eur_per_mwh, at);
    }
    if (first) node.at("files").fail("expected at least one price file");
  }
  const auto& p = out.eur_per_mwh;
  if (auto r = node.get("repeat"); r && r->boolean()) {
    out.eur_per_mwh = repeat_years(p, run_start, *r);
    return out;
  }
  if (p.start() > run_start || p.end() < run_end)
    node.fail(fmt::format("prices cover {}..{}, the run needs {}..{}", format_utc(p.start()),
                          format_utc(p.end()), format_utc(run_start), format_utc(run_end)));
  return out;
}

std::shared_ptr<WindowedSteps> PriceInput::window(Time t0) && {
  if (generated) return std::make_shared<WindowedSteps>(std::move(generated), Time::hours(1), t0);
  return std::make_shared<WindowedSteps>(std::move(eur_per_mwh), t0);
}

}  // namespace wf
