// A generated load's forecast scores kept as the run goes equal the scores of its
// whole series computed at the end; a run ending elsewhere is scored from the series.
#include "models/site/load_scoring.hpp"

#include <gtest/gtest.h>

#include "models/compute/workload.hpp"
#include "models/forecast/load_skill.hpp"
#include "tests/models/compute/training_group.hpp"

namespace wf {
namespace {

TEST(LoadScoring, ScoresKeptAsTheRunGoesEqualTheWholeSeriesScores) {
  const WorkloadGroup g = test::training_group(64, Time::days(12), 11, 0.94);
  AiTrainingParams p;
  p.job_interval = 2 * 3600, p.job_duration = 86400, p.job_nodes = 8;
  Workload lazy = generate_ai_training(g, p, /*lazy=*/true);
  const Workload whole = generate_ai_training(g, p);
  std::vector<std::unique_ptr<Load>> loads;
  loads.push_back(std::make_unique<Load>("x", LoadKind::it, std::move(lazy.source), g.start));
  loads.back()->set_plan(std::move(lazy.planned_source));
  Load& load = *loads.back();
  ASSERT_TRUE(load.plan() && load.plan()->generated());
  LoadScoring scoring(loads, g.start, g.end);
  for (Time t = g.start; t < g.end; t = load.next_change()) load.update(t);
  // The window dropped most of the run on the way: those means went to the scores.
  const auto n = static_cast<std::size_t>((g.end - g.start) / Time::minutes(15));
  EXPECT_GT(load.demand().means_told(), n / 2);

  const Load ref("x", LoadKind::it, whole.power, g.start);
  const WindowedSteps plan(whole.planned, g.start);
  for (Time end : {g.end, g.end - Time::days(3)}) {  // the run's end, and an earlier one
    SCOPED_TRACE(end.count_us());
    const auto got = scoring.summary(end);
    const auto want = load_forecast_skills("x", ref.demand(), &plan, g.start, end);
    ASSERT_EQ(got.size(), 2u * 5 * 3);
    ASSERT_EQ(got.size(), want.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(got[i].name, want[i].name);
      EXPECT_EQ(got[i].value, want[i].value) << got[i].name;  // bit for bit
    }
  }
  // Stopped (a run that keeps totals only): scored from the series at the end, the same.
  scoring.stop();
  EXPECT_EQ(scoring.summary(g.end)[4].value,
            load_forecast_skills("x", ref.demand(), &plan, g.start, g.end)[4].value);
}

}  // namespace
}  // namespace wf
