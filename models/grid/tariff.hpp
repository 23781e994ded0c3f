#pragma once
// A retail electricity tariff as composable parts: supplier energy price, network energy
// charge (optionally by local time-of-use windows), demand charges (German annual-peak
// Leistungspreis, Norwegian monthly capacity steps, a simple monthly peak charge), per-kWh
// taxes and levies, VAT and feed-in compensation. Money in EUR, energy prices in EUR/MWh,
// demand prices in EUR/kW (per year or per month as the part says). Values live in dated
// YAML presets (data/tariffs/), never in code.
#include <array>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "sim/config_node.hpp"
#include "sim/params.hpp"

namespace wf {

/// Local-time window in which a different energy price applies.
struct TouWindow {
  unsigned days = 0x7f;     ///< bit d set: weekday d (0 = Monday) is included
  unsigned months = 0xfff;  ///< bit m-1 set: month m is included
  int from_min = 0;         ///< local minute of day the window opens
  int to_min = 1440;        ///< local minute it closes (exclusive); below from_min: wraps midnight
  double price = 0;         ///< EUR/MWh inside the window
  /// True when the local reading (weekday 0..6, month 1..12, minute of day) lies inside.
  bool contains(int weekday, int month, int minute) const;
};

/// A per-MWh rate with optional time-of-use windows (first match wins; overlaps are refused).
struct EnergyRate {
  double base = 0;  ///< EUR/MWh outside every window
  std::vector<TouWindow> windows;
  /// EUR/MWh at a local reading.
  double at(int weekday, int month, int minute) const;
};

/// How the supplier prices energy, and how exported energy is credited.
struct SpotOrFixed {
  bool spot = true;   ///< true: spot + margin; false: the fixed price
  double margin = 0;  ///< EUR/MWh added to spot
  double fixed = 0;   ///< EUR/MWh
  /// EUR/MWh for an interval whose spot price is `spot_eur_per_mwh`.
  double price(double spot_eur_per_mwh) const { return spot ? spot_eur_per_mwh + margin : fixed; }
};

/// German Jahresleistungspreissystem: two (demand, energy) price pairs chosen by the
/// utilisation hours h = annual import / annual 15-min peak.
struct AnnualPeakCharge {
  double threshold_h = 2500;  ///< h; at or above it the high pair applies
  double low_power = 0;       ///< EUR/kW per year, below the threshold
  double low_energy = 0;      ///< EUR/MWh, below the threshold
  double high_power = 0;      ///< EUR/kW per year, at or above
  double high_energy = 0;     ///< EUR/MWh, at or above
};

/// Norwegian kapasitetsledd: a monthly amount by band of the mean of the three highest
/// daily maxima of hourly import (each on a different local day).
struct CapacityStep {
  double from_w = 0;         ///< W; the step applies from this mean peak upwards
  double eur_per_month = 0;  ///< EUR per month
};

/// A per-kWh levy or tax; optionally a lower rate for annual import above a threshold
/// (German Aufschlag für besondere Netznutzung: first GWh per metering point).
struct Levy {
  std::string name;
  double rate = 0;                                               ///< EUR/MWh
  double threshold_j = std::numeric_limits<double>::infinity();  ///< J of import per year
  double rate_above = 0;                                         ///< EUR/MWh above it
};

struct Tariff {
  std::string name;
  std::string timezone;  ///< IANA zone for windows and month boundaries; empty: the site's
  SpotOrFixed supplier;
  EnergyRate network;  ///< network energy charge (unused with annual_peak)
  std::optional<AnnualPeakCharge> annual_peak;
  std::vector<CapacityStep> capacity_steps;  ///< ascending from_w; empty: none
  /// EUR/kW per month on the month's 15-min peak, by local month (index 0: January).
  std::array<double, 12> monthly_peak_price{};
  double monthly_peak(int month) const { return monthly_peak_price[month - 1]; }
  double fixed_per_month = 0;  ///< EUR per month
  std::vector<Levy> levies;
  double vat = 0;  ///< fraction, on everything but the feed-in credit
  std::optional<SpotOrFixed> feed_in;
};

/// Reads a tariff map (inline in a scenario, or a preset file's root). Throws InputError.
Tariff read_tariff(const ConfigNode& node);
/// The declared fields of a tariff and of each of its sections (for the docs).
std::vector<ParamTable> tariff_param_tables();
/// Reads a preset file (data/tariffs/*.yaml).
Tariff load_tariff_file(const std::filesystem::path& file);
/// A site's `tariff:` field: {preset: <name in data/tariffs>}, {file: <path relative to the
/// scenario>} or an inline tariff map.
Tariff read_tariff_field(const ConfigNode& node);
/// Folder of the tariff presets (data/tariffs in the source tree).
std::filesystem::path tariff_preset_dir();

}  // namespace wf
