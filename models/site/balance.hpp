#pragma once
// The bus balance at one instant: protection before preference. The grid's
// import and export limits bind the controller's battery request; the batteries
// work harder first, and only then is demand shed or PV curtailed.

namespace wf {

struct BalanceInput {
  double demand_w = 0;      ///< IT + cooling + aux
  double pv_w = 0;          ///< PV available
  double request_w = 0;     ///< the controller's battery power, within the batteries' limits
  double max_charge_w = 0;  ///< of all batteries together
  double max_discharge_w = 0;
  double import_limit_w = 0;  ///< 0 in an island
  double export_limit_w = 0;
};

struct BalanceSolution {
  double battery_w = 0;    ///< asked of the batteries (discharge > 0)
  double served = 1;       ///< share of the demand served (1: all of it)
  double curtailed_w = 0;  ///< PV curtailed to respect the export limit
};

BalanceSolution solve_balance(const BalanceInput& in);

}  // namespace wf
