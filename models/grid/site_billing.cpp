#include "models/grid/site_billing.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sim/summary_figures.hpp"

namespace wf {

SiteBilling::SiteBilling(Tariff tariff, TimeZone tz, std::shared_ptr<const WindowedSteps> prices,
                         Time start, Time interval)
    : prices_(std::move(prices)),
      calc_(std::move(tariff), std::move(tz)),
      meter_(start, interval, [this](const MeterReading& r) { calc_.add(r, spot(r)); }) {}

double SiteBilling::spot(const MeterReading& r) const {
  // Time-weighted over the interval (the price itself when price steps align with the
  // quarter-hours, as hourly and 15-min products do), clipped to the series' range.
  Time a = r.start, b = r.start + r.length;
  if (!prices_->repeats()) {
    a = std::max(a, prices_->start());
    b = std::min(b, prices_->end());
  }
  return b > a ? prices_->mean(a, b) : prices_->value_at(r.start);
}

const Bill& SiteBilling::finish(Time end) {
  if (!bill_) {
    meter_.finish(end);
    bill_ = calc_.finish();
  }
  return *bill_;
}

namespace {

void add_items(std::vector<SummaryValue>& s, const std::string& prefix, const std::string& what,
               const BillItems& it) {
  auto add = [&](const SummaryFigure& f, double v) {
    s.push_back({prefix + std::string(f.name), std::string(f.units),
                 std::string(f.doc) + " (" + what + ")", v});
  };
  add(bill_figure("import_energy"), it.import_kwh);
  add(bill_figure("export_energy"), it.export_kwh);
  add(bill_figure("peak_15min"), it.peak_kw);
  add(bill_figure("energy"), it.energy);
  add(bill_figure("network_energy"), it.network_energy);
  add(bill_figure("demand"), it.demand);
  add(bill_figure("fixed"), it.fixed);
  add(bill_figure("taxes"), it.taxes);
  add(bill_figure("vat"), it.vat);
  add(bill_figure("feed_in"), it.feed_in);
  add(bill_figure("total"), it.total);
}

}  // namespace

std::vector<SummaryValue> bill_summary(const Bill& bill) {
  std::vector<SummaryValue> s;
  add_items(s, "bill.", "whole run", bill.total);
  for (const auto& y : bill.years) {
    add_items(s, fmt::format("bill.{}.", y.year), fmt::format("year {}", y.year), y.items);
    SummaryValue u = bill_year_figure("utilisation")(y.utilisation_h);
    u.name = fmt::format("bill.{}.{}", y.year, u.name);
    s.push_back(std::move(u));
  }
  for (const auto& m : bill.months)
    add_items(s, fmt::format("bill.{}-{:02}.", m.year, m.month),
              fmt::format("month {}-{:02}", m.year, m.month), m.items);
  return s;
}

}  // namespace wf
