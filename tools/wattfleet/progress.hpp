#pragma once
// A one-line progress bar on a terminal; silent when stderr is not a terminal.
#include <chrono>
#include <string>

namespace wf::cli {

class ProgressBar {
 public:
  /// `label` is shown before the bar; enabled only when stderr is a terminal and !quiet.
  ProgressBar(std::string label, bool quiet);
  ~ProgressBar();
  /// fraction in 0..1; redraws at most ten times a second.
  void update(double fraction);
  bool enabled() const { return enabled_; }

 private:
  std::string label_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_, last_;
  void draw(double fraction);
};

}  // namespace wf::cli
