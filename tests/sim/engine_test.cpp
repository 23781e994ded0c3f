#include "sim/engine.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "sim/error.hpp"

namespace wf {
namespace {

TEST(Engine, RunsEventsInTimeThenPhaseThenInsertionOrder) {
  Engine e;
  std::string log;
  e.schedule_fn(Time::seconds(2), Phase::input, [&](Engine&) { log += "c"; });
  e.schedule_fn(Time::seconds(1), Phase::record, [&](Engine&) { log += "b"; });
  e.schedule_fn(Time::seconds(1), Phase::input, [&](Engine&) { log += "a1"; });
  e.schedule_fn(Time::seconds(1), Phase::input, [&](Engine&) { log += "a2"; });
  e.schedule_fn(Time::seconds(1), Phase::control, [&](Engine&) { log += "x"; });
  e.run_until(Time::seconds(10));
  EXPECT_EQ(log, "a1a2xbc");
  EXPECT_EQ(e.now(), Time::seconds(10));
  EXPECT_EQ(e.events_handled(), 5u);
}

TEST(Engine, EventsAtTheEndTimeWaitForTheNextRun) {
  Engine e;
  int n = 0;
  e.schedule_fn(Time::seconds(5), Phase::input, [&](Engine&) { ++n; });
  e.run_until(Time::seconds(5));
  EXPECT_EQ(n, 0);
  e.run_until(Time::seconds(6));
  EXPECT_EQ(n, 1);
}

TEST(Engine, CancelledEventsDoNotRunAndLateCancelIsHarmless) {
  Engine e;
  int ran = 0;
  EventId a = e.schedule_fn(Time::seconds(1), Phase::input, [&](Engine&) { ran += 1; });
  EventId b = e.schedule_fn(Time::seconds(2), Phase::input, [&](Engine&) { ran += 10; });
  EXPECT_EQ(e.pending(), 2u);
  e.cancel(b);
  EXPECT_EQ(e.pending(), 1u);
  e.run_until(Time::seconds(3));
  EXPECT_EQ(ran, 1);
  e.cancel(a);  // already ran
  e.cancel(b);  // already cancelled
  EXPECT_EQ(e.pending(), 0u);
  // A recycled slot must not be cancelled through the stale handle.
  e.schedule_fn(Time::seconds(4), Phase::input, [&](Engine&) { ran += 100; });
  e.cancel(a);
  e.run_until(Time::seconds(5));
  EXPECT_EQ(ran, 101);
}

TEST(Engine, EventsMayScheduleMoreAtTheSameInstantInLaterPhases) {
  Engine e;
  std::vector<int> order;
  e.schedule_fn(Time::seconds(1), Phase::input, [&](Engine& en) {
    order.push_back(1);
    en.schedule_fn(en.now(), Phase::solve, [&](Engine&) { order.push_back(3); });
  });
  e.schedule_fn(Time::seconds(1), Phase::protection, [&](Engine&) { order.push_back(2); });
  e.run_until(Time::seconds(2));
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
}

TEST(Engine, SchedulingInThePastIsABug) {
  Engine e(Time::seconds(10));
  EXPECT_THROW(e.schedule_fn(Time::seconds(9), Phase::input, [](Engine&) {}), InternalError);
}

TEST(Engine, StopEndsTheRunAfterTheCurrentEvent) {
  Engine e;
  int n = 0;
  for (int i = 1; i <= 5; ++i)
    e.schedule_fn(Time::seconds(i), Phase::input, [&](Engine& en) {
      if (++n == 3) en.stop();
    });
  e.run_until(Time::seconds(100));
  EXPECT_EQ(n, 3);
  EXPECT_EQ(e.now(), Time::seconds(3));
}

// Random schedule/cancel against a sorted reference list.
TEST(Engine, MatchesAReferenceOrderUnderRandomLoad) {
  std::mt19937_64 rng(7);
  Engine e;
  struct Ref {
    Time t;
    int phase;
    int seq;
  };
  std::vector<Ref> expected;
  std::vector<int> got;
  std::vector<EventId> ids;
  for (int i = 0; i < 2000; ++i) {
    Time t = Time::ms(static_cast<std::int64_t>(rng() % 500));
    int phase = static_cast<int>(rng() % 5);
    ids.push_back(
        e.schedule_fn(t, static_cast<Phase>(phase), [&got, i](Engine&) { got.push_back(i); }));
    expected.push_back({t, phase, i});
  }
  std::vector<bool> cancelled(2000, false);
  for (int k = 0; k < 300; ++k) {
    int i = static_cast<int>(rng() % 2000);
    e.cancel(ids[i]);
    cancelled[i] = true;
  }
  e.run_until(Time::seconds(1));
  std::stable_sort(expected.begin(), expected.end(), [](const Ref& a, const Ref& b) {
    return a.t < b.t || (a.t == b.t && a.phase < b.phase);
  });
  std::vector<int> want;
  for (const auto& r : expected)
    if (!cancelled[r.seq]) want.push_back(r.seq);
  EXPECT_EQ(got, want);
}

TEST(Engine, SameSeedSameRandomNumbers) {
  Engine a(Time::zero(), 42), b(Time::zero(), 42), c(Time::zero(), 43);
  EXPECT_EQ(a.rng()(), b.rng()());
  EXPECT_NE(Engine(Time::zero(), 42).rng()(), c.rng()());
}

}  // namespace
}  // namespace wf
