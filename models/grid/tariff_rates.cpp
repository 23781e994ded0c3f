#include "models/grid/tariff_rates.hpp"

#include <algorithm>

namespace wf {

double marginal_import_eur_per_mwh(const Tariff& t, const TimeZone& tz, Time at, double spot,
                                   bool annual_high) {
  const auto f = tz.fields(at);
  double p = t.supplier.price(spot);
  if (t.annual_peak)
    p += annual_high ? t.annual_peak->high_energy : t.annual_peak->low_energy;
  else
    p += t.network.at(f.weekday, f.month, f.hour * 60 + f.minute);
  for (const auto& l : t.levies) p += l.rate;
  return p * (1 + t.vat);
}

double marginal_export_eur_per_mwh(const Tariff& t, double spot) {
  return t.feed_in ? t.feed_in->price(spot) : 0.0;
}

namespace {

// The instant local midnight of the first day of the month after `at`'s.
Time next_month(const TimeZone& tz, Time at) {
  const auto f = tz.fields(at);
  int y = f.year, m = f.month + 1;
  if (m > 12) m = 1, ++y;
  // Days from 1970-01-01 to y-m-01 (Howard Hinnant's days_from_civil).
  const int yy = y - (m <= 2);
  const int era = (yy >= 0 ? yy : yy - 399) / 400;
  const int yoe = yy - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const long days = static_cast<long>(era) * 146097 + doe - 719468;
  return tz.resolve(Time::days(days)).earliest;
}

Time next_year(const TimeZone& tz, Time at) {
  Time t = at;
  const int y = tz.fields(at).year;
  while (tz.fields(t).year == y) t = next_month(tz, t);
  return t;
}

}  // namespace

std::vector<PeakWindow> peak_windows(const Tariff& t, const TimeZone& tz, Time start, Time end,
                                     bool annual_high) {
  std::vector<PeakWindow> w;
  const double vat = 1 + t.vat;
  if (t.monthly_peak_price > 0)
    for (Time a = start; a < end;) {
      const Time b = std::min(next_month(tz, a), end);
      w.push_back({a, b, t.monthly_peak_price * vat});
      a = b;
    }
  if (t.annual_peak) {
    const double price = annual_high ? t.annual_peak->high_power : t.annual_peak->low_power;
    for (Time a = start; a < end;) {
      const Time b = std::min(next_year(tz, a), end);
      // The bill prorates the annual price by the metered share of the (local) year.
      const int y = tz.fields(a).year;
      const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
      const double share = (b - a).to_hours() / ((leap ? 366.0 : 365.0) * 24);
      w.push_back({a, b, price * share * vat});
      a = b;
    }
  }
  return w;
}

}  // namespace wf
