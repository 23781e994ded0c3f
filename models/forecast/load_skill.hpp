#pragma once
// How well the site could have known a load in advance: each forecaster run
// over the load's 15-minute means, scored at 15 minutes and one day ahead.
// The means can be fed as the run makes them: memory then holds the training
// stretch and a day of history, not the run.
#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include "models/forecast/forecast.hpp"
#include "sim/summary_figures.hpp"
#include "sim/time_series.hpp"
#include "sim/windowed_steps.hpp"

namespace wf {

/// Scores of persistence, seasonal naive (one day), exponential smoothing, AR(4) and,
/// with a plan, schedule-aware forecasts of a series of 15-minute means fed in order.
/// AR(4) and the schedule-aware decay are fitted on the first half of the series, at
/// most its first 183 days (kFitMax: a year's run trains on its first half); forecasts
/// are scored over the whole series.
class LoadSkillScorer {
 public:
  static constexpr std::size_t kDay = 96;             ///< 15-minute steps a day
  static constexpr std::size_t kFitMax = 183 * kDay;  ///< longest training stretch
  /// `n`: how many means will be fed (sets the training stretch before they are all in).
  LoadSkillScorer(std::size_t n, bool with_plan);

  /// Adds the next mean y and the plan's mean p over the same 15 minutes (ignored
  /// without a plan).
  void add(double y, double p);
  std::size_t count() const { return count_; }
  std::size_t expected() const { return n_; }
  /// Summary values `forecast.<id>.<method>.<horizon>.{mae,rmse,skill}` (W and 1); requires
  /// count() == expected(). None for fewer than two days and a bit.
  std::vector<SummaryValue> results(const std::string& id) const;

 private:
  static constexpr std::size_t kOrder = 4;   ///< AR order
  static constexpr std::size_t kRing = 128;  ///< history kept after the fit (>= kDay + kOrder)
  static constexpr double kAlpha = 0.5;      ///< exponential smoothing weight
  enum Method {
    persistence,
    seasonal_naive,
    exp_smoothing,
    autoregressive,
    schedule_aware,
    kMethods
  };

  std::size_t n_, fit_n_, count_ = 0;
  bool with_plan_;
  bool fitted_ = false;
  // Before the fit: every value from the start; after it: the last kRing, by index % kRing.
  std::vector<double> y_, p_;
  std::vector<double> level_;  ///< smoothing levels, by index % kRing (made again at the fit)
  std::vector<double> ar_coef_;
  std::array<double, 2> keep_{};                          ///< schedule-aware decay per horizon
  std::array<std::array<SkillSum, kMethods>, 2> sums_{};  ///< [horizon][method]
  std::vector<double> scratch_;
  // AR forecasts a day ahead, kLanes consecutive ones at a time (from ar_day_from_): each
  // iterates kDay steps, a chain of dependent additions; side by side they pipeline.
  static constexpr std::size_t kLanes = kArLanes;
  static_assert(kRing >= kDay + kOrder, "the ring holds what a day-ahead forecast reads");
  std::array<double, kLanes> ar_day_{};
  std::size_t ar_day_from_ = static_cast<std::size_t>(-1);
  std::array<double, (kOrder + kDay) * kLanes> ar_hist_{};
  double autoregressive_day_ahead(std::size_t i);

  double y(std::size_t i) const { return y_[fitted_ ? i % kRing : i]; }
  double p(std::size_t i) const { return p_[fitted_ ? i % kRing : i]; }
  double level(std::size_t i) const { return level_[i % kRing]; }
  void set_level(std::size_t i);  // exponential smoothing after y[i]
  void fit();                     // trains AR and the decay, then scores what came so far
  void score(std::size_t i);      // every method's forecast of y[i] at both horizons
};

/// The same scores computed from the load's series at the end of a run over [start, end)
/// (means taken from `actual` and `plan`).
std::vector<SummaryValue> load_forecast_skills(const std::string& id, const WindowedSteps& actual,
                                               const WindowedSteps* plan, Time start, Time end);

}  // namespace wf
