#include "models/economics/appraisal.hpp"

#include <cmath>

#include "models/economics/finance.hpp"
#include "sim/params.hpp"
#include "sim/summary_figures.hpp"

namespace wf {

namespace {

constexpr ParamInfo kParams[] = {
    {"years", Dim::dimensionless, "15", 1, 50, false,
     "lifetime simulated year by year (whole years; the aging of each year carries into the next)"},
    {"discount_rate", Dim::dimensionless, "6 %", -0.5, 1, false, "yearly discount rate"},
    {"storage_capex", Dim::price, "", 0, INFINITY, false,
     "installed storage price per nameplate energy"},
    {"power_capex", Dim::power_price, "0 EUR/kW", 0, INFINITY, false,
     "installed price per rated PCS power"},
    {"fixed_capex", Dim::money, "0 EUR", 0, INFINITY, false,
     "installed price per site with storage, whatever its size (project, connection)"},
    {"opex", Dim::dimensionless, "1.5 %", 0, 1, false, "yearly O&M as a share of capex"},
    {"opex_fixed", Dim::money, "0 EUR", 0, INFINITY, false, "yearly O&M besides, per site"},
    {"end_of_life", Dim::dimensionless, "80 %", 0, 1, false,
     "SoH at which cells are replaced (at the end of the year that reaches it)"},
    optional_param({"replacement_cost", Dim::price, "", 0, INFINITY, false,
                    "price of new cells per nameplate energy in year 0 (default: storage_capex)"}),
    {"replacement_decline", Dim::dimensionless, "0 %", 0, 1, false,
     "yearly fall of the replacement price"},
    {"energy_escalation", Dim::dimensionless, "0 %", -0.5, 1, false,
     "yearly rise of energy prices (supplier energy and feed-in)"},
    {"network_escalation", Dim::dimensionless, "0 %", -0.5, 1, false,
     "yearly rise of network charges (energy, demand and fixed)"},
    {"lost_compute_value", Dim::money, "0 EUR", 0, INFINITY, false,
     "value of one node-hour of work lost to an outage or sag"},
};

// The year's bill with its energy and network parts escalated by `e_energy` and
// `e_network`; VAT stays the same share of what it is levied on.
double escalated_bill(const YearFigures& y, double e_energy, double e_network) {
  const double base = y.energy_eur + y.network_eur + y.taxes_eur;
  const double vat_rate = base != 0 ? y.vat_eur / base : 0;
  if (e_energy == 1 && e_network == 1) return y.bill_eur();
  return (y.energy_eur * e_energy + y.network_eur * e_network + y.taxes_eur) * (1 + vat_rate) +
         y.feed_in_eur * e_energy;
}

}  // namespace

std::span<const ParamInfo> appraisal_params() {
  return kParams;
}

bool covers_a_year(double run_years) {
  return run_years * 365.25 >= 365 - 1e-6;  // 365 days or more (a leap year counts too)
}

AppraisalParams read_appraisal(const ConfigNode& node) {
  std::vector<std::string_view> keys;
  for (const auto& p : kParams) keys.push_back(p.name);
  node.check_keys(keys);
  AppraisalParams p;
  auto number = [&](std::string_view name) { return read_param(node, param(kParams, name)); };
  p.years = number("years");
  if (p.years != std::floor(p.years))
    node.at("years").fail("expected a whole number of years (the life is simulated year by year)");
  p.discount_rate = number("discount_rate");
  p.capex_eur_per_mwh = number("storage_capex");
  p.capex_eur_per_kw = number("power_capex");
  p.capex_fixed_eur = number("fixed_capex");
  p.opex_share = number("opex");
  p.opex_fixed_eur = number("opex_fixed");
  p.end_of_life_soh = number("end_of_life");
  p.replacement_eur_per_mwh =
      node.get("replacement_cost") ? number("replacement_cost") : p.capex_eur_per_mwh;
  p.replacement_decline = number("replacement_decline");
  p.energy_escalation = number("energy_escalation");
  p.network_escalation = number("network_escalation");
  p.lost_compute_eur_per_node_hour = number("lost_compute_value");
  return p;
}

Appraisal appraise(const AppraisalParams& p, const StorageSize& size,
                   std::span<const YearFigures> with, std::span<const YearFigures> without) {
  Appraisal a;
  const double mwh = size.energy_kwh / 1e3;
  a.capex = mwh * p.capex_eur_per_mwh + size.power_kw * p.capex_eur_per_kw +
            (size.energy_kwh > 0 ? p.capex_fixed_eur : 0);
  a.rows.push_back({.year = 0, .capex = a.capex, .net = -a.capex, .discounted = -a.capex});
  std::vector<double> flows{-a.capex};
  double lcos_cost = a.capex, lcos_mwh = 0, discount = 1, savings = 0;
  const std::size_t n = std::min(with.size(), without.size());
  for (std::size_t i = 0; i < n; ++i) {
    const YearFigures &w = with[i], &wo = without[i];
    const int year = static_cast<int>(i) + 1;
    discount *= 1 + p.discount_rate;
    const double e_energy = std::pow(1 + p.energy_escalation, year - 1);
    const double e_network = std::pow(1 + p.network_escalation, year - 1);
    CashFlowRow r{.year = year, .soh_end = w.soh_end};
    r.bill_without = escalated_bill(wo, e_energy, e_network);
    r.bill_with = escalated_bill(w, e_energy, e_network);
    r.saving = r.bill_without - r.bill_with;
    r.om = p.opex_share * a.capex + (size.energy_kwh > 0 ? p.opex_fixed_eur : 0);
    r.revenue = w.revenue_eur - wo.revenue_eur;
    r.lost_compute = (wo.lost_node_hours - w.lost_node_hours) * p.lost_compute_eur_per_node_hour;
    if (w.end_of_life && !a.end_of_life_year) a.end_of_life_year = year;
    if (w.replaced) {
      r.replacement = mwh * p.replacement_eur_per_mwh * std::pow(1 - p.replacement_decline, year);
      ++a.replacements;
    }
    r.net = r.saving + r.revenue + r.lost_compute - r.om - r.replacement;
    r.discounted = r.net / discount;
    a.rows.push_back(r);
    flows.push_back(r.net);
    savings += r.saving;
    // LCOS: charging bought at the year's average supplier energy price.
    const double energy_price = w.import_kwh > 0 ? w.energy_eur * e_energy / w.import_kwh : 0;
    lcos_cost += (r.om + r.replacement + w.charge_kwh * energy_price) / discount;
    lcos_mwh += w.discharge_kwh / 1e3 / discount;
  }
  a.npv = npv(flows, p.discount_rate);
  a.irr = irr(flows);
  a.payback_years = discounted_payback_years(flows, p.discount_rate);
  a.lcos = lcos_mwh > 0 ? lcos_cost / lcos_mwh : INFINITY;
  a.mean_saving = n > 0 ? savings / static_cast<double>(n) : 0;
  return a;
}

std::vector<SummaryValue> appraisal_summary(const Appraisal& a, const AppraisalParams& p) {
  const double final_soh = a.rows.back().soh_end;
  std::vector<SummaryValue> out{
      economics_figure("lifetime")(double(a.rows.size() - 1)),
      economics_figure("saving_per_year")(a.mean_saving),
      economics_figure("capex")(a.capex),
      economics_figure("npv")(a.npv),
      economics_figure("lcos")(a.lcos),
      economics_figure("replacements")(double(a.replacements)),
      economics_figure("final_soh")(final_soh),
      economics_figure("end_of_life_soh")(p.end_of_life_soh),
  };
  if (a.end_of_life_year)
    out.push_back(economics_figure("end_of_life_year")(double(*a.end_of_life_year)));
  if (a.irr) out.push_back(economics_figure("irr")(*a.irr));
  if (a.payback_years) out.push_back(economics_figure("discounted_payback")(*a.payback_years));
  return out;
}

std::vector<TableColumn> cash_flow_columns(const Appraisal& a) {
  auto col = [&](std::string name, std::string units, std::string what, auto get) {
    TableColumn c{std::move(name), std::move(units), std::move(what), {}};
    for (const auto& r : a.rows) c.values.push_back(get(r));
    return c;
  };
  using R = CashFlowRow;
  return {
      col("year", "a", "year of the life (0: the investment)", [](const R& r) { return r.year; }),
      col("bill_without_storage", "EUR", "the year's bill without storage, escalated",
          [](const R& r) { return r.bill_without; }),
      col("bill_with_storage", "EUR", "the year's bill with storage, escalated",
          [](const R& r) { return r.bill_with; }),
      col("saving", "EUR", "bill without minus bill with", [](const R& r) { return r.saving; }),
      col("capex", "EUR", "investment", [](const R& r) { return r.capex; }),
      col("replacement", "EUR", "new cells at end of life",
          [](const R& r) { return r.replacement; }),
      col("om", "EUR", "operation and maintenance", [](const R& r) { return r.om; }),
      col("revenue", "EUR", "revenue outside the bill (FCR capacity payments)",
          [](const R& r) { return r.revenue; }),
      col("lost_compute", "EUR", "value of node-hours of work the storage saved",
          [](const R& r) { return r.lost_compute; }),
      col("net", "EUR", "saving + revenue + lost_compute - om - replacement (year 0: -capex)",
          [](const R& r) { return r.net; }),
      col("discounted", "EUR", "net / (1 + discount_rate)^year",
          [](const R& r) { return r.discounted; }),
      col("soh_end", "1", "storage state of health at the year's end",
          [](const R& r) { return r.soh_end; }),
  };
}

}  // namespace wf
