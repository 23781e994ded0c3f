#include "hil/register_map.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>

#include "sim/error.hpp"
#include "sim/units.hpp"

#ifndef WF_HIL_MAP_DIR
#error "WF_HIL_MAP_DIR must name data/registermaps (set in hil/CMakeLists.txt)"
#endif

namespace wf::hil {

namespace {

constexpr std::array<std::string_view, 17> kRoles{"none",
                                                  "soc",
                                                  "soh",
                                                  "ac_power",
                                                  "dc_power",
                                                  "voltage",
                                                  "current",
                                                  "temperature",
                                                  "alarms",
                                                  "capacity",
                                                  "max_charge_power",
                                                  "max_discharge_power",
                                                  "power_setpoint",
                                                  "setpoint_enable",
                                                  "heartbeat",
                                                  "controller_heartbeat",
                                                  "scale_factor"};
constexpr std::array<std::string_view, 5> kTypes{"u16", "i16", "u32", "i32", "f32"};
constexpr std::array<std::string_view, 4> kOrders{"abcd", "badc", "cdab", "dcba"};
constexpr std::array<std::string_view, 2> kTables{"holding", "input"};
constexpr std::array<std::string_view, 2> kAccess{"r", "rw"};

// The dimension a role's units must have; nullopt: any.
std::optional<Dim> role_dim(Role r) {
  switch (r) {
    case Role::soc:
    case Role::soh:
      return Dim::dimensionless;
    case Role::ac_power:
    case Role::dc_power:
    case Role::max_charge_power:
    case Role::max_discharge_power:
    case Role::power_setpoint:
      return Dim::power;
    case Role::voltage:
      return Dim::voltage;
    case Role::current:
      return Dim::current;
    case Role::temperature:
      return Dim::temperature;
    case Role::capacity:
      return Dim::energy;
    default:
      return std::nullopt;
  }
}

// Plausible ranges (SI) of what a cabinet reports; values outside are garbage.
void default_range(Point& p) {
  switch (p.role) {
    case Role::soc:
      p.min = 0, p.max = 1;
      break;
    case Role::soh:
      p.min = 0, p.max = 1.5;
      break;
    case Role::temperature:
      p.min = 273.15 - 60, p.max = 273.15 + 150;
      break;
    case Role::voltage:
      p.min = 0, p.max = 2000;
      break;
    default:
      break;
  }
}

double number(const ConfigNode& n) {
  const std::string text = n.scalar();
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);  // also reads 0x.. (markers)
  if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(v))
    n.fail(fmt::format("expected a number, got '{}'", text));
  return v;
}

// Engineering units -> SI, checked against the role's dimension.
void read_units(Point& p, const ConfigNode& n) {
  const std::string u = n.scalar();
  if (u == "1" || u == "bitfield" || u == "enum" || u == "count") return;
  static constexpr std::array kDims{Dim::dimensionless, Dim::power,   Dim::energy,
                                    Dim::voltage,       Dim::current, Dim::temperature,
                                    Dim::time,          Dim::charge,  Dim::frequency};
  if (auto want = role_dim(p.role)) {
    std::string why;
    double offset = 0;
    auto f = unit_factor(u, *want, &why, &offset);
    if (!f)
      n.fail(fmt::format("units '{}' do not fit role {}: expected {}", u, role_name(p.role),
                         describe(*want)));
    p.si_factor = *f, p.si_offset = offset;
    return;
  }
  for (Dim d : kDims) {
    double offset = 0;
    if (auto f = unit_factor(u, d, nullptr, &offset)) {
      p.si_factor = *f, p.si_offset = offset;
      return;
    }
  }
  n.fail(fmt::format("unknown units '{}'", u));
}

}  // namespace

std::string_view role_name(Role r) {
  return kRoles[static_cast<std::size_t>(r)];
}

const Point* RegisterMap::find(Role r) const {
  for (const auto& p : points)
    if (p.role == r) return &p;
  return nullptr;
}

const Point* RegisterMap::find(std::string_view n) const {
  for (const auto& p : points)
    if (p.name == n) return &p;
  return nullptr;
}

std::pair<int, int> RegisterMap::span(Table t) const {
  int lo = 1 << 20, hi = -1;
  for (const auto& p : points)
    if (p.table == t) lo = std::min(lo, p.address), hi = std::max(hi, p.end());
  return hi < 0 ? std::pair{0, 0} : std::pair{lo, hi - lo};
}

std::vector<Block> group_blocks(const std::vector<Point>& points, int max_count) {
  std::vector<const Point*> sorted;
  for (const auto& p : points) sorted.push_back(&p);
  std::sort(sorted.begin(), sorted.end(), [](const Point* a, const Point* b) {
    return std::pair{a->table, a->address} < std::pair{b->table, b->address};
  });
  std::vector<Block> blocks;
  for (const Point* p : sorted) {
    if (!blocks.empty()) {
      Block& b = blocks.back();
      if (b.table == p->table && b.start + b.count == p->address &&
          b.count + p->width() <= max_count) {
        b.count += p->width();
        continue;
      }
    }
    blocks.push_back({p->table, p->address, p->width()});
  }
  return blocks;
}

RegisterMap parse_register_map(const ConfigNode& root) {
  static constexpr std::array<std::string_view, 8> kKeys{
      "name",   "description",      "source", "word_order",
      "limits", "heartbeat_period", "points", "sign"};
  static constexpr std::array<std::string_view, 11> kPointKeys{
      "address", "function", "type",   "word_order", "scale", "scale_factor",
      "units",   "role",     "access", "value",      "range"};
  if (!root.is_map()) root.fail("expected a register map (a map with 'points:')");
  root.check_keys(kKeys);
  RegisterMap m;
  m.file = root.file();
  m.name =
      root.get("name") ? root.at("name").scalar() : std::filesystem::path(m.file).stem().string();
  if (auto d = root.get("description")) m.description = d->scalar();
  if (auto s = root.get("source")) m.source = s->scalar();
  WordOrder order = WordOrder::abcd;
  if (auto w = root.get("word_order")) order = static_cast<WordOrder>(w->choice(kOrders));
  if (auto h = root.get("heartbeat_period")) {
    m.heartbeat_period_s = h->quantity(Dim::time);
    if (m.heartbeat_period_s <= 0) h->fail("expected a period above 0 s");
  }
  if (auto l = root.get("limits")) {
    static constexpr std::array<std::string_view, 4> kLimitKeys{
        "max_charge_power", "max_discharge_power", "ramp_per_second", "revert_timeout"};
    l->check_keys(kLimitKeys);
    auto positive = [](const ConfigNode& n, Dim d) {
      const double v = n.quantity(d);
      if (!(v > 0)) n.fail("expected a value above 0");
      return v;
    };
    if (auto v = l->get("max_charge_power")) m.limits.max_charge_w = positive(*v, Dim::power);
    if (auto v = l->get("max_discharge_power")) m.limits.max_discharge_w = positive(*v, Dim::power);
    if (auto v = l->get("ramp_per_second")) m.limits.ramp_w_per_s = positive(*v, Dim::power);
    if (auto v = l->get("revert_timeout")) m.limits.revert_timeout_s = positive(*v, Dim::time);
  }

  ConfigNode points = root.at("points");
  if (!points.is_map() || points.entries().empty())
    points.fail("expected a map of points: name -> {address, function, type, ...}");
  std::vector<std::pair<std::string, ConfigNode>> sf_refs;  // resolved once all are read
  for (const auto& [name, n] : points.entries()) {
    if (!n.is_map()) n.fail("expected a point: {address, function, type, ...}");
    n.check_keys(kPointKeys);
    Point p;
    p.name = name;
    p.line = n.line();
    p.address = static_cast<int>(n.at("address").integer(0, 65535));
    p.table = static_cast<Table>(n.at("function").choice(kTables));
    p.type = static_cast<RegType>(n.at("type").choice(kTypes));
    p.order = order;
    if (auto w = n.get("word_order")) {
      if (p.width() == 1) w->fail("word order applies to 32-bit types only");
      p.order = static_cast<WordOrder>(w->choice(kOrders));
    }
    if (p.end() > 65536) n.at("address").fail("the point runs past register 65535");
    if (auto r = n.get("role")) p.role = static_cast<Role>(r->choice(kRoles));
    if (auto a = n.get("access")) p.writable = a->choice(kAccess) == 1;
    if (p.table == Table::input && p.writable)
      n.at("access").fail("input registers are read-only; use function: holding");
    if (auto s = n.get("scale")) {
      p.scale = number(*s);
      if (p.scale == 0) s->fail("expected a non-zero scale");
    }
    if (auto s = n.get("scale_factor")) sf_refs.emplace_back(name, *s);
    if (auto u = n.get("units"))
      read_units(p, *u);
    else if (role_dim(p.role) && role_dim(p.role) != Dim::dimensionless)
      n.fail(fmt::format("a point of role {} needs units", role_name(p.role)));
    if (auto v = n.get("value")) p.value = number(*v);
    default_range(p);
    if (auto r = n.get("range")) {
      auto items = r->items();
      if (!r->is_sequence() || items.size() != 2)
        r->fail("expected [min, max] in the point's units");
      p.min = number(items[0]) * p.si_factor + p.si_offset;
      p.max = number(items[1]) * p.si_factor + p.si_offset;
      if (!(p.min < p.max)) r->fail("expected min below max");
    }
    if (p.role == Role::scale_factor && p.type != RegType::i16)
      n.at("type").fail("a scale factor is an i16 (SunSpec sunssf)");
    if ((p.role == Role::power_setpoint || p.role == Role::controller_heartbeat ||
         p.role == Role::setpoint_enable) &&
        !p.writable)
      n.fail(fmt::format("a point of role {} is written: give it access: rw", role_name(p.role)));
    if (p.role == Role::setpoint_enable && (!p.value || *p.value == 0))
      n.fail("setpoint_enable needs the value that enables the setpoint, not 0 (0 disables it)");
    if (p.role != Role::none && p.role != Role::scale_factor)
      for (const auto& q : m.points)
        if (q.role == p.role)
          n.at("role").fail(fmt::format("role {} is already taken by point '{}' (line {})",
                                        role_name(p.role), q.name, q.line));
    m.points.push_back(std::move(p));
  }
  for (const auto& [name, n] : sf_refs) {
    const std::string ref = n.scalar();
    auto it = std::find_if(m.points.begin(), m.points.end(),
                           [&](const Point& q) { return q.name == ref; });
    if (it == m.points.end())
      n.fail(fmt::format("missing scale factor: no point named '{}' in the map", ref));
    if (it->role != Role::scale_factor)
      n.fail(fmt::format("point '{}' is not a scale factor (give it role: scale_factor)", ref));
    const std::string& point_name = name;  // no capture of a structured binding before clang 16
    auto self = std::find_if(m.points.begin(), m.points.end(),
                             [&](const Point& q) { return q.name == point_name; });
    self->sf_point = static_cast<int>(it - m.points.begin());
  }
  // Overlaps: sorted by table and address, each point must start at or after the previous end.
  std::vector<const Point*> sorted;
  for (const auto& p : m.points) sorted.push_back(&p);
  std::sort(sorted.begin(), sorted.end(), [](const Point* a, const Point* b) {
    return std::tuple{a->table, a->address, a->line} < std::tuple{b->table, b->address, b->line};
  });
  for (std::size_t i = 1; i < sorted.size(); ++i) {
    const Point *a = sorted[i - 1], *b = sorted[i];
    if (a->table == b->table && b->address < a->end()) {
      const Point* later = a->line > b->line ? a : b;
      const Point* earlier = later == a ? b : a;
      points.at(later->name)
          .at("address")
          .fail(fmt::format("registers {}..{} overlap point '{}' ({}..{}, line {})", later->address,
                            later->end() - 1, earlier->name, earlier->address, earlier->end() - 1,
                            earlier->line));
    }
  }
  m.blocks = group_blocks(m.points);
  return m;
}

std::filesystem::path register_map_dir() {
  return WF_HIL_MAP_DIR;
}

RegisterMap load_register_map(const std::string& file_or_preset) {
  std::filesystem::path file = file_or_preset;
  if (!std::filesystem::is_regular_file(file)) {
    const auto preset = register_map_dir() / (file_or_preset + ".yaml");
    if (file.extension().empty() && std::filesystem::is_regular_file(preset)) {
      file = preset;
    } else {
      std::string names;
      std::vector<std::string> found;
      for (const auto& e : std::filesystem::directory_iterator(register_map_dir()))
        if (e.path().extension() == ".yaml") found.push_back(e.path().stem().string());
      std::sort(found.begin(), found.end());
      for (const auto& f : found) names += (names.empty() ? "" : ", ") + f;
      throw InputError(file_or_preset, 0, "--map",
                       fmt::format("no such register map file or preset (presets: {})", names));
    }
  }
  ConfigDoc doc = ConfigDoc::load(file);
  return parse_register_map(doc.root());
}

}  // namespace wf::hil
