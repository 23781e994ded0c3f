#pragma once
// The grid's view of a pulsed load: how fast the site's grid power ramps and how
// much of it swings in the 0.1-3 Hz band where training-iteration oscillations
// sit (domain reference 4.3), next to the same for the net demand (demand - PV:
// what the grid would see without the cabinets). The piecewise-constant signals
// are averaged exactly into 0.1 s bins (a boxcar anti-alias filter), cut into
// blocks of 8192 bins (819.2 s), Hann-windowed and transformed; the band's
// variance is summed over the block's one-sided spectrum (Parseval).
#include <complex>
#include <cstdint>
#include <vector>

#include "sim/summary_figures.hpp"
#include "sim/time.hpp"

namespace wf {

class GridView {
 public:
  static constexpr double kBinS = 0.1;
  static constexpr std::size_t kBlock = 8192;
  static constexpr double kLowHz = 0.1, kHighHz = 3.0;

  /// Analyses [start, start + duration); nothing at all when duration is zero.
  GridView(Time start, Time duration);
  bool active(Time t) const { return t < end_; }
  /// Values in force from t on (t never decreasing).
  void set(Time t, double grid_w, double net_w);
  void finish(Time end);
  std::vector<SummaryValue> summary() const;

  struct Signal {
    double bin_j = 0;                        // integral over the open bin
    std::vector<double> block;               // bin means of the open block
    double band_var_sum = 0;                 // sum over blocks of the band variance
    double second_sum = 0, last_second = 0;  // 1-s means for ramps
    bool have_second = false;
    double max_ramp = 0;  // W/s between consecutive 1-s means
    double value = 0;     // in force now
  };

 private:
  Time start_, end_, now_;
  Time bin_start_;
  int bins_in_second_ = 0;
  std::size_t blocks_ = 0;
  Signal grid_, net_;
  void advance(Time t);
  void close_bin(double grid_mean, double net_mean);
  /// n bins of the same means: close_bin n times, a second at a time where it can.
  void close_bins(double grid_mean, double net_mean, std::int64_t n);
  void close_second(Signal& s, double mean);  ///< the 1-s mean s just finished
  void close_block();                         ///< the block's band variances
  /// The block's variance in the band (W^2); 0 for a block without swings.
  double block_band_variance(const std::vector<double>& block) const;
};

}  // namespace wf
