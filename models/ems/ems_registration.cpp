// Controller types: self_consumption (the default), idle, peak_shaving,
// arbitrage, backup_reserve, precharge, fcr, and a priority stack of them.
#include <fmt/format.h>

#include <array>
#include <cmath>

#include "models/ems/arbitrage.hpp"
#include "models/ems/backup_reserve.hpp"
#include "models/ems/clp_model.hpp"
#include "models/ems/ems_registration.hpp"
#include "models/ems/fcr_rule.hpp"
#include "models/ems/optimal_controller.hpp"
#include "models/ems/peak_shaving.hpp"
#include "models/ems/precharge.hpp"
#include "models/ems/self_consumption.hpp"
#include "models/ems/stack.hpp"
#include "models/grid/frequency_response.hpp"
#include "models/registry/registry.hpp"
#include "models/registry/site_assembly.hpp"
#include "sim/error.hpp"
#include "sim/params.hpp"

namespace wf {

namespace {

using Rule = std::unique_ptr<Controller>;
constexpr double kInf = INFINITY;

// Every controller's fields, declared once: key checks, reading and docs/models/ems.md.
constexpr ParamInfo kPeakShaving[] = {
    {"limit", Dim::power, "", 0, kInf, false, "net load (demand - PV) to hold the grid import at"},
    {"recharge_below", Dim::dimensionless, "99.99 %", 0, 1, false,
     "recharge only while the state of charge is below this"},
    flag_param("recharge", "true", "use the headroom under the limit to recharge"),
    flag_param("follow_month_peak", "false",
               "raise the limit to the month's metered peak once it is set (a peak already paid "
               "for)"),
};

constexpr ParamInfo kArbitrage[] = {
    optional_param({"charge_below", Dim::price, "", -kInf, kInf, false,
                    "charge while the day-ahead price is at or below this (or charge_hours)"}),
    optional_param({"charge_hours", Dim::time, "", 0, 86400, true,
                    "charge in the cheapest hours of each local day (or charge_below)"}),
    optional_param(
        {"discharge_above", Dim::price, "", -kInf, kInf, false,
         "discharge while the day-ahead price is at or above this (or discharge_hours)"}),
    optional_param({"discharge_hours", Dim::time, "", 0, 86400, true,
                    "discharge in the dearest hours of each local day (or discharge_above)"}),
    {"hysteresis", Dim::price, "0 EUR/MWh", 0, kInf, false,
     "how far a price must move back past a threshold to stop"},
    optional_param({"power", Dim::power, "", 0, kInf, true, "battery power (default: all of it)"}),
    flag_param("export", "false", "discharge beyond the site's own demand into the grid"),
};

constexpr ParamInfo kBackupReserve[] = {
    {"critical_load", Dim::power, "", 0, kInf, false, "load the reserve must carry in an outage"},
    {"duration", Dim::time, "", 0, kInf, false, "how long it must carry it"},
    optional_param({"recharge_power", Dim::power, "", 0, kInf, true,
                    "power to refill the reserve with (default: all of it)"}),
};

constexpr std::string_view kLoadForecasts[] = {"schedule", "perfect", "persistence",
                                               "seasonal_naive"};
constexpr ParamInfo kPreCharge[] = {
    {"limit", Dim::power, "", 0, kInf, false, "import level the forecast pulses must be held to"},
    text_param("horizon", "a positive duration like '15min'", "15 min",
               "how far ahead the forecast looks"),
    {"target_soc", Dim::dimensionless, "100 %", 0, 1, false,
     "charge ahead of a pulse up to this state of charge"},
    optional_param({"power", Dim::power, "", 0, kInf, true, "charging power (default: all of it)"}),
    choice_param("forecast", kLoadForecasts, "schedule",
                 "the IT load ahead: the job schedule (persistence where a load has none), the "
                 "demand itself (perfect), the demand now, or the demand one `season` earlier"),
    text_param("season", "a positive duration like '1d'", "1 d",
               "how far back the `seasonal_naive` forecast reads the demand"),
};

constexpr ParamInfo kFcr[] = {
    choice_param("product", kFcrProductNames, "",
                 "the frequency containment product, whose droop the rule follows"),
    {"reserved", Dim::power, "", 0, kInf, true, "power held for frequency containment"},
    // EUR per MW per hour has the dimension of EUR/MWh.
    {"capacity_price", Dim::price, "0 EUR/MWh", 0, kInf, false,
     "capacity payment, EUR per MW per hour"},
};

constexpr std::string_view kForecasts[] = {"perfect", "day_ahead_naive"};
constexpr ParamInfo kOptimal[] = {
    text_param("step", "a duration of at least 1 min that divides a day, like '1h'", "1 h",
               "length of one step of the plan"),
    {"degradation_cost", Dim::price, "0 EUR/MWh", 0, kInf, false,
     "wear cost per unit of AC throughput (charge + discharge)"},
    text_param("reserve", "a section `{critical_load: <power>, duration: <duration>}`", "",
               "energy the plan keeps stored for an outage"),
    text_param("horizon", "a duration of at least one step", "48 h",
               "how far each plan looks ahead (mpc only)"),
    choice_param("forecast", kForecasts, "perfect",
                 "net load the plan assumes: the real one, or the same step a day earlier (mpc "
                 "only)"),
};
constexpr ParamInfo kOptimalReserve[] = {
    {"critical_load", Dim::power, "", 0, kInf, false, ""},
    {"duration", Dim::time, "", 0, kInf, false, ""},
};

double read(const ConfigNode& node, std::span<const ParamInfo> table, std::string_view name) {
  return read_param(node, param(table, name));
}

Rule peak_shaving(const ConfigNode& node) {
  node.check_keys(param_keys(kPeakShaving, {"type"}));
  PeakShavingParams p;
  p.limit_w = read(node, kPeakShaving, "limit");
  p.recharge_below = read(node, kPeakShaving, "recharge_below");
  if (auto flag = node.get("recharge")) p.recharge = flag->boolean();
  if (auto flag = node.get("follow_month_peak")) p.follow_month_peak = flag->boolean();
  return std::make_unique<PeakShaving>(p);
}

// Arbitrage's charge (or discharge) trigger: a price threshold or hours of each day, not both.
void read_price_or_hours(const ConfigNode& node, std::string_view price_key,
                         std::string_view hours_key, double& price, double& hours) {
  if (node.get(price_key) && node.get(hours_key))
    node.fail(fmt::format("give either {} (a price) or {}, not both", price_key, hours_key));
  if (node.get(price_key))
    price = read(node, kArbitrage, price_key);
  else
    hours = read(node, kArbitrage, hours_key) / 3600;
}

Rule arbitrage(const ConfigNode& node) {
  const auto& t = kArbitrage;
  node.check_keys(param_keys(t, {"type"}));
  ArbitrageParams p;
  read_price_or_hours(node, "charge_below", "charge_hours", p.charge_below, p.charge_hours);
  read_price_or_hours(node, "discharge_above", "discharge_hours", p.discharge_above,
                      p.discharge_hours);
  p.hysteresis = read(node, t, "hysteresis");
  if (node.get("power")) p.power_w = read(node, t, "power");
  if (auto flag = node.get("export")) p.export_energy = flag->boolean();
  if (!std::isnan(p.charge_below) && !std::isnan(p.discharge_above) &&
      p.charge_below + p.hysteresis >= p.discharge_above - p.hysteresis)
    node.fail("charge_below + hysteresis must lie below discharge_above - hysteresis");
  return std::make_unique<Arbitrage>(p);
}

Rule backup_reserve(const ConfigNode& node) {
  node.check_keys(param_keys(kBackupReserve, {"type"}));
  BackupReserveParams p;
  const double load = read(node, kBackupReserve, "critical_load");
  const double time = read(node, kBackupReserve, "duration");
  p.energy_j = load * time;
  if (node.get("recharge_power")) p.recharge_w = read(node, kBackupReserve, "recharge_power");
  return std::make_unique<BackupReserve>(p);
}

Rule precharge(const ConfigNode& node) {
  node.check_keys(param_keys(kPreCharge, {"type"}));
  PreChargeParams p;
  p.limit_w = read(node, kPreCharge, "limit");
  if (auto h = node.get("horizon")) {
    p.horizon = h->duration();
    if (p.horizon <= Time::zero()) h->fail("expected a positive duration like '15min'");
  }
  p.target_soc = read(node, kPreCharge, "target_soc");
  if (node.get("power")) p.power_w = read(node, kPreCharge, "power");
  if (auto f = node.get("forecast"))
    p.forecast = static_cast<LoadForecast>(f->choice(kLoadForecasts));
  if (auto sn = node.get("season")) {
    p.season = sn->duration();
    if (p.season <= Time::zero()) sn->fail("expected a positive duration like '1d'");
  }
  // A season back reaches at most a season ahead: further it would read the future.
  if (p.forecast == LoadForecast::seasonal_naive && p.horizon > p.season)
    node.fail(
        "forecast: seasonal_naive sees at most one season ahead: horizon must not exceed "
        "season");
  return std::make_unique<PreCharge>(p);
}

Rule fcr(const ConfigNode& node) {
  node.check_keys(param_keys(kFcr, {"type"}));
  FcrRuleParams p;
  p.product = parse_fcr_product(node.at("product"));
  p.reserved_w = read(node, kFcr, "reserved");
  p.capacity_price = read(node, kFcr, "capacity_price");
  return std::make_unique<FcrRule>(p);
}

Rule optimal(const ConfigNode& node, bool mpc) {
  const std::span<const ParamInfo> t = mpc ? std::span(kOptimal) : std::span(kOptimal).first(3);
  node.check_keys(param_keys(t, {"type"}));
  try {
    require_clp();  // before the run: a missing LP solver is exit 2 here, not a plan gone
  } catch (const InputError& e) {
    node.fail(fmt::format("'{}' plans with an LP solver: {}", mpc ? "mpc" : "optimal", e.detail()));
  }
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
  if (auto f = node.get("forecast")) p.naive_forecast = f->choice(kForecasts) == 1;
  // EUR per kWh of throughput: stored as EUR/MWh like every energy price.
  p.degradation_eur_per_kwh = read(node, kOptimal, "degradation_cost") / 1e3;
  if (auto r = node.get("reserve")) {
    r->check_keys(param_keys(kOptimalReserve));
    p.reserve_j =
        read(*r, kOptimalReserve, "critical_load") * read(*r, kOptimalReserve, "duration");
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

constexpr ParamInfo kStack[] = {
    required_text_param("rules", "a list of controller sections (not `stack`, `optimal`, `mpc`)",
                        "the rules, the first with the highest priority (`fcr` must be first)"),
};

Rule stack(const ConfigNode& node) {
  node.check_keys(param_keys(kStack, {"type"}));
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
  auto table = [&](std::string name, std::span<const ParamInfo> t) {
    r.add_params({"controller." + std::move(name), {t.begin(), t.end()}});
  };
  table("peak_shaving", kPeakShaving);
  table("arbitrage", kArbitrage);
  table("backup_reserve", kBackupReserve);
  table("precharge", kPreCharge);
  table("fcr", kFcr);
  table("optimal", std::span(kOptimal).first(3));
  table("mpc", kOptimal);
  table("stack", kStack);
  for (auto type : {"self_consumption", "idle", "peak_shaving", "arbitrage", "backup_reserve",
                    "precharge", "fcr"})
    r.add_controller(type,
                     [](const ConfigNode& node, SiteAssembly& b) { b.set_controller(rule(node)); });
  r.add_controller("optimal", [](const ConfigNode& node, SiteAssembly& b) {
    b.set_controller(optimal(node, false));
  });
  r.add_controller("mpc", [](const ConfigNode& node, SiteAssembly& b) {
    b.set_controller(optimal(node, true));
  });
  r.add_controller("stack",
                   [](const ConfigNode& node, SiteAssembly& b) { b.set_controller(stack(node)); });
}

}  // namespace wf
