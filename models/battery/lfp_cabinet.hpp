#pragma once
// A battery cabinet from its cells up: LFP cells (OCV, hysteresis, R(SoC, T,
// direction), one RC pair) in series x parallel, a BMS (cell voltage window,
// C-rate limits derated near the SoC ends and the temperature limits, SoC
// window), a PCS with its efficiency curve, a lumped thermal model with HVAC,
// and Naumann calendar + cycle aging with rainflow-counted cycles.
//
// Between events the AC power, the DC power and the cell current are constant
// (the current is re-linearised at each event), so SoC moves linearly and the
// RC pair and the temperature are advanced exactly. The cabinet asks for an
// event when SoC reaches its window's end (met exactly, as a state event) or
// has drifted by the re-linearisation quantum.
#include <array>
#include <cmath>
#include <memory>
#include <optional>

#include "models/battery/aging_model.hpp"
#include "models/battery/battery.hpp"
#include "models/battery/lfp_cell.hpp"
#include "models/battery/rainflow.hpp"
#include "models/pcs/efficiency.hpp"
#include "sim/params.hpp"

namespace wf {

struct LfpCabinetParams {
  double cells_series = 0, cells_parallel = 1;
  double cell_capacity_c = 0;    ///< nominal charge of one cell (C)
  double cell_nominal_v = 3.2;   ///< for the nameplate energy
  double resistance_factor = 1;  ///< multiplies the cell table's R (scaling to other cells)
  double hysteresis_factor = 1;  ///< multiplies the table's hysteresis voltage
  double rc_ratio = 0;           ///< R1 / R0 of the RC pair; 0: no RC pair
  double rc_tau_s = 30;          ///< RC time constant
  double cell_v_min = 2.0, cell_v_max = 3.6;
  double max_charge_c = 1, max_discharge_c = 1;  ///< C-rates (1/h)
  double soc_initial = 0.5, soc_min = 0.05, soc_max = 0.95;
  double soc_derate_band = 0;  ///< current tapers linearly to 0 over this SoC band at each end
  double t_charge_min_k = 273.15, t_charge_max_k = 318.15;
  double t_discharge_min_k = 253.15, t_discharge_max_k = 333.15;
  double pcs_rated_w = 0, pcs_p0 = 0.0072, pcs_k = 0.0345;
  double pcs_apparent_va = 0;  ///< apparent-power rating; 0: equal to pcs_rated_w
  double reactive_var = 0;     ///< reactive power the PCS carries (P/Q circle, domain ref 2.5)
  double pcs_overload = 1;     ///< short-time AC limit as a multiple of the rating
  double pcs_overload_s = 0;   ///< how long the full overload lasts from a rested PCS
  double pcs_overload_recovery_s = 600;  ///< time to regain that budget at or below rating
  double thermal_tau_s = 0;              ///< 0: cells at the ambient temperature (isothermal)
  double envelope_loss_10k_w = 200;      ///< heat through the envelope at 10 K difference
  double heating_setpoint_k = 283.15, cooling_setpoint_k = 303.15;
  double hvac_cop = 3, hvac_max_w = 5000, aux_base_w = 0;
  double thermal_step_s = 900;  ///< longest interval between thermostat decisions
  double quantum = 0.01;        ///< re-linearisation quantum in SoC
  double end_of_life_soh = 0.8;
  // Chosen by name in scenarios (not in the table of numbers):
  bool hysteresis_offset = false;  ///< true: +h in both directions (as SimSES applies it)
  bool half_cycles = false;        ///< true: a half cycle per reversal (SimSES); false: rainflow
};

/// The parameter table: names, units, defaults, ranges, meaning.
std::span<const Param<LfpCabinetParams>> lfp_cabinet_param_table();

/// Why the parameters contradict each other; empty when they do not (checked at load).
std::string lfp_cabinet_params_problem(const LfpCabinetParams& p);

class LfpCabinet final : public Battery {
 public:
  /// Parameters failing lfp_cabinet_params_problem() are a caller's error (InternalError).
  /// `aging` may be null (no aging).
  LfpCabinet(std::string id, const LfpCabinetParams& p, std::shared_ptr<const LfpCell> cell,
             PcsEfficiency pcs, std::unique_ptr<AgingModel> aging, Time start);

  double max_discharge_w() const override { return max_dis_w_; }
  double max_charge_w() const override { return max_chg_w_; }
  void set_power(double p_w) override;
  double power_w() const override { return p_ac_; }
  double rated_power_w() const override { return p_.pcs_rated_w; }
  Rating rating() const override;
  const LfpCabinetParams& params() const { return p_; }
  void advance_to(Time t) override;
  Time next_event() const override { return next_event_; }
  Limit at_limit() const override;
  double soc() const override { return soc_; }
  double soc_slope_per_s() const override { return slope_; }
  double soh() const override { return soh_; }
  double capacity_j() const override { return nominal_j_ * soh(); }
  double loss_w() const override;
  double aux_power_w() const override { return aux_w_; }
  void set_ambient_temperature(double kelvin) override;
  std::vector<SummaryValue> summary() const override;
  void replace_cells() override { replace_pending_ = aging_ != nullptr; }

  /// Energy books (J) since the start.
  struct Books {
    double ac_in = 0, ac_out = 0, dc_in = 0, dc_out = 0;
    double pcs_loss = 0, ohmic = 0, rc = 0, hysteresis = 0;
    double stored = 0;    ///< chemical energy moved into the cells (signed)
    double residual = 0;  ///< DC energy - stored - cell losses: the linearisation error
    double aux = 0, hvac_heat = 0;
  };
  const Books& books() const { return books_; }
  double cell_current_a() const { return i_; }  ///< > 0 discharge
  double pack_current_a() const { return i_ * p_.cells_parallel; }
  /// Terminal voltage of one cell now (V) at the current in force.
  double cell_voltage() const;
  double temperature_k() const { return temp_k_; }
  double rc_voltage() const { return u_rc_; }
  double resistance_growth() const { return r_growth_; }
  /// Full equivalent cycles: DC energy discharged / nameplate energy.
  double equivalent_full_cycles() const { return books_.dc_out / nominal_j_; }
  std::optional<double> dc_discharged_j() const override { return books_.dc_out; }

 private:
  LfpCabinetParams p_;
  std::shared_ptr<const LfpCell> cell_;
  PcsEfficiency pcs_;
  std::unique_ptr<AgingModel> aging_;
  std::unique_ptr<AgingModel> aging_new_;  // the law's state when new, for replacements
  bool replace_pending_ = false;
  double soh_ = 1, r_growth_ = 0;  // from aging_, cached after each update
  Rainflow rainflow_;
  double n_cells_, nominal_j_;
  Time now_, start_;
  double soc_, u_rc_ = 0, temp_k_ = 298.15, ambient_k_ = 298.15;
  double p_ac_ = 0, p_dc_ = 0, i_ = 0, r0_ = 0, slope_ = 0;
  double max_dis_w_ = 0, max_chg_w_ = 0, aux_w_ = 0, q_hvac_w_ = 0;
  // Cell values at the present SoC and temperature, refreshed when the state moves.
  double ocv_now_ = 0, h_now_ = 0, r_chg_now_ = 0, r_dis_now_ = 0;
  // The state the cell look-ups above were made at (refresh): an idle cabinet at a
  // steady temperature repeats them at every event of its site.
  double looked_up_soc_ = NAN, r_soc_ = NAN, r_temp_k_ = NAN, r_growth_at_ = NAN;
  LfpCell::GridHint r_hint_;               // the resistance table cell of the last look-up
  double ocv_int_soc_ = -1, ocv_int_ = 0;  // the OCV integral at that SoC (advance_to)
  double ac_limit_w_ = 0;                  // active-power rating left by the reactive power
  double dc_at_rated_dis_ = 0, dc_at_rated_chg_ = 0;  // DC power the PCS needs at its rating
  double dc_at_over_dis_ = 0, dc_at_over_chg_ = 0;    // ... and at its overload limit
  double overload_left_s_ = 0;  // overload budget: seconds above the rating still allowed
  double overload_used_s_ = 0;  // seconds spent above the rating
  bool overloaded() const { return std::abs(p_ac_) > ac_limit_w_ * (1 + 1e-12); }
  bool empty_ = false, full_ = false;  // at the SoC window's end or the cell voltage limit
  Time next_event_ = Time::never();
  Books books_;
  // Cycle detection: direction of SoC motion, running extreme, time under current.
  int dir_ = 0;
  Rainflow::Point extreme_{}, last_reversal_{};
  double active_s_ = 0;
  std::optional<Time> eol_;
  double t_min_k_ = 1e9, t_max_k_ = 0;

  double capacity_c() const { return p_.cell_capacity_c * soh(); }
  double emf(bool charging) const;
  double hysteresis_v(bool charging) const;
  double derate(bool charging) const;
  void refresh();
  void schedule();
  void decide_hvac();
  void count_cycle(const Rainflow::Cycle& c);
  void track_reversal(double soc_before);
};

}  // namespace wf
