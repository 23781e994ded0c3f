#include "assembly/site_builder.hpp"

#include <fmt/format.h>

#include <array>

#include "assembly/builtin_registry.hpp"
#include "models/ems/self_consumption.hpp"
#include "models/fleet/fleet.hpp"
#include "models/grid/frequency.hpp"
#include "models/grid/prices.hpp"
#include "models/grid/tariff.hpp"
#include "models/pv/pv_registration.hpp"
#include "models/pv/synthetic_temperature.hpp"
#include "models/registry/registry.hpp"
#include "sim/calendar.hpp"
#include "sim/error.hpp"
#include "sim/seed.hpp"
#include "sim/series_config.hpp"

#include <optional>

namespace wf {

SiteBuilder::SiteBuilder(std::string id, const Scenario& scenario)
    : id_(std::move(id)),
      start_(scenario.start),
      end_(scenario.end),
      seed_(site_seed(scenario.seed, id_)),
      run_seed_(scenario.seed) {
  parts_.id = id_;
}

int SiteBuilder::add_vertex(const std::string& id, const ConfigNode& node, bool is_bus,
                            bool is_root) {
  GraphNode g{.id = id,
              .is_root = is_root,
              .is_bus = is_bus,
              .file = node.file(),
              .line = node.line(),
              .field = node.path()};
  if (auto c = node.get("connect")) g.parent = c->scalar();
  if (auto c = node.get("connection_limit"); c && !is_root) g.capacity_w = c->quantity(Dim::power);
  nodes_.push_back(std::move(g));
  parts_.vertex_ids.push_back(id);
  return static_cast<int>(nodes_.size() - 1);
}

void SiteBuilder::set_grid(const GridConnectionParams& g, const ConfigNode& where,
                           std::vector<Outage> outages, std::vector<Sag> sags) {
  if (has_grid_) where.fail("a site has exactly one grid connection; this is a second one");
  parts_.grid = g;
  parts_.outages = std::move(outages);
  parts_.sags = std::move(sags);
  has_grid_ = true;
}

void SiteBuilder::add_load(std::unique_ptr<Load> l, int vertex) {
  parts_.loads.push_back(std::move(l));
  parts_.load_vertex.push_back(vertex);
}
void SiteBuilder::add_pv(std::unique_ptr<PvTrace> pv, int vertex) {
  parts_.pv.push_back(std::move(pv));
  parts_.pv_vertex.push_back(vertex);
}
void SiteBuilder::add_battery(std::unique_ptr<Battery> b, int vertex) {
  parts_.batteries.push_back(std::move(b));
  parts_.battery_vertex.push_back(vertex);
}
void SiteBuilder::add_cooling(Cooling c, int vertex) {
  parts_.cooling.push_back(std::move(c));
  parts_.cooling_vertex.push_back(vertex);
}
void SiteBuilder::set_controller(std::unique_ptr<Controller> c) {
  parts_.controller = std::move(c);
}
void SiteBuilder::log_repairs(const std::vector<std::string>& lines) {
  repairs_.insert(repairs_.end(), lines.begin(), lines.end());
}

namespace {

constexpr std::string_view kDispatchRules[] = {"limits", "energy", "capacity"};
constexpr std::string_view kTopologies[] = {"direct", "line_interactive", "double_conversion"};

// A site section's fields; the devices and the controller have tables of their own.
constexpr ParamInfo kSiteFields[] = {
    required_text_param("devices", "a map of device id to device section",
                        "the devices: a tree rooted at the one `grid` device"),
    text_param("controller", "a controller section `{type: ...}` (see [ems](models/ems.md))",
               "self_consumption", "decides the batteries' power"),
    text_param("timezone", "an IANA name like `Europe/Berlin`", "the tariff's, else UTC",
               "local time of the site (tariff windows, month boundaries)"),
    text_param("tariff",
               "`{preset: ...}`, `{file: ...}` or a tariff section (see "
               "[grid](models/grid.md))",
               "", "the itemised bill in `/summary` (`bill.*`)"),
    text_param("prices",
               "a price (`60 EUR/MWh`), a trace or `{zone, file}` / `{zone, files}` / "
               "`{zone, synthetic}` (see [grid](models/grid.md))",
               "", "day-ahead prices for spot tariffs and the controllers"),
    text_param("frequency", "a trace `{file, format: hz or rte_deviation_mhz}`", "50 Hz",
               "grid frequency, for frequency response (see [grid](models/grid.md))"),
    text_param("ambient_temperature",
               "a temperature (`25 degC`), a trace (`unit: degC`), a weather file "
               "`{file, format: epw}` (any PV weather format, see [pv](models/pv.md)) or "
               "`{format: synthetic, ...}` (below)",
               "25 degC", "outdoor air temperature (cabinet thermal model, climate PUE)"),
    text_param("carbon_intensity", "`350 g/kWh` or a trace (`unit: g/kWh`)", "",
               "grid carbon intensity: `grid_emissions` and the import-weighted mean in "
               "`/summary`"),
    choice_param("battery_dispatch", kDispatchRules, "limits",
                 "how several batteries share the power: in proportion to what each can deliver "
                 "now, to stored energy (or room), or to capacity; water-filling keeps the total"),
    text_param("ride_through", "`{topology: ..., transfer_time: <duration>}` (below)",
               "line_interactive, 10 ms with batteries; else direct",
               "how the IT load is fed, for ride-through of sags and outages (ITIC)"),
    text_param("grid_view", "a duration; `0s`: none", "1 d",
               "span analysed for ramps and the 0.1-3 Hz band of the grid power"),
    text_param("description", "text", "", "free text"),
};

constexpr ParamInfo kRideThrough[] = {
    choice_param("topology", kTopologies, "", "how the IT load hangs on the grid and cabinets"),
    {"transfer_time", Dim::time, "10 ms", -INFINITY, INFINITY, false,
     "a line-interactive cabinet's transfer time"},
};

}  // namespace

std::vector<ParamTable> site_param_tables() {
  return {{"site", {std::begin(kSiteFields), std::end(kSiteFields)}},
          {"site.ride_through", {std::begin(kRideThrough), std::end(kRideThrough)}},
          {"site.ambient_temperature.synthetic",
           param_infos(std::span<const Param<SyntheticTemperatureParams>>(
               synthetic_temperature_param_table()))}};
}

void SiteBuilder::read(const ConfigNode& site, const Registry& registry, bool with_storage) {
  site.check_keys(param_keys(kSiteFields));
  if (auto z = site.get("timezone")) parts_.tz = TimeZone::read(*z);
  read_billing(site);
  if (auto f = site.get("frequency")) parts_.frequency_hz = read_frequency(*f, start_, end_);
  if (auto g = site.get("grid_view")) {
    const std::string v = g->scalar();
    parts_.grid_view = (v == "0" || v == "0s" || v == "0 s") ? Time::zero() : g->duration();
  }
  // The run without storage (economics) needs no second look: net_band_rms is that view.
  if (!with_storage) parts_.grid_view = Time::zero();
  if (auto c = site.get("carbon_intensity")) {
    SeriesInput in = read_series(*c, Dim::carbon_intensity, start_, end_);
    log_repairs(in.repairs);
    parts_.carbon_g_per_kwh = std::move(in.series);
    parts_.carbon_given = true;
  }
  if (auto d = site.get("battery_dispatch"))
    parts_.dispatch = static_cast<DispatchRule>(d->choice(kDispatchRules));
  if (auto t = site.get("ambient_temperature")) {
    SeriesInput in =
        t->is_map() && t->get("format")
            ? read_weather_temperature(*t, start_, end_, derive_seed(seed_, "ambient_temperature"))
            : read_series(*t, Dim::temperature, start_, end_);
    log_repairs(in.repairs);
    parts_.ambient_k = std::move(in.series);
  }
  if (auto rt = site.get("ride_through")) {
    rt->check_keys(param_keys(kRideThrough));
    parts_.topology = static_cast<Topology>(rt->at("topology").choice(kTopologies));
    if (auto t = rt->get("transfer_time")) parts_.transfer_s = t->quantity(Dim::time);
    topology_given_ = true;
  }
  ConfigNode devices = site.at("devices");
  for (const auto& [id, node] : devices.entries()) {
    // Ids name HDF5 groups and summary entries ("<device>.<value>"): no '/', no '.'.
    if (!is_valid_id(id))
      node.fail(
          fmt::format("device id '{}': expected a letter, then only letters, digits, '_' "
                      "and '-'",
                      id));
    if (!node.is_map()) node.fail("expected a device section with 'type:'");
    ConfigNode type = node.at("type");
    const auto* factory = registry.device(type.scalar());
    if (!factory) type.choice(registry.device_types());  // fails, listing the known types
    if (!with_storage && (type.scalar() == "battery" || type.scalar() == "cabinet")) continue;
    (*factory)(id, node, *this);
  }
  if (!has_grid_) devices.fail("the site has no grid connection (a device of type 'grid')");
  if (auto c = site.get("controller")) {
    ConfigNode type = c->at("type");
    const auto* factory = registry.controller(type.scalar());
    if (!factory) type.choice(registry.controller_types());
    (*factory)(*c, *this);
  }
  if (!parts_.controller) parts_.controller = std::make_unique<SelfConsumption>();
}

void SiteBuilder::read_billing(const ConfigNode& site) {
  std::optional<PriceInput> prices;
  if (auto p = site.get("prices"); p && p->is_map() && p->get("unit")) {
    // A plain trace (time, value) in a price unit, read like any other series.
    SeriesInput in = read_series(*p, Dim::price, start_, end_);
    log_repairs(in.repairs);
    prices.emplace();
    prices->eur_per_mwh = std::move(in.series);
  } else if (p) {
    prices = read_prices(*p, start_, end_, run_seed_);
    log_repairs(prices->notes);
  }
  // One window of the prices, swept by the site and read by its bill and controllers.
  if (prices) parts_.prices = std::move(*prices).window(start_);
  auto t = site.get("tariff");
  if (!t) return;
  Tariff tariff = read_tariff_field(*t);
  std::string zone = tariff.timezone;
  if (zone.empty() && site.get("timezone")) zone = site.at("timezone").scalar();
  if (zone.empty()) t->fail("a tariff needs a timezone (in the tariff or the site's timezone:)");
  std::optional<TimeZone> tz;
  try {
    tz = TimeZone::find(zone);
  } catch (const std::invalid_argument&) {
    t->fail(fmt::format("unknown time zone '{}'; expected an IANA name like Europe/Berlin", zone));
  }
  const bool spot = tariff.supplier.spot || (tariff.feed_in && tariff.feed_in->spot);
  if (spot && !prices) t->fail("a spot-priced tariff needs prices: on the site");
  if (!site.get("timezone")) parts_.tz = *tz;  // the tariff's zone is the site's
  parts_.billing = std::make_unique<SiteBilling>(
      std::move(tariff), *tz,
      prices ? std::shared_ptr<const WindowedSteps>(parts_.prices)
             : std::make_shared<WindowedSteps>(StepSeries::constant(0), start_),
      start_);
}

std::unique_ptr<Site> SiteBuilder::build(Time output_interval) {
  // Without a stated topology a site with batteries has them in parallel
  // (line-interactive, 10 ms transfer: domain reference 2.4); without, the IT hangs on the grid.
  if (!topology_given_)
    parts_.topology = parts_.batteries.empty() ? Topology::direct : Topology::line_interactive;
  parts_.graph = SiteGraph::build(nodes_);
  parts_.end = end_;
  return std::make_unique<Site>(std::move(parts_), start_, output_interval);
}

std::vector<std::unique_ptr<Site>> build_sites(const Scenario& s, std::vector<std::string>* repairs,
                                               bool with_storage, const Registry* registry,
                                               const std::vector<bool>* keep) {
  std::vector<std::unique_ptr<Site>> sites;
  for (const auto& [id, node] : s.sites) {
    SiteBuilder b(id, s);
    b.read(node, registry ? *registry : builtin_registry(), with_storage);
    if (repairs) repairs->insert(repairs->end(), b.repairs().begin(), b.repairs().end());
    sites.push_back(b.build(s.output_interval));
  }
  if (s.fleet) apply_fleet(*s.fleet, sites);
  if (keep) keep_sites(sites, *keep);
  return sites;
}

void keep_sites(std::vector<std::unique_ptr<Site>>& sites, const std::vector<bool>& keep) {
  WF_ASSERT(keep.size() == sites.size());
  std::vector<std::unique_ptr<Site>> kept;
  for (std::size_t i = 0; i < sites.size(); ++i)
    if (keep[i]) kept.push_back(std::move(sites[i]));
  sites = std::move(kept);
}

}  // namespace wf
