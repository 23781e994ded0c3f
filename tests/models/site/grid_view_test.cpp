// The grid's view: band RMS of known waveforms and ramps between 1-s means.
#include "models/site/grid_view.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <numbers>

namespace wf {
namespace {

double value(const std::vector<SummaryValue>& s, const std::string& name) {
  for (const auto& v : s)
    if (v.name == name) return v.value;
  throw std::out_of_range(name);
}

TEST(GridView, SquareWaveBandPowerIsItsHarmonicsInTheBand) {
  // +-A square wave of period 2 s (0.5 Hz) on the grid; the net demand is flat.
  // Odd harmonics n carry (4A/pi)^2 / (2 n^2); 0.5, 1.5 and 2.5 Hz fall in the band.
  const double a = 10e3;
  GridView g(Time::zero(), Time::hours(2));
  for (Time t = Time::zero(); t < Time::hours(2); t += Time::seconds(1))
    g.set(t, (t.count_us() / 1'000'000) % 2 == 0 ? a : -a, 50e3);
  g.finish(Time::hours(2));
  // The bins see the wave exactly (edges on bin edges): a sequence of 10 x +A, 10 x -A.
  // Its harmonics m (0.5 m Hz) in the band: m = 1, 3, 5, each 2 |c_m|^2 of the power.
  double want = 0;
  for (int m : {1, 3, 5}) {
    std::complex<double> c = 0;
    for (int j = 0; j < 20; ++j)
      c +=
          (j < 10 ? a : -a) * std::exp(std::complex<double>(0, -2 * std::numbers::pi * j * m / 20));
    want += 2 * std::norm(c / 20.0);
  }
  const auto s = g.summary();
  EXPECT_NEAR(value(s, "grid_view.band_rms"), std::sqrt(want), 0.01 * std::sqrt(want));
  EXPECT_NEAR(value(s, "grid_view.net_band_rms"), 0, 1e-6);
  // 1-s means alternate between +A and -A.
  EXPECT_NEAR(value(s, "grid_view.max_ramp"), 2 * a, 1e-6);
  EXPECT_NEAR(value(s, "grid_view.hours"), 2, 1e-12);
}

TEST(GridView, SlowAndFastSwingsFallOutsideTheBand) {
  // A 60 s period (0.017 Hz) on the grid and a 4 Hz square wave on the net demand:
  // neither fundamental is in 0.1-3 Hz.
  GridView g(Time::zero(), Time::hours(2));
  for (Time t = Time::zero(); t < Time::hours(2); t += Time::ms(125))
    g.set(t, (t.count_us() / 30'000'000) % 2 == 0 ? 1e3 : -1e3,
          (t.count_us() / 125'000) % 2 == 0 ? 1e3 : -1e3);
  g.finish(Time::hours(2));
  const auto s = g.summary();
  // Odd harmonics 7..179 of the slow wave lie in the band: (8/pi^2) sum 1/n^2 of its power.
  double share = 0;
  for (int n = 7; n <= 179; n += 2) share += 8 / (std::numbers::pi * std::numbers::pi * n * n);
  EXPECT_NEAR(value(s, "grid_view.band_rms"), 1e3 * std::sqrt(share), 0.03e3 * std::sqrt(share));
  // The 4 Hz wave is above the band; what 0.1 s bins alias into it stays small.
  EXPECT_LT(value(s, "grid_view.net_band_rms"), 0.1e3);
}

TEST(GridView, TheGridAndTheNetDemandTransformedOnceWhenTheyAreTheSame) {
  // Blocks where the cabinets do nothing (grid == net) share one transform; where they
  // differ each has its own. Either way each signal's figures are its own.
  GridView same(Time::zero(), Time::hours(1)), apart(Time::zero(), Time::hours(1));
  for (Time t = Time::zero(); t < Time::hours(1); t += Time::ms(300)) {
    const double w = 1e3 * std::sin(0.002 * static_cast<double>(t.count_us()) / 1e3);
    same.set(t, w, w);
    // The first half hour alike, then the grid smoothed to a tenth of the swing.
    apart.set(t, t < Time::minutes(30) ? w : 0.1 * w, w);
  }
  same.finish(Time::hours(1)), apart.finish(Time::hours(1));
  const auto s = same.summary(), a = apart.summary();
  EXPECT_GT(value(s, "grid_view.band_rms"), 100);
  EXPECT_EQ(value(s, "grid_view.band_rms"), value(s, "grid_view.net_band_rms"));
  EXPECT_EQ(value(a, "grid_view.net_band_rms"), value(s, "grid_view.net_band_rms"));
  EXPECT_LT(value(a, "grid_view.band_rms"), 0.8 * value(a, "grid_view.net_band_rms"));
}

TEST(GridView, WholeBinsBetweenEventsGiveTheBinByBinFigures) {
  // The same piecewise-constant signals, once told only when they change (runs of whole
  // bins filled at once) and once at every bin edge as well (one bin at a time): every
  // figure bit for bit the same. Changes fall inside bins and on their edges.
  auto grid = [](Time t) { return 1e3 * std::sin(double(t.count_us() / 730'000)) + 37.3; };
  auto net = [](Time t) { return (t.count_us() / 2'345'000) % 3 == 0 ? -4.2e3 : 0.1; };
  const Time span = Time::minutes(40);
  GridView sparse(Time::zero(), span), dense(Time::zero(), span);
  Time last = Time::never();
  for (Time t = Time::zero(); t < span; t += Time::ms(5)) {
    const bool change = grid(t) != grid(t - Time::ms(5)) || net(t) != net(t - Time::ms(5));
    if (t == Time::zero() || change) sparse.set(t, grid(t), net(t)), last = t;
    if (t == Time::zero() || change || t.count_us() % 100'000 == 0) dense.set(t, grid(t), net(t));
  }
  ASSERT_NE(last, Time::never());
  sparse.finish(span), dense.finish(span);
  const auto a = sparse.summary(), b = dense.summary();
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].value, b[i].value) << a[i].name;
  EXPECT_GT(value(a, "grid_view.band_rms"), 0);
}

TEST(GridView, LongConstantRunsGiveTheBinByBinFigures) {
  // Minutes between changes (as at 1-minute traces): whole seconds of equal bins are
  // closed together, across block edges (8192 bins) and from changes inside a second;
  // every figure bit for bit what one bin at a time gives.
  auto grid = [](Time t) { return 2.1e3 * std::cos(double(t.count_us() / 61'370'000)) - 0.3; };
  auto net = [](Time t) { return 1e3 * double((t.count_us() / 97'310'000) % 5) + 1.0 / 3; };
  const Time span = Time::minutes(50);
  GridView bulk(Time::zero(), span), dense(Time::zero(), span);
  for (Time t = Time::zero(); t < span; t += Time::ms(10)) {
    const bool change = grid(t) != grid(t - Time::ms(10)) || net(t) != net(t - Time::ms(10));
    if (t == Time::zero() || change) bulk.set(t, grid(t), net(t));
    if (t == Time::zero() || change || t.count_us() % 100'000 == 0) dense.set(t, grid(t), net(t));
  }
  bulk.finish(span), dense.finish(span);
  const auto a = bulk.summary(), b = dense.summary();
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].value, b[i].value) << a[i].name;
  EXPECT_GT(value(a, "grid_view.band_rms"), 0);
  EXPECT_GT(value(a, "grid_view.max_ramp"), 0);
}

TEST(GridView, NothingAfterItsWindow) {
  GridView g(Time::zero(), Time::zero());
  g.set(Time::seconds(1), 5, 5);
  g.finish(Time::seconds(10));
  EXPECT_EQ(value(g.summary(), "grid_view.hours"), 0);
}

}  // namespace
}  // namespace wf
