#pragma once
// Online rainflow cycle counting (ASTM E1049-85 (2017), section 5.4.4): feed the
// reversal points of a signal one at a time; closed cycles come out as soon as
// they close, the residue is counted as half cycles at the end.
#include <functional>
#include <vector>

namespace wf {

class Rainflow {
 public:
  struct Point {
    double value;  ///< signal at the reversal (e.g. SoC)
    double tag;    ///< caller's coordinate (e.g. seconds under current), carried along
  };
  /// One counted range: cycles is 0.5 or 1; from/to are its two reversal points.
  struct Cycle {
    double range, cycles;
    Point from, to;
  };
  using Sink = std::function<void(const Cycle&)>;

  /// Adds a reversal point (the caller ensures peaks and valleys alternate).
  void add(Point p, const Sink& sink);
  /// Counts what is left as half cycles and empties the stack.
  void flush(const Sink& sink);
  const std::vector<Point>& residue() const { return stack_; }

 private:
  std::vector<Point> stack_;
};

}  // namespace wf
