#include "models/compute/trace_replay.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "sim/error.hpp"
#include "tests/test_support.hpp"

namespace wf {
namespace {

const Time kStart = Time::days(20089);

TEST(TraceReplay, AggregatedFormatReplaysWithTheTraceEnergy) {
  test::TempDir dir;
  auto f = dir.write("agg.csv",
                     "datetime,power_watts,time_seconds\n"
                     "2025-07-27 00:34:45.155,500,0.0\n"
                     "2025-07-27 00:34:45.255,4000,0.1\n"
                     "2025-07-27 00:34:45.355,1000,0.2\n");
  PowerLog log = read_power_log(f, TraceFormat::aggregated, 8);
  EXPECT_EQ(log.spacing, Time::ms(100));
  EXPECT_NEAR(log.energy_j(), 0.1 * (500 + 4000 + 1000), 1e-9);
  StepSeries s = replay(log, kStart, 3, 1.0, 0.0);
  EXPECT_NEAR(s.mean(kStart, kStart + Time::ms(300)) * 0.3, 3 * log.energy_j(), 1e-9);
  // Tiled: a whole number of periods holds that many times the energy.
  EXPECT_NEAR(s.mean(kStart, kStart + Time::ms(300) * 1000) * 300, 3000 * log.energy_j(), 1e-6);
}

TEST(TraceReplay, ResampledLogHoldsTheMeanOfEachWindow) {
  // 10 W for 1 s, 20 W for 2 s, 40 W for the last 2 s (its spacing): period 5 s, 130 J.
  PowerLog log;
  log.t = {Time::zero(), Time::seconds(1), Time::seconds(3)};
  log.w = {10, 20, 40};
  log.spacing = Time::seconds(2);
  const PowerLog r = resample(log, Time::seconds(2));
  ASSERT_EQ(r.t.size(), 3u);
  EXPECT_EQ(r.t[1], Time::seconds(2));
  EXPECT_EQ(r.t[2], Time::seconds(4));
  EXPECT_DOUBLE_EQ(r.w[0], 15);  // (10 + 20) / 2
  EXPECT_DOUBLE_EQ(r.w[1], 30);  // (20 + 40) / 2
  EXPECT_DOUBLE_EQ(r.w[2], 40);  // the last window is 1 s long
  EXPECT_EQ(r.period(), log.period());
  EXPECT_DOUBLE_EQ(r.energy_j(), 130);
  // A window longer than the log: one mean over the whole period.
  const PowerLog one = resample(log, Time::minutes(1));
  ASSERT_EQ(one.t.size(), 1u);
  EXPECT_DOUBLE_EQ(one.w[0], 26);
  EXPECT_EQ(one.period(), log.period());
}

TEST(TraceReplay, NvidiaSmiRowsOfOneSampleAreSummed) {
  test::TempDir dir;
  auto f = dir.write("smi.csv",
                     "timestamp, power.draw [W], utilization.gpu [%], memory.used [MiB]\n"
                     "2025/07/27 00:34:45.155, 72.36 W, 0 %, 131 MiB\n"
                     "2025/07/27 00:34:45.160, 70.00 W, 0 %, 17 MiB\n"
                     "2025/07/27 00:34:45.255, 500 W, 90 %, 17 MiB\n"
                     "2025/07/27 00:34:45.258, 400 W, 90 %, 17 MiB\n");
  PowerLog log = read_power_log(f, TraceFormat::nvidia_smi, 2);
  ASSERT_EQ(log.w.size(), 2u);
  EXPECT_NEAR(log.w[0], 142.36, 1e-9);
  EXPECT_EQ(log.t[1], Time::ms(100));
}

TEST(TraceReplay, BadLogsAreInputErrors) {
  test::TempDir dir;
  auto neg = dir.write("neg.csv", "datetime,power_watts,time_seconds\nx,5,0\nx,-1,0.1\n");
  EXPECT_THROW(read_power_log(neg, TraceFormat::aggregated, 1), InputError);
  auto back = dir.write("back.csv", "datetime,power_watts,time_seconds\nx,5,0.2\nx,1,0.1\n");
  EXPECT_THROW(read_power_log(back, TraceFormat::aggregated, 1), InputError);
  auto unit = dir.write("unit.csv",
                        "timestamp, power.draw [W]\n2025/07/27 00:34:45.155, 7 kW\n"
                        "2025/07/27 00:34:45.255, 7 kW\n");
  EXPECT_THROW(read_power_log(unit, TraceFormat::nvidia_smi, 1), InputError);
}

// The real H100 logs: the per-GPU log summed per sample gives the node log's energy,
// and a replay tiled over a day holds the trace energy per period.
TEST(TraceReplay, RealH100TracesAgree) {
  WF_REQUIRE_SHARED_DATA();
  const auto dir = test::shared_data() / "workload";
  PowerLog agg = read_power_log(dir / "h100x8_aggregated_power_data_100stepsync.csv.gz",
                                TraceFormat::aggregated, 8);
  PowerLog smi = read_power_log(dir / "h100x8_power-trace_2025-07-27-00-34-44.csv.gz",
                                TraceFormat::nvidia_smi, 8);
  EXPECT_NEAR(agg.period().to_seconds(), 697, 1);
  EXPECT_NEAR(smi.period().to_seconds(), agg.period().to_seconds(), 2);
  // Mean node power of the two logs (the aggregate is derived from the per-GPU log).
  const double pa = agg.energy_j() / agg.period().to_seconds();
  const double ps = smi.energy_j() / smi.period().to_seconds();
  EXPECT_NEAR(ps, pa, 0.03 * pa);
  EXPECT_NEAR(pa, 2203, 30);  // numpy mean of the rows: 2203 W
  StepSeries s = replay(agg, kStart, 16, 1.0, 0.0);
  const std::int64_t n = Time::days(1) / agg.period();
  const Time span = agg.period() * n;
  const double periods = static_cast<double>(n);
  EXPECT_NEAR(s.mean(kStart, kStart + span) * span.to_seconds(), 16.0 * periods * agg.energy_j(),
              1e-6 * 16 * periods * agg.energy_j());
}

// The TITAN X log: two GPUs interleaved, power without a unit suffix.
TEST(TraceReplay, RealTitanXLogReads) {
  WF_REQUIRE_SHARED_DATA();
  PowerLog log =
      read_power_log(test::shared_data() /
                         "workload/titanx2_power-trace_2gpu_with_burn_2025-12-05-18-58-24.csv.gz",
                     TraceFormat::nvidia_smi, 2);
  EXPECT_EQ(log.w.size(), 3562u);  // 7125 rows: 3562 whole samples of 2 GPUs, one cut short
  ASSERT_EQ(log.repairs.size(), 1u);
  EXPECT_NEAR(log.period().to_seconds(), 373, 2);
  EXPECT_GT(*std::max_element(log.w.begin(), log.w.end()), 300);
}

}  // namespace
}  // namespace wf
