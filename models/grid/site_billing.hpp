#pragma once
// Glue the site attaches at its grid connection: a 15-minute Meter feeding a
// BillCalculator with each interval's spot price, plus the /summary values of the bill.
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "models/grid/bill.hpp"
#include "sim/summary_figures.hpp"
#include "sim/time_series.hpp"
#include "sim/windowed_steps.hpp"

namespace wf {

class SiteBilling {
 public:
  /// `prices` in EUR/MWh must cover [start, end of run); metering on 15-min UTC quarters.
  /// They may be the window the site sweeps (it keeps the interval being metered).
  SiteBilling(Tariff tariff, TimeZone tz, std::shared_ptr<const WindowedSteps> prices, Time start,
              Time interval = Time::minutes(15));
  SiteBilling(Tariff tariff, TimeZone tz, StepSeries prices, Time start,
              Time interval = Time::minutes(15))
      : SiteBilling(std::move(tariff), std::move(tz),
                    std::make_shared<WindowedSteps>(std::move(prices), start), start, interval) {}
  SiteBilling(const SiteBilling&) = delete;
  SiteBilling& operator=(const SiteBilling&) = delete;

  /// W, import > 0: grid power in force from the current time on.
  void set_power(double w) { meter_.set_power(w); }
  /// Integrates to t (>= current time) with the power in force.
  void advance_to(Time t) { meter_.advance_to(t); }
  /// Closes metering at `end` and returns the itemised bill.
  const Bill& finish(Time end);
  /// W: highest 15-min mean import of the billing month so far (what is already billed).
  double month_peak_w() const { return calc_.month_peak_w(); }
  /// W: the same for the billing year (the German annual peak).
  double year_peak_w() const { return calc_.year_peak_w(); }
  /// W by local day of the billing month: each day's highest hourly mean import so far.
  const std::map<int, double>& month_daily_peaks_w() const { return calc_.month_daily_peaks_w(); }
  const Tariff& tariff() const { return calc_.tariff(); }
  const TimeZone& timezone() const { return calc_.timezone(); }
  const WindowedSteps& prices() const { return *prices_; }
  /// The bill once finish() ran; nullptr before.
  const Bill* bill() const { return bill_ ? &*bill_ : nullptr; }

 private:
  std::shared_ptr<const WindowedSteps> prices_;
  BillCalculator calc_;
  Meter meter_;
  std::optional<Bill> bill_;
  double spot(const MeterReading& r) const;  // EUR/MWh for the interval
};

/// /summary values of a bill: bill.<item> for the run, bill.<yyyy>.<item> per year and
/// bill.<yyyy-mm>.<item> per month (EUR; import/export in kWh, peak in kW).
std::vector<SummaryValue> bill_summary(const Bill& bill);

}  // namespace wf
