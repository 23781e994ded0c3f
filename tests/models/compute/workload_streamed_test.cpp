// The generators made as the run reaches them (lazy) against the whole-series
// algorithms they replaced, written out here as the reference: bit for bit.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "models/compute/ai_training_power.hpp"
#include "models/compute/workload.hpp"
#include "sim/random.hpp"
#include "sim/seed.hpp"

namespace wf {
namespace {

// Powers that leave rounding dust in sums of +w and -w.
NodeSpec dusty_node() {
  return {.name = "dusty",
          .idle_w = 123.4,
          .max_w = 701.3,
          .sleep_w = 11.7,
          .wake_time = Time::seconds(45)};
}

// Over a spring and an autumn clock change in Berlin, starting mid-day.
WorkloadGroup berlin_group(int nodes, Time span, NodeState parked = NodeState::idle) {
  const Time start = Time::days(20089) + Time::hours(13) + Time::minutes(7);  // 2025-01-01 13:07Z
  return {.start = start,
          .end = start + span,
          .nodes = nodes,
          .node = dusty_node(),
          .parked = parked,
          .tz = TimeZone::find("Europe/Berlin"),
          .seed = 11};
}

double ac(const WorkloadGroup& g, double u) {
  return node_ac_power_w(g.node, NodeState::active, u);
}
double parked(const WorkloadGroup& g) {
  return node_ac_power_w(g.node, g.parked);
}
Time secs(double s) {
  return Time::from_seconds(s);
}
double local_hour(const WorkloadGroup& g, Time t) {
  Time r = g.tz.to_local(t) % Time::days(1);
  if (r < Time::zero()) r += Time::days(1);
  return r.to_seconds() / 3600.0;
}

void expect_same(const StepSeries& got, const StepSeries& want) {
  ASSERT_EQ(got.size(), want.size());
  EXPECT_EQ(got.times(), want.times());
  EXPECT_EQ(got.values(), want.values());  // bit for bit
  EXPECT_EQ(got.end(), want.end());
}

// The workload made whole and the one made as the run reads it both give `power` and `plan`.
void expect_both_ways(const Workload& whole, const Workload& lazy, const StepSeries& power,
                      const StepSeries& plan) {
  expect_same(whole.power, power);
  expect_same(whole.planned, plan);
  ASSERT_TRUE(lazy.source && lazy.planned_source);
  expect_same(drain(*lazy.source), power);
  expect_same(drain(*lazy.planned_source), plan);
  // Read again: a rewind gives the same series.
  expect_same(drain(*lazy.source), power);
}

std::vector<ScheduledJob> read_all(JobSource& s) {
  std::vector<ScheduledJob> out;
  s.rewind();
  for (ScheduledJob j; s.next(j);) out.push_back(j);
  return out;
}

TEST(WorkloadStreamed, RenderingEqualsPowerStepsOverItsScheduleBitForBit) {
  const WorkloadGroup g = berlin_group(24, Time::days(400), NodeState::sleep);
  RenderingParams p;
  p.jobs_per_day = 9;
  p.frames_per_job = 60;
  p.frame_time = 700;
  p.job_nodes = 10;
  const Workload whole = generate_rendering(g, p);
  ASSERT_GT(whole.jobs.size(), 3000u);
  // The reference: the schedule's wake and busy rectangles summed by PowerSteps.
  const Time wake = node_wake_time(g.node, g.parked);
  PowerSteps s, planned;
  for (const auto& j : whole.jobs) {
    s.add(j.start, j.start + wake, j.nodes * (ac(g, 0) - parked(g)));
    s.add(j.start + wake, j.end, j.nodes * (ac(g, p.u_busy) - parked(g)));
    planned.add(j.start, j.end, j.nodes * (ac(g, p.u_busy) - parked(g)));
  }
  const StepSeries want = s.build(g.nodes * parked(g), g.start, g.end);
  const StepSeries plan = planned.build(g.nodes * parked(g), g.start, g.end);
  const Workload lazy = generate_rendering(g, p, /*lazy=*/true);
  expect_both_ways(whole, lazy, want, plan);
  ASSERT_TRUE(lazy.job_source);
  const auto jobs = read_all(*lazy.job_source());
  ASSERT_EQ(jobs.size(), whole.jobs.size());
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    EXPECT_EQ(jobs[i].start, whole.jobs[i].start);
    EXPECT_EQ(jobs[i].end, whole.jobs[i].end);
    EXPECT_EQ(jobs[i].nodes, whole.jobs[i].nodes);
    EXPECT_EQ(jobs[i].index, whole.jobs[i].index);
  }
  EXPECT_TRUE(lazy.deferrable);
  EXPECT_EQ(lazy.busy_w_per_node, ac(g, p.u_busy) - parked(g));
}

// The finance generator as it was written whole: every day's draws, then PowerSteps.
StepSeries finance_whole(const WorkloadGroup& g, const FinanceParams& p) {
  Rng rng(g.seed);
  PowerSteps s;
  const double idle = parked(g);
  const Time d = Time::days(1);
  Time day = g.tz.to_local(g.start);
  day = day - ((day % d) + d) % d - d;
  const Time last = g.tz.to_local(g.end) + d;
  auto at = [&](Time naive) { return g.tz.resolve(naive).earliest; };
  for (; day < last; day += d) {
    if ((((day / d) + 3) % 7 + 7) % 7 >= 5) continue;
    for (double t = p.market_open; t < p.market_close; t += p.step) {
      const double u = p.u_market * (1 + p.market_variation * rng.uniform(-1, 1));
      s.add(at(day + secs(t)), at(day + secs(std::min(t + p.step, p.market_close))),
            g.nodes * (ac(g, u) - idle));
    }
    const double dur = p.batch_duration * (1 + p.batch_jitter * rng.uniform(-1, 1));
    const Time a = at(day + secs(p.batch_start));
    s.add(a, a + secs(dur), g.nodes * (ac(g, p.u_batch) - idle));
  }
  return s.build(g.nodes * idle, g.start, g.end);
}

TEST(WorkloadStreamed, FinanceEqualsTheWholeSeriesBitForBit) {
  const WorkloadGroup g = berlin_group(7, Time::days(800));
  FinanceParams p;
  p.step = 600;
  p.batch_start = 22.5 * 3600;  // the batch runs past midnight into the next day
  p.batch_duration = 4 * 3600;
  const StepSeries want = finance_whole(g, p);
  ASSERT_GT(want.size(), 20000u);
  expect_both_ways(generate_finance(g, p), generate_finance(g, p, /*lazy=*/true), want, want);
}

// The inference generator as it was written whole: all steps and bursts, then merged.
std::pair<StepSeries, StepSeries> inference_whole(const WorkloadGroup& g,
                                                  const InferenceParams& p) {
  Rng rng(g.seed);
  const Time step = secs(p.step);
  std::vector<std::pair<Time, double>> shape, bursts;
  for (Time t = g.start; t < g.end; t += step) {
    const double h = local_hour(g, t + step / 2);
    shape.emplace_back(
        t,
        p.u_base + p.amplitude * (1 + std::cos(2 * std::numbers::pi * (h - p.peak_hour) / 24)) / 2);
  }
  Rng length(derive_seed(g.seed, "workload/marks"));
  const double gap = 86400.0 / p.bursts_per_day;
  for (Time t = g.start + secs(rng.exponential(gap)); t < g.end;) {
    const Time at = t;
    (void)rng.uniform();  // the kept-or-not draw of every submission (all kept)
    t += secs(rng.exponential(gap));
    bursts.emplace_back(at, p.u_burst);
    bursts.emplace_back(at + secs(length.exponential(p.burst_duration)), -p.u_burst);
  }
  std::sort(bursts.begin(), bursts.end());
  std::vector<Time> t, pt;
  std::vector<double> v, plan;
  double extra = 0;
  std::size_t b = 0;
  for (std::size_t i = 0; i < shape.size(); ++i) {
    const Time step_end = i + 1 < shape.size() ? shape[i + 1].first : g.end;
    auto put = [&](Time at) {
      const double w = g.nodes * ac(g, std::min(1.0, shape[i].second + std::max(0.0, extra)));
      if (v.empty() || w != v.back()) t.push_back(at), v.push_back(w);
    };
    for (; b < bursts.size() && bursts[b].first <= shape[i].first; ++b) extra += bursts[b].second;
    put(shape[i].first);
    while (b < bursts.size() && bursts[b].first < step_end) {
      const Time at = bursts[b].first;
      for (; b < bursts.size() && bursts[b].first == at; ++b) extra += bursts[b].second;
      put(at);
    }
    pt.push_back(shape[i].first);
    plan.push_back(g.nodes * ac(g, std::min(1.0, shape[i].second)));
  }
  return {StepSeries(std::move(t), std::move(v), g.end),
          StepSeries(std::move(pt), std::move(plan), g.end)};
}

TEST(WorkloadStreamed, InferenceEqualsTheWholeSeriesBitForBit) {
  const WorkloadGroup g = berlin_group(5, Time::days(200) + Time::minutes(2));
  InferenceParams p;
  p.bursts_per_day = 40;  // overlapping bursts; some reach past the run's end
  p.burst_duration = 3000;
  p.u_burst = 0.35;
  const auto [power, plan] = inference_whole(g, p);
  ASSERT_GT(power.size(), 40000u);
  expect_both_ways(generate_inference(g, p), generate_inference(g, p, /*lazy=*/true), power, plan);
}

}  // namespace
}  // namespace wf
