#pragma once
// Forecast-driven pre-charge, the mechanism the cabinet vendor describes: when the
// forecast says a pulse above the limit comes within the horizon (15 min), charge
// ahead of it with the headroom under the limit, so peak shaving has the energy when
// the pulse arrives. It charges only when that pays: the demand charge the pulse would
// add (the kW above both the limit and the peak already billed, at the tariff's
// monthly, annual or capacity-step price) must exceed the cost of the charge's losses
// at the price now. A pulse the connection cannot carry is always worth charging for;
// without a tariff the limit itself is the goal. Stack it below peak shaving (which
// handles the pulse itself). Otherwise it passes.
#include <cmath>

#include "models/ems/controller.hpp"

namespace wf {

struct PreChargeParams {
  double limit_w = 0;                              ///< import level the pulses must be held to
  Time horizon = Time::minutes(15);                ///< how far ahead the forecast looks
  double target_soc = 1;                           ///< charge up to this aggregate SoC
  double power_w = INFINITY;                       ///< charging power at most
  LoadForecast forecast = LoadForecast::schedule;  ///< where the view ahead comes from
  Time season = Time::days(1);  ///< forecast `seasonal_naive`: how far back it reads the demand
};

class PreCharge final : public StackRule {
 public:
  explicit PreCharge(const PreChargeParams& p) : p_(p) {}
  std::string_view name() const override { return "precharge"; }
  std::optional<double> propose(SiteSnapshot& s) override;
  std::vector<SummaryValue> summary() const override;
  Time load_history() const override {
    return p_.forecast == LoadForecast::seasonal_naive ? p_.season : Time::zero();
  }

 private:
  PreChargeParams p_;
  long precharges_ = 0, not_worth_ = 0;

  // EUR of demand charges the pulse `peak_w` would add over what is already billed.
  double avoided_eur(const SiteSnapshot& s, double peak_w) const;
  // Whether charging `charge_w` over the horizon costs less than the pulse would.
  bool worth_it(const SiteSnapshot& s, double peak_w, double charge_w) const;
};

}  // namespace wf
