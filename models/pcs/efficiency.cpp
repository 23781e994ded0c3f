#include "models/pcs/efficiency.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>

#include "sim/error.hpp"
#include "sim/input_files.hpp"

namespace wf {

PcsEfficiency PcsEfficiency::notton(double rated_w, double p0, double k) {
  // Checked at load by the cabinet's parameter table.
  if (!(rated_w > 0) || p0 < 0 || k < 0)
    throw InternalError("PCS rating must be > 0 and Notton coefficients >= 0");
  PcsEfficiency e;
  e.rated_w_ = rated_w, e.p0_ = p0, e.k_ = k;
  return e;
}

namespace {

// |P_DC| / rated along a curve evenly spaced from 0 to 1 (charge: x eta; discharge: x / eta).
std::vector<double> dc_of(const std::vector<double>& eta, bool charge) {
  const double n = static_cast<double>(eta.size() - 1);
  std::vector<double> dc;
  for (std::size_t i = 0; i < eta.size(); ++i) {
    const double x = static_cast<double>(i) / n;
    dc.push_back(i == 0 ? 0.0 : charge ? x * eta[i] : x / eta[i]);
  }
  return dc;
}

}  // namespace

std::string PcsEfficiency::table_problem(double rated_w, const std::vector<double>& eta_charge,
                                         const std::vector<double>& eta_discharge) {
  if (!(rated_w > 0)) return "PCS rating must be > 0";
  if (eta_charge.size() < 2 || eta_charge.size() != eta_discharge.size())
    return "efficiency curves need the same number (>= 2) of points";
  for (const auto* eta : {&eta_charge, &eta_discharge}) {
    for (std::size_t i = 0; i < eta->size(); ++i)
      if (!((*eta)[i] >= 0 && (*eta)[i] <= 1) || (i > 0 && !((*eta)[i] > 0)))
        return "efficiencies must lie in (0, 1] above zero load";
    // The inverse needs |P_DC| strictly increasing with load.
    const std::vector<double> dc = dc_of(*eta, eta == &eta_charge);
    for (std::size_t i = 1; i < dc.size(); ++i)
      if (!(dc[i] > dc[i - 1])) return "DC power must increase with AC load along the curve";
  }
  return {};
}

PcsEfficiency PcsEfficiency::table(double rated_w, std::vector<double> eta_charge,
                                   std::vector<double> eta_discharge) {
  if (std::string why = table_problem(rated_w, eta_charge, eta_discharge); !why.empty())
    throw InternalError(why);
  PcsEfficiency e;
  e.rated_w_ = rated_w, e.analytic_ = false;
  e.dc_[0] = dc_of(eta_charge, true), e.dc_[1] = dc_of(eta_discharge, false);
  e.eta_[0] = std::move(eta_charge), e.eta_[1] = std::move(eta_discharge);
  return e;
}

PcsEfficiency PcsEfficiency::from_csv(double rated_w, const std::filesystem::path& file) {
  admit_input_file(file, "efficiency curve");
  std::ifstream in(file);
  if (!in) throw InputError(file.string(), 0, "", "cannot read the efficiency curve");
  std::string line;
  std::vector<double> xs, c, d;
  bool header = true;
  for (int row = 1; std::getline(in, line); ++row) {
    if (line.empty() || line[0] == '#' || std::exchange(header, false)) continue;
    std::replace(line.begin(), line.end(), ',', ' ');
    std::istringstream s(line);
    double x, a, b;
    if (!(s >> x >> a >> b))
      throw InputError(file.string(), row, "", "expected load, eta_charge, eta_discharge");
    xs.push_back(x), c.push_back(a), d.push_back(b);
  }
  for (std::size_t i = 0; i < xs.size(); ++i)
    if (std::abs(xs[i] - static_cast<double>(i) / static_cast<double>(xs.size() - 1)) > 1e-9)
      throw InputError(
          file.string(), 0, "",
          fmt::format("load must run evenly from 0 to 1 (row {} has {})", i + 1, xs[i]));
  if (std::string why = table_problem(rated_w, c, d); !why.empty())
    throw InputError(file.string(), 0, "", why);
  return table(rated_w, std::move(c), std::move(d));
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
