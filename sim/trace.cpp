#include "sim/trace.hpp"

#include <fast_float/fast_float.h>
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>

#include "sim/calendar.hpp"
#include "sim/cost_limits.hpp"
#include "sim/csv_reader.hpp"
#include "sim/error.hpp"
#include "sim/huge_pages.hpp"
#include "sim/plain_decimal.hpp"
#include "sim/time_format.hpp"

// Pipeline: read rows -> parse times and values (DST resolution) -> unsorted -> duplicates
// -> gaps -> series (step or linear) -> coverage. Each policy that changes the data says so
// in LoadedTrace::repairs.

namespace wf {

namespace {

struct Row {
  Time t;  // UTC instant, or the naive local reading while `local`
  double v;
  int line;
  bool local = false;  // written without a UTC offset, resolved in the site's zone
};

// The rows as read, column by column: the times of rows on an even grid are kept as
// the grid (TimeAxis), so a year of 1-minute rows is 8 bytes a row, and the times
// and values move into the series without a copy.
struct Columns {
  TimeAxis t;
  std::vector<double> v;
  // Source lines as (row, line) where a row is not on the line after the previous
  // row's: a file without comments or blank lines needs one entry.
  std::vector<std::pair<std::size_t, int>> line_breaks;
  std::vector<bool> local;  // per row once a time without a UTC offset was read
  bool any_local = false;

  std::size_t size() const { return t.size(); }
  void add_line(int line) {
    const std::size_t row = t.size();
    if (line_breaks.empty() ||
        line - line_breaks.back().second != static_cast<int>(row - line_breaks.back().first))
      line_breaks.emplace_back(row, line);
  }
  int line(std::size_t row) const {
    auto b = std::upper_bound(line_breaks.begin(), line_breaks.end(), row,
                              [](std::size_t r, const auto& x) { return r < x.first; });
    --b;
    return b->second + static_cast<int>(row - b->first);
  }
  std::vector<Row> rows() const {
    std::vector<Row> out(t.size());
    for (std::size_t i = 0; i < t.size(); ++i)
      out[i] = {t[i], v[i], line(i), any_local && local[i]};
    return out;
  }
  static Columns from(const std::vector<Row>& rows) {
    Columns c;
    c.t.reserve(rows.size());
    c.v.reserve(rows.size());
    for (const Row& r : rows) {
      c.add_line(r.line);
      c.t.push_back(r.t);
      c.v.push_back(r.v);
    }
    return c;
  }
};

// What the loader needs to know to phrase its messages.
struct Context {
  const TraceSpec& spec;
  std::string file;
  std::string time_col, value_col;
  std::vector<std::string>* repairs;

  [[noreturn]] void fail(int line, const std::string& field, const std::string& what) const {
    throw InputError(file, line, field, what);
  }
  void repair(int line, const std::string& what) const {
    repairs->push_back(line > 0 ? fmt::format("{}:{}: {}", file, line, what)
                                : fmt::format("{}: {}", file, what));
  }
};

std::string local_text(Time naive) {
  std::string s = format_utc(naive);  // "YYYY-MM-DDThh:mm:ssZ"
  s.pop_back();
  s[10] = ' ';
  return s;
}

std::string column_list(const std::vector<std::string>& header) {
  std::string out;
  for (const auto& h : header) out += fmt::format("{}'{}'", out.empty() ? "" : ", ", h);
  return out;
}

int pick_column(const CsvReader& csv, const std::string& name, int fallback, const char* key) {
  const auto& header = csv.header();
  if (name.empty()) {
    if (fallback < static_cast<int>(header.size())) return fallback;
    throw InputError(csv.file(), 0, key,
                     fmt::format("the file has only {} column(s) ({}); name the column with `{}:`",
                                 header.size(), column_list(header), key));
  }
  const int c = csv.column(name);
  if (c < 0) {
    throw InputError(csv.file(), 0, key,
                     fmt::format("no column '{}' in the header; available columns: {}", name,
                                 column_list(header)));
  }
  return c;
}

// Strict decimal number with the given decimal mark; nothing else in the text.
// fast_float rounds exactly like strtod in the C locale, without the locale; the
// plain shape of most rows takes a shorter road to the same double.
std::optional<double> parse_number(std::string_view text, char decimal) {
  const char* a = text.data();
  const char* e = a + text.size();
  if (e - a > 1 && *a == '+' && a[1] != '-') ++a;
  if (auto v = plain_decimal(a, e, decimal)) return v;
  double v = 0;
  const auto [p, ec] = fast_float::from_chars_advanced(
      a, e, v, fast_float::parse_options(fast_float::chars_format::general, decimal));
  if (a == e || ec != std::errc() || p != e || !std::isfinite(v)) return std::nullopt;
  return v;
}

// Unix time in seconds or milliseconds, possibly fractional, possibly negative.
std::optional<Time> parse_unix(std::string_view text, std::int64_t unit_us) {
  bool neg = !text.empty() && text.front() == '-';
  if (neg) text.remove_prefix(1);
  const std::size_t dot = text.find('.');
  std::string_view ip = text.substr(0, dot);
  std::string_view fp = dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
  auto all_digits = [](std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (ip.empty() || ip.size() > 18 || !all_digits(ip) || !all_digits(fp) ||
      (dot != std::string_view::npos && fp.empty()))
    return std::nullopt;
  std::int64_t whole = 0;
  std::from_chars(ip.data(), ip.data() + ip.size(), whole);
  std::int64_t frac = 0, scale = 1;
  for (std::size_t k = 0; k < fp.size() && k < 9; ++k) frac = frac * 10 + (fp[k] - '0');
  for (std::size_t k = 0; k < fp.size() && k < 9; ++k) scale *= 10;
  std::int64_t us = 0;
  if (__builtin_mul_overflow(whole, unit_us, &us)) return std::nullopt;
  if (__builtin_add_overflow(us, (frac * unit_us * 2 + scale) / (2 * scale), &us))
    return std::nullopt;
  // 1900..2200, like every time of a run: a stamp far beyond is not a time of
  // this domain, and spans between such stamps overflow (found by tests/fuzz).
  constexpr std::int64_t kMinUs = -2'208'988'800'000'000, kMaxUs = 7'258'118'400'000'000;
  if (us > (neg ? -kMinUs : kMaxUs)) return std::nullopt;
  return Time::us(neg ? -us : us);
}

// A parsed timestamp before DST resolution.
struct Stamp {
  Time t;  // UTC instant, or the naive local reading when !has_offset
  bool has_offset;
};

Stamp parse_time(const Context& cx, DateTimeParser& iso, std::string_view text, int line) {
  const auto fmt_kind = cx.spec.time_format;
  if (fmt_kind == TimeFormat::iso) {
    auto p = iso(text);
    if (!p) {
      cx.fail(
          line, cx.time_col,
          fmt::format("expected an ISO 8601 time like 2025-01-01T00:00:00+01:00, got '{}'", text));
    }
    return {p->t, p->has_offset};
  }
  const bool secs = fmt_kind == TimeFormat::unix_s;
  auto t = parse_unix(text, secs ? 1'000'000 : 1'000);
  if (!t) {
    cx.fail(line, cx.time_col,
            fmt::format("expected a Unix time in {} from 1900 to 2200 like {}, got '{}'",
                        secs ? "seconds" : "milliseconds", secs ? "1735689600" : "1735689600000",
                        text));
  }
  return {*t, true};
}

// Rows in file order with values scaled to SI; rows with an empty value are dropped
// (a gap) unless gaps are an error. `records` counts the data records read.
Columns read_columns(const Context& cx, CsvReader& csv, std::size_t tcol, std::size_t vcol,
                     std::size_t& records) {
  Columns out;
  const std::size_t expected = csv.estimated_records();
  out.t.reserve(expected);  // used only if the times leave their grid
  out.v.reserve(expected);
  prefault(out.v.data(), out.v.capacity() * sizeof(double));
  const double factor = cx.spec.unit_factor * cx.spec.scale;
  DateTimeParser iso;
  // Two columns, times first, on a grid: a record that starts with the grid's next time
  // skips the search for its first field and the parse of its time. The times' alphabet
  // (digits, '-', ':', 'T' or ' ', '+', 'Z') must not hold the separator.
  const bool expect_grid =
      cx.spec.time_format == TimeFormat::iso && tcol == 0 && vcol == 1 &&
      csv.header().size() == 2 &&
      std::string_view("0123456789-:T +Z").find(csv.separator()) == std::string_view::npos;
  for (;;) {
    bool on_grid = false;
    std::string_view vtext;
    if (expect_grid) {
      const std::string_view next = iso.next_text();
      on_grid = !next.empty() && csv.next_pair_starting_with(next, vtext);
    }
    if (!on_grid) {
      if (!csv.next()) break;
      vtext = csv.fields()[vcol];
    }
    ++records;
    const int line = csv.line();
    if (vtext.empty()) {
      if (cx.spec.gaps == GapPolicy::error) {
        cx.fail(line, cx.value_col,
                "empty value; expected a number (set `gaps: hold`, `zero` or `interpolate` to "
                "treat missing values as gaps)");
      }
      cx.repair(line,
                fmt::format("empty value in '{}': row dropped, handled as a gap", cx.value_col));
      continue;
    }
    auto v = parse_number(vtext, cx.spec.decimal);
    if (!v) {
      cx.fail(line, cx.value_col,
              fmt::format("expected a number like {}, got '{}'",
                          cx.spec.decimal == ',' ? "12,5" : "12.5", vtext));
    }
    const Stamp st =
        on_grid ? Stamp{iso.take_next().t, true} : parse_time(cx, iso, csv.fields()[tcol], line);
    const double si = *v * factor + cx.spec.unit_offset;
    if (!std::isfinite(si) || std::abs(si) > 1e30)
      cx.fail(
          line, cx.value_col,
          fmt::format("'{}' times the unit and scale is {:g} in SI units, beyond 1e30", vtext, si));
    if (!st.has_offset && !out.any_local) {
      out.any_local = true;
      out.local.resize(out.size(), false);
    }
    if (out.any_local) out.local.push_back(!st.has_offset);
    out.add_line(line);
    out.t.push_back(st.t);
    out.v.push_back(si);
  }
  return out;
}

// Local readings -> instants. An autumn hour written twice in order (as local-time exports
// do) is resolved by that order: first pass earliest, second pass latest. Readings that
// appear once in the ambiguous hour follow the ambiguous policy.
std::vector<Row> resolve_times(const Context& cx, std::vector<Row> in) {
  if (std::none_of(in.begin(), in.end(), [](const Row& r) { return r.local; })) return in;
  std::optional<TimeZone> tz;
  std::vector<TimeZone::Resolution> res(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (!in[i].local) continue;
    if (!tz) {
      if (cx.spec.timezone.empty()) {
        cx.fail(in[i].line, cx.time_col,
                fmt::format("timestamp has no UTC offset; give `timezone:` (an IANA name like "
                            "Europe/Berlin) or write times with an offset like "
                            "2025-01-01T00:00:00+01:00 (got {})",
                            local_text(in[i].t)));
      }
      try {
        tz = TimeZone::find(cx.spec.timezone);
      } catch (const std::invalid_argument& e) {
        cx.fail(0, "timezone", e.what());
      }
    }
    res[i] = tz->resolve(in[i].t);
  }
  std::vector<Row> rows;
  rows.reserve(in.size());
  for (std::size_t i = 0; i < in.size();) {
    if (!in[i].local || res[i].kind == TimeZone::Resolution::unique) {
      rows.push_back(in[i]);
      if (in[i].local) rows.back().t = res[i].earliest;
      ++i;
      continue;
    }
    if (res[i].kind == TimeZone::Resolution::nonexistent) {
      const Row& r = in[i];
      if (cx.spec.nonexistent == NonexistentPolicy::error) {
        cx.fail(r.line, cx.time_col,
                fmt::format("local time {} does not exist in {} (clocks jump forward); set "
                            "`dst_nonexistent: shift_forward` to move it to {}",
                            local_text(in[i].t), tz->name(),
                            local_text(tz->to_local(res[i].earliest))));
      }
      cx.repair(r.line, fmt::format("local time {} does not exist in {}: moved to {}",
                                    local_text(in[i].t), tz->name(), format_utc(res[i].earliest)));
      rows.push_back(r);
      rows.back().t = res[i].earliest;
      ++i;
      continue;
    }
    // A run of consecutive ambiguous readings; a step back in the reading starts the second pass.
    std::size_t end = i + 1;
    while (end < in.size() && in[end].local && res[end].kind == TimeZone::Resolution::ambiguous)
      ++end;
    std::size_t second = end;
    for (std::size_t k = i + 1; k < end && second == end; ++k)
      if (in[k].t <= in[k - 1].t) second = k;
    if (second != end) {
      cx.repair(in[second].line,
                fmt::format("local time {} repeats (clocks go back in {}): rows from here taken "
                            "as the second pass, {}",
                            local_text(in[second].t), tz->name(), format_utc(res[second].latest)));
    }
    for (std::size_t k = i; k < end; ++k) {
      const Row& r = in[k];
      bool latest = k >= second;
      if (second == end) {
        if (cx.spec.ambiguous == AmbiguousPolicy::error) {
          cx.fail(r.line, cx.time_col,
                  fmt::format("local time {} is ambiguous in {} (clocks go back, the hour occurs "
                              "twice) and is not repeated in the file; set `dst_ambiguous: "
                              "earliest` or `latest`",
                              local_text(in[k].t), tz->name()));
        }
        latest = cx.spec.ambiguous == AmbiguousPolicy::latest;
        cx.repair(r.line, fmt::format("ambiguous local time {}: taken as the {} instant, {}",
                                      local_text(in[k].t), latest ? "latest" : "earliest",
                                      format_utc(latest ? res[k].latest : res[k].earliest)));
      }
      rows.push_back(r);
      rows.back().t = latest ? res[k].latest : res[k].earliest;
    }
    i = end;
  }
  return rows;
}

void apply_unsorted(const Context& cx, std::vector<Row>& rows) {
  auto back = std::adjacent_find(rows.begin(), rows.end(),
                                 [](const Row& a, const Row& b) { return b.t < a.t; });
  if (back == rows.end()) return;
  const Row &prev = *back, &cur = *(back + 1);
  if (cx.spec.unsorted == UnsortedPolicy::error) {
    cx.fail(cur.line, cx.time_col,
            fmt::format("time goes back: {} is before {} on line {}; expected rows sorted by "
                        "time (set `unsorted: sort` to sort them)",
                        format_utc(cur.t), format_utc(prev.t), prev.line));
  }
  cx.repair(cur.line, "time goes back here: rows sorted by time (stable)");
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.t < b.t; });
}

// Merges rows with equal times (rows are sorted), in place.
void apply_duplicates(const Context& cx, std::vector<Row>& rows) {
  std::size_t kept = 0;
  for (std::size_t i = 0; i < rows.size();) {
    std::size_t j = i + 1;
    while (j < rows.size() && rows[j].t == rows[i].t) ++j;
    if (j == i + 1) {
      rows[kept++] = rows[i++];
      continue;
    }
    const auto pol = cx.spec.duplicates;
    if (pol == DuplicatePolicy::error) {
      cx.fail(rows[i + 1].line, cx.time_col,
              fmt::format("time {} appears on lines {} and {}; expected one row per time "
                          "(set `duplicates: first`, `last` or `mean`)",
                          format_utc(rows[i].t), rows[i].line, rows[i + 1].line));
    }
    Row keep = pol == DuplicatePolicy::last ? rows[j - 1] : rows[i];
    if (pol == DuplicatePolicy::mean) {
      double sum = 0;
      for (std::size_t k = i; k < j; ++k) sum += rows[k].v;
      keep.v = sum / static_cast<double>(j - i);
    }
    const char* what = pol == DuplicatePolicy::first  ? "kept the first"
                       : pol == DuplicatePolicy::last ? "kept the last"
                                                      : "kept the mean";
    cx.repair(rows[i + 1].line, fmt::format("time {} appears {} times (from line {}): {}",
                                            format_utc(rows[i].t), j - i, rows[i].line, what));
    rows[kept++] = keep;
    i = j;
  }
  rows.resize(kept);
}

// Most frequent positive spacing; the smallest of equally frequent ones.
Time typical_spacing(const TimeAxis& t) {
  if (t.is_grid() && t.size() >= 2) return t[1] - t[0];  // one spacing only
  std::map<Time, std::size_t> counts;
  // Runs of equal spacing are counted first: a regular trace touches the map once.
  Time run = t[1] - t[0];
  std::size_t n = 0;
  for (std::size_t i = 1; i < t.size(); ++i) {
    const Time d = t[i] - t[i - 1];
    if (d != run) {
      counts[run] += n;
      run = d;
      n = 0;
    }
    ++n;
  }
  counts[run] += n;
  auto best = counts.begin();
  for (auto it = counts.begin(); it != counts.end(); ++it)
    if (it->second > best->second) best = it;
  return best->first;
}

Time max_gap_of(const Context& cx, Time spacing) {
  return cx.spec.max_gap > Time::zero() ? cx.spec.max_gap : spacing + spacing / 2;
}

// True when the rows need none of the policies: sorted, distinct, no gap, every time
// with its offset. The common case skips the row-by-row pipeline below (whose steps
// would each leave such rows as they are).
bool needs_no_repair(const Context& cx, const Columns& c, Time spacing) {
  if (c.any_local) return false;
  const Time max_gap = max_gap_of(cx, spacing);
  if (c.t.is_grid() && c.size() >= 2) return c.t[1] - c.t[0] <= max_gap;  // one step
  for (std::size_t i = 1; i < c.size(); ++i) {
    const Time d = c.t[i] - c.t[i - 1];
    if (d <= Time::zero() || d > max_gap) return false;
  }
  return true;
}

void apply_gaps(const Context& cx, std::vector<Row>& rows, Time spacing) {
  const Time max_gap = max_gap_of(cx, spacing);
  const bool linear = cx.spec.interpolation == Interpolation::linear;
  std::vector<Row> out;
  out.reserve(rows.size());
  out.push_back(rows.front());
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const Row prev = rows[i - 1], next = rows[i];
    const Time gap = next.t - prev.t;
    if (gap > max_gap) {
      const auto pol = cx.spec.gaps;
      if (pol == GapPolicy::error) {
        cx.fail(next.line, cx.time_col,
                fmt::format("gap of {} before this row (after line {}, {}); expected rows every "
                            "{} (gaps up to {}); set `gaps: hold`, `zero` or `interpolate`, or a "
                            "larger `max_gap:`",
                            format_duration(gap), prev.line, format_utc(prev.t),
                            format_duration(spacing), format_duration(max_gap)));
      }
      const int line = prev.line;  // synthetic rows carry the line before the gap
      if (pol == GapPolicy::hold && linear && next.t - spacing > prev.t) {
        out.push_back({next.t - spacing, prev.v, line});
      } else if (pol == GapPolicy::zero && prev.t + spacing < next.t) {
        out.push_back({prev.t + spacing, 0.0, line});
        if (linear && next.t - spacing > prev.t + spacing)
          out.push_back({next.t - spacing, 0.0, line});
      } else if (pol == GapPolicy::interpolate) {
        const double fill = double(gap.count_us()) / double(spacing.count_us());
        if (double(out.size()) + fill > double(max_trace_samples()) && !large_runs_allowed())
          cx.fail(next.line, cx.time_col,
                  fmt::format("interpolating the gap of {} every {} makes {:.3g} rows, more than "
                              "the {:.0f} million a trace may hold without --allow-large",
                              format_duration(gap), format_duration(spacing), fill,
                              double(max_trace_samples()) / 1e6));
        for (Time t = prev.t + spacing; t < next.t; t += spacing) {
          const double f =
              static_cast<double>((t - prev.t).count_us()) / static_cast<double>(gap.count_us());
          out.push_back({t, prev.v + (next.v - prev.v) * f, line});
        }
      }
      const char* how = pol == GapPolicy::hold   ? "held the previous value"
                        : pol == GapPolicy::zero ? "filled with zero"
                                                 : "filled by linear interpolation";
      cx.repair(next.line, fmt::format("gap of {} after line {} ({}): {}", format_duration(gap),
                                       prev.line, format_utc(prev.t), how));
    }
    out.push_back(next);
  }
  rows = std::move(out);
}

StepSeries build_series(const Context& cx, Columns&& rows, Time spacing, Time run_start,
                        Time run_end) {
  TimeAxis axis = std::move(rows.t);
  std::vector<double> v = std::move(rows.v);
  const bool repeat = cx.spec.repeat;
  // A repeating trace longer than a day repeats in whole days (a day, a week, a year).
  // Anything else is almost always a file that ends with the first row of its next
  // period (a year from 1 January 00:00 to 1 January 00:00): repeated, it would drift by
  // one spacing a period (an hour a year: PV at midnight after a decade).
  if (repeat) {
    const Time period = axis.back() + spacing - axis.front();
    if (period > Time::days(1) && period % Time::days(1) != Time::zero())
      cx.fail(rows.line(axis.size() - 1), "repeat",
              fmt::format("a repeating trace repeats its rows plus one spacing: {} here, not a "
                          "whole number of days; if the last row ({}) is the first of the next "
                          "period, drop it",
                          format_duration(period), format_utc(axis.back())));
  }
  // The constant steps of a linear trace are held in memory: bound them first.
  auto checked = [&](Time a, Time b) {
    const double samples = double((b - a).count_us()) / double(cx.spec.resample.count_us());
    if (samples > double(max_trace_samples()) && !large_runs_allowed())
      cx.fail(0, "resample",
              fmt::format("steps of {} over {} make {:.3g} samples (about {:.1f} GB in memory), "
                          "more than the {:.0f} million a run takes without --allow-large; "
                          "choose a coarser resample",
                          format_duration(cx.spec.resample), format_duration(b - a), samples,
                          samples * 16 / 1e9, double(max_trace_samples()) / 1e6));
    return std::pair{a, b};
  };
  if (cx.spec.interpolation == Interpolation::step) {
    const Time end = axis.back() + spacing;  // the last row holds for one spacing
    return StepSeries::on_axis(std::move(axis), std::move(v), end, repeat);
  }
  std::vector<Time> t = axis.to_vector();  // the line's sample points
  if (cx.spec.resample <= Time::zero())
    cx.fail(0, "resample", "expected a positive step width for linear interpolation");
  if (repeat) {
    // Close the loop: ramp back to the first value over one spacing, so a daily profile
    // sampled 00:00..23:00 repeats every 24 h.
    const Time period_end = t.back() + spacing;
    t.push_back(period_end);
    v.push_back(v.front());
    const Time from = t.front();
    checked(from, period_end);
    // The steps tile time as the trace does: one period, repeating.
    const StepSeries steps =
        LinearSeries(std::move(t), std::move(v)).to_steps(from, period_end, cx.spec.resample);
    return StepSeries::on_axis(steps.times(), steps.values(), period_end, true);
  }
  // Only the part the run needs, on a grid anchored at the first row.
  const Time first = t.front(), last = t.back(), step = cx.spec.resample;
  const Time from = std::max(first, floor_to(run_start, first, step));
  const Time run_end_up = floor_to(run_end - Time::us(1), first, step) + step;
  const Time to = std::min(last, run_end_up);
  // An empty run (run_end <= run_start) gets the whole trace.
  if (to <= from) {
    checked(first, last);
    return LinearSeries(std::move(t), std::move(v)).to_steps(first, last, step);
  }
  checked(from, to);
  return LinearSeries(std::move(t), std::move(v)).to_steps(from, to, step);
}

}  // namespace

namespace {

// What load_trace read while a TraceReuse scope is open (none outside one).
struct ReusedTraces {
  struct Entry {
    TraceSpec spec;
    Time run_start, run_end;  // zero for a repeating trace: it does not depend on the window
    LoadedTrace trace;
  };
  std::mutex mutex;
  int scopes = 0;
  std::vector<Entry> entries;

  static ReusedTraces& get() {
    static ReusedTraces r;
    return r;
  }
  static std::pair<Time, Time> window(const TraceSpec& spec, Time a, Time b) {
    return spec.repeat ? std::pair{Time::zero(), Time::zero()} : std::pair{a, b};
  }
  std::optional<LoadedTrace> find(const TraceSpec& spec, Time a, Time b) {
    const auto [from, to] = window(spec, a, b);
    std::lock_guard lock(mutex);
    for (const Entry& e : entries)
      if (e.run_start == from && e.run_end == to && e.spec == spec) return e.trace;
    return std::nullopt;
  }
  void keep(const TraceSpec& spec, Time a, Time b, const LoadedTrace& t) {
    const auto [from, to] = window(spec, a, b);
    std::lock_guard lock(mutex);
    if (scopes > 0) entries.push_back({spec, from, to, t});
  }
};

LoadedTrace read_trace(const TraceSpec& spec, Time run_start, Time run_end);

}  // namespace

TraceReuse::TraceReuse() {
  ReusedTraces& r = ReusedTraces::get();
  std::lock_guard lock(r.mutex);
  ++r.scopes;
}

TraceReuse::~TraceReuse() {
  ReusedTraces& r = ReusedTraces::get();
  std::lock_guard lock(r.mutex);
  if (--r.scopes == 0) r.entries.clear();
}

LoadedTrace load_trace(const TraceSpec& spec, Time run_start, Time run_end) {
  ReusedTraces& reused = ReusedTraces::get();
  bool open = false;
  {
    std::lock_guard lock(reused.mutex);
    open = reused.scopes > 0;
  }
  if (!open)
    return read_trace(spec, run_start, run_end);  // not under the lock: threads read at once
  if (auto hit = reused.find(spec, run_start, run_end)) return std::move(*hit);
  LoadedTrace t = read_trace(spec, run_start, run_end);
  reused.keep(spec, run_start, run_end, t);
  return t;
}

namespace {

LoadedTrace read_trace(const TraceSpec& spec, Time run_start, Time run_end) {
  LoadedTrace out;
  CsvReader csv(spec.file, spec.separator);
  const auto tcol = static_cast<std::size_t>(pick_column(csv, spec.time_column, 0, "time_column"));
  const auto vcol =
      static_cast<std::size_t>(pick_column(csv, spec.value_column, 1, "value_column"));
  Context cx{spec, csv.file(), csv.header()[tcol], csv.header()[vcol], &out.repairs};
  std::size_t records = 0;
  Columns rows = read_columns(cx, csv, tcol, vcol, records);
  if (records < 2)
    cx.fail(0, spec.field, fmt::format("expected at least 2 data rows, found {}", records));
  if (rows.size() >= 2) out.spacing = typical_spacing(rows.t);
  if (rows.size() < 2 || !needs_no_repair(cx, rows, out.spacing)) {
    std::vector<Row> r = resolve_times(cx, rows.rows());
    rows = {};
    apply_unsorted(cx, r);
    apply_duplicates(cx, r);
    if (r.size() < 2) {
      cx.fail(0, spec.field,
              fmt::format("expected at least 2 rows with distinct times, found {}", r.size()));
    }
    rows = Columns::from(r);
    out.spacing = typical_spacing(rows.t);  // of the rows before gaps are filled
    apply_gaps(cx, r, out.spacing);
    rows = Columns::from(r);
  }

  const Time first = rows.t.front();
  const Time covered_end =
      spec.interpolation == Interpolation::step ? rows.t.back() + out.spacing : rows.t.back();
  if (!spec.repeat && (run_start < first || run_end > covered_end)) {
    cx.fail(0, spec.field,
            fmt::format("the trace covers {} to {} but the run needs {} to {}; set `repeat: true` "
                        "or shorten the run",
                        format_utc(first), format_utc(covered_end), format_utc(run_start),
                        format_utc(run_end)));
  }
  out.series = build_series(cx, std::move(rows), out.spacing, run_start, run_end);
  return out;
}

}  // namespace

}  // namespace wf
