#pragma once
// Load forecasters on a regularly sampled series (interval means, e.g. 15-min rows).
// Each returns f with f[i] the forecast of y[i] made h steps earlier, from y[0..i-h]
// only; NaN where it cannot forecast yet. Skill metrics compare such vectors.
#include <cstddef>
#include <span>
#include <vector>

namespace wf {

/// f[i] = y[i - h].
std::vector<double> forecast_persistence(std::span<const double> y, std::size_t h);
/// f[i] = y[i - k m], the same phase k whole seasons (of m steps) back, k m >= h.
std::vector<double> forecast_seasonal_naive(std::span<const double> y, std::size_t h,
                                            std::size_t m);
/// Simple exponential smoothing, level updated with weight alpha in (0, 1]; f[i] = level at i - h.
std::vector<double> forecast_exp_smoothing(std::span<const double> y, std::size_t h, double alpha);
/// AR(p) with intercept, least squares (Eigen) on y[0..fit_n); iterated h steps ahead.
std::vector<double> forecast_autoregressive(std::span<const double> y, std::size_t h, std::size_t p,
                                            std::size_t fit_n);
/// The coefficients forecast_autoregressive fits: intercept, then a_1..a_p.
std::vector<double> fit_autoregressive(std::span<const double> y, std::size_t p, std::size_t fit_n);
/// One forecast h steps ahead from the p values `past` (oldest first, the last one h steps
/// before the forecast instant); the same arithmetic as forecast_autoregressive's.
/// `scratch` holds the iterations (reused between calls).
double autoregressive_at(std::span<const double> coef, std::span<const double> past, std::size_t h,
                         std::vector<double>& scratch);
/// Forecasts run side by side by autoregressive_lanes (what one vector register pipelines).
inline constexpr std::size_t kArLanes = 8;
/// kArLanes independent AR forecasts over h steps, hist[step * kArLanes + lane]: the p
/// known values first (oldest first), then the h iterations; each lane does
/// autoregressive_at's operations in its order (bit-equal). hist holds (p + h) * kArLanes.
void autoregressive_lanes(std::span<const double> coef, std::span<double> hist, std::size_t h);
/// Knows the planned load from the job schedule (`plan`, same grid as y): forecasts
/// plan[i] plus the deviation from plan seen h steps earlier, decayed by `keep` in [0, 1].
std::vector<double> forecast_schedule_aware(std::span<const double> y, std::span<const double> plan,
                                            std::size_t h, double keep);

/// The `keep` that fits best on [0, fit_n): lag-h regression of y - plan on itself, in [0, 1].
double fit_schedule_keep(std::span<const double> y, std::span<const double> plan, std::size_t h,
                         std::size_t fit_n);

/// Skill of a forecast over the indices where both it and the reference are defined.
struct Skill;
/// Sums for a Skill, added index by index (what skill() does over whole vectors).
struct SkillSum {
  double abs_err = 0, sq_err = 0, sq_err_ref = 0;
  std::size_t n = 0;
  /// Adds the forecast f and the reference forecast of y; skipped when either is NaN.
  void add(double y, double f, double ref);
  Skill skill() const;
};
struct Skill {
  double mae = 0;    ///< mean absolute error, units of y
  double rmse = 0;   ///< root mean square error, units of y
  double skill = 0;  ///< 1 - rmse / rmse of persistence (> 0: better than persistence)
  std::size_t n = 0;
};
/// `reference` is usually forecast_persistence(y, h).
Skill skill(std::span<const double> y, std::span<const double> f,
            std::span<const double> reference);

}  // namespace wf
