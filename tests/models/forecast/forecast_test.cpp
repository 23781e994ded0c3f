#include "models/forecast/forecast.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "models/compute/workload.hpp"
#include "tests/models/compute/training_group.hpp"

namespace wf {
namespace {

TEST(Forecast, PersistenceAndSeasonalNaiveShiftTheSeries) {
  std::vector<double> y{1, 2, 3, 4, 5, 6, 7, 8};
  auto p = forecast_persistence(y, 2);
  EXPECT_TRUE(std::isnan(p[1]));
  EXPECT_EQ(p[5], 4);
  auto s = forecast_seasonal_naive(y, 2, 3);  // one whole season back
  EXPECT_TRUE(std::isnan(s[2]));
  EXPECT_EQ(s[5], 3);
  auto s2 = forecast_seasonal_naive(y, 4, 3);  // two seasons back
  EXPECT_EQ(s2[7], 2);
}

TEST(Forecast, SeasonalNaiveIsPerfectOnAPurelySeasonalSeries) {
  std::vector<double> y;
  for (int i = 0; i < 96 * 10; ++i) y.push_back(std::sin(2 * std::numbers::pi * i / 96.0));
  auto ref = forecast_persistence(y, 1);
  Skill s = skill(y, forecast_seasonal_naive(y, 1, 96), ref);
  EXPECT_NEAR(s.rmse, 0, 1e-12);
  EXPECT_NEAR(s.skill, 1, 1e-12);
  EXPECT_EQ(s.n, y.size() - 96);
}

TEST(Forecast, ExpSmoothingWithAlphaOneIsPersistence) {
  std::vector<double> y{3, 1, 4, 1, 5, 9, 2, 6};
  EXPECT_EQ(forecast_exp_smoothing(y, 1, 1.0)[5], 5);
  // alpha 0.5: level 3, 2, 3, 2, 3.5
  EXPECT_DOUBLE_EQ(forecast_exp_smoothing(y, 1, 0.5)[5], 3.5);
}

TEST(Forecast, AutoregressiveRecoversAKnownAr2) {
  // y[t] = 1 + 1.2 y[t-1] - 0.5 y[t-2] exactly (no noise): the fit finds it and the
  // iterated forecast is exact at every horizon.
  std::vector<double> y{5, 3};
  for (int t = 2; t < 200; ++t) y.push_back(1 + 1.2 * y[t - 1] - 0.5 * y[t - 2]);
  for (std::size_t h : {1u, 4u}) {
    auto f = forecast_autoregressive(y, h, 2, 100);
    Skill s = skill(y, f, forecast_persistence(y, h));
    EXPECT_LT(s.rmse, 1e-8) << h;
  }
}

TEST(Forecast, SkillMetricsOnKnownErrors) {
  std::vector<double> y{0, 0, 0, 0};
  std::vector<double> f{1, -1, 1, -1}, ref{2, 2, 2, 2};
  Skill s = skill(y, f, ref);
  EXPECT_DOUBLE_EQ(s.mae, 1);
  EXPECT_DOUBLE_EQ(s.rmse, 1);
  EXPECT_DOUBLE_EQ(s.skill, 0.5);
}

// Acceptance: on an AI-training series (15-min means), knowing the job schedule beats
// persistence 15 minutes ahead (and a day ahead).
TEST(Forecast, ScheduleAwareBeatsPersistenceOnAiTraining) {
  const WorkloadGroup g = test::training_group(16, Time::days(60), 3, 0.94);
  AiTrainingParams p;
  p.job_interval = 12 * 3600;  // jobs with gaps: starts and stops to foresee
  p.job_duration = 86400;
  p.job_nodes = 8;
  Workload w = generate_ai_training(g, p);
  std::vector<double> y, plan;
  const Time dt = Time::minutes(15);
  for (Time t = g.start; t < g.end; t += dt) {
    y.push_back(w.power.mean(t, t + dt));
    plan.push_back(w.planned.mean(t, t + dt));
  }
  for (std::size_t h : {1u, 96u}) {
    auto ref = forecast_persistence(y, h);
    const double keep = fit_schedule_keep(y, plan, h, y.size() / 2);
    Skill sa = skill(y, forecast_schedule_aware(y, plan, h, keep), ref);
    Skill es = skill(y, forecast_exp_smoothing(y, h, 0.5), ref);
    Skill sn = skill(y, forecast_seasonal_naive(y, h, 96), ref);
    Skill ar = skill(y, forecast_autoregressive(y, h, 4, y.size() / 2), ref);
    RecordProperty("skill_schedule_h" + std::to_string(h), std::to_string(sa.skill));
    std::printf(
        "h=%zu steps (keep %.2f): skill vs persistence: schedule-aware %.3f (rmse %.0f W), "
        "exp-smoothing %.3f, seasonal-naive %.3f, AR(4) %.3f\n",
        h, keep, sa.skill, sa.rmse, es.skill, sn.skill, ar.skill);
    EXPECT_GT(sa.skill, 0.2) << h;
    EXPECT_GT(sa.skill, ar.skill) << h;
  }
}

}  // namespace
}  // namespace wf
