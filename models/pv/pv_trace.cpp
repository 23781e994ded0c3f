#include "models/pv/pv_trace.hpp"

namespace wf {

PvTrace::PvTrace(std::string id, StepSeries power, double ac_limit_w, Time start)
    : id_(std::move(id)),
      power_(std::move(power)),
      ac_limit_w_(ac_limit_w),
      cursor_(power_.cursor(start)),
      detail_{StepSeries::constant(0), StepSeries::constant(0), StepSeries::constant(0)},
      dc_(detail_.dc_w.cursor(start)),
      poa_(detail_.poa_w_m2.cursor(start)),
      cell_(detail_.cell_temp_k.cursor(start)),
      clip_(detail_.clipped_w.cursor(start)) {}

PvTrace::PvTrace(std::string id, StepSeries power, double ac_limit_w, Time start, PvDetail detail)
    : id_(std::move(id)),
      power_(std::move(power)),
      ac_limit_w_(ac_limit_w),
      cursor_(power_.cursor(start)),
      has_detail_(true),
      detail_(std::move(detail)),
      dc_(detail_.dc_w.cursor(start)),
      poa_(detail_.poa_w_m2.cursor(start)),
      cell_(detail_.cell_temp_k.cursor(start)),
      clip_(detail_.clipped_w.cursor(start)) {}

}  // namespace wf
