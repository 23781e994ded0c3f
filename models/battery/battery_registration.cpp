// Scenario types of the battery domain: `battery` (the energy reservoir) and
// `cabinet` (cells to cabinet, LfpCabinet), the latter optionally from a preset
// in data/cabinets whose fields the scenario may override one by one.
#include <array>
#include <filesystem>
#include <map>
#include <mutex>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <optional>

#include "models/battery/battery_factory.hpp"
#include "models/battery/battery_registration.hpp"
#include "models/battery/blast_lfp_aging.hpp"
#include "models/battery/lfp_cabinet.hpp"
#include "models/battery/naumann_aging.hpp"
#include "models/battery/reservoir.hpp"
#include "models/registry/registry.hpp"
#include "models/registry/site_assembly.hpp"

#ifndef WF_DATA_DIR
#error "WF_DATA_DIR must name the project's data folder (set in models/battery/sources.cmake)"
#endif

namespace wf {

namespace {

namespace fs = std::filesystem;

// Names of the entries of `dir` with extension `ext` ("" for folders), sorted, comma-separated.
std::string available(const fs::path& dir, const std::string& ext) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (ext.empty() ? e.is_directory() : e.path().extension() == ext)
      names.push_back(e.path().stem().string());
  std::sort(names.begin(), names.end());
  return fmt::format("{}", fmt::join(names, ", "));
}

// Cell tables are read once per folder and shared by every cabinet using them.
std::shared_ptr<const LfpCell> load_cell(const fs::path& dir) {
  static std::mutex m;
  static std::map<fs::path, std::shared_ptr<const LfpCell>> cache;
  std::lock_guard lock(m);
  auto& c = cache[dir];
  if (!c) c = std::make_shared<const LfpCell>(LfpCell::load(dir));
  return c;
}

// A field from the scenario, else from the preset, else absent.
std::optional<ConfigNode> field(const ConfigNode& node, const std::optional<ConfigNode>& preset,
                                std::string_view key) {
  if (auto v = node.get(key)) return v;
  if (preset) return preset->get(key);
  return std::nullopt;
}

std::unique_ptr<Battery> make_cabinet(const std::string& id, const ConfigNode& node, Time start) {
  const fs::path data = WF_DATA_DIR;
  auto table = lfp_cabinet_param_table();
  auto keys = param_names(table);
  for (auto k : {"cell", "pcs_curve", "aging", "hysteresis", "cycle_counting", "response"})
    keys.push_back(k);
  auto device_keys = keys;
  for (auto k : {"type", "connect", "connection_limit", "preset"}) device_keys.push_back(k);
  node.check_keys(device_keys);

  std::optional<ConfigDoc> doc;
  std::optional<ConfigNode> preset;
  if (auto pn = node.get("preset")) {
    const fs::path file = data / "cabinets" / (pn->scalar() + ".yaml");
    if (!fs::is_regular_file(file))
      pn->fail(fmt::format("unknown preset '{}'; available: {}", pn->scalar(),
                           available(data / "cabinets", ".yaml")));
    doc = ConfigDoc::load(file);
    preset = doc->root();
    preset->check_keys(keys);
  }
  LfpCabinetParams p;
  for (const auto& t : table) {
    auto v = field(node, preset, t.info.name);
    p.*(t.member) = read_param(v && !node.get(t.info.name) ? *preset : node, t.info);
  }

  // Contradictions between two fields are reported at the second one.
  auto check_order = [&](double lo, double hi, std::string_view lo_name, std::string_view hi_name) {
    if (lo < hi) return;
    auto where = field(node, preset, hi_name);
    (where ? *where : node).fail(fmt::format("{} must lie below {}", lo_name, hi_name));
  };
  check_order(p.soc_min, p.soc_max, "soc_min", "soc_max");
  check_order(p.cell_v_min, p.cell_v_max, "cell_voltage_min", "cell_voltage_max");
  check_order(p.heating_setpoint_k, p.cooling_setpoint_k, "heating_setpoint", "cooling_setpoint");

  std::shared_ptr<const LfpCell> cell;
  auto cell_node = field(node, preset, "cell");
  const std::string cell_name = cell_node ? cell_node->scalar() : "sony_us26650";
  const fs::path cell_dir = data / "battery" / cell_name;
  const ConfigNode& cell_where = cell_node ? *cell_node : node;
  if (!fs::is_directory(cell_dir))
    cell_where.fail(fmt::format("unknown cell '{}'; available: {}", cell_name,
                                available(data / "battery", "")));
  try {
    cell = load_cell(cell_dir);
  } catch (const std::invalid_argument& e) {
    cell_where.fail(fmt::format("cell tables of '{}': {}", cell_name, e.what()));
  }

  static constexpr std::array<std::string_view, 2> kCurves{"notton", "sinamics_s120"};
  static constexpr std::array<std::string_view, 3> kAging{"naumann", "blast_lite", "none"};
  static constexpr std::array<std::string_view, 2> kHysteresis{"symmetric", "offset"};
  static constexpr std::array<std::string_view, 2> kCounting{"rainflow", "half_cycles"};
  if (auto h = field(node, preset, "hysteresis")) p.hysteresis_offset = h->choice(kHysteresis) == 1;
  if (auto c = field(node, preset, "cycle_counting")) p.half_cycles = c->choice(kCounting) == 1;
  auto curve = field(node, preset, "pcs_curve");
  auto aging = field(node, preset, "aging");
  try {
    PcsEfficiency pcs = curve && curve->choice(kCurves) == 1
                            ? PcsEfficiency::from_csv(
                                  p.pcs_rated_w, data / "battery" / "sinamics_s120_efficiency.csv")
                            : PcsEfficiency::notton(p.pcs_rated_w, p.pcs_p0, p.pcs_k);
    const std::size_t law = aging ? aging->choice(kAging) : 0;
    std::unique_ptr<AgingModel> np;
    if (law == 0) np = std::make_unique<NaumannAging>();
    if (law == 1) np = std::make_unique<BlastLfpAging>();
    auto cabinet = std::make_unique<LfpCabinet>(id, p, cell, std::move(pcs), std::move(np), start);
    if (auto r = field(node, preset, "response"))
      cabinet->set_response(read_pcs_response(*r, p.pcs_rated_w));
    return cabinet;
  } catch (const std::invalid_argument& e) {
    node.fail(e.what());
  }
}

std::unique_ptr<Battery> make_reservoir(const std::string& id, const ConfigNode& node, Time start) {
  std::span<const Param<ReservoirParams>> table = reservoir_param_table();
  auto keys = param_names(table);
  for (auto k : {"type", "connect", "connection_limit", "response"}) keys.push_back(k);
  node.check_keys(keys);
  ReservoirParams p;
  read_params(node, table, p);
  try {
    auto battery = std::make_unique<Reservoir>(id, p, start);
    if (auto resp = node.get("response"))
      battery->set_response(read_pcs_response(*resp, battery->rated_power_w()));
    return battery;
  } catch (const std::invalid_argument& e) {
    node.fail(e.what());
  }
}

}  // namespace

std::unique_ptr<Battery> make_battery(const std::string& id, const ConfigNode& node, Time start) {
  static constexpr std::array<std::string_view, 2> kTypes{"battery", "cabinet"};
  return node.at("type").choice(kTypes) == 0 ? make_reservoir(id, node, start)
                                             : make_cabinet(id, node, start);
}

void register_battery_models(Registry& r) {
  r.add_params({"device.cabinet", param_infos(lfp_cabinet_param_table())});
  r.add_params({"device.battery",
                param_infos(std::span<const Param<ReservoirParams>>(reservoir_param_table()))});
  for (auto type : {"battery", "cabinet"})
    r.add_device(type, [](const std::string& id, const ConfigNode& node, SiteAssembly& b) {
      auto battery = make_battery(id, node, b.start());  // checks the section first
      b.add_battery(std::move(battery), b.add_vertex(id, node, false, false));
    });
}

}  // namespace wf
