// EnergyPlus weather files (EPW; "Auxiliary Programs", EnergyPlus documentation,
// section "EnergyPlus Weather File (EPW) Data Dictionary"): eight header lines,
// the first `LOCATION,city,state,country,source,WMO,latitude,longitude,time zone,
// elevation`, then one row per hour of local standard time. Radiation fields are
// Wh/m2 received in the hour ending at the row's hour (the mean W/m2 over it),
// so each row is placed at the middle of its hour.
#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <limits>

#include "models/pv/weather_fields.hpp"
#include "sim/error.hpp"
#include "sim/input_files.hpp"

namespace wf::weather_fields {
namespace {

// The data fields the PV chain and cooling use, in WeatherSample's column order: the
// 0-based field index, its name in the data dictionary, range and "missing" code
// (a value at or above it means missing).
struct EpwField {
  std::size_t index;
  std::string_view name;
  Range range;
  double missing;
};
constexpr std::array<EpwField, kWeatherColumns> kFields{{
    {13, "global horizontal radiation", kIrradiance, 9999},
    {14, "direct normal radiation", kIrradiance, 9999},
    {15, "diffuse horizontal radiation", kIrradiance, 9999},
    {6, "dry bulb temperature", kTempC, 99.9},
    {21, "wind speed", kWind, 999},
    {9, "atmospheric station pressure", kPressurePa, 999999},
}};
constexpr std::size_t kMinFields = 22;  // through wind speed; a full row has 35

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

int whole(const Where& w, std::string_view column, std::string_view text, int lo, int hi) {
  const double v = parse_number(w, column, text);
  if (!(v >= lo && v <= hi) || v != std::floor(v))  // range first: the cast needs it
    throw InputError(
        w.file, w.line, std::string(column),
        fmt::format("expected a whole number from {} to {}, got {}", lo, hi, trimmed(text)));
  return static_cast<int>(v);
}

unsigned days_in_month(int year, int month) {
  constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : kDays[month - 1];
}

WeatherSite read_location(const std::string& file, std::string_view line) {
  const Where w{file, 1};
  const auto f = split(line, ',');
  if (trimmed(f[0]) != "LOCATION")
    throw InputError(file, 1, "LOCATION",
                     "expected an EPW file: a first line 'LOCATION,city,state,country,source,"
                     "WMO,latitude,longitude,time zone,elevation'");
  if (f.size() < 10)
    throw InputError(file, 1, "LOCATION",
                     fmt::format("expected 10 fields (up to the elevation), got {}", f.size()));
  constexpr double kDeg = 3.14159265358979323846 / 180.0;
  WeatherSite s;
  s.latitude = kDeg * checked(w, "latitude", parse_number(w, "latitude", f[6]), {-90, 90, "deg"});
  s.longitude =
      kDeg * checked(w, "longitude", parse_number(w, "longitude", f[7]), {-180, 180, "deg"});
  const double tz = checked(w, "time zone", parse_number(w, "time zone", f[8]), {-12, 14, "h"});
  s.utc_offset = Time::from_seconds(tz * 3600.0);
  s.altitude_m = checked(w, "elevation", parse_number(w, "elevation", f[9]), {-1000, 9999.9, "m"});
  return s;
}

// Header lines 2-8; the eighth is DATA PERIODS, whose third field is the records per hour.
void read_data_periods(const std::string& file, std::ifstream& in, int& n) {
  std::string line;
  while (n < 8 && std::getline(in, line)) {
    ++n;
    const auto f = split(trimmed(line), ',');
    if (trimmed(f[0]) != "DATA PERIODS") continue;
    const Where w{file, n};
    if (f.size() < 3)
      throw InputError(file, n, "DATA PERIODS", "expected the number of records per hour");
    const int per_hour = whole(w, "records per hour", f[2], 1, 60);
    if (per_hour != 1)
      throw InputError(file, n, "records per hour",
                       fmt::format("expected 1 (an hourly EPW), got {}", per_hour));
    return;
  }
  throw InputError(file, n, "DATA PERIODS", "expected the DATA PERIODS line as header line 8");
}

// A complete typical year (every hour of `year`) is cyclic: records the time zone shifts
// out of the UTC year go round to its other end, and one record is repeated beyond each
// end, so the year interpolates across 31 December to 1 January.
void join_year_ends(WeatherData& d, int year) {
  const Time y0 = Time::days(days_from_civil(year, 1, 1));
  const Time len = Time::days(days_from_civil(year + 1, 1, 1)) - y0;
  for (Time& t : d.t) {
    if (t < y0) t += len;
    if (t >= y0 + len) t -= len;
  }
  sort_records(d);
  const WeatherSample first = d.rec.front(), last = d.rec.back();
  const Time t_first = d.t.front(), t_last = d.t.back();
  const std::uint32_t l_first = d.line.front(), l_last = d.line.back();
  d.t.insert(d.t.begin(), t_last - len);
  d.rec.insert(d.rec.begin(), last);
  d.line.insert(d.line.begin(), l_last);
  d.t.push_back(t_first + len);
  d.rec.push_back(first);
  d.line.push_back(l_first);
}

}  // namespace

WeatherData read_epw(const WeatherSpec& spec) {
  const std::string file = spec.file.string();
  admit_input_file(spec.file, "weather file");
  std::ifstream in(spec.file);
  if (!in) throw InputError(file, 0, "", "cannot open the weather file");
  std::string line;
  if (!std::getline(in, line)) throw InputError(file, 1, "", "expected an EPW file, got nothing");
  if (line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // a UTF-8 byte-order mark
  WeatherData d;
  const WeatherSite site = read_location(file, trimmed(line));
  int n = 1;
  read_data_periods(file, in, n);
  for (std::size_t k = 0; k < kWeatherColumns; ++k) d.columns[k] = kFields[k].name;

  const Time y0 = Time::days(days_from_civil(spec.year, 1, 1));
  int dropped = 0;
  while (std::getline(in, line)) {
    ++n;
    const std::string_view text = trimmed(line);
    if (text.empty()) continue;
    const Where w{file, n};
    const auto f = split(text, ',');
    if (f.size() < kMinFields)
      throw InputError(file, n, "",
                       fmt::format("expected at least {} fields (an EPW data row has 35), got {}",
                                   kMinFields, f.size()));
    whole(w, "year", f[0], 1, 9999);
    const int month = whole(w, "month", f[1], 1, 12);
    const int day = whole(w, "day", f[2], 1, static_cast<int>(days_in_month(2000, month)));
    const int hour = whole(w, "hour", f[3], 1, 24);
    whole(w, "minute", f[4], 0, 60);
    if (month == 2 && day == 29 && !is_leap(spec.year)) {
      ++dropped;
      continue;
    }
    WeatherSample s;
    double v[kWeatherColumns];
    for (std::size_t k = 0; k < kWeatherColumns; ++k) {
      const EpwField& c = kFields[k];
      const double x = parse_number(w, c.name, f[c.index]);
      v[k] = x >= c.missing ? std::numeric_limits<double>::quiet_NaN()  // repair_weather's
                            : checked(w, c.name, x, c.range);
    }
    s.irr = {v[0], v[1], v[2]};
    s.temp_air_k = v[3] + 273.15;
    s.wind_speed = v[4];
    s.pressure_pa = v[5];
    d.t.push_back(Time::days(days_from_civil(spec.year, static_cast<unsigned>(month),
                                             static_cast<unsigned>(day))) +
                  Time::hours(hour) - Time::minutes(30) - site.utc_offset);
    d.rec.push_back(s);
    d.line.push_back(static_cast<std::uint32_t>(n));
  }
  if (dropped > 0)
    d.repairs.push_back(fmt::format("{}: dropped {} records of 29 February ({} is not a leap year)",
                                    file, dropped, spec.year));
  fill_leap_day(d, spec.year, site.utc_offset, file);
  sort_records(d);
  const auto hours_in_year =
      (Time::days(days_from_civil(spec.year + 1, 1, 1)) - y0) / Time::hours(1);
  if (static_cast<std::int64_t>(d.t.size()) == hours_in_year) join_year_ends(d, spec.year);
  finish_weather(d, file);
  d.site = site;
  return d;
}

}  // namespace wf::weather_fields
