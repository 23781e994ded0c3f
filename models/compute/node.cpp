#include "models/compute/node.hpp"

#include <algorithm>
#include <array>
#include <filesystem>
#include <span>

#include "sim/error.hpp"
#include "sim/params.hpp"

namespace wf {
namespace {

const std::array<Param<NodeSpec>, 5> kPowers{{
    {{"idle_power", Dim::power, "", 0, 1e6, false, "DC power at 0 % utilisation"},
     &NodeSpec::idle_w},
    {{"max_power", Dim::power, "", 0, 1e6, true, "DC power at 100 % utilisation"},
     &NodeSpec::max_w},
    {{"sleep_power", Dim::power, "0 W", 0, 1e6, false, "DC power asleep"}, &NodeSpec::sleep_w},
    {{"off_power", Dim::power, "0 W", 0, 1e6, false, "DC power when off (BMC)"}, &NodeSpec::off_w},
    {{"psu_efficiency", Dim::dimensionless, "94 %", 0, 1, true, "PSU efficiency: AC = DC / eta"},
     &NodeSpec::psu_efficiency},
}};

const ParamInfo kWake{"wake_time", Dim::time, "10 s", 0, 86400, false, "sleep -> idle"};
const ParamInfo kBoot{"boot_time", Dim::time, "5 min", 0, 86400, false, "off -> idle"};
// A node's fields besides its powers (a preset file, or a map in the scenario).
const ParamInfo kNodeMore[] = {
    kWake,
    kBoot,
    text_param("curve", "11 powers at 0, 10, ..., 100 % utilisation, not falling", "",
               "a SPECpower-style table instead of the line from idle_power to max_power"),
    text_param("description", "text", "", "free text"),
    text_param("name", "text", "", "label"),
};

}  // namespace

std::vector<ParamInfo> node_params() {
  std::vector<ParamInfo> infos = param_infos(std::span<const Param<NodeSpec>>(kPowers));
  infos.insert(infos.end(), std::begin(kNodeMore), std::end(kNodeMore));
  return infos;
}

double node_dc_power_w(const NodeSpec& n, double u) {
  u = std::clamp(u, 0.0, 1.0);
  if (n.table_w.empty()) return n.idle_w + (n.max_w - n.idle_w) * u;
  const double x = u * 10.0;
  const auto i = std::min<std::size_t>(static_cast<std::size_t>(x), 9);
  const double f = x - static_cast<double>(i);
  return n.table_w[i] + (n.table_w[i + 1] - n.table_w[i]) * f;
}

double node_ac_power_w(const NodeSpec& n, NodeState state, double u) {
  double dc = 0;
  switch (state) {
    case NodeState::off:
      dc = n.off_w;
      break;
    case NodeState::sleep:
      dc = n.sleep_w;
      break;
    case NodeState::idle:
      dc = node_dc_power_w(n, 0);
      break;
    case NodeState::active:
      dc = node_dc_power_w(n, u);
      break;
  }
  return dc / n.psu_efficiency;
}

Time node_wake_time(const NodeSpec& n, NodeState state) {
  if (state == NodeState::off) return n.boot_time;
  if (state == NodeState::sleep) return n.wake_time;
  return Time::zero();
}

NodeSpec read_node_spec(const ConfigNode& node, std::string name) {
  std::vector<std::string_view> keys = param_names<NodeSpec>(kPowers);
  for (const auto& k : kNodeMore) keys.emplace_back(k.name);
  node.check_keys(keys);
  NodeSpec n;
  n.name = std::move(name);
  read_params<NodeSpec>(node, kPowers, n);
  n.wake_time = Time::from_seconds(read_param(node, kWake));
  n.boot_time = Time::from_seconds(read_param(node, kBoot));
  if (n.max_w < n.idle_w) node.at("max_power").fail("expected a power at least idle_power");
  if (auto c = node.get("curve")) {
    auto items = c->items();
    if (items.size() != 11)
      c->fail("expected 11 powers at 0, 10, ..., 100 % utilisation, got " +
              std::to_string(items.size()));
    for (const auto& it : items) n.table_w.push_back(it.quantity(Dim::power));
    if (!std::is_sorted(n.table_w.begin(), n.table_w.end()))
      c->fail("expected powers that do not fall with utilisation");
    n.idle_w = n.table_w.front();
    n.max_w = n.table_w.back();
  }
  return n;
}

std::string node_preset_dir() {
  return WF_DATA_DIR "/nodes";
}

NodeSpec read_node(const ConfigNode& node) {
  if (node.is_map()) return read_node_spec(node, node.path());
  const std::string name = node.scalar();
  const auto file = std::filesystem::path(node_preset_dir()) / (name + ".yaml");
  if (name.find('/') != std::string::npos || !std::filesystem::is_regular_file(file)) {
    std::vector<std::string> names;
    if (std::filesystem::is_directory(node_preset_dir()))
      for (const auto& e : std::filesystem::directory_iterator(node_preset_dir()))
        if (e.path().extension() == ".yaml") names.push_back(e.path().stem().string());
    std::sort(names.begin(), names.end());
    std::string known;
    for (const auto& s : names) known += " " + s;
    node.fail("expected a node preset (one of:" + known + ") or a map, got '" + name + "'");
  }
  return read_node_spec(ConfigDoc::load(file).root(), name);
}

}  // namespace wf
