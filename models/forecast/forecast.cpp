#include "models/forecast/forecast.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "sim/error.hpp"

namespace wf {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

std::vector<double> forecast_persistence(std::span<const double> y, std::size_t h) {
  WF_ASSERT(h > 0);
  std::vector<double> f(y.size(), kNaN);
  for (std::size_t i = h; i < y.size(); ++i) f[i] = y[i - h];
  return f;
}

std::vector<double> forecast_seasonal_naive(std::span<const double> y, std::size_t h,
                                            std::size_t m) {
  WF_ASSERT(h > 0 && m > 0);
  const std::size_t back = m * ((h + m - 1) / m);
  std::vector<double> f(y.size(), kNaN);
  for (std::size_t i = back; i < y.size(); ++i) f[i] = y[i - back];
  return f;
}

std::vector<double> forecast_exp_smoothing(std::span<const double> y, std::size_t h, double alpha) {
  WF_ASSERT(h > 0 && alpha > 0 && alpha <= 1);
  // The level after step i is the forecast for i + h: written there, no second vector.
  std::vector<double> f(y.size(), kNaN);
  double level = 0;
  for (std::size_t i = 0; i + h < y.size(); ++i) {
    level = i == 0 ? y[0] : alpha * y[i] + (1 - alpha) * level;
    f[i + h] = level;
  }
  return f;
}

std::vector<double> fit_autoregressive(std::span<const double> y, std::size_t p,
                                       std::size_t fit_n) {
  WF_ASSERT(p > 0 && fit_n <= y.size() && fit_n > 2 * p + 1);
  // Least squares: y[t] = c + sum_k a_k y[t-k], t = p..fit_n-1.
  const auto rows = static_cast<Eigen::Index>(fit_n - p);
  Eigen::MatrixXd X(rows, static_cast<Eigen::Index>(p + 1));
  for (Eigen::Index r = 0; r < rows; ++r) {
    const std::size_t t = p + static_cast<std::size_t>(r);
    X(r, 0) = 1;
    for (std::size_t k = 1; k <= p; ++k) X(r, static_cast<Eigen::Index>(k)) = y[t - k];
  }
  const Eigen::Map<const Eigen::VectorXd> b(y.data() + p, rows);  // y[t], no copy
  // Decomposed in place: a run of years fits on tens of thousands of rows.
  const Eigen::VectorXd a = Eigen::ColPivHouseholderQR<Eigen::Ref<Eigen::MatrixXd>>(X).solve(b);
  return std::vector<double>(a.data(), a.data() + a.size());
}

double autoregressive_at(std::span<const double> coef, std::span<const double> past, std::size_t h,
                         std::vector<double>& scratch) {
  const std::size_t p = past.size();
  WF_ASSERT(h > 0 && coef.size() == p + 1);
  // Known values, then h iterated one-step predictions; each as one lane of the loop in
  // forecast_autoregressive (intercept first, then the terms in order): bit-equal.
  scratch.resize(p + h);
  double* v = scratch.data();
  for (std::size_t k = 0; k < p; ++k) v[k] = past[k];
  for (std::size_t s = 0; s < h; ++s) {
    double out = coef[0];
    for (std::size_t k = 1; k <= p; ++k) out += coef[k] * v[p + s - k];
    v[p + s] = out;
  }
  return v[p + h - 1];
}

std::vector<double> forecast_autoregressive(std::span<const double> y, std::size_t h, std::size_t p,
                                            std::size_t fit_n) {
  WF_ASSERT(h > 0);
  const std::vector<double> coef = fit_autoregressive(y, p, fit_n);
  // Each forecast: the known values up to i - h, then h iterated one-step predictions,
  // kArLanes independent ones at a time.
  constexpr std::size_t L = kArLanes;
  std::vector<double> f(y.size(), kNaN), hist((p + h) * L);
  for (std::size_t i0 = p + h - 1; i0 < y.size(); i0 += L) {
    const std::size_t lanes = std::min(L, y.size() - i0);
    for (std::size_t k = 0; k < p; ++k)
      for (std::size_t l = 0; l < lanes; ++l) hist[k * L + l] = y[i0 + l - h + 1 - p + k];
    autoregressive_lanes(coef, hist, h);
    for (std::size_t l = 0; l < lanes; ++l) f[i0 + l] = hist[(p + h - 1) * L + l];
  }
  return f;
}

void autoregressive_lanes(std::span<const double> coef, std::span<double> hist, std::size_t h) {
  constexpr std::size_t L = kArLanes;
  const std::size_t p = coef.size() - 1;
  WF_ASSERT(h > 0 && hist.size() >= (p + h) * L);
  double* v = hist.data();
  for (std::size_t s = 0; s < h; ++s) {
    // The lanes add up in a local array (registers, one vector op per pair of lanes):
    // written through `hist`, every store could alias the next load. Same order: bit-equal.
    std::array<double, L> acc;
    acc.fill(coef[0]);
    for (std::size_t k = 1; k <= p; ++k) {
      const double c = coef[k];
      const double* in = v + (p + s - k) * L;
      for (std::size_t l = 0; l < L; ++l) acc[l] += c * in[l];
    }
    std::copy(acc.begin(), acc.end(), v + (p + s) * L);
  }
}

std::vector<double> forecast_schedule_aware(std::span<const double> y, std::span<const double> plan,
                                            std::size_t h, double keep) {
  WF_ASSERT(h > 0 && plan.size() == y.size() && keep >= 0 && keep <= 1);
  std::vector<double> f(y.size(), kNaN);
  for (std::size_t i = h; i < y.size(); ++i) f[i] = plan[i] + keep * (y[i - h] - plan[i - h]);
  return f;
}

double fit_schedule_keep(std::span<const double> y, std::span<const double> plan, std::size_t h,
                         std::size_t fit_n) {
  WF_ASSERT(plan.size() == y.size() && fit_n <= y.size());
  double num = 0, den = 0;
  for (std::size_t i = h; i < fit_n; ++i) {
    const double r = y[i] - plan[i], r0 = y[i - h] - plan[i - h];
    num += r * r0;
    den += r0 * r0;
  }
  return den > 0 ? std::clamp(num / den, 0.0, 1.0) : 0.0;
}

void SkillSum::add(double y, double f, double ref) {
  if (std::isnan(f) || std::isnan(ref)) return;
  const double e = f - y, r = ref - y;
  abs_err += std::abs(e);
  sq_err += e * e;
  sq_err_ref += r * r;
  ++n;
}

Skill SkillSum::skill() const {
  Skill s;
  s.n = n;
  if (n == 0) return s;
  s.mae = abs_err / static_cast<double>(n);
  s.rmse = std::sqrt(sq_err / static_cast<double>(n));
  const double ref = std::sqrt(sq_err_ref / static_cast<double>(n));
  s.skill = ref > 0 ? 1 - s.rmse / ref : 0;
  return s;
}

Skill skill(std::span<const double> y, std::span<const double> f,
            std::span<const double> reference) {
  WF_ASSERT(f.size() == y.size() && reference.size() == y.size());
  SkillSum sum;
  for (std::size_t i = 0; i < y.size(); ++i) sum.add(y[i], f[i], reference[i]);
  return sum.skill();
}

}  // namespace wf
