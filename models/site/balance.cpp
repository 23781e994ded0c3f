#include "models/site/balance.hpp"

#include <algorithm>

namespace wf {

BalanceSolution solve_balance(const BalanceInput& in) {
  const double imp = in.import_limit_w, exp = in.export_limit_w;
  double batt = in.request_w;
  double grid = in.demand_w - in.pv_w - batt;
  if (grid > imp) batt = std::min(in.max_discharge_w, batt + (grid - imp));
  if (grid < -exp) batt = std::max(-in.max_charge_w, batt - (-exp - grid));
  BalanceSolution s;
  s.battery_w = batt;
  grid = in.demand_w - in.pv_w - batt;
  if (grid > imp && in.demand_w > 0) s.served = std::max(0.0, (imp + in.pv_w + batt) / in.demand_w);
  if (grid < -exp) s.curtailed_w = std::min(in.pv_w, -exp - grid);
  return s;
}

}  // namespace wf
