#include "models/pcs/efficiency.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>

#include "sim/error.hpp"
#include "sim/input_files.hpp"

namespace wf {

PcsEfficiency PcsEfficiency::notton(double rated_w, double p0, double k) {
  if (!(rated_w > 0) || p0 < 0 || k < 0)
    throw std::invalid_argument("PCS rating must be > 0 and Notton coefficients >= 0");
  PcsEfficiency e;
  e.rated_w_ = rated_w, e.p0_ = p0, e.k_ = k;
  return e;
}

PcsEfficiency PcsEfficiency::table(double rated_w, std::vector<double> eta_charge,
                                   std::vector<double> eta_discharge) {
  if (!(rated_w > 0)) throw std::invalid_argument("PCS rating must be > 0");
  if (eta_charge.size() < 2 || eta_charge.size() != eta_discharge.size())
    throw std::invalid_argument("efficiency curves need the same number (>= 2) of points");
  PcsEfficiency e;
  e.rated_w_ = rated_w, e.analytic_ = false;
  e.eta_[0] = std::move(eta_charge), e.eta_[1] = std::move(eta_discharge);
  const double n = static_cast<double>(e.eta_[0].size() - 1);
  for (int d = 0; d < 2; ++d) {
    for (std::size_t i = 0; i < e.eta_[d].size(); ++i) {
      const double eta = e.eta_[d][i], x = static_cast<double>(i) / n;
      if (!(eta >= 0 && eta <= 1) || (i > 0 && !(eta > 0)))
        throw std::invalid_argument("efficiencies must lie in (0, 1] above zero load");
      e.dc_[d].push_back(i == 0 ? 0.0 : d == 0 ? x * eta : x / eta);
    }
    // The inverse needs |P_DC| strictly increasing with load.
    for (std::size_t i = 1; i < e.dc_[d].size(); ++i)
      if (!(e.dc_[d][i] > e.dc_[d][i - 1]))
        throw std::invalid_argument("DC power must increase with AC load along the curve");
  }
  return e;
}

PcsEfficiency PcsEfficiency::from_csv(double rated_w, const std::filesystem::path& file) {
  admit_input_file(file, "efficiency curve");
  std::ifstream in(file);
  if (!in) throw std::invalid_argument(fmt::format("cannot read '{}'", file.string()));
  std::string line;
  std::vector<double> xs, c, d;
  bool header = true;
  for (int row = 1; std::getline(in, line); ++row) {
    if (line.empty() || line[0] == '#' || std::exchange(header, false)) continue;
    std::replace(line.begin(), line.end(), ',', ' ');
    std::istringstream s(line);
    double x, a, b;
    if (!(s >> x >> a >> b))
      throw std::invalid_argument(
          fmt::format("{}:{}: expected load, eta_charge, eta_discharge", file.string(), row));
    xs.push_back(x), c.push_back(a), d.push_back(b);
  }
  for (std::size_t i = 0; i < xs.size(); ++i)
    if (std::abs(xs[i] - static_cast<double>(i) / static_cast<double>(xs.size() - 1)) > 1e-9)
      throw std::invalid_argument(fmt::format(
          "{}: load must run evenly from 0 to 1 (row {} has {})", file.string(), i + 1, xs[i]));
  try {
    return table(rated_w, std::move(c), std::move(d));
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(fmt::format("{}: {}", file.string(), e.what()));
  }
}

double PcsEfficiency::table_eta(int dir, double x) const {
  const auto& t = eta_[dir];
  const double pos = std::min(x, 1.0) * static_cast<double>(t.size() - 1);
  const auto i = std::min(static_cast<std::size_t>(pos), t.size() - 2);
  const double f = pos - static_cast<double>(i);
  return t[i] + f * (t[i + 1] - t[i]);
}

double PcsEfficiency::eta(double p_ac_w) const {
  const double x = std::abs(p_ac_w) / rated_w_;
  if (x == 0) return 0;
  if (analytic_) return x / (x + p0_ + k_ * x * x);
  return table_eta(p_ac_w > 0 ? 1 : 0, x);
}

double PcsEfficiency::dc_from_ac(double p_ac_w) const {
  if (p_ac_w == 0) return 0;
  if (analytic_ && p_ac_w > 0) {  // P_AC / eta without the division by x
    const double x = p_ac_w / rated_w_;
    return p_ac_w + rated_w_ * (p0_ + k_ * x * x);
  }
  return p_ac_w > 0 ? p_ac_w / eta(p_ac_w) : p_ac_w * eta(p_ac_w);
}

double PcsEfficiency::ac_from_dc(double p_dc_w) const {
  if (p_dc_w == 0) return 0;
  const double d = std::abs(p_dc_w) / rated_w_;
  double x;
  if (analytic_) {
    if (p_dc_w > 0) {  // k x^2 + x + p0 - d = 0
      x = d <= p0_ ? 0.0 : (k_ > 0 ? (-1 + std::sqrt(1 + 4 * k_ * (d - p0_))) / (2 * k_) : d - p0_);
    } else {  // (1 - d k) x^2 - d x - d p0 = 0
      const double a = 1 - d * k_;
      WF_ASSERT(a > 0);
      x = (d + std::sqrt(d * d + 4 * a * d * p0_)) / (2 * a);
    }
  } else {
    const int dir = p_dc_w > 0 ? 1 : 0;
    const auto& t = dc_[dir];
    const auto it = std::upper_bound(t.begin(), t.end(), d);
    if (it == t.end())  // beyond the rating: scale with the last efficiency
      return p_dc_w > 0 ? p_dc_w * eta_[1].back() : p_dc_w / eta_[0].back();
    // Exact inverse of the forward map inside the segment, where eta = a + b (x - x_i).
    const auto i = static_cast<std::size_t>(it - t.begin()) - 1;
    const double h = 1 / static_cast<double>(t.size() - 1), xi = static_cast<double>(i) * h;
    const double b = (eta_[dir][i + 1] - eta_[dir][i]) / h, a0 = eta_[dir][i] - b * xi;
    if (dir == 0) {  // d = x (a0 + b x)
      x = 2 * d / (a0 + std::sqrt(a0 * a0 + 4 * b * d));
    } else {  // d = x / (a0 + b x)
      x = d * a0 / (1 - d * b);
    }
  }
  return std::copysign(x * rated_w_, p_dc_w);
}

double PcsEfficiency::loss_w(double p_ac_w) const {
  return std::abs(dc_from_ac(p_ac_w) - p_ac_w);
}

}  // namespace wf
