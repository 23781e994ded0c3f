#include "models/battery/rainflow.hpp"

#include <cmath>

namespace wf {

void Rainflow::add(Point p, const Sink& sink) {
  stack_.push_back(p);
  while (stack_.size() >= 3) {
    const std::size_t n = stack_.size();
    const double x = std::abs(stack_[n - 1].value - stack_[n - 2].value);
    const double y = std::abs(stack_[n - 2].value - stack_[n - 3].value);
    if (x < y) break;
    if (n == 3) {  // Y holds the starting point: half a cycle, the start moves on
      sink({y, 0.5, stack_[0], stack_[1]});
      stack_.erase(stack_.begin());
    } else {  // a full cycle closes: drop its two points
      sink({y, 1.0, stack_[n - 3], stack_[n - 2]});
      stack_.erase(stack_.end() - 3, stack_.end() - 1);
    }
  }
}

void Rainflow::flush(const Sink& sink) {
  for (std::size_t i = 1; i < stack_.size(); ++i)
    sink({std::abs(stack_[i].value - stack_[i - 1].value), 0.5, stack_[i - 1], stack_[i]});
  stack_.clear();
}

}  // namespace wf
