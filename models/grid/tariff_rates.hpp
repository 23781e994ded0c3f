#pragma once
// A tariff seen as the rates an optimiser prices each step with: the marginal
// EUR/MWh of importing and of exporting at an instant, and the demand charges as
// peak windows. Simplified against the bill (models/grid/bill.*): the German
// annual-peak system's price pair is chosen up front, levy thresholds are ignored
// (the rate below the threshold applies), and Norwegian capacity steps (a step
// function of the mean of three daily peaks) are left out.
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

}  // namespace wf
