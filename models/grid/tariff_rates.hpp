#pragma once
// A tariff seen as the rates an optimiser prices each step with: the marginal
// EUR/MWh of importing and of exporting at an instant, and the demand charges as
// peak windows. Simplified against the bill (models/grid/bill.*): the German
// annual-peak system's price pair is chosen up front, levy thresholds are ignored
// (the rate below the threshold applies), and Norwegian capacity steps (a step
// function of the mean of three daily peaks) become their lower convex envelope.
#include <vector>

#include "models/grid/tariff.hpp"
#include "sim/calendar.hpp"
#include "sim/time.hpp"

namespace wf {

/// EUR/MWh an extra MWh imported at `t` costs, VAT included.
double marginal_import_eur_per_mwh(const Tariff& t, const TimeZone& tz, Time at, double spot,
                                   bool annual_high);
/// EUR/MWh an extra MWh exported at `t` earns (feed-in; 0 without).
double marginal_export_eur_per_mwh(const Tariff& t, double spot);

struct PeakWindow {
  Time from, to;
  double eur_per_kw = 0;  ///< on the window's highest 15-min mean import, VAT included
};
/// Monthly (local months) and annual demand charges over [start, end).
std::vector<PeakWindow> peak_windows(const Tariff& t, const TimeZone& tz, Time start, Time end,
                                     bool annual_high);

/// A line of a convex piecewise-linear cost: EUR + EUR per kW x kW.
struct CostLine {
  double eur = 0, eur_per_kw = 0;
};
/// The capacity steps (EUR per month by the mean of the three highest daily hourly peaks)
/// over [lo_w, hi_w] as the lines of their lower convex envelope, VAT included: the
/// closest convex cost below the step function, through its value at both ends and the
/// corners just before each step inside. An optimiser can price that; the step function
/// itself is not convex. Empty without steps; one flat line when hi_w <= lo_w.
std::vector<CostLine> capacity_step_envelope(const Tariff& t, double lo_w, double hi_w);
/// EUR per month of the capacity step the mean peak `w` falls in (0 without steps).
double capacity_step_eur(const Tariff& t, double w);

}  // namespace wf
