// A fleet split across processes, played in one process rank by rank: the joined
// result holds every site's channels, summaries and the events of one process, in
// the same order, bit for bit (tests/python/test_mpi_fleet.py does it under mpirun).
#include "assembly/split_run.hpp"

#include <gtest/gtest.h>

#include "sim/error.hpp"
#include "sim/hdf5_reader.hpp"
#include "tests/test_support.hpp"

namespace wf {
namespace {

const std::filesystem::path kFleet =
    std::filesystem::path(WF_SOURCE_DIR) / "scenarios/europe_fleet.yaml";

// Processes 1..n-1 run first and see only their own bytes at each exchange; process 0
// runs last and gets everyone's, as MPI_Allgatherv would hand them over.
RunResult run_split(const Scenario& s, const std::filesystem::path& out, int ranks) {
  std::vector<std::vector<std::vector<char>>> calls;  // [exchange][rank]
  for (int r = ranks - 1; r >= 0; --r) {
    RunOptions o{.output = out};
    o.rank = r, o.ranks = ranks;
    std::size_t k = 0;
    o.allgather = [&, r](const std::vector<char>& mine) {
      if (calls.size() <= k) calls.emplace_back(static_cast<std::size_t>(ranks));
      auto& all = calls[k++];
      all[static_cast<std::size_t>(r)] = mine;
      return r == 0 ? all : std::vector<std::vector<char>>{mine};
    };
    RunResult result = run_scenario(s, o);
    if (r == 0) return result;
  }
  return {};
}

TEST(SplitRun, PartPathsSitBesideTheOutput) {
  EXPECT_EQ(part_path("/runs/fleet.h5", 0, 3), "/runs/fleet.part1of3.h5");
  EXPECT_EQ(part_path("fleet.h5", 2, 3), "fleet.part3of3.h5");
  EXPECT_TRUE(runs_site(4, 1, 3));
  EXPECT_FALSE(runs_site(4, 0, 3));
}

// Process 1 met bad input before its run: every process stops alike, process 0 says why.
TEST(SplitRun, OneProcessStoppedStopsThemAll) {
  const auto failed = std::make_exception_ptr(InputError("f.yaml", 3, "duration", "bad"));
  std::vector<char> from_one{0};  // ready
  Allgather exchange = [&](const std::vector<char>& mine) {
    return std::vector<std::vector<char>>{mine, from_one};
  };
  EXPECT_NO_THROW(agree_to_start(exchange, nullptr, nullptr, 0));
  {  // what process 1 sends
    Allgather own = [&](const std::vector<char>& mine) {
      from_one = mine;
      return std::vector<std::vector<char>>{{0}, mine};
    };
    EXPECT_THROW(agree_to_start(own, failed, nullptr, 1), SplitRunFailed);
  }
  try {
    agree_to_start(exchange, nullptr, nullptr, 0);
    FAIL() << "process 0 went on";
  } catch (const SplitRunFailed& e) {
    EXPECT_TRUE(e.input());
    EXPECT_TRUE(e.report());
    EXPECT_STREQ(e.what(), "f.yaml:3: duration: bad");
  }
}

TEST(SplitRun, JoinedResultEqualsOneProcess) {
  test::TempDir dir;
  const Scenario s = load_scenario(kFleet, {"duration=3d"});
  const RunResult one = run_scenario(s, {.output = dir / "one.h5"});
  const RunResult split = run_split(s, dir / "split.h5", 3);
  ASSERT_TRUE(std::filesystem::exists(dir / "split.part3of3.h5"));
  EXPECT_FALSE(std::filesystem::exists(dir / "split.h5.partial"));

  EXPECT_EQ(split.events, one.events);
  EXPECT_EQ(split.rows, one.rows);
  ASSERT_EQ(split.sites.size(), one.sites.size());
  for (std::size_t i = 0; i < one.sites.size(); ++i) {
    EXPECT_EQ(split.sites[i].id, one.sites[i].id);
    ASSERT_EQ(split.sites[i].summary.size(), one.sites[i].summary.size());
    for (std::size_t k = 0; k < one.sites[i].summary.size(); ++k)
      EXPECT_EQ(split.sites[i].summary[k].value, one.sites[i].summary[k].value)
          << one.sites[i].summary[k].name;
  }

  const ResultInfo a = read_result_info(dir / "one.h5"), b = read_result_info(dir / "split.h5");
  EXPECT_EQ(b.rows, a.rows);
  EXPECT_EQ(b.events, a.events);
  ASSERT_EQ(b.sites.size(), a.sites.size());
  for (std::size_t i = 0; i < a.sites.size(); ++i) {
    EXPECT_EQ(b.sites[i].id, a.sites[i].id);
    ASSERT_EQ(b.sites[i].channels, a.sites[i].channels);
    for (const std::string& c : a.sites[i].channels)
      EXPECT_EQ(read_channel(dir / "split.h5", a.sites[i].id, c),
                read_channel(dir / "one.h5", a.sites[i].id, c))
          << a.sites[i].id << "/" << c;
  }
  const H5View va(dir / "one.h5"), vb(dir / "split.h5");
  EXPECT_EQ(vb.int64s("/time"), va.int64s("/time"));
  EXPECT_EQ(vb.int64s("/events/time"), va.int64s("/events/time"));
  for (const char* col : {"/events/site", "/events/kind", "/events/message"})
    EXPECT_EQ(vb.strings(col), va.strings(col)) << col;
  EXPECT_EQ(vb.doubles("/events/value"), va.doubles("/events/value"));
  EXPECT_EQ(vb.doubles("/summary/events_handled"), va.doubles("/summary/events_handled"));
}

}  // namespace
}  // namespace wf
