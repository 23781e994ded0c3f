#pragma once
// Quantities with units as scenario files write them ("250 kW", "1.2 MWh",
// "-0.4 %/K", "35 deg", "60 EUR/MWh"), converted to SI with a dimension check.
#include <optional>
#include <string>
#include <string_view>

namespace wf {

/// What a number measures. SI inside: W, J, s, K, 1/K, rad, V, A, C, Hz;
/// money in EUR and prices in EUR/MWh, as markets publish them.
enum class Dim {
  dimensionless,  ///< plain number or a percentage ("0.95", "95 %")
  power,
  energy,
  time,
  temperature,  ///< absolute: degC or K, stored in K
  per_kelvin,   ///< temperature coefficient: %/K or 1/K
  angle,        ///< deg or rad, stored in rad
  price,        ///< EUR/MWh (EUR/kWh, ct/kWh converted)
  money,        ///< EUR
  power_price,  ///< EUR/kW per period (demand charges), stored as EUR/kW
  voltage,
  current,
  charge,  ///< Ah, stored in C
  frequency,
  carbon_intensity,  ///< g CO2 per kWh (kg/MWh, t/GWh the same), as grid operators publish it
  length,            ///< m (site altitude)
};

/// "a power like '250 kW'": used in messages.
std::string_view describe(Dim d);
/// The unit values of `d` are stored in: "W", "J", "K", "EUR/MWh", "1", ...
std::string_view si_unit(Dim d);

/// Value in SI (see Dim) when `text` is a number followed by a unit of dimension
/// `expected` (a bare number is accepted only for Dim::dimensionless). On failure
/// returns nullopt and, when `why` is given, says why ("no unit", "kWh is an energy").
std::optional<double> parse_quantity(std::string_view text, Dim expected,
                                     std::string* why = nullptr);

/// Factor from `unit` to SI for dimension `expected` (for trace value columns: "kW" -> 1000):
/// SI = value * factor + offset. Affine units (degC) need `offset`; without it they are
/// refused. nullopt when the unit is unknown or of another dimension.
std::optional<double> unit_factor(std::string_view unit, Dim expected, std::string* why = nullptr,
                                  double* offset = nullptr);

}  // namespace wf
