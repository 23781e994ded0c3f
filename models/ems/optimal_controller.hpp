#pragma once
// Optimal dispatch on the running twin: the LP of optimal_dispatch.hpp planned
// on the site's own inputs, executed by holding the grid power at the plan's
// value (the battery takes the difference, so load swings inside a step are
// met as the plan assumed). Perfect foresight solves the whole run once from
// the true inputs; MPC re-solves a receding window every step from the twin's
// actual state of charge, with the net load forecast perfectly or by the
// day-ahead naive rule (yesterday's value). Where the twin could not follow
// the plan (nonlinear cells, PCS limits, derating), the state-of-charge
// deviation from the plan is reported in /summary.
#include <memory>
#include <optional>
#include <vector>

#include "models/ems/controller.hpp"
#include "models/ems/mpc.hpp"
#include "models/ems/optimal_dispatch.hpp"
#include "sim/calendar.hpp"

namespace wf {

struct OptimalParams {
  bool mpc = false;
  Time step = Time::hours(1);
  std::size_t horizon_steps = 48;  ///< MPC window
  bool naive_forecast = false;     ///< MPC: net load of the same step a day earlier
  double degradation_eur_per_kwh = 0;
  double reserve_j = 0;  ///< energy the plan keeps stored (backup)
};

class OptimalController final : public Controller {
 public:
  explicit OptimalController(const OptimalParams& p) : p_(p) {}
  std::string_view name() const override { return p_.mpc ? "mpc" : "optimal"; }
  double battery_setpoint_w(const SiteSnapshot& s) override;
  Time next_decision(Time now) const override;
  std::vector<SummaryValue> summary() const override;

 private:
  OptimalParams p_;
  bool built_ = false;
  Time start_;
  DispatchProblem truth_, forecast_;    // the whole run, on the LP's step grid
  std::vector<double> grid_plan_w_;     // per step: grid power to hold
  std::vector<double> soc_plan_;        // per step: planned SoC at its end
  std::vector<double> billed_peak_w_;   // per demand window, for MPC
  std::vector<DaysSoFar> days_so_far_;  // per top-days charge: the twin's metered days (MPC)
  std::optional<TimeZone> bill_tz_;     // the bill's local days (capacity steps)
  std::size_t step_ = SIZE_MAX;         // step of the last decision
  double plan_cost_ = 0, max_dev_ = 0;
  long solves_ = 0, deviation_steps_ = 0, fallbacks_ = 0;

  void build(const SiteSnapshot& s);
  void plan_from(std::size_t k, const SiteSnapshot& s);
  void add_capacity_charges(const SiteView& v, const Tariff& t, double peak_w);
  void note_days_so_far(std::size_t k, const SiteSnapshot& s);
};

}  // namespace wf
