#include "tools/wattfleet/html_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <system_error>
#include <vector>

#include <wattfleet/version.hpp>

#include "sim/error.hpp"
#include "sim/hdf5_reader.hpp"
#include "sim/summary_figures.hpp"
#include "tools/wattfleet/isolated_read.hpp"
#include "tools/wattfleet/report_assets.hpp"

namespace wf::cli {

namespace {

using nlohmann::json;

// About an hour a bucket over a leap year: a year at 15 min stays under 3 MB of page.
constexpr std::size_t kMaxBuckets = 8784;
constexpr std::size_t kBlockRows = 1 << 20;  // rows read at a time (memory bounded)
constexpr int kHistogramBins = 1024;         // grid import distribution and duration curve
constexpr std::size_t kMaxEvents = 5000;     // per site, in time order; the counts cover all

constexpr const char* kDecimationRule =
    "Series longer than the charts can show are cut into buckets of whole output rows: the "
    "line is the mean of the rows' means, the band runs from the lowest row minimum to the "
    "highest row maximum in the bucket, so no peak is hidden.";

json number(double v) {
  return std::isfinite(v) ? json(v) : json(nullptr);
}

// Rounded for the page only, to 1e-5 of the channel's largest magnitude (whole numbers
// written as such): the page's size is mostly these digits.
json rounded(double v, double per_unit) {
  if (!std::isfinite(v)) return nullptr;
  const double r = std::round(v * per_unit) / per_unit;
  if (r == std::trunc(r) && std::abs(r) < 1e15) return json(static_cast<std::int64_t>(r));
  return json(r);
}

// 1 / quantum for `rounded`: five significant digits of the largest magnitude.
double digits_for(const std::vector<double>& a, const std::vector<double>& b) {
  double top = 0;
  for (const auto* v : {&a, &b})
    for (double x : *v)
      if (std::isfinite(x)) top = std::max(top, std::abs(x));
  return top > 0 ? std::pow(10.0, 4 - std::floor(std::log10(top))) : 1.0;
}

std::array<long, 3> version_of(const std::string& v) {
  std::array<long, 3> out{0, 0, 0};
  std::size_t i = 0, pos = 0;
  while (i < 3 && pos < v.size()) {
    std::size_t used = 0;
    try {
      out[i++] = std::stol(v.substr(pos), &used);
    } catch (const std::exception&) {
      break;
    }
    pos += used;
    if (pos >= v.size() || v[pos] != '.') break;
    ++pos;
  }
  return out;
}

void check_readable(const H5View& f, const std::string& kind) {
  const std::string v = f.attr("meta", "version");
  if (v.empty())
    throw InputError(f.file().string(), 0, "/meta",
                     "not a wattfleet result file (no /meta with a version)");
  if (version_of(v) > version_of(kVersion))
    throw InputError(f.file().string(), 0, "/meta@version",
                     fmt::format("written by wattfleet {}, newer than this wattfleet {}: update "
                                 "wattfleet to read it",
                                 v, kVersion));
  if (kind == "run") {
    if (!f.has("time") || !f.has("summary"))
      throw InputError(f.file().string(), 0, "/summary",
                       "an incomplete run result (killed or still running): no /summary");
    const double flushed = f.number_attr("/", "rows_flushed");
    const std::size_t rows = f.length("time");
    if (std::isfinite(flushed) && flushed < double(rows))
      throw InputError(
          f.file().string(), 0, "/@rows_flushed",
          fmt::format("an incomplete run result: {} of {} rows on disk", flushed, rows));
  }
}

json meta_of(const H5View& f, const std::string& kind) {
  json m{{"kind", kind},
         {"file", f.file().filename().string()},
         {"version", f.attr("meta", "version")},
         {"git_hash", f.attr("meta", "git_hash")},
         {"created_utc", f.attr("meta", "created_utc")},
         {"scenario_path", f.attr("meta", "scenario_path")},
         {"overrides", f.attr("meta", "overrides")},
         {"report_version", kVersion}};
  if (kind == "run") {
    m["scenario"] = f.attr("meta", "scenario");
    m["seed"] = std::to_string(f.uint64_attr("meta", "seed"));  // all 64 bits, as text
  } else {
    m["scenario"] = f.attr("meta", "scenario_text");
    m["sizing"] = f.attr("meta", "sizing");
  }
  return m;
}

json table_of(const H5View& f, const std::string& group) {
  json t = json::object();
  for (const auto& name : f.members(group, true)) {
    const std::string path = group + "/" + name;
    json col{{"units", f.attr(path, "units")}, {"description", f.attr(path, "description")}};
    if (!f.attr(path, "units").empty() || name != "error") {
      json v = json::array();
      for (double x : f.doubles(path)) v.push_back(number(x));
      col["values"] = std::move(v);
    } else {
      col["values"] = f.strings(path);
    }
    t[name] = std::move(col);
  }
  return t;
}

// --- run reports -----------------------------------------------------------------

struct Headline {
  const char* key;
  const char* label;
};

// A /summary figure shown at the top of a site's section.
struct RunHeadline {
  const SummaryFigure* figure;
  const char* label;
  std::string_view prefix = {};  // "bill." for a bill item
  std::string key() const { return std::string(prefix) + std::string(figure->name); }
};

// In this order when present; the page says which are absent from the file.
constexpr RunHeadline kRunHeadline[] = {
    {&economics_figure("bill_without_storage"), "Bill without storage (year 1)"},
    {&economics_figure("bill_with_storage"), "Bill with storage (year 1)"},
    {&economics_figure("saving_per_year"), "Saving per year"},
    {&economics_figure("npv"), "NPV"},
    {&economics_figure("irr"), "IRR"},
    {&economics_figure("discounted_payback"), "Discounted payback"},
    {&economics_figure("lcos"), "LCOS"},
    {&economics_figure("end_of_life_year"), "End of life (year of the life)"},
    {&bill_figure("total"), "Bill over the run", "bill."},
    {&site_figure("peak_import"), "Peak import"},
    {&site_figure("lost_node_hours"), "Lost node-hours"},
    {&site_figure("unserved_energy"), "Unserved energy"},
    {&site_figure("balance_max_relative_residual"), "Largest balance residual"},
};

// The channels charted over the run (W or 1), with their _min/_max when written.
constexpr const char* kSeriesChannels[] = {"grid_power", "pv_power",      "battery_power",
                                           "it_power",   "cooling_power", "soc",
                                           "soh",        "unserved_power"};

bool is_power(const std::string& channel) {
  return channel.ends_with("_power");
}

struct Bucketed {
  std::vector<double> t_ms, mean, lo, hi;
};

json empty_events() {
  return {{"total", 0}, {"counts", json::object()}, {"shown", json::array()}};
}

// Events per site ("" for the run's own): every one counted, the first kMaxEvents of
// each kept, read in blocks (a run may have millions).
json events_by_site(const H5View& f) {
  json by = json::object();
  if (!f.has("events/time")) return by;
  const std::size_t n = f.length("events/time");
  constexpr std::size_t kBlock = 1 << 16;
  std::vector<double> t(std::min(n, kBlock)), v(t.size());
  for (std::size_t first = 0; first < n; first += kBlock) {
    const std::size_t m = std::min(kBlock, n - first);
    f.read_rows("events/time", first, std::span<double>(t.data(), m));
    f.read_rows("events/value", first, std::span<double>(v.data(), m));
    const auto site = f.string_rows("events/site", first, m);
    const auto kind = f.string_rows("events/kind", first, m);
    const auto message = f.string_rows("events/message", first, m);
    for (std::size_t i = 0; i < m; ++i) {
      json& e = by[site[i]];
      if (e.is_null()) e = empty_events();
      e["total"] = e["total"].get<long long>() + 1;
      json& c = e["counts"][kind[i]];
      c = c.is_null() ? 1 : c.get<long long>() + 1;
      if (e["shown"].size() < kMaxEvents)
        e["shown"].push_back({std::llround(t[i] / 1e3), kind[i], number(v[i]), message[i]});
    }
  }
  return by;
}

json site_report(const H5View& f, const std::string& id, const json& events) {
  json site{{"id", id}};
  const std::string sum = "summary/" + id, rows_at = "sites/" + id;
  json summary = json::object();
  for (const auto& name : f.members(sum, true)) {
    const std::string path = sum + "/" + name;
    const auto v = f.doubles(path);
    if (v.size() != 1) throw InputError(f.file().string(), 0, "/" + path, "expected one number");
    summary[name] = {{"value", number(v.front())},
                     {"units", f.attr(path, "units")},
                     {"description", f.attr(path, "description")}};
  }
  json headline = json::array();
  for (const auto& h : kRunHeadline)
    if (const std::string key = h.key(); summary.contains(key))
      headline.push_back({{"key", key},
                          {"label", h.label},
                          {"value", summary[key]["value"]},
                          {"units", summary[key]["units"]},
                          {"source", "/" + sum + "/" + key}});
  site["summary"] = std::move(summary);
  site["headline"] = std::move(headline);
  if (f.has(sum + "/cashflow")) site["cashflow"] = table_of(f, sum + "/cashflow");

  // One pass over the rows in blocks: buckets, the shares of the controller's rules,
  // the peak row, and the range of the grid power with and without the batteries.
  const std::string time_path = rows_at + "/time";
  const std::size_t n = f.has(time_path) ? f.length(time_path) : 0;
  std::vector<std::string> present, rules;
  for (const auto& c : f.members(rows_at, true)) {
    if (c.starts_with("ems_") && !c.ends_with("_min") && !c.ends_with("_max")) rules.push_back(c);
  }
  for (const char* c : kSeriesChannels)
    if (f.has(rows_at + "/" + c)) present.push_back(c);
  // battery_power is written for every site; soc only where there are batteries.
  const bool has_battery = f.has(rows_at + "/soc");
  const std::size_t per = std::max<std::size_t>(1, (n + kMaxBuckets - 1) / kMaxBuckets);
  const std::size_t buckets = (n + per - 1) / per;
  std::map<std::string, Bucketed> series;
  std::vector<double> t_ms(buckets), rule_sum(rules.size(), 0.0);
  double lo = INFINITY, hi = -INFINITY, peak = -INFINITY, peak_ms = NAN;
  std::vector<double> time(std::min(n, kBlockRows)), v(time.size()), w(time.size());
  for (const auto& c : present) {
    auto& s = series[c];
    s.mean.assign(buckets, 0.0), s.lo.assign(buckets, INFINITY), s.hi.assign(buckets, -INFINITY);
  }
  std::vector<double> counts(buckets, 0.0);
  for (std::size_t first = 0; first < n; first += kBlockRows) {
    const std::size_t m = std::min(kBlockRows, n - first);
    std::span<double> tb(time.data(), m), vb(v.data(), m), wb(w.data(), m);
    f.read_rows(time_path, first, tb);
    for (std::size_t i = 0; i < m; ++i) {
      const std::size_t b = (first + i) / per;
      if ((first + i) % per == 0) t_ms[b] = tb[i] / 1e3;
      counts[b] += 1;
    }
    for (const auto& c : present) {
      auto& s = series[c];
      const std::string base = rows_at + "/" + c;
      f.read_rows(base, first, vb);
      for (std::size_t i = 0; i < m; ++i) s.mean[(first + i) / per] += vb[i];
      for (const std::string_view suffix : {"_min", "_max"}) {
        const std::string path = base + std::string(suffix);
        const bool has = f.has(path), is_min = suffix == "_min";
        if (has) f.read_rows(path, first, wb);
        auto& out = is_min ? s.lo : s.hi;
        for (std::size_t i = 0; i < m; ++i) {
          const double x = has ? wb[i] : vb[i];
          auto& y = out[(first + i) / per];
          y = is_min ? std::min(y, x) : std::max(y, x);
        }
      }
    }
    // The highest import at any instant: the week the page shows first.
    const std::string grid_peak =
        rows_at + (f.has(rows_at + "/grid_power_max") ? "/grid_power_max" : "/grid_power");
    if (f.has(grid_peak)) {
      f.read_rows(grid_peak, first, vb);
      for (std::size_t i = 0; i < m; ++i)
        if (vb[i] > peak) peak = vb[i], peak_ms = tb[i] / 1e3;
    }
    for (std::size_t r = 0; r < rules.size(); ++r) {
      f.read_rows(rows_at + "/" + rules[r], first, vb);
      for (std::size_t i = 0; i < m; ++i) rule_sum[r] += vb[i];
    }
    if (f.has(rows_at + "/grid_power")) {
      f.read_rows(rows_at + "/grid_power", first, vb);
      if (has_battery) f.read_rows(rows_at + "/battery_power", first, wb);
      for (std::size_t i = 0; i < m; ++i) {
        const double without = vb[i] + (has_battery ? wb[i] : 0);
        if (!std::isfinite(vb[i]) || !std::isfinite(without)) continue;
        lo = std::min({lo, vb[i], without}), hi = std::max({hi, vb[i], without});
      }
    }
  }
  // Buckets start on the output grid: the first start and the step give them all.
  json js{{"t0_ms", buckets ? t_ms.front() : 0.0},
          {"step_ms", f.number_attr(time_path, "interval_us") / 1e3 * double(per)},
          {"buckets", buckets},
          {"rows_per_bucket", per},
          {"rows", n}};
  json channels = json::object();
  for (const auto& c : present) {
    auto& s = series[c];
    const double scale = is_power(c) ? 1e-3 : 1;
    for (std::size_t b = 0; b < buckets; ++b) s.mean[b] *= scale / counts[b];
    for (auto& x : s.lo) x *= scale;
    for (auto& x : s.hi) x *= scale;
    const double per_unit = digits_for(s.lo, s.hi);
    auto page = [&](const std::vector<double>& values) {
      json out = json::array();
      for (double x : values) out.push_back(rounded(x, per_unit));
      return out;
    };
    channels[c] = {{"units", is_power(c) ? "kW" : "1"},
                   {"description", f.attr(rows_at + "/" + c, "description")},
                   {"mean", page(s.mean)}};
    if (f.has(rows_at + "/" + c + "_min")) {  // a band only where the file has one
      channels[c]["min"] = page(s.lo);
      channels[c]["max"] = page(s.hi);
    }
  }
  js["channels"] = std::move(channels);
  js["peak_ms"] = number(peak_ms);
  js["peak_kw"] = number(peak / 1e3);
  site["series"] = std::move(js);
  json shares = json::array();
  for (std::size_t r = 0; r < rules.size(); ++r)
    shares.push_back(
        {{"rule", rules[r].substr(4)}, {"share", number(n ? rule_sum[r] / double(n) : NAN)}});
  site["rule_shares"] = std::move(shares);

  // Distribution of the interval-mean grid power with and without the batteries (the
  // same rows with the batteries' flow put back on the grid), on shared bins.
  if (n > 0 && std::isfinite(lo) && std::isfinite(hi) && f.has(rows_at + "/grid_power")) {
    if (hi <= lo) hi = lo + 1;
    std::vector<long long> with(kHistogramBins, 0), without(kHistogramBins, 0);
    auto bin = [&](double x) {
      return std::clamp(int((x - lo) / (hi - lo) * kHistogramBins), 0, kHistogramBins - 1);
    };
    for (std::size_t first = 0; first < n; first += kBlockRows) {
      const std::size_t m = std::min(kBlockRows, n - first);
      std::span<double> vb(v.data(), m), wb(w.data(), m);
      f.read_rows(rows_at + "/grid_power", first, vb);
      if (has_battery) f.read_rows(rows_at + "/battery_power", first, wb);
      for (std::size_t i = 0; i < m; ++i) {
        const double x = vb[i], y = vb[i] + (has_battery ? wb[i] : 0);
        if (!std::isfinite(x) || !std::isfinite(y)) continue;  // counted in neither
        ++with[bin(x)];
        ++without[bin(y)];
      }
    }
    site["grid_histogram"] = {{"lo_kw", lo / 1e3},
                              {"hi_kw", hi / 1e3},
                              {"with", with},
                              {"without", has_battery ? json(without) : json(nullptr)}};
  }
  site["events"] = events.contains(id) ? events[id] : empty_events();
  return site;
}

json run_report(const H5View& f) {
  json r{{"meta", meta_of(f, "run")}, {"decimation", kDecimationRule}};
  r["interval_s"] = f.number_attr("time", "interval_us") / 1e6;
  const json events = events_by_site(f);
  r["run_events"] = events.contains("") ? events[""] : empty_events();
  json sites = json::array();
  for (const auto& id : f.members("summary"))
    if (f.has("summary/" + id + "/grid_import_energy") || f.has("sites/" + id))
      sites.push_back(site_report(f, id, events));
  r["sites"] = std::move(sites);
  return r;
}

// --- sizing reports --------------------------------------------------------------

// The sizing's headline: /configurations columns of the two chosen rows.
constexpr Headline kOptimumHeadline[] = {
    {"capacity", "NPV optimum: capacity"},
    {"power", "NPV optimum: power"},
    {"capex", "NPV optimum: investment"},
    {"npv_p50", "NPV optimum: NPV P50"},
    {"npv_p10", "NPV optimum: NPV P10"},
    {"npv_p90", "NPV optimum: NPV P90"},
    {"irr", "NPV optimum: IRR"},
    {"end_of_life_year", "NPV optimum: end of life (year)"},
    {"lost_node_hours", "NPV optimum: lost node-hours"},
};
constexpr Headline kResilienceHeadline[] = {
    {"capacity", "Resilience choice: capacity"},
    {"power", "Resilience choice: power"},
    {"capex", "Resilience choice: investment"},
    {"npv_p50", "Resilience choice: NPV P50"},
};

json sizing_report(const H5View& f) {
  json r{{"meta", meta_of(f, "sizing")}};
  json rows = table_of(f, "configurations");
  const auto pick = [&](const char* name) {
    const auto v = f.doubles(std::string("summary/") + name);
    const double i = v.empty() ? NAN : v.front();
    const double n = double(f.length("configurations/capacity"));
    return std::isfinite(i) && i >= 0 && i < n ? int(i) : -1;
  };
  const int best = pick("npv_optimum"), safe = pick("resilience_choice");
  json headline = json::array();
  auto add = [&](int row, const char* column, const std::string& label) {
    if (row < 0 || !rows.contains(column)) return;
    headline.push_back({{"key", column},
                        {"label", label},
                        {"value", rows[column]["values"].at(std::size_t(row))},
                        {"units", rows[column]["units"]},
                        {"source", fmt::format("/configurations/{}[{}]", column, row)}});
  };
  for (const auto& h : kOptimumHeadline) add(best, h.key, h.label);
  for (const auto& h : kResilienceHeadline) add(safe, h.key, h.label);
  r["configurations"] = std::move(rows);
  r["npv_optimum"] = best;
  r["resilience_choice"] = safe;
  r["headline"] = std::move(headline);
  if (f.has("optimum_cashflow")) r["cashflow"] = table_of(f, "optimum_cashflow");
  return r;
}

json report_data(const std::filesystem::path& result) {
  const H5View f(result);
  const std::string kind = f.attr("meta", "kind") == "sizing" ? "sizing" : "run";
  check_readable(f, kind);
  return kind == "sizing" ? sizing_report(f) : run_report(f);
}

void replace_all(std::string& text, std::string_view what, std::string_view with) {
  for (std::size_t pos = 0; (pos = text.find(what, pos)) != std::string::npos; pos += with.size())
    text.replace(pos, what.size(), with);
}

}  // namespace

void write_html_report(const std::filesystem::path& result, const std::filesystem::path& html,
                       bool trusted) {
  std::error_code same_ec;
  if (html == result || std::filesystem::equivalent(result, html, same_ec))
    throw OutputError(
        html.string(), 0, "-o",
        "the report would replace the result file it is made from; choose another name");
  // The report's kind on the first line, then its data (one line of JSON).
  auto read = [&] {
    try {
      const json d = report_data(result);
      return std::string(d["meta"]["kind"] == "sizing" ? "sizing\n" : "run\n") +
             d.dump(-1, ' ', false, json::error_handler_t::replace);
    } catch (const InputError&) {
      throw;
    } catch (const std::runtime_error& e) {  // HDF5 could not read it: damaged or foreign
      throw InputError(result.string(), 0, "",
                       fmt::format("not a readable wattfleet result: {}", e.what()));
    }
  };
  std::string data = trusted ? read() : read_isolated(result, read);
  const std::size_t eol = data.find('\n');
  if (eol == std::string::npos) throw InternalError("report data: no kind line");
  const bool sizing = data.compare(0, eol, "sizing") == 0;
  data.erase(0, eol + 1);
  // Inside <script>: no "</script>" or "<!--" can appear once every '<' is escaped.
  replace_all(data, "<", "\\u003c");
  std::string title = result.filename().string();
  replace_all(title, "&", "&amp;");
  replace_all(title, "<", "&lt;");
  // Every placeholder is found in the template first and filled from the last one
  // back, so that nothing filled in (a file name, the data) can hold a placeholder.
  const std::string_view tpl = report_asset(ReportAsset::page);
  std::vector<std::pair<std::size_t, std::pair<std::string_view, std::string_view>>> at;
  for (const auto& [key, value] :
       std::initializer_list<std::pair<std::string_view, std::string_view>>{
           {"@TITLE@", title},
           {"@STYLE@", report_asset(ReportAsset::style)},
           // a run's charts need only the common build (a third smaller: the page opens sooner)
           {"@CHARTS_LIB@",
            report_asset(sizing ? ReportAsset::charts_lib : ReportAsset::charts_lib_common)},
           {"@SCRIPT@", report_asset(ReportAsset::script)},
           {"@DATA@", data}}) {
    const auto pos = tpl.find(key);
    if (pos == std::string_view::npos) throw InternalError(fmt::format("report page: no {}", key));
    at.push_back({pos, {key, value}});
  }
  std::sort(at.begin(), at.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::string page(tpl);
  for (const auto& [pos, kv] : at) page.replace(pos, kv.first.size(), kv.second);

  const std::filesystem::path partial = html.string() + ".partial";
  std::FILE* out = std::fopen(partial.c_str(), "wb");
  if (!out)
    throw OutputError(partial.string(), 0, "",
                      fmt::format("cannot write: {}", std::generic_category().message(errno)));
  const bool ok = std::fwrite(page.data(), 1, page.size(), out) == page.size();
  if (std::fclose(out) != 0 || !ok) {
    std::error_code ec;
    std::filesystem::remove(partial, ec);
    throw OutputError(partial.string(), 0, "", "writing the report failed");
  }
  std::error_code ec;
  std::filesystem::rename(partial, html, ec);
  if (ec) {
    std::error_code ignored;
    std::filesystem::remove(partial, ignored);
    throw OutputError(html.string(), 0, "", fmt::format("renaming failed: {}", ec.message()));
  }
}

}  // namespace wf::cli
