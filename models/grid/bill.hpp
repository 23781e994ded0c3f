#pragma once
// Streaming bill: fed metered intervals in time order with the spot price of each, it
// prices them with a Tariff and returns an itemised bill per local calendar month and per
// local calendar year. EUR throughout, unrounded (round for display only).
#include <map>
#include <vector>

#include "models/grid/meter.hpp"
#include "models/grid/tariff.hpp"
#include "sim/calendar.hpp"

namespace wf {

struct BillItems {
  double import_kwh = 0, export_kwh = 0;
  double peak_kw = 0;         ///< kW: highest 15-min mean import
  double energy = 0;          ///< EUR: supplier energy (spot + margin or fixed)
  double network_energy = 0;  ///< EUR: network energy charge (TOU or the annual-peak pair)
  double demand = 0;          ///< EUR: demand charges (annual peak, capacity step, monthly peak)
  double fixed = 0;           ///< EUR: fixed monthly network charge
  double taxes = 0;           ///< EUR: per-kWh taxes and levies
  double vat = 0;             ///< EUR: VAT on all of the above
  double feed_in = 0;         ///< EUR, <= 0 for a credit: feed-in compensation (no VAT)
  double total = 0;           ///< EUR: the amount due
};

struct MonthBill {
  int year = 0, month = 0;  ///< local calendar month
  BillItems items;
  double capacity_kw = 0;  ///< kW: mean of the three highest daily hourly peaks (capacity steps)
};

struct YearBill {
  int year = 0;  ///< local calendar year
  BillItems items;
  double metered_fraction = 0;  ///< share of the year metered (annual charges are prorated by it)
  double utilisation_h = 0;     ///< h: annual import / annual peak, annualised
  bool high_pair = false;       ///< annual-peak system: the >= threshold price pair applied
};

struct Bill {
  std::vector<MonthBill> months;
  std::vector<YearBill> years;
  BillItems total;  ///< the whole run (peak_kw: the run's highest)
};

class BillCalculator {
 public:
  /// `tz`: local time for TOU windows and month/day/year boundaries.
  BillCalculator(Tariff tariff, TimeZone tz);
  /// One metering interval (in time order, not overlapping) and its spot price in EUR/MWh.
  void add(const MeterReading& r, double spot_eur_per_mwh);
  /// Closes the open month and year (annual charges settle in the year's last month).
  Bill finish();
  /// W: highest 15-min mean import of the open billing month so far (0 before any).
  double month_peak_w() const { return open_ ? cur_.items.peak_kw * 1e3 : 0.0; }
  /// W: highest 15-min mean import of the open billing year so far (0 before any).
  double year_peak_w() const { return open_ ? year_peak_w_ : 0.0; }
  /// W by local day of the open month: the highest hourly mean import of each day so far
  /// (complete hours; capacity steps bill the mean of the three highest).
  const std::map<int, double>& month_daily_peaks_w() const { return cur_.daily_max_w; }
  const Tariff& tariff() const { return tariff_; }
  const TimeZone& timezone() const { return tz_; }

 private:
  struct Month {
    int year = 0, month = 0;
    BillItems items;
    std::map<int, double> daily_max_w;  // local day of month -> highest hourly mean import
  };
  Tariff tariff_;
  TimeZone tz_;
  Bill bill_;
  bool open_ = false;
  Time next_start_ = -Time::never();  // intervals must come in order
  Month cur_;
  // Current clock hour (for capacity steps): its start and import so far.
  Time hour_start_ = Time::never();
  int hour_day_ = 0;
  double hour_j_ = 0;
  // Current year: import (for levy thresholds and utilisation), peak, metered time.
  double year_import_j_ = 0, year_peak_w_ = 0;
  Time year_metered_;

  void close_hour();
  void close_month(bool year_ends);
  void settle_year();
  void add_levies(double import_j);
};

/// Sums items (peak_kw: the maximum).
BillItems& operator+=(BillItems& a, const BillItems& b);

}  // namespace wf
