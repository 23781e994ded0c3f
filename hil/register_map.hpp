#pragma once
// A cabinet's Modbus register map as read from YAML (data/registermaps/): where
// each point lives (holding or input register, 0-based PDU address), how it is
// encoded (u16, i16, u32, i32, f32 with a word order), its scale (a fixed
// factor or a SunSpec-style _SF register holding a power of ten), its units and
// what it means to wattfleet (its role). Contiguous points are grouped into
// blocks so a poll reads each block in one request.
#include <cstdint>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "sim/config_node.hpp"

namespace wf::hil {

enum class Table { holding, input };
enum class RegType { u16, i16, u32, i32, f32 };
/// Byte order of a 32-bit value over two registers, as libmodbus names it:
/// abcd = most significant register first (SunSpec), cdab = word-swapped.
enum class WordOrder { abcd, badc, cdab, dcba };

/// What a point means to the client and the server.
enum class Role {
  none,                  ///< served and decoded, not interpreted
  soc,                   ///< state of charge
  soh,                   ///< state of health
  ac_power,              ///< AC power, > 0 discharge
  dc_power,              ///< DC power, > 0 discharge
  voltage,               ///< DC bus voltage
  current,               ///< DC current, > 0 discharge
  temperature,           ///< cabinet / cell temperature
  alarms,                ///< alarm bitfield, 0 = none
  capacity,              ///< rated energy
  max_charge_power,      ///< charge power limit now (or rating)
  max_discharge_power,   ///< discharge power limit now (or rating)
  power_setpoint,        ///< written: AC power setpoint, > 0 discharge
  setpoint_enable,       ///< written once armed: the point's `value` enables the setpoint
  heartbeat,             ///< the cabinet's heartbeat, incremented by it every second
  controller_heartbeat,  ///< written: the controller's heartbeat (watchdog)
  scale_factor,          ///< a power-of-ten exponent other points refer to
};

std::string_view role_name(Role r);

struct Point {
  std::string name;
  int address = 0;  ///< 0-based PDU address
  Table table = Table::holding;
  RegType type = RegType::u16;
  WordOrder order = WordOrder::abcd;
  double scale = 1;                     ///< engineering value = raw x scale x 10^sf
  int sf_point = -1;                    ///< index of the scale-factor point; -1: fixed scale only
  std::string units;                    ///< as written in the map ("W", "%", "degC", ...)
  double si_factor = 1, si_offset = 0;  ///< SI = engineering x factor + offset
  Role role = Role::none;
  bool writable = false;
  std::optional<double> value;  ///< constant in engineering units (markers, ratings, enable)
  double min = -std::numeric_limits<double>::infinity();  ///< plausible range, SI
  double max = std::numeric_limits<double>::infinity();
  int line = 0;  ///< in the map file, for messages

  int width() const { return type == RegType::u16 || type == RegType::i16 ? 1 : 2; }
  int end() const { return address + width(); }
};

/// Registers read in one request: [start, start + count) of one table.
struct Block {
  Table table = Table::holding;
  int start = 0, count = 0;
};

/// Safety limits of the map (the device's own); infinity when not given.
struct MapLimits {
  double max_charge_w = std::numeric_limits<double>::infinity();
  double max_discharge_w = std::numeric_limits<double>::infinity();
  double ramp_w_per_s = std::numeric_limits<double>::infinity();
  double revert_timeout_s =
      0;  ///< server side: no controller heartbeat for this long -> 0 W; 0: off
};

struct RegisterMap {
  std::string name, description, source;
  std::filesystem::path file;
  std::vector<Point> points;
  std::vector<Block> blocks;  ///< every point, grouped for reading
  MapLimits limits;
  double heartbeat_period_s = 1;

  const Point* find(Role r) const;
  const Point* find(std::string_view name) const;
  int index_of(const Point* p) const { return static_cast<int>(p - points.data()); }
  /// Lowest address and register count used in a table (0, 0 when unused).
  std::pair<int, int> span(Table t) const;
};

/// Largest register count of one read request (Modbus FC3/FC4 limit).
inline constexpr int kMaxReadRegisters = 125;

/// Parses a map document. Throws InputError (file:line: field: what) on overlapping
/// registers, unknown types, missing scale factors and every other mistake.
RegisterMap parse_register_map(const ConfigNode& root);
/// Loads a map from a file, or a preset name from data/registermaps.
RegisterMap load_register_map(const std::string& file_or_preset);
/// Folder of the presets.
std::filesystem::path register_map_dir();

/// Groups points into blocks: same table, no gap, at most `max_count` registers.
std::vector<Block> group_blocks(const std::vector<Point>& points,
                                int max_count = kMaxReadRegisters);

}  // namespace wf::hil
