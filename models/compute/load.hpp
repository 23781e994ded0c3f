#pragma once
// A site load driven by a constant or a trace: the IT load of a node group, or
// an auxiliary draw. Consumption is positive.
#include <string>

#include "sim/time_series.hpp"

namespace wf {

enum class LoadKind { it, aux };

class Load {
 public:
  /// `demand` in W; the cursor starts at `start`.
  Load(std::string id, LoadKind kind, StepSeries demand, Time start);
  Load(const Load&) = delete;
  Load& operator=(const Load&) = delete;

  const std::string& id() const { return id_; }
  LoadKind kind() const { return kind_; }
  /// Demand in force now (W).
  double demand_w() const { return cursor_.value(); }
  /// Next instant the demand changes; never() if it does not.
  Time next_change() const { return cursor_.next_change(); }
  void update(Time now) { cursor_.advance_to(now); }

  /// The whole demand series (W), for forecasts and statistics.
  const StepSeries& demand() const { return demand_; }
  /// What the job schedule alone expected (W), where a workload generator made one.
  void set_plan(StepSeries plan) { plan_ = std::move(plan); }
  const StepSeries* plan() const { return plan_.size() > 0 ? &plan_ : nullptr; }

 private:
  std::string id_;
  LoadKind kind_;
  StepSeries demand_;
  StepSeries plan_;
  StepSeries::Cursor cursor_;
};

}  // namespace wf
