// Controller types: self_consumption (the default), idle, peak_shaving,
// arbitrage, backup_reserve, precharge, fcr, and a priority stack of them.
#include <fmt/format.h>

#include <array>
#include <cmath>

#include "models/ems/arbitrage.hpp"
#include "models/ems/backup_reserve.hpp"
#include "models/ems/fcr_rule.hpp"
#include "models/ems/optimal_controller.hpp"
#include "models/ems/peak_shaving.hpp"
#include "models/ems/precharge.hpp"
#include "models/ems/self_consumption.hpp"
#include "models/ems/stack.hpp"
#include "models/ems/ems_registration.hpp"
#include "models/registry/registry.hpp"
#include "models/registry/site_assembly.hpp"
#include "sim/params.hpp"

namespace wf {

namespace {

using Rule = std::unique_ptr<Controller>;

Rule peak_shaving(const ConfigNode& node) {
  static constexpr std::array<std::string_view, 5> kKeys{"type", "limit", "recharge",
                                                         "recharge_below", "follow_month_peak"};
  node.check_keys(kKeys);
  PeakShavingParams p;
  p.limit_w = read_param(node, {"limit", Dim::power, "", 0, INFINITY, false,
                                "net load (demand - PV) to hold the grid import at"});
  p.recharge_below = read_param(node, {"recharge_below", Dim::dimensionless, "99.99 %", 0, 1, false,
                                       "recharge only while the state of charge is below this"});
  if (auto flag = node.get("recharge")) p.recharge = flag->boolean();
  if (auto flag = node.get("follow_month_peak")) p.follow_month_peak = flag->boolean();
  return std::make_unique<PeakShaving>(p);
}

Rule arbitrage(const ConfigNode& node) {
  static constexpr std::array<std::string_view, 8> kKeys{
      "type",       "charge_below", "discharge_above", "charge_hours", "discharge_hours",
      "hysteresis", "power",        "export"};
  node.check_keys(kKeys);
  ArbitrageParams p;
  if (node.get("charge_below") && node.get("charge_hours"))
    node.fail("give either charge_below (a price) or charge_hours, not both");
  if (node.get("charge_below"))
    p.charge_below = read_param(node, {"charge_below", Dim::price, "", -INFINITY, INFINITY, false,
                                       "charge while the day-ahead price is at or below this"});
  else
    p.charge_hours = read_param(node, {"charge_hours", Dim::time, "", 0, 86400, true,
                                       "charge in the cheapest hours of each local day"}) /
                     3600;
  if (node.get("discharge_above") && node.get("discharge_hours"))
    node.fail("give either discharge_above (a price) or discharge_hours, not both");
  if (node.get("discharge_above"))
    p.discharge_above =
        read_param(node, {"discharge_above", Dim::price, "", -INFINITY, INFINITY, false,
                          "discharge while the day-ahead price is at or above this"});
  else
    p.discharge_hours = read_param(node, {"discharge_hours", Dim::time, "", 0, 86400, true,
                                          "discharge in the dearest hours of each local day"}) /
                        3600;
  p.hysteresis = read_param(node, {"hysteresis", Dim::price, "0 EUR/MWh", 0, INFINITY, false,
                                   "how far a price must move back past a threshold to stop"});
  if (node.get("power"))
    p.power_w = read_param(node, {"power", Dim::power, "", 0, INFINITY, true, "battery power"});
  if (auto flag = node.get("export")) p.export_energy = flag->boolean();
  if (!std::isnan(p.charge_below) && !std::isnan(p.discharge_above) &&
      p.charge_below + p.hysteresis >= p.discharge_above - p.hysteresis)
    node.fail("charge_below + hysteresis must lie below discharge_above - hysteresis");
  return std::make_unique<Arbitrage>(p);
}

Rule backup_reserve(const ConfigNode& node) {
  static constexpr std::array<std::string_view, 4> kKeys{"type", "critical_load", "duration",
                                                         "recharge_power"};
  node.check_keys(kKeys);
  BackupReserveParams p;
  const double load = read_param(node, {"critical_load", Dim::power, "", 0, INFINITY, false,
                                        "load the reserve must carry in an outage"});
  const double time = read_param(
      node, {"duration", Dim::time, "", 0, INFINITY, false, "how long it must carry it"});
  p.energy_j = load * time;
  if (node.get("recharge_power"))
    p.recharge_w = read_param(node, {"recharge_power", Dim::power, "", 0, INFINITY, true,
                                     "power to refill the reserve with"});
  return std::make_unique<BackupReserve>(p);
}

Rule precharge(const ConfigNode& node) {
  static constexpr std::array<std::string_view, 5> kKeys{"type", "limit", "horizon", "target_soc",
                                                         "power"};
  node.check_keys(kKeys);
  PreChargeParams p;
  p.limit_w = read_param(node, {"limit", Dim::power, "", 0, INFINITY, false,
                                "import level the forecast pulses must be held to"});
  if (auto h = node.get("horizon")) {
    p.horizon = h->duration();
    if (p.horizon <= Time::zero()) h->fail("expected a positive duration like '15min'");
  }
  p.target_soc = read_param(node, {"target_soc", Dim::dimensionless, "100 %", 0, 1, false,
                                   "charge ahead of a pulse up to this state of charge"});
  if (node.get("power"))
    p.power_w = read_param(node, {"power", Dim::power, "", 0, INFINITY, true, "charging power"});
  return std::make_unique<PreCharge>(p);
}

Rule fcr(const ConfigNode& node) {
  static constexpr std::array<std::string_view, 4> kKeys{"type", "product", "reserved",
                                                         "capacity_price"};
  node.check_keys(kKeys);
  FcrRuleParams p;
  p.product = parse_fcr_product(node.at("product"));
  p.reserved_w = read_param(node, {"reserved", Dim::power, "", 0, INFINITY, true,
                                   "power held for frequency containment"});
  // EUR per MW per hour has the dimension of EUR/MWh.
  p.capacity_price = read_param(node, {"capacity_price", Dim::price, "0 EUR/MWh", 0, INFINITY,
                                       false, "capacity payment, EUR per MW per hour"});
  return std::make_unique<FcrRule>(p);
}

Rule optimal(const ConfigNode& node, bool mpc) {
  static constexpr std::array<std::string_view, 6> kKeys{"type",    "step",    "degradation_cost",
                                                         "reserve", "horizon", "forecast"};
  node.check_keys(mpc ? std::span(kKeys) : std::span(kKeys).first(4));
  OptimalParams p;
  p.mpc = mpc;
  if (auto st = node.get("step")) {
    p.step = st->duration();
    if (p.step < Time::minutes(1) || Time::days(1) % p.step != Time::zero())
      st->fail("expected a step of at least 1 min that divides a day, like '1h' or '15min'");
  }
  if (auto h = node.get("horizon")) {
    const Time horizon = h->duration();
    if (horizon < p.step) h->fail("expected a horizon of at least one step");
    p.horizon_steps = static_cast<std::size_t>(horizon / p.step);
  } else {
    p.horizon_steps = static_cast<std::size_t>(Time::hours(48) / p.step);
  }
  if (auto f = node.get("forecast")) {
    static constexpr std::array<std::string_view, 2> kForecasts{"perfect", "day_ahead_naive"};
    p.naive_forecast = f->choice(kForecasts) == 1;
  }
  // EUR per kWh of throughput: stored as EUR/MWh like every energy price.
  p.degradation_eur_per_kwh =
      read_param(node, {"degradation_cost", Dim::price, "0 EUR/MWh", 0, INFINITY, false,
                        "wear cost per unit of AC throughput (charge + discharge)"}) /
      1e3;
  if (auto r = node.get("reserve")) {
    static constexpr std::array<std::string_view, 2> kReserve{"critical_load", "duration"};
    r->check_keys(kReserve);
    p.reserve_j = read_param(*r, {"critical_load", Dim::power, "", 0, INFINITY, false, ""}) *
                  read_param(*r, {"duration", Dim::time, "", 0, INFINITY, false, ""});
  }
  return std::make_unique<OptimalController>(p);
}

Rule simple(const ConfigNode& node, bool idle) {
  static constexpr std::array<std::string_view, 1> kKeys{"type"};
  node.check_keys(kKeys);
  if (idle) return std::make_unique<IdleController>();
  return std::make_unique<SelfConsumption>();
}

Rule rule(const ConfigNode& node) {
  static constexpr std::array<std::string_view, 7> kTypes{
      "self_consumption", "idle",      "peak_shaving", "arbitrage",
      "backup_reserve",   "precharge", "fcr"};
  switch (node.at("type").choice(kTypes)) {
    case 0:
      return simple(node, false);
    case 1:
      return simple(node, true);
    case 2:
      return peak_shaving(node);
    case 3:
      return arbitrage(node);
    case 4:
      return backup_reserve(node);
    case 5:
      return precharge(node);
    default:
      return fcr(node);
  }
}

Rule stack(const ConfigNode& node) {
  static constexpr std::array<std::string_view, 2> kKeys{"type", "rules"};
  node.check_keys(kKeys);
  const ConfigNode list = node.at("rules");
  if (!list.is_sequence() || list.items().empty())
    list.fail("expected a list of rules, the first with the highest priority");
  std::vector<Rule> rules;
  for (const auto& r : list.items()) {
    // Frequency response must see every solve: a rule above it could decide and skip it.
    if (!rules.empty() && r.at("type").scalar() == "fcr")
      r.at("type").fail(
          "fcr must be the first rule of a stack (it answers the frequency at every solve)");
    rules.push_back(rule(r));
  }
  return std::make_unique<PriorityStack>(std::move(rules));
}

}  // namespace

void register_ems_models(Registry& r) {
  for (auto type : {"self_consumption", "idle", "peak_shaving", "arbitrage", "backup_reserve",
                    "precharge", "fcr"})
    r.add_controller(type,
                     [](const ConfigNode& node, SiteAssembly& b) { b.set_controller(rule(node)); });
  r.add_controller("optimal", [](const ConfigNode& node, SiteAssembly& b) {
    b.set_controller(optimal(node, false));
  });
  r.add_controller(
      "mpc", [](const ConfigNode& node, SiteAssembly& b) { b.set_controller(optimal(node, true)); });
  r.add_controller("stack",
                   [](const ConfigNode& node, SiteAssembly& b) { b.set_controller(stack(node)); });
}

}  // namespace wf
