#include "models/grid/site_billing.hpp"

#include <fmt/format.h>

#include <algorithm>

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
  auto add = [&](const char* name, const char* units, const std::string& desc, double v) {
    s.push_back({prefix + name, units, desc + " (" + what + ")", v});
  };
  add("import_energy", "kWh", "metered import", it.import_kwh);
  add("export_energy", "kWh", "metered export", it.export_kwh);
  add("peak_15min", "kW", "highest 15-min mean import", it.peak_kw);
  add("energy", "EUR", "supplier energy", it.energy);
  add("network_energy", "EUR", "network energy charge", it.network_energy);
  add("demand", "EUR", "demand charges", it.demand);
  add("fixed", "EUR", "fixed network charges", it.fixed);
  add("taxes", "EUR", "taxes and levies", it.taxes);
  add("vat", "EUR", "VAT", it.vat);
  add("feed_in", "EUR", "feed-in compensation (negative: a credit)", it.feed_in);
  add("total", "EUR", "amount due", it.total);
}

}  // namespace

std::vector<SummaryValue> bill_summary(const Bill& bill) {
  std::vector<SummaryValue> s;
  add_items(s, "bill.", "whole run", bill.total);
  for (const auto& y : bill.years) {
    add_items(s, fmt::format("bill.{}.", y.year), fmt::format("year {}", y.year), y.items);
    s.push_back({fmt::format("bill.{}.utilisation", y.year), "h",
                 "annual import / annual 15-min peak, annualised", y.utilisation_h});
  }
  for (const auto& m : bill.months)
    add_items(s, fmt::format("bill.{}-{:02}.", m.year, m.month),
              fmt::format("month {}-{:02}", m.year, m.month), m.items);
  return s;
}

}  // namespace wf
