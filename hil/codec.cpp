#include "hil/codec.hpp"

#include <bit>
#include <cmath>
#include <limits>

namespace wf::hil {

namespace {

// Bytes A B C D (most significant first) of a 32-bit word, laid over two registers:
// for each order, which byte goes out in each of the four wire slots (the first
// register's high and low byte, then the second's). Both directions read this table.
constexpr int kWireBytes[4][4] = {
    {0, 1, 2, 3},  // abcd
    {1, 0, 3, 2},  // badc
    {2, 3, 0, 1},  // cdab
    {3, 2, 1, 0},  // dcba
};

int shift_of(WordOrder order, int slot) {
  return 24 - 8 * kWireBytes[static_cast<int>(order)][slot];
}

void split32(std::uint32_t v, WordOrder order, std::span<std::uint16_t> w) {
  for (int r = 0; r < 2; ++r)
    w[static_cast<std::size_t>(r)] = static_cast<std::uint16_t>(
        (v >> shift_of(order, 2 * r) & 0xFF) << 8 | (v >> shift_of(order, 2 * r + 1) & 0xFF));
}

std::uint32_t join32(std::span<const std::uint16_t> w, WordOrder order) {
  std::uint32_t v = 0;
  for (int r = 0; r < 2; ++r) {
    const std::uint32_t reg = w[static_cast<std::size_t>(r)];
    v |= (reg >> 8) << shift_of(order, 2 * r) | (reg & 0xFF) << shift_of(order, 2 * r + 1);
  }
  return v;
}

template <class T>
T saturate(double raw) {
  if (std::isnan(raw)) return 0;
  const double r = std::round(raw);
  if (r <= double(std::numeric_limits<T>::min())) return std::numeric_limits<T>::min();
  if (r >= double(std::numeric_limits<T>::max())) return std::numeric_limits<T>::max();
  return static_cast<T>(r);
}

int table_index(Table t) {
  return t == Table::holding ? 0 : 1;
}

std::vector<std::uint16_t> words_of(const RegisterImage& img, const Point& p) {
  std::vector<std::uint16_t> w(static_cast<std::size_t>(p.width()));
  for (int i = 0; i < p.width(); ++i)
    w[static_cast<std::size_t>(i)] = img.get(p.table, p.address + i);
  return w;
}

}  // namespace

std::uint16_t RegisterImage::get(Table t, int address) const {
  const auto& m = regs_[table_index(t)];
  auto it = m.find(address);
  return it == m.end() ? 0 : it->second;
}
void RegisterImage::set(Table t, int address, std::uint16_t v) {
  regs_[table_index(t)][address] = v;
}
bool RegisterImage::has(Table t, int address) const {
  return regs_[table_index(t)].count(address) != 0;
}
void RegisterImage::store(Table t, int start, std::span<const std::uint16_t> words) {
  for (std::size_t i = 0; i < words.size(); ++i) set(t, start + static_cast<int>(i), words[i]);
}

double decode_raw(RegType type, WordOrder order, std::span<const std::uint16_t> w) {
  switch (type) {
    case RegType::u16:
      return w[0];
    case RegType::i16:
      return static_cast<std::int16_t>(w[0]);
    case RegType::u32:
      return join32(w, order);
    case RegType::i32:
      return static_cast<std::int32_t>(join32(w, order));
    case RegType::f32:
      return std::bit_cast<float>(join32(w, order));
  }
  return 0;
}

void encode_raw(RegType type, WordOrder order, double raw, std::span<std::uint16_t> w) {
  switch (type) {
    case RegType::u16:
      w[0] = saturate<std::uint16_t>(raw);
      break;
    case RegType::i16:
      w[0] = static_cast<std::uint16_t>(saturate<std::int16_t>(raw));
      break;
    case RegType::u32:
      split32(saturate<std::uint32_t>(raw), order, w);
      break;
    case RegType::i32:
      split32(static_cast<std::uint32_t>(saturate<std::int32_t>(raw)), order, w);
      break;
    case RegType::f32:
      split32(std::bit_cast<std::uint32_t>(static_cast<float>(raw)), order, w);
      break;
  }
}

bool is_unimplemented(RegType type, WordOrder order, std::span<const std::uint16_t> w) {
  switch (type) {
    case RegType::u16:
      return w[0] == 0xFFFF;
    case RegType::i16:
      return w[0] == 0x8000;
    case RegType::u32:
      return join32(w, order) == 0xFFFFFFFFu;
    case RegType::i32:
      return join32(w, order) == 0x80000000u;
    case RegType::f32:
      return std::isnan(std::bit_cast<float>(join32(w, order)));
  }
  return false;
}

double point_multiplier(const RegisterMap& map, const RegisterImage& img, const Point& p) {
  if (p.sf_point < 0) return p.scale;
  const Point& sf = map.points[static_cast<std::size_t>(p.sf_point)];
  const std::uint16_t w = img.get(sf.table, sf.address);
  const int e = static_cast<std::int16_t>(w);
  if (w == 0x8000 || e < -10 || e > 10) return std::numeric_limits<double>::quiet_NaN();
  return p.scale * std::pow(10.0, e);
}

double read_point_engineering(const RegisterMap& map, const RegisterImage& img, const Point& p) {
  const auto w = words_of(img, p);
  // Counters, bitfields and enums use all bits; only measured values know "not implemented".
  const bool counter = p.role == Role::alarms || p.role == Role::none ||
                       p.role == Role::heartbeat || p.role == Role::controller_heartbeat ||
                       p.role == Role::setpoint_enable;
  if (!counter && is_unimplemented(p.type, p.order, w))
    return std::numeric_limits<double>::quiet_NaN();
  return decode_raw(p.type, p.order, w) * point_multiplier(map, img, p);
}

double read_point(const RegisterMap& map, const RegisterImage& img, const Point& p) {
  return read_point_engineering(map, img, p) * p.si_factor + p.si_offset;
}

std::vector<std::uint16_t> encode_point(const RegisterMap& map, const RegisterImage& img,
                                        const Point& p, double si) {
  const double eng = (si - p.si_offset) / p.si_factor;
  std::vector<std::uint16_t> w(static_cast<std::size_t>(p.width()));
  const double mult = point_multiplier(map, img, p);
  encode_raw(p.type, p.order, std::isfinite(mult) ? eng / mult : std::nan(""), w);
  return w;
}

void write_point(const RegisterMap& map, RegisterImage& img, const Point& p, double si) {
  img.store(p.table, p.address, encode_point(map, img, p, si));
}

void write_point_engineering(const RegisterMap& map, RegisterImage& img, const Point& p,
                             double value) {
  write_point(map, img, p, value * p.si_factor + p.si_offset);
}

}  // namespace wf::hil
