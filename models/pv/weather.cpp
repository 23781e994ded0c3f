#include "models/pv/weather.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>

#include "models/pv/weather_fields.hpp"
#include "sim/csv_reader.hpp"
#include "sim/error.hpp"
#include "sim/input_files.hpp"
#include "sim/time_format.hpp"

namespace wf {
namespace {

using namespace weather_fields;

// Index of each required column in `header`, or an InputError naming the one missing.
template <std::size_t N>
std::array<std::size_t, N> find_columns(const Where& w, const std::vector<std::string>& header,
                                        const std::array<std::string_view, N>& names) {
  std::array<std::size_t, N> idx{};
  for (std::size_t k = 0; k < N; ++k) {
    auto it = std::find(header.begin(), header.end(), names[k]);
    if (it == header.end())
      throw InputError(w.file, w.line, std::string(names[k]),
                       fmt::format("expected a column '{}' in the header", names[k]));
    idx[k] = static_cast<std::size_t>(it - header.begin());
  }
  return idx;
}

// PVGIS stamps "20180101:0000" (UTC), moved into `year`; nullopt for 29 Feb in a common year.
std::optional<Time> pvgis_stamp(const Where& w, std::string_view s, int year) {
  auto digits = [&](std::size_t pos, std::size_t n) {
    int v = 0;
    for (std::size_t k = pos; k < pos + n; ++k) {
      if (k >= s.size() || s[k] < '0' || s[k] > '9')
        throw InputError(w.file, w.line, "time(UTC)",
                         fmt::format("expected a stamp like 20180101:0000, got '{}'", s));
      v = v * 10 + (s[k] - '0');
    }
    return v;
  };
  if (s.size() != 13 || s[8] != ':') digits(99, 1);  // throws the format message
  const int month = digits(4, 2), day = digits(6, 2), hour = digits(9, 2), minute = digits(11, 2);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) digits(99, 1);
  if (month == 2 && day == 29 && !is_leap(year)) return std::nullopt;
  return Time::days(
             days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day))) +
         Time::hours(hour) + Time::minutes(minute);
}

WeatherData read_pvgis_tmy(const WeatherSpec& spec) {
  const std::string file = spec.file.string();
  admit_input_file(spec.file, "weather file");
  std::ifstream in(spec.file);
  if (!in) throw InputError(file, 0, "", "cannot open the weather file");
  WeatherData d;
  std::string line;
  int n = 0;
  std::vector<std::string> header;
  while (std::getline(in, line)) {  // metadata lines, then the header
    ++n;
    if (line.rfind("time(UTC)", 0) == 0) {
      for (auto f : split(line, ',')) header.emplace_back(f);
      break;
    }
  }
  if (header.empty())
    throw InputError(file, n, "time(UTC)",
                     "expected a PVGIS TMY CSV export with a 'time(UTC),...' header line");
  const Where hw{file, n};
  static constexpr std::array<std::string_view, 6> kCols{"G(h)", "Gb(n)", "Gd(h)",
                                                         "T2m",  "WS10m", "SP"};
  const auto c = find_columns(hw, header, kCols);
  for (std::size_t k = 0; k < kWeatherColumns; ++k) d.columns[k] = kCols[k];
  int skipped = 0;
  while (std::getline(in, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) break;  // the legend follows a blank line
    const Where w{file, n};
    auto f = split(line, ',');
    if (f.size() != header.size())
      throw InputError(file, n, "",
                       fmt::format("expected {} fields, got {}", header.size(), f.size()));
    auto t = pvgis_stamp(w, f[0], spec.year);
    if (!t) {
      ++skipped;
      continue;
    }
    WeatherSample s;
    s.irr.ghi = checked(w, kCols[0], parse_number(w, kCols[0], f[c[0]]), kIrradiance);
    s.irr.dni = checked(w, kCols[1], parse_number(w, kCols[1], f[c[1]]), kIrradiance);
    s.irr.dhi = checked(w, kCols[2], parse_number(w, kCols[2], f[c[2]]), kIrradiance);
    s.temp_air_k = checked(w, kCols[3], parse_number(w, kCols[3], f[c[3]]), kTempC) + 273.15;
    s.wind_speed = checked(w, kCols[4], parse_number(w, kCols[4], f[c[4]]), kWind);
    s.pressure_pa = checked(w, kCols[5], parse_number(w, kCols[5], f[c[5]]), kPressurePa);
    d.t.push_back(*t);
    d.rec.push_back(s);
    d.line.push_back(static_cast<std::uint32_t>(n));
  }
  if (skipped > 0)
    d.repairs.push_back(fmt::format("{}: dropped {} records of 29 February ({} is not a leap year)",
                                    file, skipped, spec.year));
  fill_leap_day(d, spec.year, Time::zero(), file);
  sort_records(d);
  finish_weather(d, file);
  return d;
}

WeatherData read_dtu(const WeatherSpec& spec) {
  const std::string file = spec.file.string();
  CsvTable t = read_csv(spec.file);
  const Where hw{file, 1};
  static constexpr std::array<std::string_view, 7> kCols{
      "Time(utc)", "GHI", "DNI", "DHI", "air_temperature", "wind_speed_avg", "air_pressure"};
  const auto c = find_columns(hw, t.header, kCols);
  WeatherData d;
  for (std::size_t k = 0; k < kWeatherColumns; ++k) d.columns[k] = kCols[k + 1];
  static constexpr std::array<Range, 6> kRanges{kIrradiance, kIrradiance, kIrradiance,
                                                kTempC,      kWind,       Range{300, 1200, "hPa"}};
  std::array<std::vector<double>, 6> col;
  int clamped = 0;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const Where w{file, t.lines[r]};
    const auto& row = t.rows[r];
    auto pt = parse_datetime(row[c[0]]);
    if (!pt)
      throw InputError(file, w.line, "Time(utc)", "expected a time like 2017-01-01 00:00:00");
    d.t.push_back(pt->t);  // the station writes UTC without an offset
    d.line.push_back(static_cast<std::uint32_t>(w.line));
    for (std::size_t k = 0; k < 6; ++k) {
      const std::string& cell = row[c[k + 1]];
      double v = std::numeric_limits<double>::quiet_NaN();  // empty: repair_weather's
      if (!cell.empty())
        v = checked(w, kCols[k + 1], parse_number(w, kCols[k + 1], cell), kRanges[k]);
      if (k < 3 && v < 0) {
        v = 0;  // night-time pyranometer offset (SOURCES.md)
        ++clamped;
      }
      col[k].push_back(v);
    }
  }
  if (clamped > 0)
    d.repairs.push_back(fmt::format("{}: {} negative irradiance values set to 0", file, clamped));
  for (std::size_t r = 0; r < d.t.size(); ++r) {
    WeatherSample s;
    s.irr = {col[0][r], col[1][r], col[2][r]};
    s.temp_air_k = col[3][r] + 273.15;
    s.wind_speed = col[4][r];
    s.pressure_pa = col[5][r] * 100.0;
    d.rec.push_back(s);
  }
  finish_weather(d, file);
  return d;
}

WeatherSample lerp(const WeatherSample& a, const WeatherSample& b, double f) {
  auto l = [f](double x, double y) { return x + f * (y - x); };
  WeatherSample s;
  s.irr = {l(a.irr.ghi, b.irr.ghi), l(a.irr.dni, b.irr.dni), l(a.irr.dhi, b.irr.dhi)};
  s.temp_air_k = l(a.temp_air_k, b.temp_air_k);
  s.wind_speed = l(a.wind_speed, b.wind_speed);
  s.pressure_pa = l(a.pressure_pa, b.pressure_pa);
  return s;
}

}  // namespace

long days_from_civil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long>(doe) - 719468;
}

WeatherData read_weather(const WeatherSpec& spec) {
  switch (spec.format) {
    case WeatherFormat::pvgis_tmy:
      return read_pvgis_tmy(spec);
    case WeatherFormat::dtu:
      return read_dtu(spec);
    case WeatherFormat::epw:
      return read_epw(spec);
  }
  WF_ASSERT(false);
  return {};
}

WeatherData join_weather(std::vector<WeatherData> parts, const std::vector<std::string>& files) {
  WF_ASSERT(!parts.empty() && parts.size() == files.size());
  WeatherData d = std::move(parts[0]);
  for (std::size_t k = 1; k < parts.size(); ++k) {
    WeatherData& p = parts[k];
    if (p.t.front() <= d.t.back())
      throw InputError(files[k], 0, "time",
                       fmt::format("expected this file to start after {} (the end of {})",
                                   format_utc(d.t.back()), files[k - 1]));
    d.t.insert(d.t.end(), p.t.begin(), p.t.end());
    d.rec.insert(d.rec.end(), p.rec.begin(), p.rec.end());
    if (d.files.size() + p.files.size() > std::numeric_limits<std::uint16_t>::max())
      throw InputError(files[k], 0, "file", "expected at most 65535 weather files");
    d.line.insert(d.line.end(), p.line.begin(), p.line.end());
    for (auto f : p.file_of) d.file_of.push_back(static_cast<std::uint16_t>(f + d.files.size()));
    d.files.insert(d.files.end(), p.files.begin(), p.files.end());
    d.repairs.insert(d.repairs.end(), p.repairs.begin(), p.repairs.end());
    d.end = p.end;
  }
  return d;
}

WeatherSample WeatherCursor::at(Time t) {
  const auto& w = *w_;
  WF_ASSERT(t >= w.t.front() && t < w.end);
  if (t < w.t[i_]) i_ = 0;  // moved back: restart the sweep
  while (i_ + 1 < w.t.size() && w.t[i_ + 1] <= t) ++i_;
  if (i_ + 1 == w.t.size()) return w.rec[i_];  // the last record holds
  const double f = static_cast<double>((t - w.t[i_]).count_us()) /
                   static_cast<double>((w.t[i_ + 1] - w.t[i_]).count_us());
  return lerp(w.rec[i_], w.rec[i_ + 1], f);
}

}  // namespace wf
