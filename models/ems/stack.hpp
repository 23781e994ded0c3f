#pragma once
// A priority stack of rules: the first rule (top) with an opinion decides; rules
// above it may have tightened the limits it sees (reserve, frequency reserve) and
// may add power on top (frequency response). Records which rule decided for how
// long and how much energy it moved, as ems.<rule>.* in /summary.
#include <memory>
#include <string>
#include <vector>

#include "models/ems/controller.hpp"

namespace wf {

class PriorityStack final : public Controller {
 public:
  explicit PriorityStack(std::vector<std::unique_ptr<Controller>> rules);
  std::string_view name() const override { return "stack"; }
  double battery_setpoint_w(const SiteSnapshot& s) override;
  double soc_floor(const SiteSnapshot& s) const override;
  Time load_history() const override;
  void finish(Time end) override;
  std::vector<SummaryValue> summary() const override;
  std::vector<std::string> rule_labels() const override {
    return {labels_.begin(), labels_.end() - 1};  // without "none"
  }
  std::size_t decided_rule() const override {
    return decided_ < rules_.size() ? decided_ : SIZE_MAX;
  }

 private:
  struct Record {
    double seconds = 0, discharge_j = 0, charge_j = 0;
  };
  std::vector<std::unique_ptr<Controller>> rules_;
  std::vector<std::string> labels_;  // rule names, numbered when a type repeats
  std::vector<Record> records_;      // per rule, plus one for "no rule decided"
  std::size_t decided_ = 0;
  double last_w_ = 0;
  Time last_;
  bool started_ = false;
  void book(Time now);
};

}  // namespace wf
