#pragma once
// What the site of `wattfleet hil` sees as its battery: the model cabinet (the
// twin), with the real cabinet alongside. Every setpoint the site dispatches
// goes to both (to the real one only when armed); the site balance follows the
// model, and the residuals real - model (SoC drift, power tracking error,
// response delay) are recorded on their own channel group.
#include <memory>
#include <vector>

#include "hil/modbus_cabinet.hpp"
#include "sim/recorder.hpp"

namespace wf::hil {

/// Channels of the hil output group, in order.
enum HilChannel : std::size_t {
  hc_setpoint,        ///< setpoint the site dispatched (W)
  hc_commanded,       ///< setpoint written to the cabinet (W; 0 in shadow mode)
  hc_real_power,      ///< measured cabinet power (W)
  hc_model_power,     ///< model cabinet power (W)
  hc_tracking_error,  ///< measured - dispatched (W)
  hc_real_soc,
  hc_model_soc,
  hc_soc_drift,       ///< real - model SoC
  hc_response_delay,  ///< last measured setpoint-to-response delay (s)
  hc_link_up,         ///< 1 while the link is sound and values plausible
  hc_pacing_lag,      ///< wall clock behind the simulation at each control tick (s)
  hc_count
};

std::vector<RecordedChannel> hil_channels();

class TwinBattery final : public Battery {
 public:
  TwinBattery(std::unique_ptr<Battery> model, std::unique_ptr<ModbusCabinet> real,
              Recorder* recorder, Time start);

  double max_discharge_w() const override { return model_->max_discharge_w(); }
  double max_charge_w() const override { return model_->max_charge_w(); }
  void set_power(double p_w) override;
  double power_w() const override { return model_->power_w(); }
  void advance_to(Time t) override;
  Time next_event() const override { return std::min(model_->next_event(), real_->next_event()); }
  Limit at_limit() const override { return model_->at_limit(); }
  double soc() const override { return model_->soc(); }
  double soc_slope_per_s() const override { return model_->soc_slope_per_s(); }
  double soh() const override { return model_->soh(); }
  double capacity_j() const override { return model_->capacity_j(); }
  double loss_w() const override { return model_->loss_w(); }
  std::optional<double> dc_discharged_j() const override { return model_->dc_discharged_j(); }
  double aux_power_w() const override { return model_->aux_power_w(); }
  void set_ambient_temperature(double k) override { model_->set_ambient_temperature(k); }
  double rated_power_w() const override { return model_->rated_power_w(); }
  std::vector<SummaryValue> summary() const override;

  void set_recorder(Recorder* r) { rec_ = r; }
  ModbusCabinet& real() { return *real_; }
  const Battery& model() const { return *model_; }

 private:
  void record(Time t);
  std::unique_ptr<Battery> model_;
  std::unique_ptr<ModbusCabinet> real_;
  Recorder* rec_;
  double setpoint_w_ = 0;
  Time last_t_;
  // Response delay: a setpoint step waits until the measured power is within 5 %.
  Time step_at_ = Time::never();
  double step_target_ = 0, last_delay_s_ = 0, delay_sum_s_ = 0, delay_max_s_ = 0;
  int delays_ = 0;
  double drift_abs_max_ = 0, track_sq_ = 0;
  long track_n_ = 0;
};

}  // namespace wf::hil
