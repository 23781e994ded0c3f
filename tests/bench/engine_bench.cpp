// Event-loop throughput: empty events, as the acceptance figure counts them.
#include <benchmark/benchmark.h>

#include <random>

#include "sim/engine.hpp"

namespace wf {
namespace {

void noop(void*, Engine&, std::uint64_t) {}

// N events scheduled up front at distinct times, then drained.
void BM_DrainEmptyEvents(benchmark::State& state) {
  const auto n = static_cast<std::int64_t>(state.range(0));
  for (auto _ : state) {
    state.PauseTiming();
    Engine e;
    for (std::int64_t i = 0; i < n; ++i) e.schedule(Time::us(i), Phase::input, &noop, nullptr);
    state.ResumeTiming();
    e.run_until(Time::us(n + 1));
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_DrainEmptyEvents)->Arg(1 << 10)->Arg(1 << 20);

// The classic hold model: `pending` events in the queue, each one reschedules
// itself a random delay ahead, as a site with several inputs does.
struct Hold {
  std::mt19937_64 rng{1};
  static void fire(void* ctx, Engine& e, std::uint64_t) {
    auto* h = static_cast<Hold*>(ctx);
    e.schedule(e.now() + Time::us(1 + static_cast<std::int64_t>(h->rng() % 1000)), Phase::input,
               &fire, ctx);
  }
};

void BM_HoldModel(benchmark::State& state) {
  Hold h;
  Engine e;
  for (std::int64_t i = 0; i < state.range(0); ++i)
    e.schedule(Time::us(i), Phase::input, &Hold::fire, &h);
  Time t = Time::zero();
  std::uint64_t before = e.events_handled();
  for (auto _ : state) {
    t += Time::ms(10);
    e.run_until(t);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(e.events_handled() - before));
}
BENCHMARK(BM_HoldModel)->Arg(16)->Arg(1024)->Arg(65536);

}  // namespace
}  // namespace wf
