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
  for (Time a = start; a < end;) {
    const Time b = std::min(next_month(tz, a), end);
    if (const double price = t.monthly_peak(tz.fields(a).month); price > 0)
      w.push_back({a, b, price * vat});
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

double capacity_step_eur(const Tariff& t, double w) {
  const auto& s = t.capacity_steps;
  auto step = std::upper_bound(s.begin(), s.end(), w,
                               [](double v, const CapacityStep& c) { return v < c.from_w; });
  return step == s.begin() ? 0.0 : std::prev(step)->eur_per_month;
}

std::vector<CostLine> capacity_step_envelope(const Tariff& t, double lo_w, double hi_w) {
  constexpr double kBelowStep = 1e-3;
  if (t.capacity_steps.empty()) return {};
  const double vat = 1 + t.vat;
  if (!(hi_w > lo_w)) return {{capacity_step_eur(t, lo_w) * vat, 0.0}};
  // Points (kW, EUR): both ends and, for each step starting inside, the corner just
  // before it (the lower step's price a hair, 0.1 %, below the step's start: a plan
  // exactly at the start would be billed the step).
  std::vector<std::pair<double, double>> pts{{lo_w / 1e3, capacity_step_eur(t, lo_w)}};
  for (std::size_t i = 1; i < t.capacity_steps.size(); ++i) {
    const CapacityStep& c = t.capacity_steps[i];
    if (c.from_w * (1 - kBelowStep) > lo_w && c.from_w < hi_w)
      pts.emplace_back(c.from_w * (1 - kBelowStep) / 1e3, t.capacity_steps[i - 1].eur_per_month);
  }
  pts.emplace_back(hi_w / 1e3, capacity_step_eur(t, hi_w));
  // Lower hull (monotone chain): drop a middle point on or above the chord of its neighbours.
  std::vector<std::pair<double, double>> hull;
  for (const auto& p : pts) {
    while (hull.size() >= 2) {
      const auto& a = hull[hull.size() - 2];
      const auto& b = hull.back();
      if ((b.first - a.first) * (p.second - a.second) -
              (b.second - a.second) * (p.first - a.first) >
          0)
        break;  // b lies below the chord a-p: keep it
      hull.pop_back();
    }
    hull.push_back(p);
  }
  // Below lo the cost is at least the price at lo: a flat line keeps the first
  // segment's slope from reaching down there (the steps never cost less than that
  // at lo and more below it, as steps only rise).
  std::vector<CostLine> lines{{hull.front().second * vat, 0.0}};
  for (std::size_t i = 0; i + 1 < hull.size(); ++i) {
    const auto& [x0, y0] = hull[i];
    const auto& [x1, y1] = hull[i + 1];
    const double slope = (y1 - y0) / (x1 - x0);
    if (slope > 0) lines.push_back({(y0 - slope * x0) * vat, slope * vat});
  }
  return lines;
}

}  // namespace wf
