// The forecast scores fed mean by mean (as a run makes them) against the forecasters
// run over whole vectors, and the bounded training stretch of long runs.
#include "models/forecast/load_skill.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <utility>

#include "models/forecast/forecast.hpp"
#include "sim/random.hpp"

namespace wf {
namespace {

constexpr std::size_t kDay = LoadSkillScorer::kDay;

// A load with a daily shape, slow drift and noise (W), and a plan that knows the shape.
std::pair<std::vector<double>, std::vector<double>> load_and_plan(std::size_t n,
                                                                  std::uint64_t seed) {
  Rng rng(seed);
  std::vector<double> y(n), p(n);
  double drift = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double shape = 4e5 + 2e5 * std::sin(2 * std::numbers::pi * double(i % kDay) / kDay);
    drift = 0.97 * drift + rng.uniform(-3e4, 3e4);
    p[i] = shape;
    y[i] = shape + drift + rng.uniform(-1e4, 1e4);
  }
  return {y, p};
}

// The scores as computed from whole vectors (what the run did at its end before the
// scores were fed as it goes), training on y[0..fit_n).
std::vector<SummaryValue> whole_vector_scores(const std::vector<double>& y,
                                              const std::vector<double>* p, std::size_t fit_n) {
  std::vector<SummaryValue> out;
  auto put = [&](const std::string& name, const Skill& k) {
    out.push_back({name + ".mae", "", "", k.mae});
    out.push_back({name + ".rmse", "", "", k.rmse});
    out.push_back({name + ".skill", "", "", k.skill});
  };
  for (auto [h, label] : {std::pair<std::size_t, const char*>{1, "15min"}, {kDay, "1d"}}) {
    const auto base = forecast_persistence(y, h);
    const std::string pre = std::string("forecast.x.");
    put(pre + "persistence." + label, skill(y, base, base));
    put(pre + "seasonal_naive." + label, skill(y, forecast_seasonal_naive(y, h, kDay), base));
    put(pre + "exp_smoothing." + label, skill(y, forecast_exp_smoothing(y, h, 0.5), base));
    put(pre + "autoregressive." + label, skill(y, forecast_autoregressive(y, h, 4, fit_n), base));
    if (p) {
      const double keep = fit_schedule_keep(y, *p, h, fit_n);
      put(pre + "schedule_aware." + label, skill(y, forecast_schedule_aware(y, *p, h, keep), base));
    }
  }
  return out;
}

std::vector<SummaryValue> fed(const std::vector<double>& y, const std::vector<double>* p) {
  LoadSkillScorer s(y.size(), p != nullptr);
  for (std::size_t i = 0; i < y.size(); ++i) s.add(y[i], p ? (*p)[i] : 0);
  return s.results("x");
}

void expect_bit_equal(const std::vector<SummaryValue>& a, const std::vector<SummaryValue>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].name, b[i].name);
    EXPECT_EQ(a[i].value, b[i].value) << a[i].name;  // bit for bit, not near
  }
}

TEST(LoadSkill, FedMeanByMeanEqualsTheWholeVectorsBitForBit) {
  for (std::size_t n : {std::size_t{200}, std::size_t{201}, 45 * kDay + 7}) {
    SCOPED_TRACE(n);
    const auto [y, p] = load_and_plan(n, n);
    expect_bit_equal(fed(y, &p), whole_vector_scores(y, &p, n / 2));
    expect_bit_equal(fed(y, nullptr), whole_vector_scores(y, nullptr, n / 2));
  }
}

TEST(LoadSkill, TooShortToScoreADayAheadGivesNoScores) {
  const auto [y, p] = load_and_plan(199, 1);
  EXPECT_TRUE(fed(y, &p).empty());
  const auto [y2, p2] = load_and_plan(200, 1);
  EXPECT_EQ(fed(y2, &p2).size(), 2u * 5 * 3);  // two horizons, five methods, three figures
}

// A run longer than a (leap) year trains on its first 183 days (memory bounded by the
// training stretch); every forecast is still scored over the whole run.
TEST(LoadSkill, RunsLongerThanAYearTrainOnTheirFirst183Days) {
  EXPECT_GE(LoadSkillScorer::kFitMax, 366 * kDay / 2);  // a year's run: its first half
  const std::size_t n = 2 * LoadSkillScorer::kFitMax + 10 * kDay;
  const auto [y, p] = load_and_plan(n, 5);
  const auto got = fed(y, &p);
  expect_bit_equal(got, whole_vector_scores(y, &p, LoadSkillScorer::kFitMax));
  // Not what training on the first half would give (the cap is in force).
  const auto half = whole_vector_scores(y, &p, n / 2);
  bool compared = false;
  for (std::size_t i = 0; i < got.size(); ++i) {
    if (got[i].name != "forecast.x.autoregressive.15min.rmse") continue;
    EXPECT_NE(got[i].value, half[i].value);
    compared = true;
  }
  EXPECT_TRUE(compared);
}

}  // namespace
}  // namespace wf
