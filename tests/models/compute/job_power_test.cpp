// The plan made as it is read against PowerSteps over the whole schedule.
#include "models/compute/job_power.hpp"

#include <gtest/gtest.h>

#include "models/compute/ai_training_power.hpp"
#include "sim/random.hpp"

namespace wf {
namespace {

TEST(PlannedPower, EqualsPowerStepsOverTheWholeScheduleBitForBit) {
  // Jobs in start order with shared instants (one job's end at another's start, equal
  // starts), zero-length and zero-node jobs, jobs before and after the window.
  Rng rng(4);
  std::vector<ScheduledJob> jobs;
  const Time t0 = Time::days(20000), t1 = t0 + Time::days(5);
  Time start = t0 - Time::hours(12);
  for (std::size_t i = 0; i < 8000; ++i) {
    if (rng.uniform() < 0.7) start += Time::minutes(static_cast<std::int64_t>(rng.uniform(0, 4)));
    const Time len = Time::minutes(static_cast<std::int64_t>(rng.uniform(0, 240)));
    jobs.push_back({i, start, start + len, static_cast<int>(rng.uniform(0, 9))});
  }
  ASSERT_GT(jobs.back().start, t1);
  const double base = 1234.5, per_node = 5432.1 / 7;  // sums with rounding dust
  PowerSteps s;
  for (const auto& j : jobs) s.add(j.start, j.end, j.nodes * per_node);
  const StepSeries want = s.build(base, t0, t1);
  auto gen = planned_power(t0, t1, base, per_node, std::make_unique<ListedJobs>(jobs));
  const StepSeries got = drain(*gen);
  ASSERT_GT(want.size(), 1000u);
  EXPECT_EQ(got.times(), want.times());
  EXPECT_EQ(got.values(), want.values());  // bit for bit
  EXPECT_EQ(got.end(), want.end());
  // Read again after a rewind: the same.
  EXPECT_EQ(drain(*gen).values(), want.values());
}

}  // namespace
}  // namespace wf
