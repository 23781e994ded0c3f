#include "models/economics/appraisal.hpp"

#include <array>
#include <cmath>

#include "models/economics/finance.hpp"
#include "sim/params.hpp"

namespace wf {

std::span<const Param<AppraisalParams>> appraisal_param_table() {
  using P = AppraisalParams;
  static const Param<P> t[] = {
      {{"years", Dim::dimensionless, "15", 1, 50, false, "appraisal horizon in years"}, &P::years},
      {{"discount_rate", Dim::dimensionless, "6 %", -0.5, 1, false, "yearly discount rate"},
       &P::discount_rate},
      {{"storage_capex", Dim::price, "", 0, INFINITY, false,
        "installed storage price per nameplate energy"},
       &P::storage_capex_eur_per_mwh},
      {{"opex", Dim::dimensionless, "1.5 %", 0, 1, false, "yearly opex share of capex"},
       &P::opex_share},
      {{"end_of_life", Dim::dimensionless, "80 %", 0, 1, false, "SoH at which cells are replaced"},
       &P::end_of_life_soh},
  };
  return t;
}

AppraisalParams read_appraisal(const ConfigNode& node) {
  const auto table = appraisal_param_table();
  node.check_keys(param_names(table));
  AppraisalParams p;
  read_params(node, table, p);
  return p;
}

bool covers_a_year(double run_years) {
  return run_years * 365.25 >= 365 - 1e-6;  // 365 days or more (a leap year counts too)
}

std::vector<SummaryValue> appraise(const AppraisalParams& p, const RunFigures& with,
                                   const RunFigures& without, double run_years) {
  const double bill_with = with.bill_total_eur, bill_without = without.bill_total_eur;
  const double saving = (bill_without - bill_with) / run_years;
  const double mwh = with.nameplate_kwh / 1e3;
  const double capex = mwh * p.storage_capex_eur_per_mwh;
  Investment inv{.capex_eur = capex,
                 .opex_eur_per_year = p.opex_share * capex,
                 .savings_eur_per_year = saving,
                 .years = static_cast<int>(p.years)};
  // Cells are replaced whenever the fade seen in the run, extrapolated, reaches end of life.
  const double fade_per_year = (1 - with.final_soh) / run_years;
  double life = fade_per_year > 0 ? (1 - p.end_of_life_soh) / fade_per_year : INFINITY;
  // End of life exactly at the horizon's end needs no new cells (hence the tolerance).
  const int replacements =
      std::isfinite(life) ? static_cast<int>(std::ceil(p.years / life - 1e-9)) - 1 : 0;
  for (int i = 1; i <= replacements; ++i)
    inv.replacements.emplace_back(static_cast<int>(std::ceil(i * life - 1e-9)), capex);
  const auto cf = cash_flows(inv);
  const double import_kwh = with.import_kwh;
  const double avg_price_eur_per_kwh = import_kwh > 0 ? with.bill_energy_eur / import_kwh : 0;
  const double charge_cost = with.charge_kwh / run_years * avg_price_eur_per_kwh;
  const double discharged_mwh = with.discharge_kwh / 1e3 / run_years;
  std::vector<SummaryValue> out{
      {"economics.bill_without_storage", "EUR", "bill of the run with the batteries left out",
       bill_without},
      {"economics.bill_with_storage", "EUR", "bill of the run as simulated", bill_with},
      {"economics.saving_per_year", "EUR", "bill saving per year thanks to the storage", saving},
      {"economics.saving_share", "1", "bill saving / bill without storage",
       bill_without != 0 ? (bill_without - bill_with) / bill_without : 0},
      {"economics.capex", "EUR", "storage investment (nameplate MWh x storage_capex)", capex},
      {"economics.cell_life_years", "a", "years to end of life at the fade seen in the run", life},
      {"economics.npv", "EUR", "net present value over the horizon", npv(cf, p.discount_rate)},
      {"economics.lcos", "EUR/MWh",
       "levelised cost of storage (charging energy at the average energy price)",
       lcos(inv, charge_cost, discharged_mwh, p.discount_rate)},
  };
  // A run shorter than a year has not seen a year's seasons, tariff year or fade: its
  // figures annualised into a life would be noise (a day's run gave an IRR of -98 %).
  if (!covers_a_year(run_years)) {
    std::erase_if(out, [](const SummaryValue& v) {
      return v.name != "economics.bill_without_storage" &&
             v.name != "economics.bill_with_storage" && v.name != "economics.saving_share" &&
             v.name != "economics.capex";
    });
    return out;
  }
  if (auto r = irr(cf)) out.push_back({"economics.irr", "1", "internal rate of return", *r});
  if (auto y = discounted_payback_years(cf, p.discount_rate))
    out.push_back({"economics.discounted_payback", "a",
                   "years until the discounted cash flow turns positive", *y});
  return out;
}

}  // namespace wf
