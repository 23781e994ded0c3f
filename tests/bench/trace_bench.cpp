// Reading one year of a 1-minute trace (issue 18: a 525,600-row gz CSV read and
// checked in <= 60 ms on one core). A synthetic file of the shape of the BAT-A
// load trace is written once; the real file is used too when ../shared/data is there.
#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <zlib.h>

#include <cmath>
#include <filesystem>
#include <vector>

#include "sim/csv_reader.hpp"
#include "sim/time_format.hpp"
#include "sim/trace.hpp"

namespace wf {
namespace {

const Time kStart = parse_datetime("2023-01-01T00:00:00Z")->t;
const Time kEnd = parse_datetime("2024-01-01T00:00:00Z")->t;

// "2023-01-01T00:00:00Z,22560.0" rows, one a minute, as gzip.
std::filesystem::path synthetic_file() {
  static const std::filesystem::path path = [] {
    const auto p = std::filesystem::temp_directory_path() / "wattfleet_bench_trace_1min.csv.gz";
    gzFile f = gzopen(p.c_str(), "wb6");
    gzputs(f, "# synthetic load, mean power over [t, t+60 s)\ntime_utc,load_w\n");
    int k = 0;
    for (Time t = kStart; t < kEnd; t += Time::minutes(1), ++k) {
      const double w = std::round(20000 + 5000 * std::sin(k * 0.01) + (k * 7919 % 1000)) / 10;
      gzputs(f, fmt::format("{},{:.1f}\n", format_utc(t), w * 10).c_str());
    }
    gzclose(f);
    return p;
  }();
  return path;
}

TraceSpec spec(std::filesystem::path file, std::string time, std::string value) {
  TraceSpec s;
  s.file = std::move(file);
  s.time_column = std::move(time);
  s.value_column = std::move(value);
  return s;
}

void run(benchmark::State& state, const TraceSpec& s) {
  std::size_t rows = 0;
  for (auto _ : state) {
    LoadedTrace t = load_trace(s, kStart, kEnd);
    rows = t.series.size();
    benchmark::DoNotOptimize(t);
  }
  state.counters["rows"] = static_cast<double>(rows);
  state.counters["ns/row"] =
      benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsIterationInvariantRate |
                                                        benchmark::Counter::kInvert);
}

// BAT-A's load trace in ../shared/data; empty (and the benchmark skipped) when absent.
std::filesystem::path bat_a_load(benchmark::State& state) {
  const auto file =
      std::filesystem::path(WF_SHARED_DATA_DIR) / "reference/fleet_load_1min_2023.csv.gz";
  if (std::filesystem::exists(file)) return file;
  state.SkipWithError("../shared/data is absent: no BAT-A load trace");
  return {};
}

void BM_TraceYear1minGz(benchmark::State& state) {
  run(state, spec(synthetic_file(), "time_utc", "load_w"));
}
BENCHMARK(BM_TraceYear1minGz)->Unit(benchmark::kMillisecond);

void BM_TraceYear1minGzBatA(benchmark::State& state) {
  const auto file = bat_a_load(state);
  if (file.empty()) return;
  run(state, spec(file, "time_utc", "load_w"));
}
BENCHMARK(BM_TraceYear1minGzBatA)->Unit(benchmark::kMillisecond);

// The floors under the trace reader: splitting the records alone (ISA-L inflate
// included), and zlib's gzread alone (what the reader used before).
void BM_CsvRecordsOnlyBatA(benchmark::State& state) {
  const auto file = bat_a_load(state);
  if (file.empty()) return;
  for (auto _ : state) {
    CsvReader r(file);
    std::size_t n = 0;
    while (r.next()) n += r.fields()[1].size();
    benchmark::DoNotOptimize(n);
  }
}
BENCHMARK(BM_CsvRecordsOnlyBatA)->Unit(benchmark::kMillisecond);

void BM_ZlibInflateOnlyBatA(benchmark::State& state) {
  const auto file = bat_a_load(state);
  if (file.empty()) return;
  std::vector<char> buf(std::size_t{1} << 18);
  for (auto _ : state) {
    gzFile f = gzopen(file.c_str(), "rb");
    gzbuffer(f, 1 << 17);
    long n = 0;
    for (int k; (k = gzread(f, buf.data(), static_cast<unsigned>(buf.size()))) > 0;) n += k;
    gzclose(f);
    benchmark::DoNotOptimize(n);
  }
}
BENCHMARK(BM_ZlibInflateOnlyBatA)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace wf
