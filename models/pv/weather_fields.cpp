#include "models/pv/weather_fields.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numeric>

#include "sim/error.hpp"
#include "sim/time_format.hpp"

namespace wf::weather_fields {

double parse_number(const Where& w, std::string_view column, std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\r')) text.remove_suffix(1);
  double v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(v))
    throw InputError(w.file, w.line, std::string(column),
                     fmt::format("expected a number, got '{}'", text));
  return v;
}

double checked(const Where& w, std::string_view column, double v, const Range& r) {
  if (v < r.lo || v > r.hi)
    throw InputError(
        w.file, w.line, std::string(column),
        fmt::format("expected a value between {} and {} {}, got {}", r.lo, r.hi, r.unit, v));
  return v;
}

std::vector<std::string_view> split(std::string_view line, char sep) {
  std::vector<std::string_view> out;
  std::size_t a = 0;
  for (std::size_t b; (b = line.find(sep, a)) != std::string_view::npos; a = b + 1)
    out.push_back(line.substr(a, b - a));
  out.push_back(line.substr(a));
  return out;
}

bool is_leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

void sort_records(WeatherData& d) {
  std::vector<std::size_t> order(d.t.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return d.t[a] < d.t[b]; });
  WeatherData s;
  for (auto k : order) {
    s.t.push_back(d.t[k]);
    s.rec.push_back(d.rec[k]);
    s.line.push_back(d.line[k]);
  }
  d.t = std::move(s.t);
  d.rec = std::move(s.rec);
  d.line = std::move(s.line);
}

void fill_leap_day(WeatherData& d, int year, Time utc_offset, const std::string& file) {
  if (!is_leap(year)) return;
  const Time feb28 = Time::days(days_from_civil(year, 2, 28)) - utc_offset;
  const Time feb29 = feb28 + Time::days(1), mar1 = feb29 + Time::days(1);
  const std::size_t n = d.t.size();
  std::size_t copied = 0;
  for (std::size_t k = 0; k < n; ++k)
    if (d.t[k] >= feb29 && d.t[k] < mar1) return;  // the file has the day
  for (std::size_t k = 0; k < n; ++k) {
    if (d.t[k] < feb28 || d.t[k] >= feb29) continue;
    d.t.push_back(d.t[k] + Time::days(1));
    d.rec.push_back(d.rec[k]);
    d.line.push_back(d.line[k]);
    ++copied;
  }
  if (copied > 0)
    d.repairs.push_back(
        fmt::format("{}: 29 February filled with the {} records of 28 February ({} is a leap year)",
                    file, copied, year));
}

void finish_weather(WeatherData& d, const std::string& file) {
  if (d.t.size() < 2) throw InputError(file, 0, "", "expected at least two weather records");
  for (std::size_t k = 1; k < d.t.size(); ++k)
    if (d.t[k] <= d.t[k - 1])
      throw InputError(
          file, 0, "time",
          fmt::format("expected distinct instants, {} appears twice", format_utc(d.t[k])));
  d.end = d.t.back() + (d.t[1] - d.t[0]);
  d.files = {file};
  d.file_of.assign(d.t.size(), 0);
}

}  // namespace wf::weather_fields
