#include "models/ems/stack.hpp"

#include <algorithm>
#include <map>

#include "sim/error.hpp"

namespace wf {

PriorityStack::PriorityStack(std::vector<std::unique_ptr<Controller>> rules)
    : rules_(std::move(rules)), records_(rules_.size() + 1) {
  WF_ASSERT(!rules_.empty());
  std::map<std::string, int, std::less<>> count;
  for (const auto& r : rules_) ++count[std::string(r->name())];
  std::map<std::string, int, std::less<>> seen;
  for (const auto& r : rules_) {
    std::string n(r->name());
    labels_.push_back(count[n] > 1 ? n + "_" + std::to_string(++seen[n]) : n);
  }
  labels_.push_back("none");
}

void PriorityStack::book(Time now) {
  if (!started_) return;
  Record& r = records_[decided_];
  const double dt = (now - last_).to_seconds();
  r.seconds += dt;
  (last_w_ > 0 ? r.discharge_j : r.charge_j) += std::abs(last_w_) * dt;
  last_ = now;
}

void PriorityStack::finish(Time end) {
  book(end);
  for (auto& r : rules_) r->finish(end);
}

double PriorityStack::battery_setpoint_w(const SiteSnapshot& s0) {
  book(s0.now);
  SiteSnapshot s = s0;
  double out = 0, added = 0;
  decided_ = rules_.size();
  for (std::size_t i = 0; i < rules_.size(); ++i) {
    std::optional<double> p = rules_[i]->propose(s);
    added += rules_[i]->added_w();
    if (p) {
      out = std::clamp(*p, -s.max_charge_w, s.max_discharge_w);
      decided_ = i;
      break;
    }
  }
  started_ = true, last_ = s0.now, last_w_ = out;
  return out + added;
}

double PriorityStack::soc_floor(const SiteSnapshot& s) const {
  double f = 0;
  for (const auto& r : rules_) f = std::max(f, r->soc_floor(s));
  return f;
}

Time PriorityStack::load_history() const {
  Time h = Time::zero();
  for (const auto& r : rules_) h = std::max(h, r->load_history());
  return h;
}

std::vector<SummaryValue> PriorityStack::summary() const {
  std::vector<SummaryValue> out;
  for (std::size_t i = 0; i < records_.size(); ++i) {
    const std::string p = "ems." + labels_[i] + ".";
    const Record& r = records_[i];
    out.push_back(
        {p + "decided_hours", "h", "hours this rule of the stack decided", r.seconds / 3600});
    out.push_back({p + "discharge_energy", "kWh", "battery energy discharged on its decision",
                   r.discharge_j / 3.6e6});
    out.push_back(
        {p + "charge_energy", "kWh", "battery energy charged on its decision", r.charge_j / 3.6e6});
  }
  for (const auto& r : rules_)
    for (auto v : r->summary()) out.push_back(std::move(v));
  return out;
}

}  // namespace wf
