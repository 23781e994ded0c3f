#include "models/compute/load.hpp"

namespace wf {

Load::Load(std::string id, LoadKind kind, StepSeries demand, Time start)
    : id_(std::move(id)), kind_(kind), demand_(std::move(demand)), cursor_(demand_.cursor(start)) {}

}  // namespace wf
