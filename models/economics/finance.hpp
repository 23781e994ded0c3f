#pragma once
// Money over the years of an investment: net present value, internal rate of
// return, discounted payback and the levelised cost of storage. Cash flows are
// yearly, in EUR, index 0 being "now" (the investment), undiscounted.
#include <optional>
#include <span>
#include <utility>
#include <vector>

namespace wf {

/// Sum of cash_flows[t] / (1 + rate)^t.
double npv(std::span<const double> cash_flows, double rate);

/// The rate where the NPV is zero, searched in (-99 %, 1000 %]; nullopt when the
/// flows never change sign or no root lies in that range.
std::optional<double> irr(std::span<const double> cash_flows);

/// Years until the discounted cumulative cash flow turns non-negative,
/// interpolated within the year it happens; nullopt when it never does.
std::optional<double> discounted_payback_years(std::span<const double> cash_flows, double rate);

/// A cabinet (or PV) investment judged by the savings it brings each year.
struct Investment {
  double capex_eur = 0;             ///< paid at year 0
  double opex_eur_per_year = 0;     ///< maintenance, insurance
  double savings_eur_per_year = 0;  ///< bill without it minus bill with it
  int years = 15;
  std::vector<std::pair<int, double>> replacements;  ///< (year, EUR) e.g. cells at end of life
  double residual_eur = 0;                           ///< value left in the final year
};

/// Yearly flows: -capex, then savings - opex - replacements (+ residual at the end).
std::vector<double> cash_flows(const Investment& inv);

/// Levelised cost of storage (EUR/MWh discharged): discounted costs (capex,
/// opex, replacements, energy bought to charge) over discounted discharged energy.
double lcos(const Investment& inv, double charging_cost_eur_per_year,
            double discharged_mwh_per_year, double rate);

}  // namespace wf
