#include "sim/windowed_steps.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "sim/random.hpp"

namespace wf {
namespace {

// Hands out the breakpoints of a series known whole, counting how often it starts over.
class Replay final : public StepGenerator {
 public:
  explicit Replay(const StepSeries& s) : s_(s) {}
  bool next(Time& t, double& v) override {
    if (i_ == s_.size()) return false;
    t = s_.times()[i_], v = s_.values()[i_];
    ++i_;
    return true;
  }
  void rewind() override { i_ = 0, ++rewinds; }
  Time end() const override { return s_.end(); }
  int rewinds = 0;

 private:
  const StepSeries& s_;
  std::size_t i_ = 0;
};

// Random steps at random gaps (1 s .. 2 min), values with many significant bits.
StepSeries random_steps(std::size_t n, std::uint64_t seed) {
  Rng rng(seed);
  std::vector<Time> t{Time::days(20089)};
  std::vector<double> v{rng.uniform(0, 1e6)};
  while (t.size() < n) {
    t.push_back(t.back() + Time::seconds(1 + static_cast<std::int64_t>(rng.uniform(0, 120))));
    v.push_back(rng.uniform(0, 1e6));
  }
  const Time end = t.back() + Time::minutes(7);
  return StepSeries(std::move(t), std::move(v), end);
}

constexpr Time kQuarter = Time::minutes(15);

TEST(WindowedSteps, SweepEqualsTheWholeSeriesAndMemoryStaysInTheWindow) {
  const StepSeries whole = random_steps(400'000, 1);
  auto gen = std::make_unique<Replay>(whole);
  Replay& r = *gen;
  WindowedSteps w(std::move(gen), kQuarter, whole.start());
  std::vector<double> told;
  w.tell_means([&](double m) { told.push_back(m); });
  auto c = whole.cursor(whole.start());
  std::size_t most = 0;
  // Walk as the engine does: to each change, sometimes in between, asking ahead at times.
  Rng rng(2);
  for (Time t = whole.start(); !t.is_never();) {
    ASSERT_EQ(w.value(), c.value()) << t.count_us();
    ASSERT_EQ(w.next_change(), c.next_change()) << t.count_us();
    if (rng.uniform() < 0.01) {
      const Time b = t + Time::hours(2);
      ASSERT_EQ(w.mean(t, b), whole.mean(t, b));
      ASSERT_EQ(w.max(t, b), whole.max(t, b));
    }
    most = std::max(most, w.held());
    const Time next = rng.uniform() < 0.3 ? t + Time::seconds(1) : c.next_change();
    if (next.is_never()) break;
    t = std::min(next, c.next_change());
    w.advance_to(t);
    c.advance_to(t);
  }
  // The window stays a small share of the series: it is trimmed behind the position.
  EXPECT_LT(most, 100'000u);
  // Means told while trimming, then the rest from the window, equal the whole series'
  // own; the rest needs no restart of the generator.
  const auto n = static_cast<std::size_t>((whole.end() - whole.start()) / kQuarter);
  ASSERT_EQ(told.size(), w.means_told());
  ASSERT_GT(told.size(), n / 2);
  ASSERT_LT(told.size(), n);
  const int rewinds = r.rewinds;
  for (std::size_t i = 0; i < n; ++i) {
    const Time a = whole.start() + kQuarter * static_cast<std::int64_t>(i);
    const double m = i < told.size() ? told[i] : w.mean(a, a + kQuarter);
    ASSERT_EQ(m, whole.mean(a, a + kQuarter)) << i;
  }
  EXPECT_EQ(r.rewinds, rewinds);
}

TEST(WindowedSteps, QueriesBehindTheWindowStartOverAndStillAgree) {
  const StepSeries whole = random_steps(200'000, 3);
  auto gen = std::make_unique<Replay>(whole);
  Replay& r = *gen;
  WindowedSteps w(std::move(gen), kQuarter, whole.start());
  const Time late = whole.start() + (whole.end() - whole.start()) * 3 / 4;
  w.advance_to(late);
  EXPECT_LT(w.held(), whole.size() / 2);
  const int before = r.rewinds;
  const Time a = whole.start() + Time::hours(5);
  EXPECT_EQ(w.mean(a, a + Time::hours(30)), whole.mean(a, a + Time::hours(30)));
  EXPECT_EQ(w.value_at(a), whole.value_at(a));
  EXPECT_EQ(r.rewinds, before + 1);  // behind the window: the generator started over
  // The sweep goes on from where it was.
  auto c = whole.cursor(late);
  EXPECT_EQ(w.value(), c.value());
  EXPECT_EQ(w.next_change(), c.next_change());
  // Before the start and after the end, the end values hold as in StepSeries.
  EXPECT_EQ(w.mean(whole.start() - Time::hours(1), whole.start() + Time::hours(1)),
            whole.mean(whole.start() - Time::hours(1), whole.start() + Time::hours(1)));
  EXPECT_EQ(w.mean(whole.end() - Time::hours(1), whole.end() + Time::hours(3)),
            whole.mean(whole.end() - Time::hours(1), whole.end() + Time::hours(3)));
  const StepSeries again = w.whole();
  EXPECT_EQ(again.times(), whole.times());
  EXPECT_EQ(again.values(), whole.values());
  EXPECT_EQ(again.end(), whole.end());
}

TEST(WindowedSteps, ASeriesKnownWholeAndResets) {
  const StepSeries s({Time::hours(0), Time::hours(1)}, {3, 5}, Time::hours(2));
  WindowedSteps w(s, Time::minutes(30));
  EXPECT_FALSE(w.generated());
  EXPECT_EQ(w.value(), 3);
  EXPECT_EQ(w.next_change(), Time::hours(1));
  EXPECT_TRUE(w.varies());
  EXPECT_EQ(w.end(), Time::hours(2));
  w.advance_to(Time::hours(1));
  EXPECT_EQ(w.value(), 5);
  EXPECT_TRUE(w.next_change().is_never());
  EXPECT_EQ(w.mean(Time::zero(), Time::hours(1)), 3);
  EXPECT_EQ(w.mean(Time::hours(1), Time::hours(2)), 5);
  w.reset(StepSeries({Time::hours(0)}, {7}, Time::hours(2)), Time::hours(1));
  EXPECT_EQ(w.value(), 7);
  EXPECT_FALSE(w.varies());
}

TEST(WindowedSteps, AOneBreakpointGeneratorHoldsItsValueToTheEnd) {
  const StepSeries s({Time::hours(0)}, {4}, Time::hours(2));
  WindowedSteps w(std::make_unique<Replay>(s), kQuarter, Time::zero());
  EXPECT_FALSE(w.varies());
  EXPECT_TRUE(w.next_change().is_never());
  w.advance_to(Time::hours(3));
  EXPECT_EQ(w.value(), 4);
  EXPECT_EQ(w.mean(Time::hours(1), Time::hours(5)), 4);
}

// Live values (wattfleet hil --live-load): each one held from its instant on, in place,
// equals the series rebuilt from the kept breakpoints plus the new one.
TEST(WindowedSteps, HoldingAValueFromAnInstantEqualsTheRebuiltSeries) {
  Rng rng(11);
  const StepSeries start = random_steps(40, 5);
  std::vector<Time> t = start.times().to_vector();
  std::vector<double> v = start.values();
  Time end = start.end();
  WindowedSteps w(start, start.start());
  Time at = start.start() + Time::minutes(30);
  for (int k = 0; k < 400; ++k) {
    // Mostly forward, sometimes back over kept breakpoints, sometimes onto one exactly.
    const double r = rng.uniform(0, 1);
    if (r < 0.15)
      at = t[static_cast<std::size_t>(rng.uniform(0, static_cast<double>(t.size())))];
    else if (r < 0.25)
      at -= Time::seconds(static_cast<std::int64_t>(rng.uniform(1, 600)));
    else
      at += Time::seconds(static_cast<std::int64_t>(rng.uniform(1, 90)));
    const double x = rng.uniform(0, 1e6);
    w.hold_from(at, x, at + Time::us(1));
    while (!t.empty() && t.back() >= at) t.pop_back(), v.pop_back();
    t.push_back(at), v.push_back(x);
    end = std::max(end, at + Time::us(1));
    const StepSeries ref(t, v, end);
    const StepSeries got = w.whole();
    ASSERT_EQ(got.times().to_vector(), t) << k;
    ASSERT_EQ(got.values(), v) << k;
    ASSERT_EQ(got.end(), end) << k;
    EXPECT_EQ(w.value(), x);
    EXPECT_EQ(w.next_change(), ref.cursor(at).next_change());
    const Time a = t.front() + Time::seconds(k % 200), b = at + Time::minutes(5);
    EXPECT_EQ(w.mean(a, b), ref.mean(a, b)) << k;
    EXPECT_EQ(w.value_at(at - Time::seconds(31)), ref.value_at(at - Time::seconds(31))) << k;
  }
}

// As a live load polls: a series on a grid (a trace), then values held at each poll
// while the sweep moves on; the axis stays a grid while the polls keep its step.
TEST(WindowedSteps, HoldingOnTheGridsStepsKeepsTheGrid) {
  std::vector<Time> t;
  std::vector<double> v;
  for (int i = 0; i < 10; ++i) t.push_back(Time::seconds(i)), v.push_back(i);
  WindowedSteps w(StepSeries(t, v, Time::seconds(10)), Time::zero());
  ASSERT_TRUE(w.whole().times().is_grid());
  for (int k = 4; k < 40; ++k) {  // from 4 s: the trace's later breakpoints are dropped
    const Time now = Time::seconds(k);
    w.advance_to(now);
    w.hold_from(now, 100 + k, now + Time::us(1));
    while (!t.empty() && t.back() >= now) t.pop_back(), v.pop_back();
    t.push_back(now), v.push_back(100 + k);
    const StepSeries got = w.whole();
    ASSERT_EQ(got.times().to_vector(), t) << k;
    ASSERT_EQ(got.values(), v) << k;
    EXPECT_EQ(got.end(), std::max(Time::seconds(10), now + Time::us(1))) << k;
    EXPECT_TRUE(got.times().is_grid()) << k;
    EXPECT_EQ(w.value(), 100 + k);
    EXPECT_TRUE(w.next_change().is_never());
  }
}

}  // namespace
}  // namespace wf
