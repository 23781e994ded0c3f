#pragma once
// A real cabinet behind the Battery interface, over Modbus TCP and a register
// map. It polls its state every period (one request per contiguous block) and,
// only when armed, writes the power setpoint: clamped to the map's and the
// scenario's limits and rate-limited, with the controller heartbeat served.
// Timeouts, disconnects, Modbus exceptions and implausible values are events,
// never exceptions: the setpoint falls to a safe 0 W, the link is retried with
// exponential back-off and the last good measurements are held.
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <string_view>

#include "hil/codec.hpp"
#include "hil/register_map.hpp"
#include "models/battery/battery.hpp"

namespace wf::hil {

class ModbusLink;

struct ModbusCabinetOptions {
  std::string host = "127.0.0.1";
  int port = 502;
  int unit_id = 1;
  bool armed = false;              ///< false: shadow mode, nothing is ever written
  double timeout_s = 0.5;          ///< response timeout of one request
  Time period = Time::seconds(1);  ///< poll period
  int lost_after = 3;              ///< consecutive failed polls that mean the link is lost
  Time backoff_min = Time::ms(100), backoff_max = Time::seconds(5);
  /// The scenario's limits (the model cabinet's), on top of the map's.
  double max_charge_w = std::numeric_limits<double>::infinity();
  double max_discharge_w = std::numeric_limits<double>::infinity();
  double capacity_j = 0;  ///< when the map has no capacity point
};

/// (time, kind, value, message): the same shape as a site's events.
using HilEventSink = std::function<void(Time, std::string_view, double, std::string_view)>;

struct ModbusCabinetStats {
  std::uint64_t polls = 0, failed_polls = 0, requests = 0, writes = 0, failed_writes = 0;
  std::uint64_t link_losses = 0, bad_values = 0, exceptions = 0, timeouts = 0;
};

class ModbusCabinet final : public Battery {
 public:
  /// Throws InputError when the map lacks what the client needs (soc, a power).
  ModbusCabinet(std::string id, RegisterMap map, ModbusCabinetOptions options, Time start);
  ~ModbusCabinet() override;

  void set_events(HilEventSink sink) { events_ = std::move(sink); }

  double max_discharge_w() const override;
  double max_charge_w() const override;
  /// Records the request; when armed and the link is sound, writes it (clamped, ramped).
  void set_power(double p_w) override;
  /// Measured AC power (DC where the map has no AC point); the last good value.
  double power_w() const override { return power_w_; }
  /// Polls when a period is due.
  void advance_to(Time t) override;
  Time next_event() const override { return next_poll_; }
  Limit at_limit() const override { return Limit::none; }
  double soc() const override { return soc_; }
  double soc_slope_per_s() const override { return 0; }
  double soh() const override { return soh_; }
  double capacity_j() const override { return capacity_j_; }
  double loss_w() const override { return 0; }
  std::vector<SummaryValue> summary() const override;

  bool link_up() const { return link_up_; }
  /// True while the latest poll was read and plausible.
  bool healthy() const { return link_up_ && values_ok_; }
  bool ever_read() const { return ever_read_; }
  double commanded_w() const { return commanded_w_; }  ///< last setpoint written (or 0)
  double requested_w() const { return requested_w_; }
  double temperature_k() const { return temperature_k_; }
  const ModbusCabinetStats& stats() const { return stats_; }
  const RegisterImage& image() const { return img_; }
  /// Armed: the safe stop at the end of a session: reconnects if the link is
  /// down, writes 0 W, disables the setpoint (enable point to 0) and reads both
  /// back; a few tries. True when the read-back confirmed it, and when nothing
  /// was ever written (shadow mode, or a session that never reached the
  /// cabinet). Also run by the destructor when a session ends by an exception.
  /// Events: hil_safe_stop or hil_safe_stop_failed; an event sink that throws
  /// meanwhile (a full disk) does not stop the tries.
  bool shutdown();

 private:
  std::string endpoint() const;
  void poll(Time t);
  bool read_all();
  void decode(Time t);
  void command(Time t, bool force = false);
  bool write_point_value(const Point& p, double si);
  void on_failure(Time t);
  void event(Time t, std::string_view kind, double value, std::string_view msg);
  bool safe_stop_once(std::string& why);

  RegisterMap map_;
  ModbusCabinetOptions opt_;
  std::unique_ptr<ModbusLink> link_;
  HilEventSink events_;
  RegisterImage img_;
  ModbusCabinetStats stats_;
  Time now_, next_poll_, next_retry_, backoff_, lost_at_, next_hb_, cmd_time_, last_write_;
  Time cabinet_hb_changed_;
  double cabinet_hb_ = -1, ctrl_hb_ = 0;
  bool link_up_ = false, values_ok_ = true, ever_read_ = false, enabled_ = false;
  bool stale_hb_reported_ = false, shut_down_ = false, in_shutdown_ = false;
  bool wrote_ = false;  ///< a write was attempted: only then is there anything to make safe
  int failures_ = 0;
  double power_w_ = 0, soc_ = 0, soh_ = 1, capacity_j_ = 0, temperature_k_ = 0;
  double meas_max_charge_w_ = std::numeric_limits<double>::infinity();
  double meas_max_discharge_w_ = std::numeric_limits<double>::infinity();
  double requested_w_ = 0, commanded_w_ = 0;
};

}  // namespace wf::hil
