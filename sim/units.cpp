#include "sim/units.hpp"

#include <fmt/format.h>
#include <numbers>

#include <array>
#include <charconv>
#include <cmath>

namespace wf {

namespace {

struct Unit {
  std::string_view symbol;
  Dim dim;
  double factor;      // SI = value * factor + offset
  double offset = 0;  // only temperatures
};

constexpr double kHour = 3600.0;

// Units spelled as engineers write them in scenario files.
constexpr std::array kUnits{
    Unit{"%", Dim::dimensionless, 0.01},
    Unit{"W", Dim::power, 1},
    Unit{"kW", Dim::power, 1e3},
    Unit{"MW", Dim::power, 1e6},
    Unit{"GW", Dim::power, 1e9},
    // Apparent and reactive power share the SI dimension of power (PCS ratings, P/Q).
    Unit{"VA", Dim::power, 1},
    Unit{"kVA", Dim::power, 1e3},
    Unit{"MVA", Dim::power, 1e6},
    Unit{"var", Dim::power, 1},
    Unit{"kvar", Dim::power, 1e3},
    Unit{"Mvar", Dim::power, 1e6},
    Unit{"J", Dim::energy, 1},
    Unit{"kJ", Dim::energy, 1e3},
    Unit{"MJ", Dim::energy, 1e6},
    Unit{"Wh", Dim::energy, kHour},
    Unit{"kWh", Dim::energy, 1e3 * kHour},
    Unit{"MWh", Dim::energy, 1e6 * kHour},
    Unit{"GWh", Dim::energy, 1e9 * kHour},
    Unit{"us", Dim::time, 1e-6},
    Unit{"ms", Dim::time, 1e-3},
    Unit{"s", Dim::time, 1},
    Unit{"min", Dim::time, 60},
    Unit{"h", Dim::time, kHour},
    Unit{"d", Dim::time, 86400},
    Unit{"K", Dim::temperature, 1},
    Unit{"degC", Dim::temperature, 1, 273.15},
    Unit{"°C", Dim::temperature, 1, 273.15},
    Unit{"C", Dim::temperature, 1, 273.15},
    Unit{"%/K", Dim::per_kelvin, 0.01},
    Unit{"%/degC", Dim::per_kelvin, 0.01},
    Unit{"%/°C", Dim::per_kelvin, 0.01},
    Unit{"1/K", Dim::per_kelvin, 1},
    Unit{"/K", Dim::per_kelvin, 1},
    Unit{"deg", Dim::angle, std::numbers::pi / 180},
    Unit{"°", Dim::angle, std::numbers::pi / 180},
    Unit{"rad", Dim::angle, 1},
    Unit{"EUR/MWh", Dim::price, 1},
    Unit{"EUR/kWh", Dim::price, 1e3},
    Unit{"ct/kWh", Dim::price, 10},
    Unit{"c/kWh", Dim::price, 10},
    Unit{"EUR", Dim::money, 1},
    Unit{"kEUR", Dim::money, 1e3},
    Unit{"EUR/kW", Dim::power_price, 1},
    Unit{"EUR/MW", Dim::power_price, 1e-3},
    Unit{"V", Dim::voltage, 1},
    Unit{"kV", Dim::voltage, 1e3},
    Unit{"mV", Dim::voltage, 1e-3},
    Unit{"A", Dim::current, 1},
    Unit{"kA", Dim::current, 1e3},
    Unit{"Ah", Dim::charge, kHour},
    Unit{"mAh", Dim::charge, 3.6},
    Unit{"C", Dim::charge, 1},
    Unit{"g/kWh", Dim::carbon_intensity, 1},
    Unit{"gCO2/kWh", Dim::carbon_intensity, 1},
    Unit{"kg/MWh", Dim::carbon_intensity, 1},
    Unit{"kgCO2/MWh", Dim::carbon_intensity, 1},
    Unit{"Hz", Dim::frequency, 1},
    Unit{"mHz", Dim::frequency, 1e-3},
    Unit{"m", Dim::length, 1},
    Unit{"km", Dim::length, 1e3},
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

const Unit* find_unit(std::string_view symbol, Dim expected, const Unit** other) {
  *other = nullptr;
  for (const Unit& u : kUnits) {
    if (u.symbol != symbol) continue;
    if (u.dim == expected) return &u;
    if (!*other) *other = &u;
  }
  return nullptr;
}

void say(std::string* why, std::string text) {
  if (why) *why = std::move(text);
}

}  // namespace

std::string_view describe(Dim d) {
  switch (d) {
    case Dim::dimensionless:
      return "a plain number or percentage like '0.95' or '95 %'";
    case Dim::power:
      return "a power like '250 kW'";
    case Dim::energy:
      return "an energy like '1.2 MWh'";
    case Dim::time:
      return "a duration like '15 min'";
    case Dim::temperature:
      return "a temperature like '25 degC'";
    case Dim::per_kelvin:
      return "a temperature coefficient like '-0.4 %/K'";
    case Dim::angle:
      return "an angle like '35 deg'";
    case Dim::price:
      return "an energy price like '60 EUR/MWh'";
    case Dim::money:
      return "an amount of money like '1200 EUR'";
    case Dim::power_price:
      return "a demand price like '110 EUR/kW'";
    case Dim::voltage:
      return "a voltage like '800 V'";
    case Dim::current:
      return "a current like '280 A'";
    case Dim::charge:
      return "a charge like '280 Ah'";
    case Dim::frequency:
      return "a frequency like '50 Hz'";
    case Dim::carbon_intensity:
      return "a carbon intensity like '350 g/kWh'";
    case Dim::length:
      return "a length like '250 m'";
  }
  return "a quantity";
}

namespace {
std::string_view dim_name(Dim d) {
  switch (d) {
    case Dim::dimensionless:
      return "dimensionless";
    case Dim::power:
      return "power";
    case Dim::energy:
      return "energy";
    case Dim::time:
      return "time";
    case Dim::temperature:
      return "temperature";
    case Dim::per_kelvin:
      return "temperature coefficient";
    case Dim::angle:
      return "angle";
    case Dim::price:
      return "energy price";
    case Dim::money:
      return "money";
    case Dim::power_price:
      return "demand price";
    case Dim::voltage:
      return "voltage";
    case Dim::current:
      return "current";
    case Dim::charge:
      return "charge";
    case Dim::frequency:
      return "frequency";
    case Dim::carbon_intensity:
      return "carbon intensity";
    case Dim::length:
      return "length";
  }
  return "quantity";
}

std::string with_article(std::string_view noun) {
  bool vowel = !noun.empty() && std::string_view("aeiou").find(noun[0]) != std::string_view::npos;
  return fmt::format("{} {}", vowel ? "an" : "a", noun);
}
}  // namespace

std::string_view si_unit(Dim d) {
  switch (d) {
    case Dim::dimensionless:
      return "1";
    case Dim::power:
      return "W";
    case Dim::energy:
      return "J";
    case Dim::time:
      return "s";
    case Dim::temperature:
      return "K";
    case Dim::per_kelvin:
      return "1/K";
    case Dim::angle:
      return "rad";
    case Dim::price:
      return "EUR/MWh";
    case Dim::money:
      return "EUR";
    case Dim::power_price:
      return "EUR/kW";
    case Dim::voltage:
      return "V";
    case Dim::current:
      return "A";
    case Dim::charge:
      return "C";
    case Dim::frequency:
      return "Hz";
    case Dim::carbon_intensity:
      return "g/kWh";
    case Dim::length:
      return "m";
  }
  return "1";
}

std::optional<double> unit_factor(std::string_view unit, Dim expected, std::string* why,
                                  double* offset) {
  unit = trim(unit);
  const Unit* other = nullptr;
  const Unit* u = find_unit(unit, expected, &other);
  if (!u) {
    say(why, other ? fmt::format("'{}' is {} unit", unit, with_article(dim_name(other->dim)))
                   : fmt::format("unknown unit '{}'", unit));
    return std::nullopt;
  }
  if (offset) {
    *offset = u->offset;
  } else if (u->offset != 0) {
    say(why, fmt::format("'{}' has an offset; use K for a scale factor", unit));
    return std::nullopt;
  }
  return u->factor;
}

namespace {
constexpr double kMaxQuantity = 1e30, kMinQuantity = 1e-30;
}

std::optional<double> parse_quantity(std::string_view text, Dim expected, std::string* why) {
  text = trim(text);
  double number = 0;
  const char* first = text.data();
  const char* last = text.data() + text.size();
  if (!text.empty() && text.front() == '+') ++first;
  auto [ptr, ec] = std::from_chars(first, last, number);
  if (ec != std::errc() || !std::isfinite(number)) {
    say(why, "does not start with a number");
    return std::nullopt;
  }
  std::string_view symbol = trim(std::string_view(ptr, static_cast<std::size_t>(last - ptr)));
  double si = number;
  if (symbol.empty()) {
    if (expected != Dim::dimensionless) {
      say(why, "has no unit");
      return std::nullopt;
    }
  } else {
    const Unit* other = nullptr;
    const Unit* u = find_unit(symbol, expected, &other);
    if (!u) {
      say(why, other ? fmt::format("'{}' is {} unit", symbol, with_article(dim_name(other->dim)))
                     : fmt::format("unknown unit '{}'", symbol));
      return std::nullopt;
    }
    si = number * u->factor + u->offset;
  }
  // 1e308 MW overflows to inf, 1e-300 kWh is a capacity no model can divide by:
  // beyond ±1e-30..1e30 in SI units no quantity of this domain is meant.
  if (!std::isfinite(si) || std::abs(si) > kMaxQuantity ||
      (si != 0 && std::abs(si) < kMinQuantity)) {
    say(why, fmt::format("is {:g} in SI units, outside the magnitudes {:g}..{:g} a value can take",
                         si, kMinQuantity, kMaxQuantity));
    return std::nullopt;
  }
  return si;
}

}  // namespace wf
