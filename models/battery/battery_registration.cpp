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
#include <cmath>
#include <optional>

#include "models/battery/battery_factory.hpp"
#include "models/battery/battery_registration.hpp"
#include "models/battery/blast_lfp_aging.hpp"
#include "models/battery/lfp_cabinet.hpp"
#include "models/battery/naumann_aging.hpp"
#include "models/battery/reservoir.hpp"
#include "models/pcs/pcs_response.hpp"
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

constexpr std::string_view kCurves[] = {"notton", "sinamics_s120"};
constexpr std::string_view kAging[] = {"naumann", "blast_lite", "none"};
constexpr std::string_view kHysteresis[] = {"symmetric", "offset"};
constexpr std::string_view kCounting[] = {"rainflow", "half_cycles"};

// A cabinet's fields besides the numbers of lfp_cabinet_param_table().
constexpr ParamInfo kCabinetModels[] = {
    text_param("cell", "a cell folder of `data/battery`", "sony_us26650",
               "the cell's OCV, hysteresis and resistance tables"),
    choice_param("pcs_curve", kCurves, "notton", "the PCS efficiency curve"),
    choice_param("aging", kAging, "naumann", "the aging law"),
    choice_param("hysteresis", kHysteresis, "symmetric", "how the OCV hysteresis is applied"),
    choice_param("cycle_counting", kCounting, "rainflow", "how cycles are counted for aging"),
    text_param("response", "`{dead_time, time_constant, ramp_rate}` (see [pcs](pcs.md))", "",
               "the PCS's setpoint response (default: instant)"),
};
// Sizing in the planner's terms; the pack layout and the PCS follow (apply_sizing).
constexpr ParamInfo kSizing[] = {
    optional_param(
        {"capacity", Dim::energy, "", 0, INFINITY, true,
         "nameplate energy; sets cells_parallel to the nearest whole number of strings"}),
    optional_param({"power", Dim::power, "", 0, INFINITY, true,
                    "rated AC power; sets pcs_power (and scales the apparent-power rating)"}),
};
constexpr ParamInfo kPreset[] = {
    text_param("preset", "a preset of `data/cabinets`", "",
               "start from this cabinet; every field of the section overrides the preset's"),
};
constexpr ParamInfo kReservoirResponse[] = {
    text_param("response", "`{dead_time, time_constant, ramp_rate}` (see [pcs](models/pcs.md))", "",
               "the PCS's setpoint response (default: instant)"),
};

// `capacity` and `power` turn into the layout: whole strings in parallel (the nearest
// count; the cabinet's auxiliary power, envelope loss and HVAC scale with them, as
// that many strings in as many cabinets of the preset) and the PCS rating.
void apply_sizing(const ConfigNode& node, LfpCabinetParams& p) {
  auto clash = [&](std::string_view sizing, std::string_view layout) {
    if (node.get(sizing) && node.get(layout))
      node.at(layout).fail(fmt::format("give either {} or {}, not both", sizing, layout));
  };
  clash("capacity", "cells_parallel");
  clash("power", "pcs_power");
  if (auto c = node.get("capacity")) {
    const double capacity_j = read_param(node, kSizing[0]);
    const double string_j = p.cells_series * p.cell_nominal_v * p.cell_capacity_c;
    const double strings = std::round(capacity_j / string_j);
    if (strings < 1)
      c->fail(
          fmt::format("{:.1f} kWh is less than half a string of this cabinet ({} cells of "
                      "{:.1f} kWh together); the smallest capacity is {:.2f} kWh",
                      capacity_j / 3.6e6, p.cells_series, string_j / 3.6e6, string_j / 3.6e6));
    const double scale = strings / p.cells_parallel;
    p.cells_parallel = strings;
    p.aux_base_w *= scale;
    p.envelope_loss_10k_w *= scale;
    p.hvac_max_w *= scale;
  }
  if (auto w = node.get("power")) {
    const double rated = read_param(node, kSizing[1]);
    if (p.pcs_apparent_va > 0) p.pcs_apparent_va *= rated / p.pcs_rated_w;
    p.pcs_rated_w = rated;
  }
}

std::unique_ptr<Battery> make_cabinet(const std::string& id, const ConfigNode& node, Time start) {
  const fs::path data = WF_DATA_DIR;
  auto table = lfp_cabinet_param_table();
  auto keys = param_names(table);
  for (const auto& p : kCabinetModels) keys.push_back(p.name);  // what a preset may hold
  auto device_keys = keys;
  for (const auto& p : device_common_params()) device_keys.push_back(p.name);
  device_keys.push_back(kPreset[0].name);
  for (const auto& p : kSizing) device_keys.push_back(p.name);
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
  apply_sizing(node, p);
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
  cell = load_cell(cell_dir);  // a defect in the tables names their file

  if (auto h = field(node, preset, "hysteresis")) p.hysteresis_offset = h->choice(kHysteresis) == 1;
  if (auto c = field(node, preset, "cycle_counting")) p.half_cycles = c->choice(kCounting) == 1;
  auto curve = field(node, preset, "pcs_curve");
  auto aging = field(node, preset, "aging");
  if (std::string why = lfp_cabinet_params_problem(p); !why.empty()) node.fail(why);
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
}

std::unique_ptr<Battery> make_reservoir(const std::string& id, const ConfigNode& node, Time start) {
  std::span<const Param<ReservoirParams>> table = reservoir_param_table();
  auto keys = param_names(table);
  for (const auto& p : device_common_params()) keys.push_back(p.name);
  keys.push_back(kReservoirResponse[0].name);
  node.check_keys(keys);
  ReservoirParams p;
  read_params(node, table, p);
  if (std::string why = reservoir_params_problem(p); !why.empty()) node.fail(why);
  auto battery = std::make_unique<Reservoir>(id, p, start);
  if (auto resp = node.get("response"))
    battery->set_response(read_pcs_response(*resp, battery->rated_power_w()));
  return battery;
}

}  // namespace

std::unique_ptr<Battery> make_battery(const std::string& id, const ConfigNode& node, Time start) {
  static constexpr std::array<std::string_view, 2> kTypes{"battery", "cabinet"};
  return node.at("type").choice(kTypes) == 0 ? make_reservoir(id, node, start)
                                             : make_cabinet(id, node, start);
}

void register_battery_models(Registry& r) {
  auto cabinet = param_infos(lfp_cabinet_param_table());
  cabinet.insert(cabinet.begin(), std::begin(kSizing), std::end(kSizing));
  cabinet.insert(cabinet.begin(), std::begin(kPreset), std::end(kPreset));
  cabinet.insert(cabinet.end(), std::begin(kCabinetModels), std::end(kCabinetModels));
  r.add_params({"device.cabinet", std::move(cabinet)});
  auto reservoir = param_infos(std::span<const Param<ReservoirParams>>(reservoir_param_table()));
  reservoir.insert(reservoir.end(), std::begin(kReservoirResponse), std::end(kReservoirResponse));
  r.add_params({"device.battery", std::move(reservoir)});
  r.add_params({"response", {pcs_response_params().begin(), pcs_response_params().end()}});
  for (auto type : {"battery", "cabinet"})
    r.add_device(type, [](const std::string& id, const ConfigNode& node, SiteAssembly& b) {
      auto battery = make_battery(id, node, b.start());  // checks the section first
      b.add_battery(std::move(battery), b.add_vertex(id, node, false, false));
    });
}

}  // namespace wf
