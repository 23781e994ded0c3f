#include "models/battery/lfp_cabinet.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <stdexcept>

#include "models/pcs/pcs_response.hpp"
#include "sim/error.hpp"

namespace wf {

namespace {
bool same_bits(double a, double b) {
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}
}  // namespace

std::span<const Param<LfpCabinetParams>> lfp_cabinet_param_table() {
  using P = LfpCabinetParams;
  constexpr double inf = INFINITY;
  static const std::array<Param<P>, 38> table{{
      {{"cells_series", Dim::dimensionless, "", 1, 10000, false, "cells in series per string"},
       &P::cells_series},
      {{"cells_parallel", Dim::dimensionless, "1", 1, 1e6, false, "strings (cells) in parallel"},
       &P::cells_parallel},
      {{"cell_capacity", Dim::charge, "", 0, inf, true, "nominal charge of one cell"},
       &P::cell_capacity_c},
      {{"cell_nominal_voltage", Dim::voltage, "3.2 V", 0, inf, true,
        "nominal cell voltage, for the nameplate energy"},
       &P::cell_nominal_v},
      {{"resistance_factor", Dim::dimensionless, "1", 0, inf, true,
        "multiplies the cell table's resistance (e.g. 3 Ah / 280 Ah to scale to a larger cell)"},
       &P::resistance_factor},
      {{"hysteresis_factor", Dim::dimensionless, "1", 0, 1, false,
        "share of the table's OCV hysteresis applied"},
       &P::hysteresis_factor},
      {{"rc_resistance_ratio", Dim::dimensionless, "0", 0, inf, false,
        "R1 / R0 of the RC pair; 0 leaves it out"},
       &P::rc_ratio},
      {{"rc_time_constant", Dim::time, "30 s", 0, inf, true, "time constant R1 C1 of the RC pair"},
       &P::rc_tau_s},
      {{"cell_voltage_min", Dim::voltage, "2.0 V", 0, inf, true, "lowest cell terminal voltage"},
       &P::cell_v_min},
      {{"cell_voltage_max", Dim::voltage, "3.6 V", 0, inf, true, "highest cell terminal voltage"},
       &P::cell_v_max},
      {{"max_charge_c_rate", Dim::dimensionless, "1", 0, inf, true,
        "largest charging current in multiples of the cell capacity per hour"},
       &P::max_charge_c},
      {{"max_discharge_c_rate", Dim::dimensionless, "1", 0, inf, true,
        "largest discharging current in multiples of the cell capacity per hour"},
       &P::max_discharge_c},
      {{"soc_initial", Dim::dimensionless, "50 %", 0, 1, false, "state of charge at the start"},
       &P::soc_initial},
      {{"soc_min", Dim::dimensionless, "5 %", 0, 1, false, "lowest state of charge used"},
       &P::soc_min},
      {{"soc_max", Dim::dimensionless, "95 %", 0, 1, false, "highest state of charge used"},
       &P::soc_max},
      {{"soc_derate_band", Dim::dimensionless, "0 %", 0, 0.5, false,
        "SoC band at each end of the window over which the current limit tapers to zero"},
       &P::soc_derate_band},
      {{"charge_temperature_min", Dim::temperature, "0 degC", 0, inf, false,
        "charging stops below this cell temperature (tapering over the 5 K above)"},
       &P::t_charge_min_k},
      {{"charge_temperature_max", Dim::temperature, "45 degC", 0, inf, false,
        "charging stops above this cell temperature (tapering over the 5 K below)"},
       &P::t_charge_max_k},
      {{"discharge_temperature_min", Dim::temperature, "-20 degC", 0, inf, false,
        "discharging stops below this cell temperature"},
       &P::t_discharge_min_k},
      {{"discharge_temperature_max", Dim::temperature, "60 degC", 0, inf, false,
        "discharging stops above this cell temperature"},
       &P::t_discharge_max_k},
      {{"pcs_power", Dim::power, "", 0, inf, true, "rated AC power of the PCS"}, &P::pcs_rated_w},
      {{"pcs_apparent_power", Dim::power, "0 VA", 0, inf, false,
        "apparent-power rating of the PCS (VA); 0: the same as pcs_power"},
       &P::pcs_apparent_va},
      {{"reactive_power", Dim::power, "0 var", -inf, inf, false,
        "reactive power the PCS supplies (var); it leaves sqrt(S^2 - Q^2) for active power"},
       &P::reactive_var},
      {{"pcs_overload", Dim::dimensionless, "100 %", 1, 3, false,
        "short-time AC limit of the PCS in per cent of its rating (e.g. 110 %)"},
       &P::pcs_overload},
      {{"pcs_overload_time", Dim::time, "0 s", 0, 86400, false,
        "how long the PCS holds its full overload from rest"},
       &P::pcs_overload_s},
      {{"pcs_overload_recovery", Dim::time, "10 min", 1, 86400 * 7, false,
        "time at or below the rating to regain the whole overload time"},
       &P::pcs_overload_recovery_s},
      {{"pcs_p0", Dim::dimensionless, "0.72 %", 0, 1, false,
        "Notton no-load loss in per unit of the rating (type 2: 0.72 %)"},
       &P::pcs_p0},
      {{"pcs_k", Dim::dimensionless, "3.45 %", 0, 1, false,
        "Notton ohmic loss coefficient in per unit (type 2: 3.45 %)"},
       &P::pcs_k},
      {{"thermal_time_constant", Dim::time, "0 s", 0, inf, false,
        "heat capacity / envelope conductance of the cabinet; 0: cells at ambient"},
       &P::thermal_tau_s},
      {{"envelope_heat_loss", Dim::power, "200 W", 0, inf, true,
        "heat flow through the cabinet envelope at 10 K inside-outside difference"},
       &P::envelope_loss_10k_w},
      {{"heating_setpoint", Dim::temperature, "10 degC", 0, inf, false,
        "the HVAC heats below this"},
       &P::heating_setpoint_k},
      {{"cooling_setpoint", Dim::temperature, "30 degC", 0, inf, false,
        "the HVAC cools above this"},
       &P::cooling_setpoint_k},
      {{"hvac_cop", Dim::dimensionless, "3", 0, inf, true,
        "heat moved per electrical energy drawn by the HVAC"},
       &P::hvac_cop},
      {{"hvac_max_power", Dim::power, "5 kW", 0, inf, false, "largest heat flow of the HVAC"},
       &P::hvac_max_w},
      {{"aux_base_power", Dim::power, "0 W", 0, inf, false,
        "constant draw of BMS, controller and fans"},
       &P::aux_base_w},
      {{"thermal_step", Dim::time, "15 min", 0, inf, true,
        "longest interval between two thermostat decisions"},
       &P::thermal_step_s},
      {{"relinearisation_quantum", Dim::dimensionless, "1 %", 0, 1, true,
        "SoC drift after which the cell current is solved again"},
       &P::quantum},
      {{"end_of_life_soh", Dim::dimensionless, "80 %", 0, 1, false,
        "state of health at which the cabinet is at its end of life"},
       &P::end_of_life_soh},
  }};
  return table;
}

namespace {
constexpr double kJPerKWh = 3.6e6;
}

std::string lfp_cabinet_params_problem(const LfpCabinetParams& p) {
  if (!(p.soc_min < p.soc_max)) return "soc_min must lie below soc_max";
  if (p.soc_initial < p.soc_min || p.soc_initial > p.soc_max)
    return "soc_initial must lie between soc_min and soc_max";
  if (!(p.cell_v_min < p.cell_v_max)) return "cell_voltage_min must lie below cell_voltage_max";
  if (p.cells_series != std::floor(p.cells_series) ||
      p.cells_parallel != std::floor(p.cells_parallel))
    return "cells_series and cells_parallel must be whole numbers";
  if (!(p.heating_setpoint_k < p.cooling_setpoint_k))
    return "heating_setpoint must lie below cooling_setpoint";
  return {};
}

LfpCabinet::LfpCabinet(std::string id, const LfpCabinetParams& p,
                       std::shared_ptr<const LfpCell> cell, PcsEfficiency pcs,
                       std::unique_ptr<AgingModel> aging, Time start)
    : Battery(std::move(id)),
      p_(p),
      cell_(std::move(cell)),
      pcs_(std::move(pcs)),
      aging_(std::move(aging)),
      aging_new_(aging_ ? aging_->clone() : nullptr),
      now_(start),
      start_(start),
      soc_(p.soc_initial) {
  // Checked at load (battery_registration.cpp); here a caller's contract.
  if (std::string why = lfp_cabinet_params_problem(p); !why.empty()) throw InternalError(why);
  WF_ASSERT(cell_ != nullptr);
  n_cells_ = p.cells_series * p.cells_parallel;
  nominal_j_ = n_cells_ * p.cell_capacity_c * p.cell_nominal_v;
  extreme_ = last_reversal_ = {soc_, 0};
  ac_limit_w_ = std::min(
      p.pcs_rated_w, pcs_active_limit_w(p.pcs_apparent_va > 0 ? p.pcs_apparent_va : p.pcs_rated_w,
                                        p.reactive_var));
  dc_at_rated_dis_ = pcs_.dc_from_ac(ac_limit_w_);
  dc_at_rated_chg_ = -pcs_.dc_from_ac(-ac_limit_w_);
  dc_at_over_dis_ = pcs_.dc_from_ac(ac_limit_w_ * p.pcs_overload);
  dc_at_over_chg_ = -pcs_.dc_from_ac(-ac_limit_w_ * p.pcs_overload);
  overload_left_s_ = p.pcs_overload_s;
  rainflow_.add(extreme_, [](const Rainflow::Cycle&) {});
  refresh();
  schedule();
}

Battery::Rating LfpCabinet::rating() const {
  // PCS efficiency at half its rating and the cells' ohmic loss at that current with
  // the resistance at mid SoC and 25 degC: a constant one-way efficiency for planning.
  const double ac = 0.5 * ac_limit_w_;
  const double dc_dis = pcs_.dc_from_ac(ac), dc_chg = -pcs_.dc_from_ac(-ac);
  const double v = p_.cell_nominal_v * p_.cells_series;
  const double r = cell_->resistance(0.5, 298.15, false) * p_.resistance_factor * p_.cells_series /
                   p_.cells_parallel;
  const double i_dis = dc_dis / v, i_chg = dc_chg / v;
  const double c_per_h = p_.cell_capacity_c / 3600 * p_.cells_parallel;
  Rating out;
  out.discharge_w = std::min(ac_limit_w_, pcs_.ac_from_dc(p_.max_discharge_c * c_per_h * v));
  out.charge_w = std::min(ac_limit_w_, -pcs_.ac_from_dc(-p_.max_charge_c * c_per_h * v));
  out.soc_min = p_.soc_min, out.soc_max = p_.soc_max;
  out.eta_discharge = ac / (dc_dis + i_dis * i_dis * r);
  out.eta_charge = (dc_chg - i_chg * i_chg * r) / ac;
  return out;
}

// Hysteresis term of the cell voltage (V): +h charging, -h discharging, or +h always.
double LfpCabinet::hysteresis_v(bool charging) const {
  return charging || p_.hysteresis_offset ? h_now_ : -h_now_;
}

double LfpCabinet::emf(bool charging) const {
  return ocv_now_ + hysteresis_v(charging) - u_rc_;
}

double LfpCabinet::derate(bool charging) const {
  double f = 1;
  if (p_.soc_derate_band > 0)
    f = std::clamp((charging ? p_.soc_max - soc_ : soc_ - p_.soc_min) / p_.soc_derate_band, 0.0,
                   1.0);
  const double lo = charging ? p_.t_charge_min_k : p_.t_discharge_min_k;
  const double hi = charging ? p_.t_charge_max_k : p_.t_discharge_max_k;
  constexpr double band_k = 5;  // linear taper inside each temperature limit
  return f * std::clamp(std::min(temp_k_ - lo, hi - temp_k_) / band_k, 0.0, 1.0);
}

// AC limits from the cell limits at the present state; the PCS curve is inverted
// only when the cells, not the PCS rating, bind.
void LfpCabinet::refresh() {
  if (soc_ != looked_up_soc_) {
    ocv_now_ = cell_->ocv(soc_);
    h_now_ = p_.hysteresis_factor * cell_->hysteresis(soc_);
    looked_up_soc_ = soc_;
  }
  if (soc_ != r_soc_ || temp_k_ != r_temp_k_ || r_growth_ != r_growth_at_) {
    // R0 of the cell's table at this SoC and temperature, scaled and grown with age.
    const LfpCell::Resistances r = cell_->resistances(soc_, temp_k_, r_hint_);
    const double growth = 1 + resistance_growth();
    r_chg_now_ = r.charge_ohm * p_.resistance_factor * growth;
    r_dis_now_ = r.discharge_ohm * p_.resistance_factor * growth;
    r_soc_ = soc_, r_temp_k_ = temp_k_, r_growth_at_ = r_growth_;
  }
  const double c_per_h = p_.cell_capacity_c / 3600;
  max_dis_w_ = max_chg_w_ = 0;
  // While overload budget is left the PCS may go past its rating (domain reference 2.3).
  const bool over = p_.pcs_overload > 1 && overload_left_s_ > 0;
  const double lim = over ? ac_limit_w_ * p_.pcs_overload : ac_limit_w_;
  const double dc_dis = over ? dc_at_over_dis_ : dc_at_rated_dis_;
  const double dc_chg = over ? dc_at_over_chg_ : dc_at_rated_chg_;
  empty_ = soc_ <= p_.soc_min || emf(false) <= p_.cell_v_min;
  full_ = soc_ >= p_.soc_max || emf(true) >= p_.cell_v_max;
  if (soc_ > p_.soc_min) {
    const double e = emf(false), r = r_dis_now_;
    const double i =
        std::min(p_.max_discharge_c * c_per_h * derate(false), (e - p_.cell_v_min) / r);
    const double dc = (e - r * i) * i * n_cells_;
    if (i > 0) max_dis_w_ = dc >= dc_dis ? lim : pcs_.ac_from_dc(dc);
  }
  if (soc_ < p_.soc_max) {
    const double e = emf(true), r = r_chg_now_;
    const double i = std::min(p_.max_charge_c * c_per_h * derate(true), (p_.cell_v_max - e) / r);
    const double dc = (e + r * i) * i * n_cells_;
    if (i > 0) max_chg_w_ = dc >= dc_chg ? lim : -pcs_.ac_from_dc(-dc);
  }
}

void LfpCabinet::set_power(double p_w) {
  WF_ASSERT(p_w <= max_dis_w_ * (1 + 1e-9) + 1e-6 && -p_w <= max_chg_w_ * (1 + 1e-9) + 1e-6);
  const double p_before = p_ac_, slope_before = slope_;
  p_ac_ = p_w;
  p_dc_ = pcs_.dc_from_ac(p_w);
  const double pc = p_dc_ / n_cells_;
  if (pc == 0) {
    i_ = 0, r0_ = 0;
  } else {
    const bool charging = pc < 0;
    const double e = emf(charging);
    r0_ = charging ? r_chg_now_ : r_dis_now_;
    // V I = p with V = e - R0 I; the root nearer zero, in a form stable for small p.
    const double disc = std::max(0.0, e * e - 4 * r0_ * pc);
    i_ = 2 * pc / (e + std::sqrt(disc));
  }
  slope_ = -i_ / capacity_c();
  // Every other input of schedule() changes only in calls that schedule again: with the
  // power and the slope as they were (an idle cabinet told to stay idle), its answer stands.
  if (same_bits(p_ac_, p_before) && same_bits(slope_, slope_before)) return;
  schedule();
}

double LfpCabinet::cell_voltage() const {
  const bool charging = i_ < 0;
  return emf(charging) - (i_ == 0 ? 0 : r0_ * i_);
}

void LfpCabinet::schedule() {
  double seconds = INFINITY;
  if (slope_ != 0) {
    const double target = slope_ < 0 ? p_.soc_min : p_.soc_max;
    seconds = std::min((target - soc_) / slope_, p_.quantum / std::abs(slope_));
  }
  if (p_.thermal_tau_s > 0) seconds = std::min(seconds, p_.thermal_step_s);
  if (overloaded()) seconds = std::min(seconds, overload_left_s_);  // the budget runs out
  if (seconds <= 0) {
    next_event_ = now_;  // pushing against a limit: the site re-solves now
  } else if (std::isinf(seconds) || seconds > 1e12) {
    next_event_ = Time::never();
  } else {
    next_event_ = now_ + Time::us(static_cast<std::int64_t>(std::ceil(seconds * 1e6)));
  }
}

// Temperature blocks are not limits of the state: a cold cabinet is neither full nor empty.
Battery::Limit LfpCabinet::at_limit() const {
  if (empty_) return Limit::empty;
  if (full_) return Limit::full;
  return Limit::none;
}

double LfpCabinet::loss_w() const {
  const double cell =
      i_ == 0 ? 0 : (r0_ * i_ * i_ - hysteresis_v(i_ < 0) * i_ + u_rc_ * i_) * n_cells_;
  return pcs_.loss_w(p_ac_) + cell;
}

void LfpCabinet::set_ambient_temperature(double kelvin) {
  ambient_k_ = kelvin;
  if (p_.thermal_tau_s == 0) temp_k_ = kelvin;
  t_min_k_ = std::min(t_min_k_, temp_k_), t_max_k_ = std::max(t_max_k_, temp_k_);
  decide_hvac();
  refresh();
}

// Thermostat: heat flow that brings the cabinet back to its setpoint within one
// thermal step, capped; held until the next event.
void LfpCabinet::decide_hvac() {
  q_hvac_w_ = 0;
  if (p_.thermal_tau_s > 0) {
    const double ua = p_.envelope_loss_10k_w / 10, cap = ua * p_.thermal_tau_s;
    const double gen = loss_w() - pcs_.loss_w(p_ac_);  // cell heat; the PCS sits outside
    const double hold = -(gen + ua * (ambient_k_ - temp_k_));
    if (temp_k_ >= p_.cooling_setpoint_k)
      q_hvac_w_ = std::clamp(hold - cap * (temp_k_ - p_.cooling_setpoint_k) / p_.thermal_step_s,
                             -p_.hvac_max_w, 0.0);
    else if (temp_k_ <= p_.heating_setpoint_k)
      q_hvac_w_ = std::clamp(hold + cap * (p_.heating_setpoint_k - temp_k_) / p_.thermal_step_s,
                             0.0, p_.hvac_max_w);
  }
  aux_w_ = p_.aux_base_w + std::abs(q_hvac_w_) / p_.hvac_cop;
}

void LfpCabinet::count_cycle(const Rainflow::Cycle& c) {
  const double hours = std::abs(c.to.tag - c.from.tag) / 3600;
  const double c_rate = hours > 0 ? c.range / hours : 0;
  aging_->add_cycle(c.range, c_rate, c.cycles * c.range, temp_k_);
}

// A change of direction makes the last extreme a reversal point for rainflow.
void LfpCabinet::track_reversal(double soc_before) {
  const int d = soc_ > soc_before ? 1 : soc_ < soc_before ? -1 : 0;
  if (d == 0) return;
  if (dir_ != 0 && d != dir_ && aging_) {
    if (p_.half_cycles) {
      count_cycle({std::abs(extreme_.value - last_reversal_.value), 0.5, last_reversal_, extreme_});
      last_reversal_ = extreme_;
    } else {
      rainflow_.add(extreme_, [this](const Rainflow::Cycle& c) { count_cycle(c); });
    }
  }
  dir_ = d;
  extreme_ = {soc_, active_s_};
}

void LfpCabinet::advance_to(Time t) {
  WF_ASSERT(t >= now_);
  const double dt = (t - now_).to_seconds();
  if (dt == 0) return;
  const double soc0 = soc_;
  const double hyst_v = i_ == 0 ? 0 : hysteresis_v(i_ < 0);  // at the start, as solved
  soc_ = std::clamp(soc_ + slope_ * dt, std::min(soc0, p_.soc_min), std::max(soc0, p_.soc_max));
  // Books: the PCS and the cells, per cell then scaled to the pack.
  const double e_ac = p_ac_ * dt, e_dc = p_dc_ * dt;
  (e_ac > 0 ? books_.ac_out : books_.ac_in) += std::abs(e_ac);
  (e_dc > 0 ? books_.dc_out : books_.dc_in) += std::abs(e_dc);
  books_.pcs_loss += std::abs(e_dc - e_ac);
  // The integral at the start is the last interval's end, kept: one table look-up an event.
  const double from = soc0 == ocv_int_soc_ ? ocv_int_ : cell_->ocv_integral(soc0);
  ocv_int_soc_ = soc_, ocv_int_ = soc_ == soc0 ? from : cell_->ocv_integral(soc_);
  const double stored = capacity_c() * (ocv_int_ - from);
  double ohmic = 0, hyst = 0, rc = 0;
  if (i_ != 0) {
    ohmic = r0_ * i_ * i_ * dt;
    hyst = -hyst_v * i_ * dt;
    active_s_ += dt;
  }
  if (p_.rc_ratio > 0) {
    const double r1 = p_.rc_ratio * (r0_ > 0 ? r0_ : r_dis_now_);
    rc = rc_energy(u_rc_, i_, r1, p_.rc_tau_s, dt);
    u_rc_ = rc_voltage_after(u_rc_, i_, r1, p_.rc_tau_s, dt);
  }
  books_.ohmic += ohmic * n_cells_, books_.hysteresis += hyst * n_cells_,
      books_.rc += rc * n_cells_;
  books_.stored += stored * n_cells_;
  books_.residual += -e_dc - (stored + ohmic + hyst + rc) * n_cells_;
  books_.aux += aux_w_ * dt, books_.hvac_heat += q_hvac_w_ * dt;
  if (overloaded()) {
    overload_left_s_ = std::max(0.0, overload_left_s_ - dt);
    overload_used_s_ += dt;
  } else if (p_.pcs_overload_s > 0 && std::abs(p_ac_) < ac_limit_w_ * (1 - 1e-9)) {
    // It cools below the rating only: held at the rating, the budget stays spent.
    overload_left_s_ = std::min(
        p_.pcs_overload_s, overload_left_s_ + dt * p_.pcs_overload_s / p_.pcs_overload_recovery_s);
  }
  // Thermal: constant heat inputs over the interval, solved exactly.
  if (p_.thermal_tau_s > 0) {
    const double ua = p_.envelope_loss_10k_w / 10;
    const double t_inf = ambient_k_ + ((ohmic + hyst + rc) * n_cells_ / dt + q_hvac_w_) / ua;
    temp_k_ = t_inf + (temp_k_ - t_inf) * std::exp(-dt / p_.thermal_tau_s);
  }
  t_min_k_ = std::min(t_min_k_, temp_k_), t_max_k_ = std::max(t_max_k_, temp_k_);
  if (aging_) {
    aging_->add_calendar(temp_k_, 0.5 * (soc0 + soc_), dt);
    track_reversal(soc0);
    soh_ = 1 - aging_->capacity_loss(), r_growth_ = aging_->resistance_growth();
    if (!eol_ && soh() <= p_.end_of_life_soh) eol_ = t;
    if (replace_pending_) {
      aging_ = aging_new_->clone();
      soh_ = 1, r_growth_ = 0, replace_pending_ = false;
    }
  }
  now_ = t;
  slope_ = -i_ / capacity_c();
  decide_hvac();
  refresh();
  schedule();
}

std::vector<SummaryValue> LfpCabinet::summary() const {
  // Close the counting on a copy: the residue counts as half cycles (ASTM E1049).
  std::unique_ptr<AgingModel> a = aging_ ? aging_->clone() : nullptr;
  if (a) {
    Rainflow rf = rainflow_;
    auto sink = [&](const Rainflow::Cycle& c) {
      const double hours = std::abs(c.to.tag - c.from.tag) / 3600;
      a->add_cycle(c.range, hours > 0 ? c.range / hours : 0, c.cycles * c.range, temp_k_);
    };
    if (p_.half_cycles) {
      sink({std::abs(extreme_.value - last_reversal_.value), 0.5, last_reversal_, extreme_});
    } else {
      if (dir_ != 0) rf.add(extreme_, sink);
      rf.flush(sink);
    }
  }
  const auto& b = books_;
  auto kwh = [](double j) { return j / kJPerKWh; };
  const double nominal_kwh = kwh(nominal_j_);
  return {
      {"ac_charge_energy", "kWh", "AC energy taken in", kwh(b.ac_in)},
      {"ac_discharge_energy", "kWh", "AC energy delivered", kwh(b.ac_out)},
      {"dc_charge_energy", "kWh", "DC energy into the pack", kwh(b.dc_in)},
      {"dc_discharge_energy", "kWh", "DC energy out of the pack", kwh(b.dc_out)},
      {"pcs_loss_energy", "kWh", "PCS conversion losses", kwh(b.pcs_loss)},
      {"ohmic_loss_energy", "kWh", "ohmic (R0) losses in the cells", kwh(b.ohmic)},
      {"rc_loss_energy", "kWh", "energy taken by the RC pair", kwh(b.rc)},
      {"hysteresis_loss_energy", "kWh", "energy taken by the OCV hysteresis term",
       kwh(b.hysteresis)},
      {"linearisation_residual_energy", "kWh",
       "DC energy in minus stored energy and cell losses (error of the held current)",
       kwh(b.residual)},
      {"stored_energy_change", "kWh", "chemical energy moved into the cells", kwh(b.stored)},
      {"aux_energy", "kWh", "energy drawn by BMS and HVAC", kwh(b.aux)},
      {"pcs_overload_hours", "h", "time the PCS ran above its rating", overload_used_s_ / 3600},
      {"equivalent_full_cycles", "1", "DC energy discharged / nameplate energy",
       b.dc_out / nominal_j_},
      {"final_soc", "1", "state of charge at the end", soc_},
      {"final_soh", "1", "capacity now / capacity new, residue cycles counted",
       a ? 1 - a->capacity_loss() : 1.0},
      {"calendar_capacity_loss", "kWh", "nameplate energy lost to calendar aging",
       a ? a->calendar_loss() * nominal_kwh : 0.0},
      {"cycle_capacity_loss", "kWh", "nameplate energy lost to cycle aging",
       a ? a->cycle_loss() * nominal_kwh : 0.0},
      {"resistance_growth", "1", "relative increase of the internal resistance",
       a ? a->resistance_growth() : 0.0},
      {"end_of_life_days", "d", "days from the start to the end-of-life SoH; -1: not reached",
       eol_ ? (*eol_ - start_).to_seconds() / 86400 : -1.0},
      {"min_temperature", "K", "lowest cell temperature", t_min_k_},
      {"max_temperature", "K", "highest cell temperature", t_max_k_},
  };
}

}  // namespace wf
