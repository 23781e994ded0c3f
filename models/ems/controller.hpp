#pragma once
// A controller decides the site's battery power at each solve. Rules can be
// used alone or stacked (models/ems/stack.hpp): in a stack a rule may pass,
// tighten the limits the rules below it see (a backup reserve, capacity held
// for frequency response), or add power on top of the decision (frequency
// response).
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/summary_figures.hpp"
#include "sim/time.hpp"

namespace wf {

class WindowedSteps;
class TimeZone;
struct Tariff;

/// The site's batteries as an optimiser plans with them (aggregate ratings).
struct StorageRating {
  double capacity_j = 0;
  double charge_w = 0, discharge_w = 0;
  double soc_min = 0, soc_max = 1;
  double eta_charge = 1, eta_discharge = 1;
  double aux_w = 0;  ///< what the batteries' own auxiliaries (BMS, HVAC) draw from the bus now
};

/// Where a controller's view of the IT load ahead comes from.
enum class LoadForecast {
  schedule,        ///< the job schedule where a workload generator made one, else persistence
  perfect,         ///< the demand itself (perfect foresight)
  persistence,     ///< the demand now, held
  seasonal_naive,  ///< the demand one season (a day) earlier: yesterday's pulses at this hour
};

/// What a controller may look up beyond the present instant, on demand.
class SiteView {
 public:
  virtual ~SiteView() = default;
  /// Highest IT demand expected in [from, to) by forecast `f` (`season`: how far back
  /// the seasonal naive forecast reads the demand; the site keeps that much of it when
  /// the controller's load_history() asks).
  virtual double it_peak_forecast_w(Time from, Time to, LoadForecast f, Time season) const = 0;
  /// Day-ahead prices (EUR/MWh), nullptr when the site has none.
  virtual const WindowedSteps* prices() const = 0;
  virtual const TimeZone& timezone() const = 0;
  /// Mean demand minus PV over [a, b) as the run will see it (perfect foresight;
  /// cooling from the mean IT load and the outdoor temperature at a).
  virtual double net_demand_mean_w(Time a, Time b) const = 0;
  virtual StorageRating storage_rating() const = 0;
  /// The site's tariff, nullptr without one.
  virtual const Tariff* tariff() const = 0;
  virtual Time run_end() const = 0;
};

/// What a controller sees at one instant (W; consumption and production > 0).
struct SiteSnapshot {
  Time now;
  double it_w = 0, cooling_w = 0, aux_w = 0, pv_w = 0;
  double import_limit_w = 0, export_limit_w = 0;
  double soc = 0;  ///< aggregate of the site's batteries
  double max_charge_w = 0, max_discharge_w = 0;
  double capacity_j = 0;           ///< full-scale energy of the site's batteries
  double price_eur_per_mwh = NAN;  ///< day-ahead price now; NaN without prices
  double frequency_hz = 50;        ///< grid frequency (nominal without a trace)
  double month_peak_w = 0;         ///< highest 15-min mean import of this billing month so far
  double year_peak_w = 0;          ///< the same for the billing year
  /// Local day of the billing month -> that day's highest hourly mean import (W) so far;
  /// nullptr without a bill.
  const std::map<int, double>* month_daily_peaks_w = nullptr;
  bool grid_up = true;
  const SiteView* site = nullptr;
  double demand_w() const { return it_w + cooling_w + aux_w; }
  double net_w() const { return demand_w() - pv_w; }  ///< demand the battery and grid must meet
  double energy_j() const { return soc * capacity_j; }
};

class Controller {
 public:
  virtual ~Controller() = default;
  virtual std::string_view name() const = 0;
  /// Requested battery power in W (> 0 discharge); the site clamps it to the limits.
  virtual double battery_setpoint_w(const SiteSnapshot& s) = 0;
  /// In a stack: the rule's wish, or nullopt to let the rules below decide. It may
  /// tighten s.max_charge_w / s.max_discharge_w for them. Alone, a pass means 0 W.
  virtual std::optional<double> propose(SiteSnapshot& s) { return battery_setpoint_w(s); }
  /// Power added on top of the stack's decision (frequency response), after propose().
  virtual double added_w() const { return 0; }
  /// Aggregate SoC the site must stop at while discharging with the grid up (a reserve):
  /// the site wakes exactly when it is reached. 0: none.
  virtual double soc_floor(const SiteSnapshot&) const { return 0; }
  /// The run ends at `end`: book what was in force since the last call.
  virtual void finish(Time /*end*/) {}
  /// Next instant the rule wants to decide anew although no input changed (a
  /// schedule's step boundary); never() if none.
  virtual Time next_decision(Time /*now*/) const { return Time::never(); }
  /// A stack's rules, for one result channel each (the share of each output
  /// interval in which the rule decided); empty for a single rule.
  virtual std::vector<std::string> rule_labels() const { return {}; }
  /// Index into rule_labels() of the rule that made the last decision; SIZE_MAX: none.
  virtual std::size_t decided_rule() const { return SIZE_MAX; }
  /// How far back the rule reads the IT demand (LoadForecast::seasonal_naive): the site
  /// keeps that much of a generated demand. Zero: none.
  virtual Time load_history() const { return Time::zero(); }
  /// Whole-run figures of the rule (revenue, hours in force) for /summary.
  virtual std::vector<SummaryValue> summary() const { return {}; }
};

/// A rule that only proposes (peak shaving, arbitrage, a reserve...): alone, it
/// decides by its proposal on a copy of the snapshot, a pass meaning 0 W.
class StackRule : public Controller {
 public:
  double battery_setpoint_w(const SiteSnapshot& s) final {
    SiteSnapshot c = s;
    return propose(c).value_or(0.0);
  }
  std::optional<double> propose(SiteSnapshot& s) override = 0;
};

}  // namespace wf
