#include "models/compute/workload.hpp"

#include "sim/random.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

namespace wf {
namespace {

// A linear node without PSU loss keeps the expected values readable: P = 100 + 100 u W.
NodeSpec simple_node() {
  return {
      .name = "simple", .idle_w = 100, .max_w = 200, .sleep_w = 10, .wake_time = Time::seconds(30)};
}

WorkloadGroup group(int nodes, Time span, std::uint64_t seed = 7) {
  const Time start = Time::days(20089);  // 2025-01-01
  return {.start = start, .end = start + span, .nodes = nodes, .node = simple_node(), .seed = seed};
}

double p(double u) {
  return 100 + 100 * u;
}

// The measured figures, for the issue note.
void report(const char* what, const WorkloadStats& s, double expected_mean) {
  std::printf("%s: mean %.1f W (expected %.1f, %+.2f %%), period %.1f s, duty %.3f\n", what,
              s.mean_w, expected_mean, 100 * (s.mean_w / expected_mean - 1), s.period_s, s.duty);
}

// Tolerances stated per test: mean power within 1-5 % (random job sizes need the wider
// band), period within 2 %, duty within 0.02 absolute.

TEST(AiTraining, LongRunReproducesMeanPeriodAndDuty) {
  WorkloadGroup g = group(16, Time::days(30));
  AiTrainingParams prm;
  prm.job_interval = 3600;  // the queue never runs dry: jobs back to back
  Workload w = generate_ai_training(g, prm);
  const double node_mean = prm.duty * p(prm.u_high) + (1 - prm.duty) * p(prm.u_low);
  const double f = prm.checkpoint_duration / prm.checkpoint_interval;
  EXPECT_DOUBLE_EQ(ai_training_node_mean_w(g.node, prm), (1 - f) * node_mean + f * p(0));
  WorkloadStats all = measure(w.power, g.start, g.end, Time::minutes(15));
  EXPECT_NEAR(all.mean_w, 16 * ai_training_node_mean_w(g.node, prm), 0.01 * all.mean_w);
  // Pulse period and duty on a 6 h window at 3 s resolution.
  const Time a = g.start + Time::days(3);
  WorkloadStats s = measure(w.power, a, a + Time::hours(6), Time::seconds(3));
  report("ai_training 6 h window", s, 16 * ai_training_node_mean_w(g.node, prm));
  report("ai_training 30 d", all, 16 * ai_training_node_mean_w(g.node, prm));
  EXPECT_NEAR(s.period_s, prm.period, 0.02 * prm.period);
  EXPECT_NEAR(s.duty, prm.duty * (1 - f), 0.02);
  // Memory stays sane: about two breakpoints per cycle, nothing per second.
  EXPECT_LT(w.power.size(), 2.2 * 30 * 86400 / prm.period);
}

TEST(AiTraining, SameSeedSameSeriesOtherSeedDiffers) {
  AiTrainingParams prm;
  Workload a = generate_ai_training(group(4, Time::days(3), 1), prm);
  Workload b = generate_ai_training(group(4, Time::days(3), 1), prm);
  Workload c = generate_ai_training(group(4, Time::days(3), 2), prm);
  EXPECT_EQ(a.power.times(), b.power.times());
  EXPECT_EQ(a.power.values(), b.power.values());
  EXPECT_NE(a.power.times(), c.power.times());
}

TEST(AiTraining, RampsAndWakeAreVisible) {
  WorkloadGroup g = group(2, Time::days(10));
  g.parked = NodeState::sleep;
  AiTrainingParams prm;
  prm.ramp_time = 10;
  prm.job_interval = 3 * 86400;  // gaps between jobs
  prm.job_duration = 86400;
  Workload w = generate_ai_training(g, prm);
  ASSERT_FALSE(w.jobs.empty());
  bool saw_sleep = false, saw_idle = false, saw_ramp = false;
  for (double v : w.power.values()) {
    saw_sleep |= v == 2 * 10.0;
    saw_idle |= v == 2 * p(0);
    saw_ramp |= std::abs(v - 2 * p(0.1 * prm.u_high)) < 1e-9;
  }
  EXPECT_TRUE(saw_sleep);
  EXPECT_TRUE(saw_idle);  // waking up
  EXPECT_TRUE(saw_ramp);
}

TEST(Rendering, LongRunReproducesLoadAndDailyRhythm) {
  WorkloadGroup g = group(20, Time::days(365));
  RenderingParams prm;
  prm.jobs_per_day = 3;
  prm.job_nodes = 20;
  Workload w = generate_rendering(g, prm);
  // Offered node time per day: jobs x (frames + waste of the last wave, (k-1)/2 on average)
  // x frame time; below capacity the queue clears, so this is the busy node time.
  const double busy = prm.jobs_per_day * (prm.frames_per_job + 9.5) * prm.frame_time / 86400.0;
  const double expected = 20 * p(0) + busy * (p(prm.u_busy) - p(0));
  WorkloadStats s = measure(w.power, g.start, g.end, Time::hours(2));
  report("rendering 365 d", s, expected);
  EXPECT_NEAR(s.mean_w, expected, 0.05 * expected);
  EXPECT_NEAR(s.period_s, 86400, 0.02 * 86400);
}

TEST(Finance, MarketHoursAndBatchInLocalTime) {
  WorkloadGroup g = group(10, Time::days(364));
  g.tz = TimeZone::find("Europe/Berlin");
  FinanceParams prm;
  Workload w = generate_finance(g, prm);
  const double market_h = (prm.market_close - prm.market_open) / 3600,
               batch_h = prm.batch_duration / 3600;
  const double e_u = (market_h * prm.u_market + batch_h * prm.u_batch) * 5 / 7 / 24;
  WorkloadStats s = measure(w.power, g.start, g.end, Time::hours(1));
  report("finance 364 d", s, 10 * p(e_u));
  EXPECT_NEAR(s.mean_w, 10 * p(e_u), 0.01 * s.mean_w);
  EXPECT_NEAR(s.period_s, 86400, 0.02 * 86400);
  EXPECT_NEAR(s.duty, (market_h + batch_h) * 5 / 7 / 24, 0.02);
  // 10:00 local on a Wednesday (2025-01-08, UTC+1) is in market hours; Saturday is idle.
  const Time wed10 = g.start + Time::days(7) + Time::hours(9);
  EXPECT_GT(w.power.value_at(wed10), 10 * p(0.45));
  EXPECT_DOUBLE_EQ(w.power.value_at(g.start + Time::days(3) + Time::hours(9)), 10 * p(0));
}

TEST(Inference, DailyShapeWithBursts) {
  WorkloadGroup g = group(8, Time::days(365));
  InferenceParams prm;
  prm.u_base = 0.2;
  prm.amplitude = 0.4;
  prm.u_burst = 0.15;
  Workload w = generate_inference(g, prm);
  const double e_u = prm.u_base + prm.amplitude / 2 +
                     prm.bursts_per_day * prm.burst_duration / 86400 * prm.u_burst;
  WorkloadStats s = measure(w.power, g.start, g.end, Time::hours(1));
  report("inference 365 d", s, 8 * p(e_u));
  EXPECT_NEAR(s.mean_w, 8 * p(e_u), 0.01 * s.mean_w);
  EXPECT_NEAR(s.period_s, 86400, 0.02 * 86400);
  // Peak at 14:00 local (UTC here), trough at 02:00.
  EXPECT_GT(w.planned.value_at(g.start + Time::hours(14)),
            w.planned.value_at(g.start + Time::hours(2)));
}

TEST(Rng, DrawsAreStandardisedAndHaveTheirMeans) {
  // mt19937_64 is fully specified: its 10000th output for the default seed is fixed by
  // the standard, so uniform() is the same everywhere.
  Rng a(5489);
  for (int i = 0; i < 9999; ++i) a.uniform();
  EXPECT_EQ(a.uniform(), static_cast<double>(9981545732273789042ull >> 11) * 0x1.0p-53);
  Rng r(11);
  double sum = 0;
  for (int i = 0; i < 100000; ++i) sum += r.exponential(3.0);
  EXPECT_NEAR(sum / 100000, 3.0, 0.03);
}

TEST(Measure, FindsAKnownSquareWave) {
  std::vector<Time> t;
  std::vector<double> v;
  for (int i = 0; i < 1000; ++i) {
    t.push_back(Time::seconds(10 * i));
    v.push_back(i % 2 == 0 ? 5.0 : 1.0);  // period 20 s, duty 0.5
  }
  StepSeries s(t, v, Time::seconds(10000));
  WorkloadStats st = measure(s, Time::zero(), Time::seconds(10000), Time::seconds(2));
  EXPECT_DOUBLE_EQ(st.mean_w, 3.0);
  EXPECT_NEAR(st.period_s, 20.0, 1e-9);
  EXPECT_NEAR(st.duty, 0.5, 1e-12);
}

}  // namespace
}  // namespace wf
