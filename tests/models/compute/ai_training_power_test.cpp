#include "models/compute/ai_training_power.hpp"

#include <gtest/gtest.h>

#include "models/compute/workload.hpp"

namespace wf {
namespace {

NodeSpec node() {
  return {
      .name = "gpu", .idle_w = 1200, .max_w = 10200, .sleep_w = 60, .wake_time = Time::seconds(90)};
}

WorkloadGroup group(int nodes, Time span, NodeState parked) {
  const Time start = Time::days(20089);
  return {.start = start,
          .end = start + span,
          .nodes = nodes,
          .node = node(),
          .parked = parked,
          .seed = 11};
}

// The series as PowerSteps builds it whole: every job's changes, job after job, each job's
// in the order it makes them at an instant.
StepSeries reference(const WorkloadGroup& g, const AiTrainingParams& p,
                     const std::vector<ScheduledJob>& jobs) {
  PowerSteps s;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    if (jobs[i].end <= g.start || jobs[i].start >= g.end) continue;
    AiJobChanges c(g, p, jobs[i], i);
    for (Time last = Time::zero() - Time::days(100000); !c.done();) {
      const auto [t, w] = c.pop();
      EXPECT_GE(t, last);  // a job's changes come in time order
      last = t;
      s.change(t, w);
    }
  }
  return s.build(g.nodes * node_ac_power_w(g.node, g.parked), g.start, g.end);
}

struct Case {
  const char* name;
  int nodes;
  Time span;
  NodeState parked;
  AiTrainingParams p;
};

std::vector<Case> cases() {
  std::vector<Case> c;
  AiTrainingParams base;
  base.job_interval = 2 * 3600, base.job_duration = 86400, base.job_nodes = 8;
  c.push_back({"plain", 64, Time::days(12), NodeState::idle, base});
  AiTrainingParams ramps = base;
  ramps.ramp_time = 600, ramps.checkpoint_interval = 1200, ramps.checkpoint_duration = 120;
  ramps.u_checkpoint = 0.1;
  c.push_back(
      {"ramps and checkpoints, sleeping nodes wake", 64, Time::days(12), NodeState::sleep, ramps});
  AiTrainingParams short_jobs = base;  // jobs shorter than both ramps: ramps overlap
  short_jobs.job_duration = 700, short_jobs.ramp_time = 900, short_jobs.job_interval = 400;
  c.push_back({"short jobs, long ramps", 16, Time::days(3), NodeState::sleep, short_jobs});
  AiTrainingParams exact = base;  // no jitter: cycles of different jobs meet at instants
  exact.period_jitter = 0, exact.period = 60, exact.duty = 0.5, exact.job_interval = 3600;
  exact.checkpoint_interval = 0;
  c.push_back({"no jitter, shared instants", 32, Time::days(4), NodeState::idle, exact});
  return c;
}

TEST(AiTrainingPower, MadeAsTheRunGoesEqualsTheSeriesBuiltWhole) {
  for (const Case& k : cases()) {
    SCOPED_TRACE(k.name);
    const WorkloadGroup g = group(k.nodes, k.span, k.parked);
    const Workload w = generate_ai_training(g, k.p);
    ASSERT_GT(w.jobs.size(), 20u);
    const StepSeries ref = reference(g, k.p, w.jobs);
    ASSERT_GT(ref.size(), 1000u);
    EXPECT_EQ(w.power.times(), ref.times());
    EXPECT_EQ(w.power.values(), ref.values());  // bit for bit: the same sums in the same order
    EXPECT_EQ(w.power.end(), ref.end());
    // Lazily, through the window a load sweeps: the same values at the same instants.
    Workload lazy = generate_ai_training(g, k.p, /*lazy=*/true);
    ASSERT_TRUE(lazy.source);
    EXPECT_EQ(lazy.power.size(), 0u);
    WindowedSteps win(std::move(lazy.source), Time::minutes(15), g.start);
    auto c = ref.cursor(g.start);
    for (Time t = g.start; !t.is_never(); t = c.next_change()) {
      win.advance_to(t);
      c.advance_to(t);
      ASSERT_EQ(win.value(), c.value());
      ASSERT_EQ(win.next_change(), c.next_change());
    }
  }
}

TEST(AiTrainingPower, RewindGivesTheSameBreakpointsAgain) {
  const WorkloadGroup g = group(32, Time::days(2), NodeState::idle);
  const Workload w = generate_ai_training(g, cases()[1].p);
  auto gen = ai_training_power(g, cases()[1].p, w.jobs);
  Time t;
  double v = 0;
  for (int i = 0; i < 5000 && gen->next(t, v);) ++i;
  const StepSeries again = drain(*gen);  // drain rewinds first
  EXPECT_EQ(again.times(), w.power.times());
  EXPECT_EQ(again.values(), w.power.values());
}

}  // namespace
}  // namespace wf
