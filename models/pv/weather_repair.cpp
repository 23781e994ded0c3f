// Empty weather cells filled by the scenario's `gaps` policies, with true counts.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "models/pv/weather.hpp"
#include "sim/calendar.hpp"
#include "sim/error.hpp"
#include "sim/time_format.hpp"

namespace wf {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double& cell(WeatherSample& s, std::size_t c) {
  switch (static_cast<WeatherColumn>(c)) {
    case WeatherColumn::ghi:
      return s.irr.ghi;
    case WeatherColumn::dni:
      return s.irr.dni;
    case WeatherColumn::dhi:
      return s.irr.dhi;
    case WeatherColumn::temp_air:
      return s.temp_air_k;
    case WeatherColumn::wind:
      return s.wind_speed;
    case WeatherColumn::pressure:
      return s.pressure_pa;
  }
  WF_ASSERT(false);
  return s.irr.ghi;
}

// The spacing most records keep (the mode of the differences).
Time typical_spacing(const std::vector<Time>& t) {
  std::map<std::int64_t, std::size_t> count;
  for (std::size_t k = 1; k < t.size(); ++k) ++count[(t[k] - t[k - 1]).count_us()];
  auto best = std::max_element(count.begin(), count.end(),
                               [](const auto& a, const auto& b) { return a.second < b.second; });
  return Time::us(best->first);
}

// Missing rows between records more than 1.5 spacings apart become empty records on
// the spacing's grid, so that a gap is a gap whether its cells or its rows are missing.
void insert_missing_rows(WeatherData& d) {
  const Time step = typical_spacing(d.t);
  std::size_t missing = 0;
  for (std::size_t k = 1; k < d.t.size(); ++k)
    if (d.t[k] - d.t[k - 1] > step + step / 2)
      missing += static_cast<std::size_t>((d.t[k] - d.t[k - 1] - step / 2) / step);
  if (missing == 0) return;
  if (missing > 8 * d.t.size() + 1'000'000)
    throw InputError(d.files.front(), 0, "time",
                     fmt::format("expected records about every {}; {} rows would be missing",
                                 format_duration(step), missing));
  WeatherData out;
  WeatherSample empty;
  for (std::size_t c = 0; c < kWeatherColumns; ++c) cell(empty, c) = kNaN;
  const std::size_t n = d.t.size() + missing;
  out.t.reserve(n), out.rec.reserve(n), out.line.reserve(n), out.file_of.reserve(n);
  for (std::size_t k = 0; k < d.t.size(); ++k) {
    if (k > 0)
      for (Time x = d.t[k - 1] + step; d.t[k] - x > step / 2; x += step) {
        out.t.push_back(x), out.rec.push_back(empty), out.line.push_back(0);
        out.file_of.push_back(d.file_of[k]);
      }
    out.t.push_back(d.t[k]), out.rec.push_back(d.rec[k]), out.line.push_back(d.line[k]);
    out.file_of.push_back(d.file_of[k]);
  }
  d.t = std::move(out.t), d.rec = std::move(out.rec), d.line = std::move(out.line);
  d.file_of = std::move(out.file_of);
}

const char* said(WeatherFill f) {
  switch (f) {
    case WeatherFill::hold:
      return "held at the value before";
    case WeatherFill::zero:
      return "set to 0";
    case WeatherFill::interpolate:
      return "interpolated linearly";
    case WeatherFill::month_mean:
      return "set to the month's mean";
    case WeatherFill::error:
      break;
  }
  return "";
}

// Counts of repairs by file, column and what was done (ordered for a stable log).
using Counts = std::map<std::tuple<std::uint16_t, std::size_t, int>, std::size_t>;
constexpr int kClosure = 100, kHeldBack = 101;  // besides the WeatherFill values

int month_of(Time t) {  // a running month number on the UTC calendar
  static const TimeZone kUtc = TimeZone::utc();
  const TimeZone::Fields f = kUtc.fields(t);
  return f.year * 12 + f.month - 1;
}

void close_irradiance(WeatherData& d, const std::function<double(Time)>& cos_zenith,
                      Counts& counts) {
  constexpr double kLowSun = 0.0872;  // cos 85 deg: below it DNI from (GHI - DHI) blows up
  for (std::size_t r = 0; r < d.t.size(); ++r) {
    auto& i = d.rec[r].irr;
    const int missing = std::isnan(i.ghi) + std::isnan(i.dni) + std::isnan(i.dhi);
    if (missing != 1) continue;
    const double cz = std::max(0.0, cos_zenith(d.t[r]));
    std::size_t c = 0;
    if (std::isnan(i.ghi)) {
      i.ghi = i.dhi + i.dni * cz, c = 0;
    } else if (std::isnan(i.dhi)) {
      i.dhi = std::max(0.0, i.ghi - i.dni * cz), c = 2;
    } else {
      if (cz < kLowSun) continue;  // left to the DNI column's rule
      i.dni = std::max(0.0, (i.ghi - i.dhi) / cz), c = 1;
    }
    ++counts[{d.file_of[r], c, kClosure}];
  }
}

void fill_column(WeatherData& d, std::size_t c, const GapRule& rule, Counts& counts) {
  const std::size_t n = d.t.size();
  // Means of the values the file has (not of those filled here), by UTC month.
  std::map<int, std::pair<double, std::size_t>> month_sum;
  if (rule.fill == WeatherFill::month_mean || rule.beyond == WeatherFill::month_mean)
    for (std::size_t k = 0; k < n; ++k)
      if (double v = cell(d.rec[k], c); !std::isnan(v)) {
        auto& [sum, cnt] = month_sum[month_of(d.t[k])];
        sum += v, ++cnt;
      }
  auto month_mean = [&](std::size_t r) {
    auto it = month_sum.find(month_of(d.t[r]));
    return it == month_sum.end() ? kNaN : it->second.first / double(it->second.second);
  };
  for (std::size_t a = 0; a < n;) {
    if (!std::isnan(cell(d.rec[a], c))) {
      ++a;
      continue;
    }
    std::size_t b = a;
    while (b < n && std::isnan(cell(d.rec[b], c))) ++b;
    const Time length = (b < n ? d.t[b] : d.end) - d.t[a];
    const WeatherFill fill = length <= rule.max_gap ? rule.fill : rule.beyond;
    const bool before = a > 0, after = b < n;
    auto refuse = [&](const std::string& why) {
      std::size_t at = a;  // the first record of the gap that is a line of the file
      while (at < b && d.line[at] == 0) ++at;
      const std::uint32_t line = at < b ? d.line[at] : (a > 0 ? d.line[a - 1] : 0);
      throw InputError(d.files[d.file_of[a]], static_cast<int>(line), d.columns[c],
                       fmt::format("{} from {} for {} ({} records)", why, format_utc(d.t[a]),
                                   format_duration(length), b - a));
    };
    if (!before && !after) refuse("expected some values, the column is empty");
    for (std::size_t r = a; r < b; ++r) {
      double& v = cell(d.rec[r], c);
      int done = static_cast<int>(fill);
      switch (fill) {
        case WeatherFill::error:
          refuse(fmt::format(
              "expected a value (or a `gaps` policy for this column: hold, zero, interpolate, "
              "month_mean{}); empty",
              rule.max_gap.is_never() ? "" : " beyond max_gap " + format_duration(rule.max_gap)));
          break;
        case WeatherFill::zero:
          v = 0;
          break;
        case WeatherFill::month_mean:
          v = month_mean(r);
          if (std::isnan(v)) refuse("expected some values in the month for its mean; empty");
          break;
        case WeatherFill::hold:
        case WeatherFill::interpolate:
          if (before && after && fill == WeatherFill::interpolate) {
            const double x0 = cell(d.rec[a - 1], c), x1 = cell(d.rec[b], c);
            const double f =
                (d.t[r] - d.t[a - 1]).to_seconds() / (d.t[b] - d.t[a - 1]).to_seconds();
            v = x0 + f * (x1 - x0);
          } else if (before) {
            v = cell(d.rec[a - 1], c), done = static_cast<int>(WeatherFill::hold);
          } else {  // a gap at the start: the first value, held backwards
            v = cell(d.rec[b], c), done = kHeldBack;
          }
          break;
      }
      ++counts[{d.file_of[r], c, done}];
    }
    a = b;
  }
}

}  // namespace

void repair_weather(WeatherData& d, const WeatherGaps& gaps,
                    const std::function<double(Time)>& cos_zenith) {
  if (d.t.size() < 2 || d.files.empty()) return;
  insert_missing_rows(d);
  Counts counts;
  if (gaps.closure) {
    WF_ASSERT(cos_zenith);
    close_irradiance(d, cos_zenith, counts);
  }
  for (std::size_t c = 0; c < kWeatherColumns; ++c) fill_column(d, c, gaps.rule[c], counts);
  // One line per file and column: every repair with its count.
  std::map<std::pair<std::uint16_t, std::size_t>, std::vector<std::string>> said_of;
  for (const auto& [key, n] : counts) {
    const auto [file, c, done] = key;
    const std::string what = done == kClosure    ? "from the other two by closure"
                             : done == kHeldBack ? "held back from the first value"
                                                 : said(static_cast<WeatherFill>(done));
    said_of[{file, c}].push_back(fmt::format("{} {}", n, what));
  }
  for (const auto& [key, parts] : said_of)
    d.repairs.push_back(fmt::format("{}: {}: empty cells: {}", d.files[key.first],
                                    d.columns[key.second], fmt::join(parts, "; ")));
}

}  // namespace wf
