#pragma once
// Frequency containment reserve: a share of the batteries' power is held for the
// grid operator and answers the frequency by the product's droop
// (models/grid/frequency_response.hpp); the rules below see limits reduced by the
// reserved power. Revenue: the capacity payment for the hours the grid is up.
// The activation energy is settled at the energy price like any other import or
// export (no separate remuneration).
#include "models/ems/controller.hpp"
#include "models/grid/frequency_response.hpp"

namespace wf {

struct FcrRuleParams {
  FcrProduct product = FcrProduct::fcr_ce;
  double reserved_w = 0;
  double capacity_price = 0;  ///< EUR per MW of reserve per hour
};

class FcrRule final : public Controller {
 public:
  explicit FcrRule(const FcrRuleParams& p) : p_(p) {}
  std::string_view name() const override { return "fcr"; }
  double battery_setpoint_w(const SiteSnapshot& s) override;
  std::optional<double> propose(SiteSnapshot& s) override;
  double added_w() const override { return response_w_; }
  void finish(Time end) override { book(end); }
  std::vector<SummaryValue> summary() const override;

 private:
  FcrRuleParams p_;
  double response_w_ = 0;
  Time last_;
  bool started_ = false, up_ = false;
  double held_s_ = 0, up_j_ = 0, down_j_ = 0;
  void book(Time now);
};

}  // namespace wf
