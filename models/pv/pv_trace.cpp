#include "models/pv/pv_trace.hpp"

namespace wf {

PvTrace::PvTrace(std::string id, StepSeries power, double ac_limit_w, Time start)
    : id_(std::move(id)),
      power_(std::move(power)),
      ac_limit_w_(ac_limit_w),
      cursor_(power_.cursor(start)) {}

}  // namespace wf
