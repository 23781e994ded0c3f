#pragma once
// PV as the engine sees it: an AC power series, clipped at the inverter's AC
// rating. The series is a trace, a constant, or the output of the model chain
// (pv_chain.hpp), which runs once at load time.
#include <algorithm>
#include <string>

#include "sim/time_series.hpp"

namespace wf {

/// What the model chain knows besides AC power, for the result file (SI units).
struct PvDetail {
  StepSeries dc_w, poa_w_m2, cell_temp_k;
  StepSeries clipped_w = StepSeries::constant(0);  ///< cut off by the chain's inverter rating
};

class PvTrace {
 public:
  PvTrace(std::string id, StepSeries power, double ac_limit_w, Time start);
  /// With the chain's DC power, plane-of-array irradiance and cell temperature.
  PvTrace(std::string id, StepSeries power, double ac_limit_w, Time start, PvDetail detail);
  PvTrace(const PvTrace&) = delete;
  PvTrace& operator=(const PvTrace&) = delete;

  const std::string& id() const { return id_; }
  /// Power available now (W, >= 0): negative trace values (night-time sensor
  /// offsets) count as zero, and the inverter clips at its AC limit.
  double available_w() const { return std::clamp(cursor_.value(), 0.0, ac_limit_w_); }
  /// AC power cut off now (W, >= 0): by the chain's inverter rating and by `ac_limit`.
  double clipped_w() const {
    return (has_detail_ ? clip_.value() : 0.0) + std::max(0.0, cursor_.value() - ac_limit_w_);
  }
  Time next_change() const {
    Time t = cursor_.next_change();
    if (has_detail_)
      t = std::min(
          {t, dc_.next_change(), poa_.next_change(), cell_.next_change(), clip_.next_change()});
    return t;
  }
  void update(Time now) {
    cursor_.advance_to(now);
    if (!has_detail_) return;
    dc_.advance_to(now), poa_.advance_to(now), cell_.advance_to(now), clip_.advance_to(now);
  }

  /// Mean available power over [a, b) (the clip applied to the mean: a planner's view).
  double mean_w(Time a, Time b) const { return std::clamp(power_.mean(a, b), 0.0, ac_limit_w_); }
  bool has_detail() const { return has_detail_; }
  double dc_w() const { return has_detail_ ? std::max(dc_.value(), 0.0) : 0.0; }
  double poa_w_m2() const { return has_detail_ ? poa_.value() : 0.0; }
  double cell_temp_k() const { return has_detail_ ? cell_.value() : 0.0; }

 private:
  std::string id_;
  StepSeries power_;
  double ac_limit_w_;
  StepSeries::Cursor cursor_;
  bool has_detail_ = false;
  PvDetail detail_;
  StepSeries::Cursor dc_, poa_, cell_, clip_;
};

}  // namespace wf
