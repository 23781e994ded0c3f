#include "hil/twin_battery.hpp"

#include <algorithm>
#include <cmath>

namespace wf::hil {

std::vector<RecordedChannel> hil_channels() {
  return {{"setpoint_power", "W", "battery power the site dispatched (> 0 discharge)"},
          {"commanded_power", "W", "setpoint written to the cabinet (0 in shadow mode)"},
          {"real_power", "W", "power measured at the cabinet"},
          {"model_power", "W", "power of the model cabinet"},
          {"tracking_error", "W", "measured minus dispatched power"},
          {"real_soc", "1", "state of charge reported by the cabinet"},
          {"model_soc", "1", "state of charge of the model cabinet"},
          {"soc_drift", "1", "cabinet minus model state of charge"},
          {"response_delay", "s", "last delay from a setpoint step to the measured response"},
          {"link_up", "1", "1 while the link is sound and the values plausible"},
          {"pacing_lag", "s", "wall clock behind the simulation at the control ticks"}};
}

TwinBattery::TwinBattery(std::unique_ptr<Battery> model, std::unique_ptr<ModbusCabinet> real,
                         Recorder* recorder, Time start)
    : Battery(model->id()),
      model_(std::move(model)),
      real_(std::move(real)),
      rec_(recorder),
      last_t_(start) {}

void TwinBattery::set_power(double p_w) {
  const double p = std::clamp(p_w, -model_->max_charge_w(), model_->max_discharge_w());
  model_->set_power(p);
  // A step of more than 5 % of the rating (or 1 kW) starts a response-delay measurement.
  const double rating =
      std::max({model_->rated_power_w(), model_->max_charge_w(), model_->max_discharge_w(), 1e3});
  if (std::abs(p - setpoint_w_) > std::max(0.05 * rating, 1e3)) {
    step_at_ = last_t_;
    step_target_ = p;
  }
  setpoint_w_ = p;
  real_->set_power(p);
  record(last_t_);
}

void TwinBattery::advance_to(Time t) {
  model_->advance_to(t);
  real_->advance_to(t);
  last_t_ = t;
  if (step_at_ != Time::never() && real_->healthy()) {
    const double band = std::max(0.05 * std::abs(step_target_), 500.0);
    if (std::abs(real_->power_w() - step_target_) <= band) {
      last_delay_s_ = (t - step_at_).to_seconds();
      delay_sum_s_ += last_delay_s_, ++delays_;
      delay_max_s_ = std::max(delay_max_s_, last_delay_s_);
      step_at_ = Time::never();
    }
  }
  record(t);
}

void TwinBattery::record(Time t) {
  if (!rec_ || t < rec_->now()) return;
  rec_->advance_to(t);
  const bool ok = real_->healthy();
  rec_->set(hc_setpoint, setpoint_w_);
  rec_->set(hc_commanded, real_->commanded_w());
  rec_->set(hc_real_power, real_->power_w());
  rec_->set(hc_model_power, model_->power_w());
  rec_->set(hc_tracking_error, real_->power_w() - setpoint_w_);
  rec_->set(hc_real_soc, real_->soc());
  rec_->set(hc_model_soc, model_->soc(), model_->soc_slope_per_s());
  rec_->set(hc_soc_drift, real_->soc() - model_->soc(), -model_->soc_slope_per_s());
  rec_->set(hc_response_delay, last_delay_s_);
  rec_->set(hc_link_up, ok ? 1 : 0);
  if (ok && real_->ever_read()) {
    drift_abs_max_ = std::max(drift_abs_max_, std::abs(real_->soc() - model_->soc()));
    const double e = real_->power_w() - setpoint_w_;
    track_sq_ += e * e, ++track_n_;
  }
}

std::vector<SummaryValue> TwinBattery::summary() const {
  auto out = model_->summary();
  for (auto& v : real_->summary()) out.push_back(std::move(v));
  out.push_back({"hil.soc_drift_max", "1", "largest |cabinet - model SoC| while the link was sound",
                 drift_abs_max_});
  out.push_back({"hil.tracking_error_rms", "kW",
                 "RMS of measured minus dispatched power at the control ticks",
                 track_n_ ? std::sqrt(track_sq_ / double(track_n_)) / 1e3 : 0});
  out.push_back({"hil.response_delay_mean", "s", "mean delay from a setpoint step to the response",
                 delays_ ? delay_sum_s_ / delays_ : 0});
  out.push_back({"hil.response_delay_max", "s",
                 "longest delay from a setpoint step to the response", delay_max_s_});
  out.push_back(
      {"hil.response_steps", "1", "setpoint steps whose response was measured", double(delays_)});
  return out;
}

}  // namespace wf::hil
