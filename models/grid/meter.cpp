#include "models/grid/meter.hpp"

#include <algorithm>

#include "sim/error.hpp"

namespace wf {

Meter::Meter(Time start, Time interval, Sink sink)
    : sink_(std::move(sink)),
      interval_(interval),
      now_(start),
      row_start_(floor_to(start, Time::zero(), interval)) {
  WF_ASSERT(interval > Time::zero());
}

void Meter::advance_to(Time t) {
  WF_ASSERT(t >= now_);
  while (t >= row_start_ + interval_) {
    const Time row_end = row_start_ + interval_;
    const double dt = (row_end - now_).to_seconds();
    // Integrate per piece: each piece is wholly import or wholly export.
    import_j_ += std::max(power_, 0.0) * dt;
    export_j_ += std::max(-power_, 0.0) * dt;
    now_ = row_end;
    emit();
  }
  const double dt = (t - now_).to_seconds();
  import_j_ += std::max(power_, 0.0) * dt;
  export_j_ += std::max(-power_, 0.0) * dt;
  now_ = t;
}

void Meter::finish(Time end) {
  advance_to(end);
  if (now_ > row_start_) emit();
}

void Meter::emit() {
  MeterReading r{row_start_, interval_, import_j_, export_j_};
  peak_w_ = std::max(peak_w_, r.mean_import_w());
  sink_(r);
  import_j_ = export_j_ = 0;
  row_start_ += interval_;
}

}  // namespace wf
