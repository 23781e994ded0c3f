#pragma once
// Optimal battery dispatch over a known horizon as one linear programme
// (solved with COIN-OR Clp; its headers stay in the .cpp). Pure inputs -> plan:
// nothing here knows about the site simulation. Formulation and limits:
// docs/models/ems.md.
//
// Per step t (length dt): charge c_t >= 0 and discharge d_t >= 0 (AC side),
// grid import g+_t and export g-_t (within the connection limits), stored energy
// e_t at the step's end; per demand window k a peak P_k. Minimise
//   sum_t (g+_t * import_t - g-_t * export_t) * dt   energy
// + sum_k eur_per_kw_k * P_k                          demand (P_k >= g+_t in window, >= already)
// + sum_m Y_m                                         capacity on the top days (TopDaysCharge)
// + degradation * (c_t + d_t) * dt                    throughput wear
// subject to g+ - g- + d - c = net_load and e_t = e_{t-1} + (eta_c c_t - d_t / eta_d) dt.
//
// Negative prices: the LP has no binary "charge or discharge" choice, so when
// importing pays (import price < 0, or export price < 0 with a surplus that must go
// somewhere) it may charge and discharge in the same step, burning energy in the
// conversion losses. Such a plan is an optimum of the relaxation, not a physical
// command: a real battery can only follow the net power battery_w, which keeps the
// grid flow of the plan but stores more energy than `soc` says (the losses are not
// burned). Likewise, where export earns more than import costs and both limits are
// finite, the plan imports and exports at once; grid_w is the net. With positive
// prices neither happens: both cost money. A variant that must not burn energy
// needs binaries (a MILP), which this component does not do.
#include <cstddef>
#include <vector>

namespace wf {

/// A billed peak over the steps [first_step, end_step): eur_per_kw times the
/// window's highest grid import (kW). German RLM demand charges bill the annual or
/// monthly peak (domain reference §5.2), Norwegian HV tariffs the monthly peak (§5.3).
struct DemandCharge {
  std::size_t first_step = 0, end_step = 0;
  double eur_per_kw = 0;  ///< >= 0
  double already_w = 0;   ///< peak already billed in this window before step 0 (MPC)
};

/// A cost on the mean of the `top_days` highest daily peaks of the grid import over the
/// steps [first_step, end_step) (the Norwegian capacity charge, domain reference §5.3:
/// the three highest daily hourly peaks of the month): the largest of the lines
/// `eur + eur_per_kw * mean kW`, a convex piecewise-linear cost (for the tariff's steps,
/// their lower convex envelope: capacity_step_envelope in models/grid/tariff_rates.hpp).
/// Days with no step in the window (earlier in the month, MPC) enter by their peaks, and
/// `unseen_days` days after it (MPC) each as high as the window's highest day (the plan
/// cannot see them; counting them lower would let it raise one day and not another).
/// With fewer days than `top_days` in all, the mean is over those there are (as the bill).
struct TopDaysCharge {
  std::size_t first_step = 0, end_step = 0;
  std::vector<std::size_t> day_starts;  ///< the steps a day starts at; the first is first_step
  std::size_t top_days = 3;
  struct Line {
    double eur = 0, eur_per_kw = 0;
  };
  std::vector<Line> cost;            ///< at least one line
  std::vector<double> past_daily_w;  ///< peaks of the earlier days outside the window (MPC)
  double today_w = 0;                ///< the first day's peak before step 0 (MPC)
  bool last_day_cut = false;         ///< end_step falls inside the last day (MPC)
  std::size_t unseen_days = 0;       ///< days after end_step, a cut last day included (MPC)
};

struct DispatchProblem {
  double step_s = 3600;                           ///< uniform step length (s)
  std::vector<double> net_load_w;                 ///< demand - PV before the battery (may be < 0)
  std::vector<double> import_eur_per_mwh;         ///< what import costs, per step
  std::vector<double> export_eur_per_mwh;         ///< what feed-in earns, per step
  double import_limit_w = 0, export_limit_w = 0;  ///< >= 0; infinity allowed
  double capacity_wh = 0;                         ///< usable full scale (> 0)
  double soc0 = 0.5, soc_min = 0, soc_max = 1;    ///< fractions of capacity
  double soc_end_min = 0;                         ///< floor on the SoC at the last step's end
  double reserve_wh = 0;  ///< energy that must stay stored at every step end (backup)
  double max_charge_w = 0, max_discharge_w = 0;  ///< AC side, finite
  double eta_charge = 1, eta_discharge = 1;      ///< one way, AC <-> stored, in (0, 1]
  double degradation_eur_per_kwh = 0;            ///< per kWh of AC throughput (charge + discharge)
  std::vector<DemandCharge> demand;
  std::vector<TopDaysCharge> top_days;

  std::size_t steps() const { return net_load_w.size(); }
};

struct DispatchPlan {
  std::vector<double> battery_w;    ///< discharge - charge (> 0 into the bus), AC
  std::vector<double> charge_w;     ///< AC power drawn to charge (>= 0)
  std::vector<double> discharge_w;  ///< AC power delivered (>= 0)
  std::vector<double> grid_w;       ///< import - export (> 0 import)
  std::vector<double> soc;          ///< at the END of each step
  std::vector<double> peak_w;       ///< billed peak per demand window (>= already_w)
  std::vector<double> top_days_w;   ///< per top-days charge: the mean of its highest days
  double cost_eur = 0;              ///< energy + demand (both kinds) + degradation
  double energy_eur = 0, demand_eur = 0, degradation_eur = 0;
};

/// Solves the LP. Throws InternalError for malformed input (sizes, ranges)
/// and std::runtime_error naming the step and the constraint when no plan exists
/// (load above import limit + discharge power, a floor that cannot be reached, ...)
/// or the problem is unbounded (export pays more than import with unlimited grid).
DispatchPlan solve_dispatch(const DispatchProblem& p);

}  // namespace wf
