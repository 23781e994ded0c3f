#include "models/battery/lfp_cell.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>

#include "sim/error.hpp"
#include "sim/input_files.hpp"

namespace wf {

namespace {

// Numeric CSV with '#' comments and one header line; every row has `cols` numbers.
std::vector<std::vector<double>> read_numeric_csv(const std::filesystem::path& file,
                                                  std::size_t cols) {
  admit_input_file(file, "cell table");
  std::ifstream in(file);
  if (!in) throw InputError(file.string(), 0, "", "cannot read the cell table");
  std::vector<std::vector<double>> rows;
  std::string line;
  bool header = true;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.empty() || line[0] == '#') continue;
    if (std::exchange(header, false)) continue;
    std::replace(line.begin(), line.end(), ',', ' ');
    std::istringstream s(line);
    std::vector<double> r(cols);
    for (auto& v : r)
      if (!(s >> v))
        throw InputError(file.string(), n, "", fmt::format("expected {} numbers", cols));
    rows.push_back(std::move(r));
  }
  return rows;
}

// Why `v` does not increase strictly; empty when it does.
std::string not_increasing(const std::vector<double>& v, const char* what) {
  for (std::size_t i = 1; i < v.size(); ++i)
    if (!(v[i] > v[i - 1]))
      return fmt::format("{} must increase strictly (row {}: {} after {})", what, i + 1, v[i],
                         v[i - 1]);
  return {};
}

std::vector<double> unique_sorted(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

}  // namespace

std::string LfpCell::table_problem(const OcvTable& ocv, const ResistanceTable& r) {
  const auto n = ocv.soc.size();
  if (n < 2 || ocv.ocv_v.size() != n || ocv.hysteresis_v.size() != n)
    return "OCV table needs >= 2 rows of soc, ocv and hysteresis";
  if (ocv.soc.front() != 0 || ocv.soc.back() != 1) return "OCV table must span soc 0 to 1";
  for (auto why : {not_increasing(ocv.soc, "OCV table soc"),
                   not_increasing(ocv.ocv_v, "open-circuit voltage")})
    if (!why.empty()) return why;
  for (double h : ocv.hysteresis_v)
    if (!(h >= 0)) return "hysteresis voltage must be >= 0";
  for (auto why : {not_increasing(r.soc, "resistance table soc"),
                   not_increasing(r.temperature_k, "resistance table temperature")})
    if (!why.empty()) return why;
  const auto m = r.soc.size() * r.temperature_k.size();
  if (r.soc.empty() || r.temperature_k.empty() || r.charge_ohm.size() != m ||
      r.discharge_ohm.size() != m)
    return "resistance table must hold every (soc, temperature) pair once";
  for (std::size_t i = 0; i < m; ++i)
    if (!(r.charge_ohm[i] > 0) || !(r.discharge_ohm[i] > 0))
      return fmt::format("resistance must be > 0 (soc {}, {} K)", r.soc[i / r.temperature_k.size()],
                         r.temperature_k[i % r.temperature_k.size()]);
  return {};
}

LfpCell::LfpCell(OcvTable ocv, ResistanceTable r) : ocv_(std::move(ocv)), r_(std::move(r)) {
  // Tables from files were checked by load(); others are the caller's contract.
  if (std::string why = table_problem(ocv_, r_); !why.empty()) throw InternalError(why);
  const auto n = ocv_.soc.size();
  cum_.assign(n, 0.0);
  for (std::size_t i = 1; i < n; ++i)
    cum_[i] =
        cum_[i - 1] + 0.5 * (ocv_.ocv_v[i] + ocv_.ocv_v[i - 1]) * (ocv_.soc[i] - ocv_.soc[i - 1]);
  // An evenly spaced grid (the usual case) is indexed without a search.
  step_ = 1.0 / static_cast<double>(n - 1);
  uniform_ = true;
  for (std::size_t i = 0; i < n; ++i)
    uniform_ = uniform_ && std::abs(ocv_.soc[i] - static_cast<double>(i) * step_) < 1e-12;
}

LfpCell LfpCell::load(const std::filesystem::path& dir) {
  OcvTable o;
  for (const auto& r : read_numeric_csv(dir / "ocv.csv", 3)) {
    o.soc.push_back(r[0]), o.ocv_v.push_back(r[1]), o.hysteresis_v.push_back(r[2]);
  }
  auto rows = read_numeric_csv(dir / "resistance.csv", 4);
  ResistanceTable t;
  std::vector<double> s, k;
  for (const auto& r : rows) s.push_back(r[0]), k.push_back(r[1] + 273.15);
  t.soc = unique_sorted(s), t.temperature_k = unique_sorted(k);
  const auto nt = t.temperature_k.size();
  t.charge_ohm.assign(t.soc.size() * nt, -1), t.discharge_ohm.assign(t.soc.size() * nt, -1);
  if (rows.size() != t.charge_ohm.size())
    throw InputError((dir / "resistance.csv").string(), 0, "",
                     "expected every (soc, temperature) pair once");
  for (const auto& r : rows) {
    auto i = std::lower_bound(t.soc.begin(), t.soc.end(), r[0]) - t.soc.begin();
    auto j = std::lower_bound(t.temperature_k.begin(), t.temperature_k.end(), r[1] + 273.15) -
             t.temperature_k.begin();
    t.charge_ohm[i * nt + j] = r[2], t.discharge_ohm[i * nt + j] = r[3];
  }
  if (std::string why = table_problem(o, t); !why.empty())
    throw InputError(dir.string(), 0, "", "cell tables: " + why);
  return LfpCell(std::move(o), std::move(t));
}

std::size_t LfpCell::index(double soc) const {
  const auto n = ocv_.soc.size();
  if (uniform_) return std::min(static_cast<std::size_t>(soc / step_), n - 2);
  auto it = std::upper_bound(ocv_.soc.begin(), ocv_.soc.end(), soc);
  return std::min(static_cast<std::size_t>(std::max<std::ptrdiff_t>(it - ocv_.soc.begin() - 1, 0)),
                  n - 2);
}

double LfpCell::lookup(const std::vector<double>& y, double soc) const {
  soc = std::clamp(soc, 0.0, 1.0);
  const auto i = index(soc);
  const double f = (soc - ocv_.soc[i]) / (ocv_.soc[i + 1] - ocv_.soc[i]);
  return y[i] + f * (y[i + 1] - y[i]);
}

double LfpCell::ocv_integral(double soc) const {
  soc = std::clamp(soc, 0.0, 1.0);
  const auto i = index(soc);
  const double ds = soc - ocv_.soc[i];
  return cum_[i] + ds * (ocv_.ocv_v[i] + 0.5 * ds * (ocv_.ocv_v[i + 1] - ocv_.ocv_v[i]) /
                                             (ocv_.soc[i + 1] - ocv_.soc[i]));
}

namespace {
// Bracket of x in a strictly increasing grid, clamped at the ends: index and weight.
// `hint` is the index found last time: a state moves a little between look-ups, so
// its cell is tried before the search (the same index either way, g[i] <= x < g[i+1]).
std::pair<std::size_t, double> bracket(const std::vector<double>& g, double x, std::size_t& hint) {
  if (g.size() == 1 || x <= g.front()) return {0, 0.0};
  if (x >= g.back()) return {g.size() - 2, 1.0};
  std::size_t i = hint;
  if (!(i < g.size() - 1 && g[i] <= x && x < g[i + 1]))
    hint = i = static_cast<std::size_t>(std::upper_bound(g.begin(), g.end(), x) - g.begin()) - 1;
  return {i, (x - g[i]) / (g[i + 1] - g[i])};
}
}  // namespace

double LfpCell::resistance(double soc, double kelvin, bool charging) const {
  const Resistances r = resistances(soc, kelvin);
  return charging ? r.charge_ohm : r.discharge_ohm;
}

LfpCell::Resistances LfpCell::resistances(double soc, double kelvin) const {
  GridHint hint;
  return resistances(soc, kelvin, hint);
}

LfpCell::Resistances LfpCell::resistances(double soc, double kelvin, GridHint& hint) const {
  const auto nt = r_.temperature_k.size();
  // Plain names, not structured bindings: clang 14 cannot capture those in a lambda.
  const auto si = bracket(r_.soc, soc, hint.soc), ti = bracket(r_.temperature_k, kelvin, hint.temp);
  const std::size_t i = si.first, j = ti.first;
  const double fs = si.second, ft = ti.second;
  const auto i1 = std::min(i + 1, r_.soc.size() - 1), j1 = std::min(j + 1, nt - 1);
  auto bilinear = [&](const std::vector<double>& t) {
    const double lo = t[i * nt + j] + ft * (t[i * nt + j1] - t[i * nt + j]);
    const double hi = t[i1 * nt + j] + ft * (t[i1 * nt + j1] - t[i1 * nt + j]);
    return lo + fs * (hi - lo);
  };
  return {bilinear(r_.charge_ohm), bilinear(r_.discharge_ohm)};
}

}  // namespace wf
