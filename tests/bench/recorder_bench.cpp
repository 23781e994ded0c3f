// Cost of one input change seen by a site's recorder (12 channels).
#include <benchmark/benchmark.h>

#include "sim/recorder.hpp"

namespace wf {
namespace {

void BM_RecorderSegment(benchmark::State& state) {
  std::vector<RecordedChannel> ch(12, RecordedChannel{"c", "W", "x"});
  std::size_t rows = 0;
  Recorder r(Time::zero(), Time::minutes(1), ch, [&rows](std::span<const double>) { ++rows; });
  Time t = Time::zero();
  double v = 0;
  for (auto _ : state) {
    t += Time::seconds(7);
    r.advance_to(t);
    for (std::size_t i = 0; i < 12; ++i) r.set(i, v += 1.0);
  }
  benchmark::DoNotOptimize(rows);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RecorderSegment);

}  // namespace
}  // namespace wf
