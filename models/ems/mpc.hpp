#pragma once
// Model-predictive control on top of solve_dispatch: at each step plan over a
// receding horizon from a forecast, execute only the first step on the truth,
// repeat. See docs/models/ems.md for what this does and does not capture.
#include <cstddef>
#include <functional>
#include <vector>

#include "models/ems/optimal_dispatch.hpp"

namespace wf {

struct MpcOptions {
  std::size_t horizon_steps = 48;  ///< planning window H (>= 1)
};

/// The problem to plan over the steps [k, k + len) of the run, with soc0 = soc_now
/// and each truth demand window that meets the horizon carrying its billed peak so
/// far in already_w (billed_peak_w is indexed like the truth's demand windows).
/// The forecast must return exactly len steps.
using ForecastFn = std::function<DispatchProblem(std::size_t k, std::size_t len, double soc_now,
                                                 const std::vector<double>& billed_peak_w)>;

/// Perfect-forecast helper: the truth cut to [k, k + len). Demand windows are clipped
/// to the horizon (windows that do not meet it are dropped: their cost no longer
/// depends on the decision); soc_end_min applies only if the horizon reaches the end
/// of the run, otherwise the plan's last step may end anywhere in [soc_min, soc_max].
/// Top-days charges likewise: the window's part of each, its first day starting at the
/// window (or earlier: that day's peak so far is `today_w`); `days_so_far` (indexed like
/// the truth's top_days) gives the metered peaks of the month before the window; without
/// it, the days in the window stand for the month.
struct DaysSoFar {
  std::vector<double> past_daily_w;  ///< the month's earlier days
  double today_w = 0;                ///< the current day's peak so far
};
DispatchProblem window_of(const DispatchProblem& p, std::size_t k, std::size_t len, double soc_now,
                          const std::vector<double>& billed_peak_w,
                          const std::vector<DaysSoFar>& days_so_far = {});

struct MpcResult {
  /// What was executed on the truth: battery/grid/soc per step, billed peak per truth
  /// window, costs at the truth's prices. The energy books hold with unserved_w:
  /// grid_w + battery_w + unserved_w = truth net load.
  DispatchPlan executed;
  /// Imbalance left after the battery did what it physically could: > 0 load shed
  /// (net load beyond import limit + discharge), < 0 surplus curtailed. Not priced.
  std::vector<double> unserved_w;
  std::size_t clamped_steps = 0;   ///< steps where the planned power had to be changed
  std::size_t fallback_steps = 0;  ///< steps whose forecast problem had no plan (see run_mpc)
};

/// Runs the receding-horizon loop over all truth.steps(). Execution on the truth
/// follows the site's protection order (docs/design.md, "Balance solve"): the
/// planned net battery power is clamped to the truth's power limits and to the
/// SoC range [max(soc_min, reserve), soc_max]; if the grid import (export) would then
/// pass its limit, the battery discharges (charges) harder within those limits, and
/// only what is left is unserved. With a wrong forecast the executed cost is
/// therefore higher than planned (and peaks may be missed), never infeasible.
/// soc_end_min of the truth is a planning target only: executed runs may miss it if
/// the forecast was wrong. When a forecast problem has no plan (std::runtime_error
/// from solve_dispatch) the step is planned again without the terminal floor, and
/// failing that the battery idles unless protection needs it; such steps are counted
/// in fallback_steps. Malformed forecasts (a caller's error: InternalError) are thrown.
MpcResult run_mpc(const DispatchProblem& truth, const MpcOptions& opt, const ForecastFn& forecast);

}  // namespace wf
