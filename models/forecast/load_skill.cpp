#include "models/forecast/load_skill.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <utility>

#include "sim/error.hpp"

namespace wf {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::array<std::size_t, 2> kHorizons{1, LoadSkillScorer::kDay};
constexpr std::array<const char*, 2> kHorizonLabels{"15min", "1d"};
constexpr std::size_t kShortest = 2 * LoadSkillScorer::kDay + 8;  // to score a day ahead

void add_skill(std::vector<SummaryValue>& out, const std::string& prefix, const Skill& k) {
  out.push_back({prefix + ".mae", "W", "mean absolute error of the forecast", k.mae});
  out.push_back({prefix + ".rmse", "W", "root mean square error of the forecast", k.rmse});
  out.push_back({prefix + ".skill", "1",
                 "1 - RMSE / RMSE of persistence (> 0: better than persistence)", k.skill});
}

}  // namespace

LoadSkillScorer::LoadSkillScorer(std::size_t n, bool with_plan)
    : n_(n), fit_n_(n < kShortest ? 0 : std::min(n / 2, kFitMax)), with_plan_(with_plan) {
  // Room for the training stretch up front: no doubling of what is held the longest.
  y_.reserve(fit_n_);
  if (with_plan_) p_.reserve(fit_n_);
  level_.resize(kRing);
}

void LoadSkillScorer::add(double y, double p) {
  WF_ASSERT(count_ < n_);
  const std::size_t i = count_++;
  if (fit_n_ == 0) return;  // too short to score
  if (!fitted_) {
    y_.push_back(y);
    if (with_plan_) p_.push_back(p);
    if (count_ == fit_n_) fit();
    return;
  }
  y_[i % kRing] = y;
  if (with_plan_) p_[i % kRing] = p;
  set_level(i);
  score(i);
}

void LoadSkillScorer::set_level(std::size_t i) {
  // Exponential smoothing's level after y[i] (the same recurrence for both horizons).
  level_[i % kRing] = i == 0 ? y(0) : kAlpha * y(i) + (1 - kAlpha) * level(i - 1);
}

void LoadSkillScorer::fit() {
  ar_coef_ = fit_autoregressive(y_, kOrder, fit_n_);
  if (with_plan_)
    for (std::size_t k = 0; k < kHorizons.size(); ++k)
      keep_[k] = fit_schedule_keep(y_, p_, kHorizons[k], fit_n_);
  for (std::size_t i = 0; i < fit_n_; ++i) set_level(i), score(i);
  // From here on only the last kRing values are needed, by index modulo kRing.
  auto ring = [&](std::vector<double>& v) {
    if (v.empty()) return;
    std::vector<double> r(kRing);
    for (std::size_t i = fit_n_ > kRing ? fit_n_ - kRing : 0; i < fit_n_; ++i) r[i % kRing] = v[i];
    v = std::move(r);
  };
  ring(y_);
  ring(p_);
  fitted_ = true;
}

void LoadSkillScorer::score(std::size_t i) {
  for (std::size_t k = 0; k < kHorizons.size(); ++k) {
    const std::size_t h = kHorizons[k];
    auto& s = sums_[k];
    const double yi = y(i);
    const double ref = i >= h ? y(i - h) : kNaN;  // persistence, the reference of every skill
    s[persistence].add(yi, ref, ref);
    const std::size_t back = kDay * ((h + kDay - 1) / kDay);  // whole days, at least h
    s[seasonal_naive].add(yi, i >= back ? y(i - back) : kNaN, ref);
    s[exp_smoothing].add(yi, i >= h ? level(i - h) : kNaN, ref);
    double ar = kNaN;
    if (i + 1 >= kOrder + h) {
      if (h == kDay) {
        ar = autoregressive_day_ahead(i);
      } else {
        std::array<double, kOrder> past;
        for (std::size_t j = 0; j < kOrder; ++j) past[j] = y(i + 1 + j - h - kOrder);
        ar = autoregressive_at(ar_coef_, past, h, scratch_);
      }
    }
    s[autoregressive].add(yi, ar, ref);
    if (with_plan_)
      s[schedule_aware].add(yi, i >= h ? p(i) + keep_[k] * (y(i - h) - p(i - h)) : kNaN, ref);
  }
}

double LoadSkillScorer::autoregressive_day_ahead(std::size_t i) {
  // Lane l forecasts y[i + l] from y[i + l + 1 - kDay - kOrder .. i + l - kDay], all
  // known at i (and inside the ring): bit-equal to one at a time (autoregressive_lanes).
  if (i - ar_day_from_ < kLanes) return ar_day_[i - ar_day_from_];
  constexpr std::size_t h = kDay, p = kOrder, L = kLanes;
  for (std::size_t k = 0; k < p; ++k)
    for (std::size_t l = 0; l < L; ++l) ar_hist_[k * L + l] = y(i + l + 1 + k - h - p);
  autoregressive_lanes(ar_coef_, ar_hist_, h);
  for (std::size_t l = 0; l < L; ++l) ar_day_[l] = ar_hist_[(p + h - 1) * L + l];
  ar_day_from_ = i;
  return ar_day_[0];
}

std::vector<SummaryValue> LoadSkillScorer::results(const std::string& id) const {
  WF_ASSERT(count_ == n_);
  std::vector<SummaryValue> out;
  if (fit_n_ == 0) return out;
  static constexpr std::array<const char*, kMethods> kNames{
      "persistence", "seasonal_naive", "exp_smoothing", "autoregressive", "schedule_aware"};
  for (std::size_t k = 0; k < kHorizons.size(); ++k)
    for (std::size_t m = 0; m < kMethods; ++m) {
      if (m == schedule_aware && !with_plan_) continue;
      add_skill(out, fmt::format("forecast.{}.{}.{}", id, kNames[m], kHorizonLabels[k]),
                sums_[k][m].skill());
    }
  return out;
}

std::vector<SummaryValue> load_forecast_skills(const std::string& id, const WindowedSteps& actual,
                                               const WindowedSteps* plan, Time start, Time end) {
  const Time q = Time::minutes(15);
  const auto n = static_cast<std::size_t>((end - start) / q);
  if (n < kShortest) return {};
  LoadSkillScorer s(n, plan != nullptr);
  for (std::size_t i = 0; i < n; ++i) {
    const Time a = start + q * static_cast<std::int64_t>(i);
    s.add(actual.mean(a, a + q), plan ? plan->mean(a, a + q) : 0);
  }
  return s.results(id);
}

}  // namespace wf
