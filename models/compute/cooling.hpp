#pragma once
// Cooling as a power usage effectiveness: cooling = (PUE - 1) x IT power.
// The chiller / free-cooling model of the compute issue replaces it.
#include <string>

namespace wf {

class Cooling {
 public:
  /// pue >= 1.
  Cooling(std::string id, double pue) : id_(std::move(id)), pue_(pue) {}
  const std::string& id() const { return id_; }
  double pue() const { return pue_; }
  double power_w(double it_w) const { return (pue_ - 1.0) * it_w; }

 private:
  std::string id_;
  double pue_;
};

}  // namespace wf
