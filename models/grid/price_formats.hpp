#pragma once
// Day-ahead prices per bidding zone from the export formats they are published in
// (ENTSO-E, Energy-Charts, Energinet, sahkotin.fi, SMARD), as a step series in EUR/MWh.
// Each format's quirks (local time with DST, decimal comma, newest-first rows, VAT-inclusive
// cents) are handled here; docs/models/grid.md describes every format.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/time.hpp"
#include "sim/time_series.hpp"

namespace wf {

enum class PriceFormat {
  entsoe,           ///< ENTSO-E Transparency CSV: "MTU (CET/CEST)" intervals, local time
  energy_charts,    ///< Energy-Charts hourly file: timestamp_unix (UTC), DE-LU
  energinet,        ///< Energinet Elspotprices: ';', decimal comma, HourUTC, PriceArea
  energinet_15min,  ///< Energinet DayAheadPrices: ';', decimal comma, TimeUTC, PriceArea
  sahkotin,         ///< sahkotin.fi: hour (UTC), price in c/kWh incl. Finnish VAT
  smard,            ///< SMARD neighbour prices: timestamp_utc, one column per zone
};

/// Scenario name of a format ("entsoe", ...).
std::string_view format_name(PriceFormat f);
/// Format from its scenario name; nullopt when unknown.
std::optional<PriceFormat> parse_price_format(std::string_view name);
/// Format recognised from a header row; nullopt when none matches.
std::optional<PriceFormat> detect_price_format(const std::vector<std::string>& header);

struct PriceFileSpec {
  std::filesystem::path file;
  std::optional<PriceFormat> format;  ///< nullopt: detect from the header
  std::string zone;                   ///< bidding zone: DE-LU, SE3, DK2, FI, NO2, ...
  /// Only rows with interval start in [from, to) are kept (a defect outside is ignored).
  Time from = -Time::never(), to = Time::never();
  /// false: a gap is an error; true: the price before a gap holds through it (noted).
  bool hold_gaps = false;
  std::string field;  ///< scenario field for messages
};

struct PriceSeries {
  StepSeries eur_per_mwh;  ///< holds each interval's price; ends one resolution after the last
  Time resolution;         ///< 1 h or 15 min
  std::vector<std::string> notes;  ///< conversions applied ("removed VAT ...")
};

/// Reads one zone's prices. Throws InputError for an unknown zone (listing those present),
/// a wrong currency or unit, a gap, a duplicate or an unparsable row.
PriceSeries load_price_file(const PriceFileSpec& spec);

/// Bidding zones a price file may be read for (Germany, the Nordics, SMARD's neighbours).
const std::vector<std::string>& known_zones();
/// Zones a format can hold (for messages and docs).
std::vector<std::string> zones_of(PriceFormat f);

/// Finnish VAT on electricity at instant t (10 % 2022-12-01..2023-04-30, 24 %, 25.5 % from
/// 2024-09-01; boundaries at local midnight in Europe/Helsinki).
double finnish_vat(Time t);

}  // namespace wf
