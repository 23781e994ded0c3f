#pragma once
// Field helpers shared by the weather file readers: numbers, ranges and columns,
// each defect named by file, line and column.
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "models/pv/weather.hpp"

namespace wf::weather_fields {

/// A physical range; beyond it a file is wrong, not the weather.
struct Range {
  double lo, hi;
  std::string_view unit;
};
// Night sensor offsets reach a few W/m2 below zero; cloud enhancement about 1400 W/m2.
inline constexpr Range kIrradiance{-50, 1500, "W/m2"};
inline constexpr Range kTempC{-90, 70, "degC"};
inline constexpr Range kWind{0, 100, "m/s"};
inline constexpr Range kPressurePa{30000, 120000, "Pa"};

struct Where {
  const std::string& file;
  int line;
};

/// The number in `text` (spaces and a trailing CR ignored); InputError otherwise.
double parse_number(const Where& w, std::string_view column, std::string_view text);
/// `v` when inside `r`; InputError naming the range otherwise.
double checked(const Where& w, std::string_view column, double v, const Range& r);
std::vector<std::string_view> split(std::string_view line, char sep);
bool is_leap(int year);

/// A typical year placed in a leap `year` without 29 February gets 28 February's records
/// again, one day later (logged). Days are local days `utc_offset` ahead of UTC.
void fill_leap_day(WeatherData& d, int year, Time utc_offset, const std::string& file);
/// Orders the records by time (stable), keeping each record's line.
void sort_records(WeatherData& d);
/// Checks the records (at least two, strictly increasing), sets the end (the last
/// record held one typical spacing) and the file bookkeeping.
void finish_weather(WeatherData& d, const std::string& file);

/// EnergyPlus weather (weather_epw.cpp).
WeatherData read_epw(const WeatherSpec& spec);

}  // namespace wf::weather_fields
