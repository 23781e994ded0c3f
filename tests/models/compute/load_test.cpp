// A load's kill list read as the run goes against the whole schedule.
#include "models/compute/load.hpp"

#include <gtest/gtest.h>

#include "models/compute/workload.hpp"

namespace wf {
namespace {

TEST(Load, KillsFromAScheduleReadAsTheRunGoesEqualTheWholeSchedule) {
  WorkloadGroup g;
  g.start = Time::days(20089);
  g.end = g.start + Time::days(20);
  g.nodes = 32;
  g.node.idle_w = 1600;
  g.node.max_w = 9600;
  g.seed = 9;
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

}  // namespace
}  // namespace wf
