#include "sim/time_axis.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

namespace wf {
namespace {

using ::testing::ElementsAre;

TimeAxis pushed(const std::vector<Time>& t) {
  TimeAxis a;
  for (Time x : t) a.push_back(x);
  return a;
}

// What a listed vector answers, for every query around its instants.
void expect_same_as(const TimeAxis& a, const std::vector<Time>& t) {
  ASSERT_EQ(a.size(), t.size());
  for (std::size_t i = 0; i < t.size(); ++i) ASSERT_EQ(a[i], t[i]) << i;
  EXPECT_TRUE(a == t);
  EXPECT_EQ(a.to_vector(), t);
  EXPECT_TRUE(std::equal(a.begin(), a.end(), t.begin(), t.end()));
  std::vector<Time> queries = {Time::us(-5'000'000'000), Time::never() - Time::us(1)};
  for (Time x : t) queries.insert(queries.end(), {x - Time::us(1), x, x + Time::us(1)});
  for (Time q : queries) {
    const auto up = std::upper_bound(t.begin(), t.end(), q) - t.begin();
    const auto lo = std::lower_bound(t.begin(), t.end(), q) - t.begin();
    EXPECT_EQ(a.upper_index(q), static_cast<std::size_t>(up)) << q.count_us();
    EXPECT_EQ(a.lower_index(q), static_cast<std::size_t>(lo)) << q.count_us();
  }
}

TEST(TimeAxis, AnEvenGridIsKeptWithoutItsInstants) {
  std::vector<Time> t;
  for (int i = 0; i < 1000; ++i) t.push_back(Time::minutes(60 * 24 * 365 * 53) + Time::minutes(i));
  const TimeAxis a(t);
  EXPECT_TRUE(a.is_grid());
  EXPECT_EQ(a.heap_bytes(), 0u);
  EXPECT_EQ(a.listed_at(3), nullptr);
  expect_same_as(a, t);
  const TimeAxis b = pushed(t);
  EXPECT_TRUE(b.is_grid());
  EXPECT_TRUE(a == b);
}

TEST(TimeAxis, AnInstantOffTheGridListsThemAll) {
  std::vector<Time> t = {Time::seconds(0),   Time::seconds(60),  Time::seconds(120),
                         Time::seconds(180), Time::seconds(241), Time::seconds(300)};
  TimeAxis a = pushed(t);
  EXPECT_FALSE(a.is_grid());
  EXPECT_NE(a.listed_at(0), nullptr);
  expect_same_as(a, t);
  EXPECT_FALSE(TimeAxis(t).is_grid());
  expect_same_as(TimeAxis(t), t);
  // Out of order and repeated instants are kept as they came (the trace reader reports them).
  const std::vector<Time> odd = {Time::seconds(10), Time::seconds(5), Time::seconds(5)};
  const TimeAxis o = pushed(odd);
  EXPECT_FALSE(o.is_grid());
  EXPECT_THAT(o, ElementsAre(Time::seconds(10), Time::seconds(5), Time::seconds(5)));
  EXPECT_FALSE(TimeAxis(odd).is_grid());
  EXPECT_EQ(TimeAxis(odd).to_vector(), odd);
}

TEST(TimeAxis, FewInstantsAndTheEmptyAxis) {
  const TimeAxis none;
  EXPECT_TRUE(none.empty());
  EXPECT_EQ(none.upper_index(Time::zero()), 0u);
  EXPECT_EQ(none.lower_index(Time::zero()), 0u);
  expect_same_as(TimeAxis({Time::seconds(7)}), {Time::seconds(7)});
  expect_same_as(TimeAxis({Time::seconds(7), Time::seconds(9)}),
                 {Time::seconds(7), Time::seconds(9)});
  EXPECT_FALSE(TimeAxis({Time::seconds(9), Time::seconds(7)}).is_grid());
}

TEST(TimeAxis, ErasingTheFrontKeepsTheRest) {
  std::vector<Time> t;
  for (int i = 0; i < 50; ++i) t.push_back(Time::ms(250 * i));
  TimeAxis a(t);
  a.erase_front(20);
  t.erase(t.begin(), t.begin() + 20);
  expect_same_as(a, t);
  a.push_back(t.back() + Time::ms(250));  // still the grid
  t.push_back(t.back() + Time::ms(250));
  EXPECT_TRUE(a.is_grid());
  expect_same_as(a, t);
  a.erase_front(a.size() - 1);  // one left: the next instant sets a new step
  t.erase(t.begin(), t.end() - 1);
  a.push_back(t.back() + Time::seconds(3));
  a.push_back(t.back() + Time::seconds(6));
  t.insert(t.end(), {t.back() + Time::seconds(3), t.back() + Time::seconds(6)});
  EXPECT_TRUE(a.is_grid());
  expect_same_as(a, t);
  a.push_back(t.back() + Time::seconds(1));  // off the grid
  t.push_back(t.back() + Time::seconds(1));
  a.erase_front(1);
  t.erase(t.begin());
  EXPECT_FALSE(a.is_grid());
  expect_same_as(a, t);
}

// Cut back to every length, then grown on the grid and off it: as the listed instants.
TEST(TimeAxis, TruncatingKeepsTheFirstInstantsAndGrowsAgain) {
  std::vector<Time> grid;
  for (int i = 0; i < 6; ++i) grid.push_back(Time::seconds(7) + Time::seconds(60 * i));
  std::vector<Time> listed = grid;
  listed[4] += Time::us(1);
  for (const auto& whole : {grid, listed}) {
    for (std::size_t n = 0; n <= whole.size() + 1; ++n) {
      TimeAxis a(whole);
      std::vector<Time> t(whole.begin(),
                          whole.begin() + static_cast<std::ptrdiff_t>(std::min(n, whole.size())));
      a.truncate(n);
      expect_same_as(a, t);
      if (n <= 4) {
        EXPECT_EQ(a.is_grid(), whole == grid) << n;  // a listed axis stays listed
      }
      // The grid's next instant (or, short of a step, one that sets it), then one off it.
      const Time next = t.empty()      ? Time::seconds(-3)
                        : t.size() < 2 ? t.back() + Time::seconds(9)
                                       : t.back() + (t[1] - t[0]);
      a.push_back(next), t.push_back(next);
      expect_same_as(a, t);
      if (whole == grid) {
        EXPECT_TRUE(a.is_grid()) << n;
      }
      a.push_back(next + Time::us(1)), t.push_back(next + Time::us(1));
      expect_same_as(a, t);
    }
  }
}

// Truncating a grid whose front was erased, and one ending at the largest time (no next
// instant fits): the first instants stay, and the grid grows on from them.
TEST(TimeAxis, TruncatingAMovedOrFullGridGrowsOnFromItsNewEnd) {
  std::vector<Time> t;
  for (int i = 0; i < 20; ++i) t.push_back(Time::seconds(5 * i));
  TimeAxis a(t);
  a.erase_front(7), t.erase(t.begin(), t.begin() + 7);
  a.truncate(5), t.resize(5);
  expect_same_as(a, t);
  a.push_back(t.back() + Time::seconds(5)), t.push_back(t.back() + Time::seconds(5));
  EXPECT_TRUE(a.is_grid());
  expect_same_as(a, t);
  // The last instant a microsecond short of the largest time (the queries look one past).
  const Time step = Time::seconds(3), last = Time::never() - Time::us(1);
  std::vector<Time> top = {last - 3 * step, last - 2 * step, last - step, last};
  TimeAxis b;
  for (Time x : top) b.push_back(x);
  ASSERT_TRUE(b.is_grid());
  b.truncate(3), top.resize(3);
  expect_same_as(b, top);
  b.push_back(last), top.push_back(last);  // the grid's next instant again
  EXPECT_TRUE(b.is_grid());
  expect_same_as(b, top);
}

TEST(TimeAxis, RandomAxesAnswerAsTheirListedInstants) {
  std::mt19937_64 rng(3);
  for (int round = 0; round < 200; ++round) {
    std::vector<Time> t;
    const std::int64_t step = 1 + static_cast<std::int64_t>(rng() % 100);
    const std::size_t n = rng() % 40;
    const bool off_grid = rng() % 2;
    Time x = Time::us(static_cast<std::int64_t>(rng() % 1000) - 500);
    for (std::size_t i = 0; i < n; ++i) {
      t.push_back(x);
      x += Time::us(off_grid && rng() % 7 == 0 ? step + 1 : step);
    }
    expect_same_as(pushed(t), t);
    expect_same_as(TimeAxis(t), t);
    EXPECT_EQ(pushed(t).is_grid(), TimeAxis(t).is_grid());
  }
}

TEST(TimeAxis, AGridWiderThanTheLargestDurationReadsExactly) {
  // From -9e18 us to 4.5e18 us: t - t0 and i * step exceed INT64_MAX, the instants do not.
  const std::vector<Time> t = {Time::us(-9'000'000'000'000'000'000),
                               Time::us(-4'500'000'000'000'000'000), Time::us(0),
                               Time::us(4'500'000'000'000'000'000)};
  EXPECT_TRUE(TimeAxis(t).is_grid());
  expect_same_as(TimeAxis(t), t);
  expect_same_as(pushed(t), t);
  EXPECT_EQ(TimeAxis(t).upper_index(Time::us(1'000'000'000'000'000'000)), 3u);
  // Two instants further apart than INT64_MAX have no step: listed.
  const std::vector<Time> far = {Time::us(-9'000'000'000'000'000'000),
                                 Time::us(9'000'000'000'000'000'000)};
  EXPECT_FALSE(TimeAxis(far).is_grid());
  EXPECT_FALSE(pushed(far).is_grid());
  expect_same_as(pushed(far), far);
}

TEST(TimeAxis, EqualityComparesTheInstants) {
  const TimeAxis a({Time::seconds(0), Time::seconds(1), Time::seconds(2)});
  const TimeAxis b({Time::seconds(0), Time::seconds(2), Time::seconds(4)});
  EXPECT_FALSE(a == b);
  EXPECT_TRUE(a == pushed({Time::seconds(0), Time::seconds(1), Time::seconds(2)}));
  const TimeAxis listed({Time::seconds(0), Time::seconds(1), Time::seconds(3)});
  EXPECT_FALSE(a == listed);
  TimeAxis c = listed;
  c.erase_front(3);
  c.push_back(Time::seconds(0));
  c.push_back(Time::seconds(1));
  c.push_back(Time::seconds(2));
  EXPECT_TRUE(c == a);  // one listed, one a grid: the same instants
  EXPECT_FALSE(TimeAxis({Time::seconds(0)}) == TimeAxis({Time::seconds(1)}));
}

TEST(TimeAxis, EmptiedAxesStartAgain) {
  TimeAxis a({Time::seconds(0), Time::seconds(10), Time::seconds(20)});
  a.erase_front(3);
  EXPECT_TRUE(a.empty());
  a.push_back(Time::seconds(5));
  a.push_back(Time::seconds(7));
  a.push_back(Time::seconds(9));
  EXPECT_TRUE(a.is_grid());
  expect_same_as(a, {Time::seconds(5), Time::seconds(7), Time::seconds(9)});
  TimeAxis b({Time::seconds(0), Time::seconds(10), Time::seconds(25)});
  b.clear();
  EXPECT_TRUE(b.empty());
  b.push_back(Time::seconds(1));
  b.push_back(Time::seconds(4));
  EXPECT_TRUE(b.is_grid());
  expect_same_as(b, {Time::seconds(1), Time::seconds(4)});
}

TEST(TimeAxis, AGridEndingNearTheLargestTimeDoesNotOverflow) {
  const Time step = Time::seconds(1000);
  const Time last = Time::never() - Time::us(10);
  std::vector<Time> t = {last - step - step, last - step, last};
  TimeAxis a = pushed(t);
  EXPECT_TRUE(a.is_grid());
  expect_same_as(a, t);
  a.push_back(Time::never());  // not the grid's next instant (that would overflow)
  EXPECT_FALSE(a.is_grid());
  EXPECT_EQ(a.back(), Time::never());
  EXPECT_EQ(a.size(), 4u);
}

}  // namespace
}  // namespace wf
