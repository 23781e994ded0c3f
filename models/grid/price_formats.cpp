#include "models/grid/price_formats.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <fstream>
#include <map>
#include <utility>

#include "sim/calendar.hpp"
#include "sim/csv_reader.hpp"
#include "sim/error.hpp"
#include "sim/input_files.hpp"
#include "sim/time_format.hpp"

namespace wf {

namespace {

struct Point {
  Time t;
  double v;
  int line;
};

struct Ctx {
  const PriceFileSpec& spec;
  std::string file;
  [[noreturn]] void fail(int line, const std::string& col, const std::string& what) const {
    throw InputError(file, line, spec.field.empty() ? col : spec.field + "." + col, what);
  }
};

constexpr std::array<std::string_view, 6> kNames{"entsoe",          "energy_charts", "energinet",
                                                 "energinet_15min", "sahkotin",      "smard"};

// SMARD column names (German, UTF-8) per bidding zone.
const std::map<std::string, std::string>& smard_columns() {
  static const std::map<std::string, std::string> m{
      {"BE", "Belgien_price"},    {"DK1", "Dänemark 1_price"}, {"DK2", "Dänemark 2_price"},
      {"FR", "Frankreich_price"}, {"NL", "Niederlande_price"}, {"NO2", "Norwegen 2_price"},
      {"AT", "Österreich_price"}, {"PL", "Polen_price"},       {"SE4", "Schweden 4_price"},
      {"CH", "Schweiz_price"},    {"CZ", "Tschechien_price"}};
  return m;
}

std::optional<double> number(std::string_view s, char decimal) {
  std::string t(s);
  if (decimal == ',') std::replace(t.begin(), t.end(), ',', '.');
  double v = 0;
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() || p != t.data() + t.size() || t.empty()) return std::nullopt;
  return v;
}

double value(const Ctx& cx, const std::string& text, char decimal, int line,
             const std::string& col) {
  auto v = number(text, decimal);
  if (!v) {
    cx.fail(line, col,
            fmt::format("expected a price like {}, got '{}'", decimal == ',' ? "54,90" : "54.90",
                        text));
  }
  return *v;
}

// UTC instant from ISO text; text without offset is read as UTC (the columns say so).
Time utc_time(const Ctx& cx, const std::string& text, int line, const std::string& col) {
  auto p = parse_datetime(text);
  if (!p)
    cx.fail(line, col, fmt::format("expected a UTC time like 2024-03-31 21:00, got '{}'", text));
  return p->t;
}

int column(const Ctx& cx, const CsvTable& t, const std::string& name) {
  int c = t.column(name);
  if (c < 0) cx.fail(1, name, fmt::format("column '{}' is missing", name));
  return c;
}

// ENTSO-E rows have one field fewer than the header (the empty BZN column), which the
// shared CSV reader refuses, so this format is split here: quoted fields, ',' separated.
std::vector<std::vector<std::string>> entsoe_lines(const Ctx& cx) {
  admit_input_file(cx.spec.file, "price file");
  std::ifstream in(cx.spec.file);
  if (!in) cx.fail(0, "file", "cannot open the price file");
  std::vector<std::vector<std::string>> out;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string> f;
    std::string cur;
    bool q = false;
    for (char c : line) {
      if (c == '"')
        q = !q;
      else if (c == ',' && !q)
        f.push_back(std::exchange(cur, {}));
      else
        cur += c;
    }
    f.push_back(cur);
    out.push_back(std::move(f));
  }
  return out;
}

// "26.03.2023 02:00" as a naive local reading.
std::optional<Time> entsoe_stamp(std::string_view s) {
  if (s.size() != 16 || s[2] != '.' || s[5] != '.' || s[10] != ' ') return std::nullopt;
  std::string iso =
      fmt::format("{}-{}-{}T{}", s.substr(6, 4), s.substr(3, 2), s.substr(0, 2), s.substr(11, 5));
  auto p = parse_datetime(iso);
  if (!p) return std::nullopt;
  return p->t;
}

std::vector<Point> read_entsoe(const Ctx& cx, std::vector<std::string>& notes) {
  auto lines = entsoe_lines(cx);
  if (lines.empty() || lines[0].size() < 3) cx.fail(1, "header", "expected an ENTSO-E header");
  const auto& h = lines[0];
  if (h[1].find("[EUR/MWh]") == std::string::npos)
    cx.fail(1, h[1], "expected the price column in [EUR/MWh]");
  std::string zone = h.size() > 3 && h[3].starts_with("BZN|") ? h[3].substr(4) : "";
  if (zone != cx.spec.zone)
    cx.fail(1, "zone", fmt::format("file holds zone '{}', not '{}'", zone, cx.spec.zone));
  // CET/CEST as the column says (Europe/Berlin offsets); some exports choose UTC instead.
  const bool utc = h[0].find("UTC") != std::string::npos;
  const TimeZone tz = utc ? TimeZone::utc() : TimeZone::find("Europe/Berlin");
  std::vector<Point> pts;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const auto& f = lines[i];
    const int ln = static_cast<int>(i + 1);
    if (f.size() == 1 && f[0].empty()) continue;
    if (f.size() < 3) cx.fail(ln, h[0], "expected interval, price and currency");
    auto a = entsoe_stamp(f[0].substr(0, std::min<std::size_t>(16, f[0].size())));
    auto b = f[0].size() == 35 ? entsoe_stamp(f[0].substr(19)) : std::nullopt;
    if (!a || !b || f[0].substr(16, 3) != " - ")
      cx.fail(ln, h[0],
              fmt::format("expected 'dd.mm.yyyy HH:MM - dd.mm.yyyy HH:MM', got '{}'", f[0]));
    auto r = tz.resolve(*a);
    if (f[1].empty()) {
      if (r.kind == TimeZone::Resolution::nonexistent) {
        notes.push_back(fmt::format("{}:{}: empty spring DST hour skipped", cx.file, ln));
        continue;
      }
      cx.fail(ln, h[1], "price is empty (a gap); only the missing spring DST hour may be");
    }
    if (f[2] != "EUR") cx.fail(ln, "Currency", fmt::format("expected EUR, got '{}'", f[2]));
    Time t = r.earliest;
    // The autumn hour appears twice without an offset: file order decides (CEST first).
    if (r.kind == TimeZone::Resolution::ambiguous && !pts.empty() && pts.back().t >= r.earliest)
      t = r.latest;
    pts.push_back({t, value(cx, f[1], '.', ln, h[1]), ln});
  }
  return pts;
}

std::vector<Point> read_energinet(const Ctx& cx, const CsvTable& t, bool quarter) {
  const std::string tcol = quarter ? "TimeUTC" : "HourUTC";
  const std::string vcol = quarter ? "DayAheadPriceEUR" : "SpotPriceEUR";
  int tc = column(cx, t, tcol), vc = column(cx, t, vcol), zc = column(cx, t, "PriceArea");
  std::vector<Point> pts;
  std::vector<std::string> seen;
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    const auto& r = t.rows[i];
    if (r[zc] != cx.spec.zone) {
      if (std::find(seen.begin(), seen.end(), r[zc]) == seen.end()) seen.push_back(r[zc]);
      continue;
    }
    pts.push_back({utc_time(cx, r[tc], t.lines[i], tcol), value(cx, r[vc], ',', t.lines[i], vcol),
                   t.lines[i]});
  }
  if (pts.empty())
    cx.fail(0, "zone",
            fmt::format("no rows for zone '{}'; PriceArea holds {}", cx.spec.zone,
                        fmt::join(seen, ", ")));
  // Energi Data Service lists the newest hour first: reverse order is this format's own.
  std::sort(pts.begin(), pts.end(), [](const Point& a, const Point& b) { return a.t < b.t; });
  return pts;
}

std::vector<Point> read_columns(const Ctx& cx, const CsvTable& t, int tc, const std::string& vcol,
                                bool unix_s) {
  int vc = column(cx, t, vcol);
  std::vector<Point> pts;
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    const auto& r = t.rows[i];
    const int ln = t.lines[i];
    Time at;
    if (unix_s) {
      std::int64_t s = 0;
      auto [p, ec] = std::from_chars(r[tc].data(), r[tc].data() + r[tc].size(), s);
      // 1900..2200: anything else is not a price stamp (and would overflow in microseconds).
      constexpr std::int64_t kMin = -2'208'988'800, kMax = 7'258'118'400;
      if (ec != std::errc() || p != r[tc].data() + r[tc].size() || s < kMin || s > kMax)
        cx.fail(ln, t.header[tc],
                fmt::format("expected Unix seconds of a time from 1900 to 2200, got '{}'", r[tc]));
      at = Time::seconds(s);
    } else {
      at = utc_time(cx, r[tc], ln, t.header[tc]);
    }
    if (at < cx.spec.from || at >= cx.spec.to) continue;  // defects outside the window are moot
    if (r[vc].empty()) cx.fail(ln, vcol, "price is empty (a gap)");
    pts.push_back({at, value(cx, r[vc], '.', ln, vcol), ln});
  }
  return pts;
}

// ENTSO-E rows do not fit the shared CSV reader, so its header is recognised first.
bool starts_like_entsoe(const std::filesystem::path& file) {
  admit_input_file(file, "price file");
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  return line.starts_with("\"MTU") || line.starts_with("MTU");
}

void require_zone(const Ctx& cx, const std::string& only) {
  if (cx.spec.zone != only)
    cx.fail(0, "zone", fmt::format("this file holds zone {} only, not '{}'", only, cx.spec.zone));
}

// Checks order, duplicates and gaps (one spacing throughout) and builds the series.
PriceSeries build(const Ctx& cx, std::vector<Point> pts) {
  std::erase_if(pts, [&](const Point& p) { return p.t < cx.spec.from || p.t >= cx.spec.to; });
  if (pts.size() < 2) cx.fail(0, "file", "fewer than two prices in the requested window");
  const Time step = pts[1].t - pts[0].t;
  if (step != Time::hours(1) && step != Time::minutes(15) && step != Time::minutes(30))
    cx.fail(pts[1].line, "time",
            fmt::format("expected 15 min, 30 min or 1 h intervals, got {}", format_duration(step)));
  std::vector<Time> t;
  std::vector<double> v;
  std::vector<std::string> notes;
  for (std::size_t i = 0; i < pts.size(); ++i) {
    const Time d = i > 0 ? pts[i].t - pts[i - 1].t : step;
    // A gap on the grid of `step` may be held over when the user asked for it.
    if (d > step && cx.spec.hold_gaps && d % step == Time::zero()) {
      notes.push_back(fmt::format("{}:{}: repaired: held {} over a gap of {} before {}", cx.file,
                                  pts[i].line, pts[i - 1].v, format_duration(d - step),
                                  format_utc(pts[i].t)));
    } else if (d != step) {
      cx.fail(pts[i].line, "time",
              d <= Time::zero()
                  ? fmt::format("{} repeats or goes back in time", format_utc(pts[i].t))
                  : fmt::format("gap of {} before {} (prices every {} expected; gaps: hold "
                                "would hold the price before it)",
                                format_duration(d - step), format_utc(pts[i].t),
                                format_duration(step)));
    }
    t.push_back(pts[i].t);
    v.push_back(pts[i].v);
  }
  const Time end = t.back() + step;
  return {StepSeries(std::move(t), std::move(v), end), step, std::move(notes)};
}

}  // namespace

std::string_view format_name(PriceFormat f) {
  return kNames[static_cast<std::size_t>(f)];
}

std::optional<PriceFormat> parse_price_format(std::string_view name) {
  for (std::size_t i = 0; i < kNames.size(); ++i)
    if (kNames[i] == name) return static_cast<PriceFormat>(i);
  return std::nullopt;
}

std::optional<PriceFormat> detect_price_format(const std::vector<std::string>& h) {
  auto has = [&](std::string_view n) { return std::find(h.begin(), h.end(), n) != h.end(); };
  if (!h.empty() && h[0].starts_with("MTU")) return PriceFormat::entsoe;
  if (has("day_ahead_price_eur_mwh")) return PriceFormat::energy_charts;
  if (has("HourUTC") && has("PriceArea")) return PriceFormat::energinet;
  if (has("TimeUTC") && has("PriceArea")) return PriceFormat::energinet_15min;
  if (h.size() == 2 && h[0] == "hour" && h[1] == "price") return PriceFormat::sahkotin;
  if (has("timestamp_utc")) return PriceFormat::smard;
  return std::nullopt;
}

const std::vector<std::string>& known_zones() {
  static const std::vector<std::string> z{"DE-LU", "NO1", "NO2", "NO3", "NO4", "NO5", "SE1",
                                          "SE2",   "SE3", "SE4", "FI",  "DK1", "DK2", "BE",
                                          "FR",    "NL",  "AT",  "PL",  "CH",  "CZ"};
  return z;
}

std::vector<std::string> zones_of(PriceFormat f) {
  switch (f) {
    case PriceFormat::entsoe:
      return {"the zone named in its BZN| column"};
    case PriceFormat::energy_charts:
      return {"DE-LU"};
    case PriceFormat::energinet:
    case PriceFormat::energinet_15min:
      return {"DK1", "DK2"};
    case PriceFormat::sahkotin:
      return {"FI"};
    case PriceFormat::smard: {
      std::vector<std::string> z;
      for (const auto& [k, col] : smard_columns()) z.push_back(k);
      return z;
    }
  }
  return {};
}

double finnish_vat(Time t) {
  // Instants of local midnight in Helsinki (EET +2 in winter, EEST +3 in summer).
  static const Time cut_10 = Time::seconds(1669845600);   // 2022-12-01T00:00+02:00
  static const Time cut_24 = Time::seconds(1682888400);   // 2023-05-01T00:00+03:00
  static const Time cut_255 = Time::seconds(1725138000);  // 2024-09-01T00:00+03:00
  if (t >= cut_255) return 0.255;
  if (t >= cut_24) return 0.24;
  if (t >= cut_10) return 0.10;
  return 0.24;
}

PriceSeries load_price_file(const PriceFileSpec& spec) {
  Ctx cx{spec, spec.file.string()};
  const auto& kz = known_zones();
  if (std::find(kz.begin(), kz.end(), spec.zone) == kz.end())
    cx.fail(0, "zone",
            fmt::format("unknown bidding zone '{}'; expected one of {}", spec.zone,
                        fmt::join(kz, ", ")));
  std::optional<PriceFormat> fmt_kind = spec.format;
  std::vector<std::string> notes;
  std::vector<Point> pts;
  if (!fmt_kind && starts_like_entsoe(spec.file)) fmt_kind = PriceFormat::entsoe;
  if (fmt_kind == PriceFormat::entsoe) {
    pts = read_entsoe(cx, notes);
  } else {
    CsvTable t = read_csv(spec.file);
    if (!fmt_kind) fmt_kind = detect_price_format(t.header);
    if (!fmt_kind)
      cx.fail(1, "format",
              "unknown price file layout; declare format: entsoe, energy_charts, "
              "energinet, energinet_15min, sahkotin or smard");
    switch (*fmt_kind) {
      case PriceFormat::entsoe:
        pts = read_entsoe(cx, notes);
        break;
      case PriceFormat::energy_charts:
        require_zone(cx, "DE-LU");
        pts = read_columns(cx, t, column(cx, t, "timestamp_unix"), "day_ahead_price_eur_mwh", true);
        // After the 15-min switch (2025-10-01 00:00 CEST) the hourly value is the first
        // quarter-hour's price, not the mean (SOURCES.md): say so rather than hide it.
        if (!pts.empty() && pts.back().t >= Time::seconds(1759269600))
          notes.push_back(cx.file +
                          ": from 2025-10-01 each hour holds its first quarter-hour's "
                          "price, not the hourly mean");
        break;
      case PriceFormat::energinet:
        pts = read_energinet(cx, t, false);
        break;
      case PriceFormat::energinet_15min:
        pts = read_energinet(cx, t, true);
        break;
      case PriceFormat::sahkotin: {
        require_zone(cx, "FI");
        pts = read_columns(cx, t, column(cx, t, "hour"), "price", false);
        // c/kWh incl. VAT -> EUR/MWh excl. VAT: the market price is VAT-free; the bill adds VAT.
        for (auto& p : pts) p.v = p.v * 10.0 / (1.0 + finnish_vat(p.t));
        notes.push_back(cx.file + ": c/kWh incl. Finnish VAT converted to EUR/MWh excl. VAT");
        break;
      }
      case PriceFormat::smard: {
        auto it = smard_columns().find(spec.zone);
        if (it == smard_columns().end())
          cx.fail(0, "zone",
                  fmt::format("SMARD file has no zone '{}'; it holds {}", spec.zone,
                              fmt::join(zones_of(PriceFormat::smard), ", ")));
        pts = read_columns(cx, t, column(cx, t, "timestamp_utc"), it->second, false);
        break;
      }
    }
  }
  PriceSeries s = build(cx, std::move(pts));
  s.notes.insert(s.notes.begin(), notes.begin(), notes.end());
  return s;
}

}  // namespace wf
