#include "models/grid/prices.hpp"

#include <fmt/format.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <optional>

#include "models/grid/price_formats.hpp"
#include "models/grid/synthetic_prices.hpp"
#include "sim/error.hpp"
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

// Only the run's window (plus a day each side) is read, so a defect far outside is moot.
PriceSeries read_file(const ConfigNode& n, const std::string& zone, bool with_from, Time a,
                      Time b) {
  static constexpr std::array<std::string_view, 4> kItem{"file", "format", "gaps", "from"};
  static constexpr std::array<std::string_view, 4> kOne{"zone", "file", "format", "gaps"};
  n.check_keys(with_from ? kItem : kOne);
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
    static constexpr std::array<std::string_view, 2> kGaps{"error", "hold"};
    spec.hold_gaps = g->choice(kGaps) == 1;
  }
  return load_price_file(spec);
}

// `synthetic: DE-LU` or {zone, file, seed}: a shipped zone model or a parameter file.
PriceInput read_synthetic(const ConfigNode& n, Time a, Time b, std::uint64_t seed) {
  std::optional<ConfigNode> zone;
  std::filesystem::path file;
  if (n.is_scalar()) {
    zone = n;
  } else {
    static constexpr std::array<std::string_view, 3> kKeys{"zone", "file", "seed"};
    n.check_keys(kKeys);
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
  out.eur_per_mwh = generate_synthetic_prices(m, a, b, seed);
  return out;
}

}  // namespace

PriceInput read_prices(const ConfigNode& node, Time run_start, Time run_end, std::uint64_t seed) {
  if (node.is_scalar()) return {StepSeries::constant(node.quantity(Dim::price)), {}};
  if (auto syn = node.get("synthetic")) {
    static constexpr std::array<std::string_view, 1> kSynthetic{"synthetic"};
    node.check_keys(kSynthetic);
    return read_synthetic(*syn, run_start, run_end, seed);
  }
  static constexpr std::array<std::string_view, 6> kKeys{"zone", "file",  "format",
                                                         "gaps", "files", "synthetic"};
  node.check_keys(kKeys);
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
  if (p.start() > run_start || p.end() < run_end)
    node.fail(fmt::format("prices cover {}..{}, the run needs {}..{}", format_utc(p.start()),
                          format_utc(p.end()), format_utc(run_start), format_utc(run_end)));
  return out;
}

}  // namespace wf
