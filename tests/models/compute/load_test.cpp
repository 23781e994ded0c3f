// A load's kill list read as the run goes against the whole schedule.
#include "models/compute/load.hpp"

#include <gtest/gtest.h>

#include <cstdio>

#include "models/compute/workload.hpp"
#include "tests/models/compute/training_group.hpp"

namespace wf {
namespace {

// 20 days of a training group of `nodes` nodes from `seed`.
WorkloadGroup training_group(int nodes, std::uint64_t seed) {
  return test::training_group(nodes, Time::days(20), seed);
}

TEST(Load, KillsFromAScheduleReadAsTheRunGoesEqualTheWholeSchedule) {
  const WorkloadGroup g = training_group(32, 9);
  AiTrainingParams p;
  p.job_interval = 3 * 3600, p.job_duration = 86400, p.job_nodes = 8;
  const Workload whole = generate_ai_training(g, p);
  Workload lazy = generate_ai_training(g, p, /*lazy=*/true);
  ASSERT_TRUE(lazy.job_source);
  ASSERT_GT(whole.jobs.size(), 100u);
  Load a("a", LoadKind::it, whole.power, g.start), b("b", LoadKind::it, whole.power, g.start);
  a.set_jobs(whole.jobs, 1800);
  b.set_jobs(lazy.job_source(), 1800);
  // Outages every few hours, one instant twice (killed once), the last past the end.
  int killed = 0;
  for (Time t = g.start; t < g.end + Time::days(3); t += Time::minutes(217)) {
    for (int twice = 0; twice < (t == g.start + Time::minutes(217 * 9) ? 2 : 1); ++twice) {
      const Load::JobLoss x = a.kill_running_jobs(t), y = b.kill_running_jobs(t);
      EXPECT_EQ(x.jobs, y.jobs) << t.count_us();
      EXPECT_EQ(x.node_hours, y.node_hours) << t.count_us();  // bit for bit
      killed += x.jobs;
    }
    EXPECT_LE(b.jobs().size(), 8u);  // only jobs that may still run are held
  }
  EXPECT_GT(killed, 50);
}

// A forecast that reads yesterday's load (seasonal naive) behind a generated demand's
// window: the load keeps that day, and what is read equals the whole series.
TEST(Load, KeepsTheHistoryAForecastReadsAndNoMore) {
  const WorkloadGroup g = training_group(16, 4);
  AiTrainingParams p;
  p.job_interval = 2 * 3600, p.job_duration = 6 * 3600, p.job_nodes = 4;
  const Workload whole = generate_ai_training(g, p);
  Workload lazy = generate_ai_training(g, p, /*lazy=*/true);
  Load l("l", LoadKind::it, std::move(lazy.source), g.start);
  l.keep_history(Time::days(1));
  std::size_t most = 0;
  for (Time t = g.start; t < g.end; t += Time::minutes(15)) {
    l.update(t);
    most = std::max(most, l.demand().held());
    if (t < g.start + Time::days(1)) continue;
    const Time a = t - Time::days(1), b = a + Time::hours(2);
    ASSERT_EQ(l.demand().max(a, b), whole.power.max(a, b)) << t.count_us();
    ASSERT_EQ(l.demand().mean(a, b), whole.power.mean(a, b)) << t.count_us();
  }
  // About 7,000 breakpoints a day: the window holds a few days (it is trimmed once it
  // holds 32,768), not the run's 20.
  ASSERT_GT(whole.power.size(), 140'000u);
  EXPECT_LT(most, whole.power.size() / 2);
  std::printf("held at most %zu of %zu breakpoints\n", most, whole.power.size());
}

}  // namespace
}  // namespace wf
