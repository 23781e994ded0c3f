#include "models/site/grid_view.hpp"

#include <unsupported/Eigen/FFT>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numbers>

#include "sim/summary_figures.hpp"

namespace wf {

namespace {
const Time kBin = Time::ms(100);
}

GridView::GridView(Time start, Time duration)
    : start_(start), end_(start + duration), now_(start), bin_start_(start) {
  grid_.block.reserve(kBlock), net_.block.reserve(kBlock);
}

void GridView::set(Time t, double grid_w, double net_w) {
  if (!active(now_)) return;
  advance(std::min(t, end_));
  grid_.value = grid_w, net_.value = net_w;
}

void GridView::advance(Time t) {
  const double bin_s = kBin.to_seconds();
  while (now_ < t) {
    if (now_ == bin_start_ && t - now_ >= kBin) {
      // Whole bins at constant values (most of them between a site's events): each
      // one's mean computed once, as the bin-by-bin integral below would.
      const double grid = (0.0 + grid_.value * bin_s) / kBinS;
      const double net = (0.0 + net_.value * bin_s) / kBinS;
      close_bins(grid, net, (t - now_) / kBin);
      now_ = bin_start_;
      continue;
    }
    const Time stop = std::min(t, bin_start_ + kBin);
    const double dt = (stop - now_).to_seconds();
    grid_.bin_j += grid_.value * dt, net_.bin_j += net_.value * dt;
    now_ = stop;
    if (now_ == bin_start_ + kBin) {
      const double grid = grid_.bin_j / kBinS, net = net_.bin_j / kBinS;
      grid_.bin_j = 0, net_.bin_j = 0;
      close_bin(grid, net);
    }
  }
}

void GridView::close_bin(double grid_mean, double net_mean) {
  grid_.block.push_back(grid_mean), net_.block.push_back(net_mean);
  grid_.second_sum += grid_mean, net_.second_sum += net_mean;
  bin_start_ += kBin;
  if (++bins_in_second_ == 10) {
    for (Signal* s : {&grid_, &net_}) close_second(*s, s->second_sum / 10);
    bins_in_second_ = 0;
  }
  if (grid_.block.size() == kBlock) close_block();
}

void GridView::close_bins(double grid_mean, double net_mean, std::int64_t n) {
  // Whole seconds of equal bins at once (a constant minute is 600 bins): a second's
  // sum adds its ten means from zero as close_bin does, and after the first such
  // second the ramp to the next is zero, which leaves max_ramp as it is. Bit-equal.
  auto ten = [](double v) {
    double sum = 0;
    for (int i = 0; i < 10; ++i) sum += v;
    return sum / 10;
  };
  double grid_sec = 0, net_sec = 0;
  bool have_sec = false;
  while (n > 0) {
    const std::size_t room = kBlock - grid_.block.size();
    if (bins_in_second_ != 0 || n < 10 || room < 10) {
      close_bin(grid_mean, net_mean), --n;
      continue;
    }
    if (!have_sec) grid_sec = ten(grid_mean), net_sec = ten(net_mean), have_sec = true;
    const auto bins = static_cast<std::size_t>(std::min<std::int64_t>(n / 10, room / 10) * 10);
    grid_.block.insert(grid_.block.end(), bins, grid_mean);
    net_.block.insert(net_.block.end(), bins, net_mean);
    bin_start_ += kBin * static_cast<std::int64_t>(bins);
    close_second(grid_, grid_sec), close_second(net_, net_sec);
    n -= static_cast<std::int64_t>(bins);
    if (grid_.block.size() == kBlock) close_block();
  }
}

void GridView::close_second(Signal& s, double sec) {
  if (s.have_second) s.max_ramp = std::max(s.max_ramp, std::abs(sec - s.last_second));
  s.last_second = sec, s.have_second = true, s.second_sum = 0;
}

void GridView::close_block() {
  // Without the cabinets acting (idle, or none) the grid sees the net demand: one
  // transform serves both.
  const double grid_var = block_band_variance(grid_.block);
  grid_.band_var_sum += grid_var;
  const bool same = std::memcmp(net_.block.data(), grid_.block.data(),
                                kBlock * sizeof(double)) == 0;  // bit for bit
  net_.band_var_sum += same ? grid_var : block_band_variance(net_.block);
  grid_.block.clear(), net_.block.clear();
  ++blocks_;
}

double GridView::block_band_variance(const std::vector<double>& block) const {
  // Mean removed, Hann window; one-sided band power scaled by the window's energy.
  const std::size_t n = block.size();
  // A block without swings has no band power: skip its transform (most quiet sites).
  const auto [lo, hi] = std::minmax_element(block.begin(), block.end());
  if (*hi - *lo <= 1e-9 * (std::abs(*hi) + std::abs(*lo))) return 0;
  double mean = 0;
  for (double v : block) mean += v;
  mean /= static_cast<double>(n);
  // The window and the transform's plan are the same for every block (n is kBlock):
  // made once per thread, with the buffers, instead of once per block.
  struct Transform {
    std::vector<double> window, x;
    std::vector<std::complex<double>> spec;
    Eigen::FFT<double> fft;
  };
  thread_local Transform tr;
  if (tr.window.size() != n) {
    tr.window.resize(n);
    for (std::size_t i = 0; i < n; ++i)
      tr.window[i] = 0.5 - 0.5 * std::cos(2 * std::numbers::pi * static_cast<double>(i) /
                                          static_cast<double>(n));
    tr.x.resize(n);
  }
  double w2 = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double w = tr.window[i];
    tr.x[i] = (block[i] - mean) * w;
    w2 += w * w;
  }
  tr.fft.fwd(tr.spec, tr.x);
  const auto& spec = tr.spec;
  const double df = 1.0 / (static_cast<double>(n) * kBinS);
  double band = 0;
  for (std::size_t k = 1; k < n / 2; ++k) {
    const double f = static_cast<double>(k) * df;
    if (f >= kLowHz && f <= kHighHz) band += std::norm(spec[k]);
  }
  return 2 * band / (static_cast<double>(n) * w2);
}

void GridView::finish(Time end) {
  if (active(now_)) advance(std::min(end, end_));
}

std::vector<SummaryValue> GridView::summary() const {
  const double blocks = static_cast<double>(blocks_);
  auto rms = [&](const Signal& s) { return blocks > 0 ? std::sqrt(s.band_var_sum / blocks) : 0.0; };
  return {
      site_figure("grid_view.hours")((now_ - start_).to_hours()),
      site_figure("grid_view.band_rms")(rms(grid_)),
      site_figure("grid_view.net_band_rms")(rms(net_)),
      site_figure("grid_view.max_ramp")(grid_.max_ramp),
      site_figure("grid_view.net_max_ramp")(net_.max_ramp),
  };
}

}  // namespace wf
