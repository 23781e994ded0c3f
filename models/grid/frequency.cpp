#include "models/grid/frequency.hpp"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/calendar.hpp"
#include "sim/csv_reader.hpp"
#include "sim/error.hpp"
#include "sim/params.hpp"
#include "sim/time_format.hpp"
#include "sim/trace.hpp"

namespace wf {

namespace {

constexpr std::array<std::string_view, 2> kFormats{"rte_deviation_mhz", "hz"};

// Plausible measurements of a grid in operation: nominal +- 2.5 Hz, 47.5-52.5 Hz at 50 Hz
// (below 47.5 Hz even time-limited operation ends, domain-reference §5.7 [NC-HVDC-CSV]).
constexpr double kMaxDeviationHz = 2.5;
constexpr ParamInfo kNominal{.name = "nominal",
                             .dim = Dim::frequency,
                             .default_text = "50 Hz",
                             .min = 40,
                             .max = 70,
                             .doc = "nominal grid frequency"};

struct Sample {
  Time t;
  double hz;
  int line;
};

struct Reader {
  std::string file;
  std::string time_col, value_col;  // header names, for messages
  double nominal;
  [[noreturn]] void fail(int line, const std::string& col, const std::string& what) const {
    throw InputError(file, line, col, what);
  }
  void check_range(double hz, int line, const std::string& shown) const {
    if (std::abs(hz - nominal) <= kMaxDeviationHz) return;
    fail(line, value_col,
         fmt::format("{} is {:.4f} Hz, outside {}..{} Hz (nominal {} Hz +- {} Hz); is the "
                     "format right?",
                     shown, hz, nominal - kMaxDeviationHz, nominal + kMaxDeviationHz, nominal,
                     kMaxDeviationHz));
  }
};

// The RTE record (as published in L-mrt/Project_frequency_regulation) was written from
// day-first dates read month-first wherever the day was <= 12: 2019-01-05 stands for
// 1 May, 2019-12-05 for 12 May, 2019-05-13 is 13 May (../shared/data/SOURCES.md). A stamp
// whose day field is <= 12 is therefore read with day and month swapped.
std::string unswap(const std::string& s) {
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return s;
  const int day = (s[8] - '0') * 10 + (s[9] - '0');
  if (day < 1 || day > 12) return s;
  return s.substr(0, 5) + s.substr(8, 2) + '-' + s.substr(5, 2) + s.substr(10);
}

std::optional<double> number(const std::string& s) {
  double v = 0;
  const char* b = s.data() + (s.size() > 1 && s[0] == '+' ? 1 : 0);
  auto [p, ec] = std::from_chars(b, s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || b == p || !std::isfinite(v))
    return std::nullopt;
  return v;
}

int column(const Reader& rd, const CsvTable& t, const std::string& name, int fallback) {
  const int c = name.empty() ? fallback : t.column(name);
  if (c < 0 || c >= static_cast<int>(t.header.size()))
    rd.fail(1, name.empty() ? "header" : name,
            fmt::format("no column '{}' in the header; expected the {}", name,
                        fallback == 0 ? "time column" : "deviation column 'Frequency' (mHz)"));
  return c;
}

// Rows of the RTE layout: local time (no offset) and the deviation in mHz.
std::vector<Sample> read_rte(Reader& rd, const CsvTable& t, const ConfigNode& node) {
  std::string tname, vname = "Frequency";
  if (auto c = node.get("time_column")) tname = c->scalar();
  if (auto c = node.get("value_column")) vname = c->scalar();
  const auto tc = static_cast<std::size_t>(column(rd, t, tname, 0));
  const auto vc = static_cast<std::size_t>(column(rd, t, vname, 1));
  rd.time_col = t.header[tc].empty() ? "time" : t.header[tc];
  rd.value_col = t.header[vc];
  const bool swapped = node.get("swapped_dates") ? node.at("swapped_dates").boolean() : true;
  // RTE publishes French local time (SOURCES.md): Europe/Paris unless told otherwise.
  const auto tzn = node.get("timezone");
  const TimeZone tz = tzn ? TimeZone::read(*tzn) : TimeZone::find("Europe/Paris");
  std::vector<Sample> out;
  out.reserve(t.rows.size());
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    const int ln = t.lines[i];
    const std::string& ttext = t.rows[i][tc];
    const auto p = parse_datetime(swapped ? unswap(ttext) : ttext);
    if (!p)
      rd.fail(ln, rd.time_col,
              fmt::format("expected a time like 2019-05-13 00:00:10, got '{}'", ttext));
    Time at = p->t;
    if (!p->has_offset) {
      const auto r = tz.resolve(p->t);
      if (r.kind == TimeZone::Resolution::nonexistent)
        rd.fail(ln, rd.time_col,
                fmt::format("local time '{}' does not exist in {} (clocks jump forward)", ttext,
                            tz.name()));
      at = r.earliest;
      // The autumn hour is written twice without an offset: file order decides.
      if (r.kind == TimeZone::Resolution::ambiguous && !out.empty() && out.back().t >= at)
        at = r.latest;
    }
    const std::string& vtext = t.rows[i][vc];
    const auto mhz = number(vtext);
    if (!mhz)
      rd.fail(ln, rd.value_col,
              fmt::format("expected a deviation in mHz like -32.1, got '{}'", vtext));
    const double hz = rd.nominal + *mhz * 1e-3;
    rd.check_range(hz, ln, fmt::format("deviation {} mHz", vtext));
    out.push_back({at, hz, ln});
  }
  return out;
}

// Order, duplicates and gaps as traces check them (sim/trace.cpp): a gap is a spacing
// above 1.5 times the most frequent one.
StepSeries build(const Reader& rd, const std::vector<Sample>& s, Time a, Time b) {
  if (s.size() < 2)
    rd.fail(0, rd.value_col, fmt::format("expected at least 2 samples, found {}", s.size()));
  std::map<Time, int> counts;
  for (std::size_t i = 1; i < s.size(); ++i) {
    const Time d = s[i].t - s[i - 1].t;
    if (d <= Time::zero())
      rd.fail(s[i].line, rd.time_col,
              fmt::format("{} {} (line {} is {}); expected one sample per time, in order",
                          format_utc(s[i].t), d == Time::zero() ? "repeats" : "goes back in time",
                          s[i - 1].line, format_utc(s[i - 1].t)));
    ++counts[d];
  }
  Time spacing = counts.begin()->first;  // the most frequent, the smallest of equals
  int best = 0;
  for (const auto& [d, n] : counts) {
    if (n <= best) continue;
    spacing = d;
    best = n;
  }
  std::vector<Time> t;
  std::vector<double> v;
  t.reserve(s.size());
  v.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i > 0 && (s[i].t - s[i - 1].t) * 2 > spacing * 3)
      rd.fail(s[i].line, rd.time_col,
              fmt::format("gap of {} before this sample (after line {}, {}); expected samples "
                          "every {}",
                          format_duration(s[i].t - s[i - 1].t - spacing), s[i - 1].line,
                          format_utc(s[i - 1].t), format_duration(spacing)));
    t.push_back(s[i].t);
    v.push_back(s[i].hz);
  }
  const Time end = t.back() + spacing;
  if (a < t.front() || b > end)
    rd.fail(0, rd.time_col,
            fmt::format("the record covers {} to {} but the run needs {} to {}",
                        format_utc(t.front()), format_utc(end), format_utc(a), format_utc(b)));
  return StepSeries(std::move(t), std::move(v), end);
}

// Absolute frequency in Hz: an ordinary trace (sim/trace.hpp), then the range check.
StepSeries read_hz(Reader& rd, const ConfigNode& node, Time a, Time b) {
  if (node.get("swapped_dates"))
    node.at("swapped_dates").fail("only the rte_deviation_mhz format swaps dates");
  TraceSpec spec;
  spec.file = rd.file;
  spec.field = node.path();
  if (auto c = node.get("time_column")) spec.time_column = c->scalar();
  if (auto c = node.get("value_column")) spec.value_column = c->scalar();
  if (auto c = node.get("timezone")) spec.timezone = c->scalar();
  const LoadedTrace tr = load_trace(spec, a, b);
  const auto& v = tr.series.values();
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (std::abs(v[i] - rd.nominal) <= kMaxDeviationHz) continue;
    // Strict policies keep one series point per data row, in file order: row i is point i.
    const CsvTable t = read_csv(rd.file);
    const int vc = spec.value_column.empty() ? 1 : t.column(spec.value_column);
    rd.value_col = t.header[static_cast<std::size_t>(vc)];
    rd.check_range(v[i], t.lines[i],
                   fmt::format("value {}", t.rows[i][static_cast<std::size_t>(vc)]));
  }
  return tr.series;
}

// A frequency section's fields (kNominal is read with its range).
constexpr ParamInfo kFrequency[] = {
    required_text_param("file", "a CSV file, relative to the scenario", "the measured frequency"),
    choice_param("format", kFormats, "told by the header",
                 "RTE's deviation record (mHz) or plain Hz with a time column"),
    kNominal,
    text_param("timezone", "an IANA name like `Europe/Paris`", "Europe/Paris (rte_deviation_mhz)",
               "zone of the file's local times"),
    text_param("time_column", "a header name", "`time` (hz)", "the times"),
    text_param("value_column", "a header name", "`Frequency` or the second column", "the values"),
    flag_param("swapped_dates", "true", "RTE's day and month written the other way round"),
};

}  // namespace

std::optional<FrequencyFormat> parse_frequency_format(std::string_view name) {
  for (std::size_t i = 0; i < kFormats.size(); ++i)
    if (kFormats[i] == name) return static_cast<FrequencyFormat>(i);
  return std::nullopt;
}

std::span<const ParamInfo> frequency_params() {
  return kFrequency;
}

StepSeries read_frequency(const ConfigNode& node, Time run_start, Time run_end) {
  if (!node.is_map()) node.fail("expected {file: ..., format: rte_deviation_mhz | hz}");
  node.check_keys(param_keys(kFrequency));
  const ConfigNode f = node.at("file");
  const std::filesystem::path p = f.scalar();
  Reader rd{(p.is_absolute() ? p : node.base_dir() / p).string(), "time", "Frequency",
            read_param(node, kNominal)};
  if (!std::filesystem::exists(rd.file))
    f.fail(fmt::format("frequency file '{}' does not exist", rd.file));
  const auto fmt_node = node.get("format");
  if (fmt_node && fmt_node->choice(kFormats) == 1) return read_hz(rd, node, run_start, run_end);
  const CsvTable t = read_csv(rd.file);
  // Without format: the RTE record is told by its header ",Frequency" (unnamed time column).
  if (!fmt_node && !(t.header.size() == 2 && t.header[0].empty() && t.header[1] == "Frequency"))
    return read_hz(rd, node, run_start, run_end);
  return build(rd, read_rte(rd, t, node), run_start, run_end);
}

}  // namespace wf
