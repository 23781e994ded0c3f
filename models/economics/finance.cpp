#include "models/economics/finance.hpp"

#include <cmath>

namespace wf {

double npv(std::span<const double> cf, double rate) {
  double sum = 0, discount = 1;
  for (double c : cf) {
    sum += c / discount;
    discount *= 1 + rate;
  }
  return sum;
}

std::optional<double> irr(std::span<const double> cf) {
  bool pos = false, neg = false;
  for (double c : cf) pos |= c > 0, neg |= c < 0;
  if (!pos || !neg) return std::nullopt;
  // Bisection on a bracket: robust where Newton wanders off with odd flows.
  double lo = -0.99, hi = 10.0;
  double f_lo = npv(cf, lo), f_hi = npv(cf, hi);
  if (std::signbit(f_lo) == std::signbit(f_hi)) return std::nullopt;
  for (int i = 0; i < 200 && hi - lo > 1e-12; ++i) {
    const double mid = 0.5 * (lo + hi), f = npv(cf, mid);
    if (std::signbit(f) == std::signbit(f_lo))
      lo = mid, f_lo = f;
    else
      hi = mid;
  }
  return 0.5 * (lo + hi);
}

std::optional<double> discounted_payback_years(std::span<const double> cf, double rate) {
  double cumulative = 0, discount = 1;
  for (std::size_t t = 0; t < cf.size(); ++t) {
    const double d = cf[t] / discount;
    if (cumulative < 0 && cumulative + d >= 0)
      return static_cast<double>(t) - 1 + (-cumulative / d);
    cumulative += d;
    if (t == 0 && cumulative >= 0) return 0.0;
    discount *= 1 + rate;
  }
  return std::nullopt;
}

std::vector<double> cash_flows(const Investment& inv) {
  std::vector<double> cf(static_cast<std::size_t>(inv.years) + 1,
                         inv.savings_eur_per_year - inv.opex_eur_per_year);
  cf[0] = -inv.capex_eur;
  for (const auto& [year, cost] : inv.replacements)
    if (year >= 1 && year <= inv.years) cf[static_cast<std::size_t>(year)] -= cost;
  if (inv.years >= 1) cf.back() += inv.residual_eur;
  return cf;
}

double lcos(const Investment& inv, double charging_cost_eur_per_year,
            double discharged_mwh_per_year, double rate) {
  double cost = inv.capex_eur, energy = 0, discount = 1;
  for (int t = 1; t <= inv.years; ++t) {
    discount *= 1 + rate;
    double c = inv.opex_eur_per_year + charging_cost_eur_per_year;
    for (const auto& [year, amount] : inv.replacements)
      if (year == t) c += amount;
    if (t == inv.years) c -= inv.residual_eur;
    cost += c / discount;
    energy += discharged_mwh_per_year / discount;
  }
  return energy > 0 ? cost / energy : INFINITY;
}

}  // namespace wf
