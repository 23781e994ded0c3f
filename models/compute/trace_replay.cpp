#include "models/compute/trace_replay.hpp"

#include <algorithm>
#include <charconv>

#include "sim/csv_reader.hpp"
#include "sim/error.hpp"

namespace wf {
namespace {

[[noreturn]] void bad(const std::filesystem::path& f, int line, const std::string& col,
                      const std::string& what) {
  throw InputError(f.string(), line, col, what);
}

// Leading number of a field like " 72.36 W"; the unit, if any, must be W.
double number(const std::string& s, const std::filesystem::path& f, int line,
              const std::string& col) {
  const auto b = s.find_first_not_of(' ');
  double v = 0;
  const char* first = s.data() + (b == std::string::npos ? s.size() : b);
  auto [p, ec] = std::from_chars(first, s.data() + s.size(), v);
  std::string_view rest(p, static_cast<std::size_t>(s.data() + s.size() - p));
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  if (ec != std::errc{} || !(rest.empty() || rest == "W"))
    bad(f, line, col, "expected a power in W like '72.36 W', got '" + s + "'");
  return v;
}

// "2025/07/27 00:34:45.155" -> seconds of the day (the date only matters across midnight).
double clock_s(const std::string& s, const std::filesystem::path& f, int line) {
  int y, mo, d, h, mi;
  double sec;
  if (std::sscanf(s.c_str(), " %d/%d/%d %d:%d:%lf", &y, &mo, &d, &h, &mi, &sec) != 6)
    bad(f, line, "timestamp", "expected a time like '2025/07/27 00:34:45.155', got '" + s + "'");
  return d * 86400.0 + h * 3600.0 + mi * 60.0 + sec;
}

int col(const CsvTable& t, std::string_view name, const std::filesystem::path& f) {
  for (std::size_t i = 0; i < t.header.size(); ++i) {
    std::string_view h = t.header[i];
    while (!h.empty() && h.front() == ' ') h.remove_prefix(1);
    if (h == name) return static_cast<int>(i);
  }
  bad(f, 1, std::string(name), "expected a column '" + std::string(name) + "'");
}

}  // namespace

double PowerLog::energy_j() const {
  double e = 0;
  for (std::size_t i = 0; i < t.size(); ++i)
    e += w[i] * ((i + 1 < t.size() ? t[i + 1] : period()) - t[i]).to_seconds();
  return e;
}

PowerLog read_power_log(const std::filesystem::path& file, TraceFormat format, int gpus) {
  const CsvTable tab = read_csv(file);
  const bool smi = format == TraceFormat::nvidia_smi;
  const int tc = col(tab, smi ? "timestamp" : "time_seconds", file);
  const int pc = col(tab, smi ? "power.draw [W]" : "power_watts", file);
  const std::size_t group = smi ? static_cast<std::size_t>(gpus) : 1;
  if (tab.rows.size() < 2 * group) bad(file, 0, "", "expected at least two samples");
  PowerLog log;
  const std::size_t whole = tab.rows.size() - tab.rows.size() % group;
  if (whole != tab.rows.size())
    log.repairs.push_back(file.string() + ":" + std::to_string(tab.lines[whole]) +
                          ": dropped a last sample cut short (" +
                          std::to_string(tab.rows.size() - whole) + " of " + std::to_string(group) +
                          " GPU rows)");
  double t0 = 0;
  for (std::size_t r = 0; r < whole; r += group) {
    const auto& row = tab.rows[r];
    const int line = tab.lines[r];
    const double ts =
        smi ? clock_s(row[tc], file, line) : number(row[tc], file, line, "time_seconds");
    if (r == 0) t0 = ts;
    double w = 0;
    for (std::size_t k = 0; k < group; ++k) {
      const double v = number(tab.rows[r + k][pc], file, tab.lines[r + k], tab.header[pc]);
      if (v < 0) bad(file, tab.lines[r + k], tab.header[pc], "expected a power of at least 0 W");
      w += v;
    }
    const Time t = Time::from_seconds(ts - t0);
    if (!log.t.empty() && t <= log.t.back())
      bad(file, line, tab.header[tc], "expected times that increase");
    log.t.push_back(t);
    log.w.push_back(w);
  }
  std::vector<Time> d;
  for (std::size_t i = 1; i < log.t.size(); ++i) d.push_back(log.t[i] - log.t[i - 1]);
  std::nth_element(d.begin(), d.begin() + static_cast<std::ptrdiff_t>(d.size() / 2), d.end());
  log.spacing = d[d.size() / 2];
  return log;
}

PowerLog resample(const PowerLog& log, Time step) {
  WF_ASSERT(step > Time::zero() && !log.t.empty());
  const Time period = log.period();
  const StepSeries held(log.t, log.w, period);
  PowerLog out;
  for (Time a = Time::zero(); a < period; a += step) {
    const Time b = std::min(a + step, period);
    out.t.push_back(a);
    out.w.push_back(held.mean(a, b));
  }
  out.spacing = period - out.t.back();  // the last window holds to the period's end
  return out;
}

StepSeries replay(const PowerLog& log, Time start, int nodes, double scale, double base_w) {
  std::vector<Time> t;
  std::vector<double> v;
  for (std::size_t i = 0; i < log.t.size(); ++i) {
    t.push_back(start + log.t[i]);
    v.push_back(nodes * (log.w[i] * scale + base_w));
  }
  return StepSeries(std::move(t), std::move(v), start + log.period(), true);
}

}  // namespace wf
