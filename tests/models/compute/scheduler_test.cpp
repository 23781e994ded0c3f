#include "models/compute/scheduler.hpp"

#include <gtest/gtest.h>

namespace wf {
namespace {

Time h(int n) {
  return Time::hours(n);
}

TEST(Scheduler, FifoStartsInOrderWhenJobsFit) {
  std::vector<JobRequest> jobs{{h(0), 2, h(2)}, {h(1), 2, h(1)}};
  auto s = schedule_fifo_backfill(jobs, 4);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].start, h(0));
  EXPECT_EQ(s[1].start, h(1));
}

TEST(Scheduler, BackfillsAShortJobWithoutDelayingTheHead) {
  // Job 0 holds 3 of 4 nodes until 10 h; job 1 (4 nodes) waits for it; job 2 (1 node, 5 h)
  // fits before 10 h and jumps ahead; job 3 (1 node, 20 h) would delay job 1, so it waits.
  std::vector<JobRequest> jobs{
      {h(0), 3, h(10)}, {h(1), 4, h(1)}, {h(2), 1, h(5)}, {h(3), 1, h(20)}};
  auto s = schedule_fifo_backfill(jobs, 4);
  ASSERT_EQ(s.size(), 4u);
  auto start_of = [&](std::size_t i) {
    for (auto& j : s)
      if (j.index == i) return j.start;
    return Time::never();
  };
  EXPECT_EQ(start_of(2), h(2));
  EXPECT_EQ(start_of(1), h(10));
  EXPECT_EQ(start_of(3), h(11));
}

TEST(Scheduler, NeverOversubscribes) {
  std::vector<JobRequest> jobs;
  for (int i = 0; i < 200; ++i)
    jobs.push_back({Time::minutes(i * 7), 1 + (i * 37) % 8, Time::minutes(30 + (i * 53) % 300)});
  auto s = schedule_fifo_backfill(jobs, 8);
  ASSERT_EQ(s.size(), jobs.size());
  PowerSteps busy;
  for (auto& j : s) {
    EXPECT_GE(j.start, jobs[j.index].submit);
    busy.add(j.start, j.end, j.nodes);
  }
  StepSeries b = busy.build(0, Time::zero(), Time::days(30));
  for (double v : b.values()) EXPECT_LE(v, 8.0 + 1e-9);
}

TEST(Scheduler, StopsAtTheHorizonOnAnOverloadedSite) {
  std::vector<JobRequest> jobs;
  for (int i = 0; i < 20000; ++i) jobs.push_back({Time::minutes(i), 4, h(10)});
  auto s = schedule_fifo_backfill(jobs, 4, Time::days(10));
  EXPECT_EQ(s.size(), 24u);  // one 10 h job after another for 10 days
  for (auto& j : s) EXPECT_LT(j.start, Time::days(10));
}

TEST(PowerSteps, SumsOverlapsAndMergesEqualNeighbours) {
  PowerSteps p;
  p.add(h(1), h(3), 10);
  p.add(h(3), h(5), 10);  // continues at the same level: no breakpoint at 3 h
  p.add(h(2), h(4), 5);
  StepSeries s = p.build(1, h(0), h(6));
  EXPECT_DOUBLE_EQ(s.value_at(h(0)), 1);
  EXPECT_DOUBLE_EQ(s.value_at(h(2)), 16);
  EXPECT_DOUBLE_EQ(s.value_at(h(4)), 11);
  EXPECT_DOUBLE_EQ(s.value_at(h(5)), 1);
  EXPECT_EQ(s.size(), 5u);  // 0, 1, 2, 4, 5 h
  EXPECT_NEAR(s.mean(h(0), h(6)) * 6, 6 + 40 + 10, 1e-9);
}

}  // namespace
}  // namespace wf

namespace wf {
namespace {

// Many jobs of many sizes on a busy site: backfill, queues, ties at one instant.
std::vector<JobRequest> busy_requests() {
  std::vector<JobRequest> r;
  for (int i = 0; i < 3000; ++i)
    r.push_back({Time::minutes(i * 30 - (i % 3 == 0 ? 0 : (i % 3))), 1 + (i * 37) % 16,
                 Time::minutes(20 + (i * 53) % 400)});
  std::stable_sort(r.begin(), r.end(), [](auto& a, auto& b) { return a.submit < b.submit; });
  return r;
}

bool same(const ScheduledJob& a, const ScheduledJob& b) {
  return a.index == b.index && a.start == b.start && a.end == b.end && a.nodes == b.nodes;
}

TEST(FifoBackfill, ReadAsItGoesAndRewoundGivesTheWholeScheduleAgain) {
  const auto requests = busy_requests();
  const auto whole = schedule_fifo_backfill(requests, 64, Time::days(70));
  ASSERT_GT(whole.size(), 2000u);
  FifoBackfill s(listed_requests(requests), 64, Time::days(70));
  ScheduledJob j;
  for (std::size_t i = 0; i < 700; ++i) ASSERT_TRUE(s.next(j) && same(j, whole[i])) << i;
  s.rewind();  // from the first job again, the same jobs to the end
  for (std::size_t i = 0; i < whole.size(); ++i) ASSERT_TRUE(s.next(j) && same(j, whole[i])) << i;
  EXPECT_FALSE(s.next(j));
  for (std::size_t i = 1; i < whole.size(); ++i) EXPECT_GE(whole[i].start, whole[i - 1].start);
}

}  // namespace
}  // namespace wf
