#include "models/grid/bill.hpp"

#include <algorithm>
#include <functional>

#include "models/grid/tariff_rates.hpp"
#include "sim/error.hpp"

namespace wf {

namespace {

constexpr double kJPerMWh = 3.6e9;
constexpr double kJPerKWh = 3.6e6;

bool leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

// W: mean of the three highest daily maxima (fewer days: of those there are).
double top3_mean(const std::map<int, double>& daily) {
  std::vector<double> v;
  for (const auto& [day, w] : daily) v.push_back(w);
  std::sort(v.begin(), v.end(), std::greater<>());
  const std::size_t n = std::min<std::size_t>(3, v.size());
  double s = 0;
  for (std::size_t i = 0; i < n; ++i) s += v[i];
  return n ? s / static_cast<double>(n) : 0;
}

}  // namespace

BillItems& operator+=(BillItems& a, const BillItems& b) {
  a.import_kwh += b.import_kwh;
  a.export_kwh += b.export_kwh;
  a.peak_kw = std::max(a.peak_kw, b.peak_kw);
  a.energy += b.energy;
  a.network_energy += b.network_energy;
  a.demand += b.demand;
  a.fixed += b.fixed;
  a.taxes += b.taxes;
  a.vat += b.vat;
  a.feed_in += b.feed_in;
  a.total += b.total;
  return a;
}

BillCalculator::BillCalculator(Tariff tariff, TimeZone tz)
    : tariff_(std::move(tariff)), tz_(std::move(tz)) {}

void BillCalculator::add(const MeterReading& r, double spot) {
  WF_ASSERT(r.start >= next_start_ && r.length > Time::zero());
  next_start_ = r.start + r.length;
  const auto f = tz_.fields(r.start);
  if (!open_ || f.year != cur_.year || f.month != cur_.month) {
    if (open_) {
      close_hour();
      close_month(f.year != cur_.year);
    }
    cur_ = Month{f.year, f.month, {}, {}};
    open_ = true;
  }
  // Clock hours are the same in UTC and local time in whole-hour zones.
  const Time hs = floor_to(r.start, Time::zero(), Time::hours(1));
  if (hs != hour_start_) {
    close_hour();
    hour_start_ = hs;
    hour_day_ = f.day;
  }
  hour_j_ += r.import_j;
  // A complete hour counts at once (a controller reads the day's peak so far).
  if (next_start_ >= hour_start_ + Time::hours(1)) close_hour();

  auto& it = cur_.items;
  const double in_mwh = r.import_j / kJPerMWh, out_mwh = r.export_j / kJPerMWh;
  it.import_kwh += r.import_j / kJPerKWh;
  it.export_kwh += r.export_j / kJPerKWh;
  it.peak_kw = std::max(it.peak_kw, r.mean_import_w() / 1e3);
  it.energy += in_mwh * tariff_.supplier.price(spot);
  if (!tariff_.annual_peak)
    it.network_energy += in_mwh * tariff_.network.at(f.weekday, f.month, f.hour * 60 + f.minute);
  add_levies(r.import_j);
  if (tariff_.feed_in) it.feed_in -= out_mwh * tariff_.feed_in->price(spot);
  year_import_j_ += r.import_j;
  year_peak_w_ = std::max(year_peak_w_, r.mean_import_w());
  year_metered_ += r.length;
}

void BillCalculator::add_levies(double j) {
  for (const auto& l : tariff_.levies) {
    // The part of this interval's import below the levy's annual threshold.
    const double below = std::clamp(l.threshold_j - year_import_j_, 0.0, j);
    cur_.items.taxes += below / kJPerMWh * l.rate + (j - below) / kJPerMWh * l.rate_above;
  }
}

void BillCalculator::close_hour() {
  if (hour_start_ == Time::never()) return;
  auto& m = cur_.daily_max_w[hour_day_];
  m = std::max(m, hour_j_ / 3600.0);
  hour_start_ = Time::never();
  hour_j_ = 0;
}

void BillCalculator::settle_year() {
  auto& a = *tariff_.annual_peak;
  const double year_s = (leap(cur_.year) ? 366 : 365) * 86400.0;
  const double frac = year_metered_.to_seconds() / year_s;
  const double peak_kw = year_peak_w_ / 1e3, e_mwh = year_import_j_ / kJPerMWh;
  const double h = peak_kw > 0 ? e_mwh * 1e3 / peak_kw / frac : 0;
  const bool high = h >= a.threshold_h;
  // Demand price is per year: prorated by the metered share of the year.
  cur_.items.demand += peak_kw * (high ? a.high_power : a.low_power) * frac;
  cur_.items.network_energy += e_mwh * (high ? a.high_energy : a.low_energy);
}

void BillCalculator::close_month(bool year_ends) {
  auto& it = cur_.items;
  MonthBill mb{cur_.year, cur_.month, {}, top3_mean(cur_.daily_max_w) / 1e3};
  it.demand += capacity_step_eur(tariff_, mb.capacity_kw * 1e3);
  it.demand += tariff_.monthly_peak(cur_.month) * it.peak_kw;
  it.fixed += tariff_.fixed_per_month;
  if (year_ends && tariff_.annual_peak) settle_year();
  it.vat = tariff_.vat * (it.energy + it.network_energy + it.demand + it.fixed + it.taxes);
  it.total = it.energy + it.network_energy + it.demand + it.fixed + it.taxes + it.vat + it.feed_in;
  mb.items = it;
  bill_.months.push_back(mb);
  if (!year_ends) return;

  YearBill yb;
  yb.year = cur_.year;
  for (const auto& m : bill_.months)
    if (m.year == cur_.year) yb.items += m.items;
  yb.metered_fraction = year_metered_.to_seconds() / ((leap(cur_.year) ? 366 : 365) * 86400.0);
  const double peak_kw = year_peak_w_ / 1e3;
  yb.utilisation_h = peak_kw > 0 ? year_import_j_ / kJPerKWh / peak_kw / yb.metered_fraction : 0;
  yb.high_pair = tariff_.annual_peak && yb.utilisation_h >= tariff_.annual_peak->threshold_h;
  bill_.years.push_back(yb);
  year_import_j_ = year_peak_w_ = 0;
  year_metered_ = Time::zero();
}

Bill BillCalculator::finish() {
  if (open_) {
    close_hour();
    close_month(true);
    open_ = false;
  }
  bill_.total = {};
  for (const auto& y : bill_.years) bill_.total += y.items;
  return bill_;
}

}  // namespace wf
