// Cost of one cabinet update per event, as the site drives it: advance to the
// event, read the limits, set the new power, ask for the next state event.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <random>

#include "models/battery/lfp_cabinet.hpp"
#include "models/battery/naumann_aging.hpp"

namespace wf {
namespace {

LfpCabinet bat_a_cabinet(bool aging, double rc_ratio, double thermal_tau_s) {
  static auto cell = std::make_shared<const LfpCell>(
      LfpCell::load(std::filesystem::path(WF_SOURCE_DIR) / "data/battery/sony_us26650"));
  LfpCabinetParams p;
  p.cells_series = 251, p.cells_parallel = 83, p.cell_capacity_c = 3 * 3600.0;
  p.max_discharge_c = 6.6, p.pcs_rated_w = 100e3, p.rc_ratio = rc_ratio;
  p.thermal_tau_s = thermal_tau_s;
  LfpCabinet c("c", p, cell, PcsEfficiency::notton(100e3, 0.0072, 0.0345),
               aging ? std::make_unique<NaumannAging>() : nullptr, Time::zero());
  c.set_ambient_temperature(298.15);
  return c;
}

// One event a minute with a random request in +-100 kW; args: aging, RC pair, thermal.
void BM_CabinetEvent(benchmark::State& state) {
  auto c = bat_a_cabinet(state.range(0) != 0, state.range(1) != 0 ? 0.5 : 0.0,
                         state.range(2) != 0 ? 6 * 3600.0 : 0.0);
  std::mt19937 rng(1);
  std::uniform_real_distribution<double> pw(-1.0, 1.0);
  std::vector<double> requests(4096);
  for (auto& r : requests) r = pw(rng) * 100e3;
  Time t = Time::zero();
  std::size_t k = 0;
  for (auto _ : state) {
    t = std::min(t + Time::minutes(1), c.next_event());
    c.advance_to(t);
    const double r = requests[k++ & 4095];
    c.set_power(std::clamp(r, -c.max_charge_w(), c.max_discharge_w()));
    benchmark::DoNotOptimize(c.next_event());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CabinetEvent)
    ->Args({1, 0, 0})  // BAT-A configuration
    ->Args({0, 0, 0})
    ->Args({1, 1, 1});  // RC pair and thermal model as well

}  // namespace
}  // namespace wf
