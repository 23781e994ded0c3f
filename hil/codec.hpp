#pragma once
// Encoding and decoding of register map points: raw words <-> numbers (type,
// word order), then scale (fixed and 10^SF) and units to SI. Pure functions
// over a register image, shared by the client and the served cabinet.
#include <cstdint>
#include <map>
#include <span>
#include <vector>

#include "hil/register_map.hpp"

namespace wf::hil {

/// The 16-bit registers of both tables, sparse, by address.
class RegisterImage {
 public:
  std::uint16_t get(Table t, int address) const;
  void set(Table t, int address, std::uint16_t v);
  bool has(Table t, int address) const;
  /// Copies `words` into [start, start + words.size()).
  void store(Table t, int start, std::span<const std::uint16_t> words);

 private:
  std::map<int, std::uint16_t> regs_[2];
};

/// Raw number of `type` from its registers (1 or 2 words) in `order`.
double decode_raw(RegType type, WordOrder order, std::span<const std::uint16_t> words);
/// Registers of a raw number; integers are rounded and saturated to the type's range.
void encode_raw(RegType type, WordOrder order, double raw, std::span<std::uint16_t> words);
/// True when the raw words are SunSpec's "not implemented" value of the type.
bool is_unimplemented(RegType type, WordOrder order, std::span<const std::uint16_t> words);

/// Multiplier from raw to engineering units: scale x 10^SF (SF read from the image).
/// NaN when the SF register holds the not-implemented value or lies outside -10..10.
double point_multiplier(const RegisterMap& map, const RegisterImage& img, const Point& p);

/// The point's value in SI; NaN when not implemented or its scale factor is invalid.
double read_point(const RegisterMap& map, const RegisterImage& img, const Point& p);
/// The point's value in engineering units (the map's units), NaN likewise.
double read_point_engineering(const RegisterMap& map, const RegisterImage& img, const Point& p);
/// Stores an SI value into the point's registers (scale factors as found in the image).
void write_point(const RegisterMap& map, RegisterImage& img, const Point& p, double si);
/// Stores an engineering value (constants, scale factors).
void write_point_engineering(const RegisterMap& map, RegisterImage& img, const Point& p,
                             double value);
/// The registers `write_point` would produce, without an image to write into.
std::vector<std::uint16_t> encode_point(const RegisterMap& map, const RegisterImage& img,
                                        const Point& p, double si);

}  // namespace wf::hil
