#pragma once
// PV as the engine sees it: an AC power series, clipped at the inverter's AC
// rating. The series is a trace, a constant, or the output of the model chain
// (pv_chain.hpp), which runs once at load time.
#include <algorithm>
#include <string>

#include "sim/time_series.hpp"

namespace wf {

class PvTrace {
 public:
  PvTrace(std::string id, StepSeries power, double ac_limit_w, Time start);
  PvTrace(const PvTrace&) = delete;
  PvTrace& operator=(const PvTrace&) = delete;

  const std::string& id() const { return id_; }
  /// Power available now (W, >= 0): negative trace values (night-time sensor
  /// offsets) count as zero, and the inverter clips at its AC limit.
  double available_w() const { return std::clamp(cursor_.value(), 0.0, ac_limit_w_); }
  Time next_change() const { return cursor_.next_change(); }
  void update(Time now) { cursor_.advance_to(now); }

 private:
  std::string id_;
  StepSeries power_;
  double ac_limit_w_;
  StepSeries::Cursor cursor_;
};

}  // namespace wf
