#include "hil/modbus_cabinet.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "hil/modbus_link.hpp"
#include "sim/error.hpp"

namespace wf::hil {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
}

ModbusCabinet::ModbusCabinet(std::string id, RegisterMap map, ModbusCabinetOptions options,
                             Time start)
    : Battery(std::move(id)),
      map_(std::move(map)),
      opt_(std::move(options)),
      link_(std::make_unique<ModbusLink>(opt_.host, opt_.port, opt_.unit_id, opt_.timeout_s)),
      now_(start),
      next_poll_(start),
      next_retry_(start),
      backoff_(opt_.backoff_min),
      next_hb_(start),
      cmd_time_(start),
      last_write_(start) {
  const std::string file = map_.file.string();
  if (!map_.find(Role::soc))
    throw InputError(file, 0, "points", "the map has no point with role: soc");
  if (!map_.find(Role::ac_power) && !map_.find(Role::dc_power))
    throw InputError(file, 0, "points", "the map has no point with role: ac_power or dc_power");
  if (opt_.armed && !map_.find(Role::power_setpoint))
    throw InputError(file, 0, "points", "--arm needs a point with role: power_setpoint in the map");
  capacity_j_ = opt_.capacity_j;
}

ModbusCabinet::~ModbusCabinet() {
  if (!opt_.armed || shut_down_ || !wrote_) return;
  // Unwinding from an exception: the result writer the event sink reaches may
  // already be gone, so the outcome goes to stderr only.
  events_ = [](Time, std::string_view kind, double, std::string_view msg) {
    fmt::print(stderr, "hil: {}: {}\n", kind, msg);
  };
  try {
    shutdown();
  } catch (...) {  // a destructor must not throw; the cabinet's watchdog is the last line
  }
}

std::string ModbusCabinet::endpoint() const {
  return link_->endpoint();
}

void ModbusCabinet::event(Time t, std::string_view kind, double value, std::string_view msg) {
  if (!events_) return;
  if (!in_shutdown_) return events_(t, kind, value, msg);
  try {  // the safe stop goes on whatever recording its events does
    events_(t, kind, value, msg);
  } catch (...) {
  }
}

double ModbusCabinet::max_discharge_w() const {
  return std::min({map_.limits.max_discharge_w, opt_.max_discharge_w, meas_max_discharge_w_});
}
double ModbusCabinet::max_charge_w() const {
  return std::min({map_.limits.max_charge_w, opt_.max_charge_w, meas_max_charge_w_});
}

void ModbusCabinet::set_power(double p_w) {
  requested_w_ = std::isfinite(p_w) ? p_w : 0;
  command(now_);
}

void ModbusCabinet::advance_to(Time t) {
  now_ = std::max(now_, t);
  if (t >= next_poll_) {
    // Stay on the period grid even after a slow poll.
    while (next_poll_ <= t) next_poll_ = next_poll_ + opt_.period;
    poll(t);
  }
}

bool ModbusCabinet::read_all() {
  std::vector<std::uint16_t> words;
  for (const auto& b : map_.blocks) {
    words.assign(static_cast<std::size_t>(b.count), 0);
    ++stats_.requests;
    if (!link_->read(b.table, b.start, words)) return false;
    img_.store(b.table, b.start, words);
  }
  return true;
}

void ModbusCabinet::on_failure(Time t) {
  ++stats_.failed_polls;
  const LinkError e = link_->error();
  if (e == LinkError::timeout) ++stats_.timeouts;
  if (e == LinkError::exception) ++stats_.exceptions;
  // The first failure of a streak is an event; the loss of the link is another.
  if (failures_++ == 0 || !link_up_) {
    if (link_up_ || !ever_read_) {
      const std::string_view kind = e == LinkError::timeout     ? "hil_timeout"
                                    : e == LinkError::exception ? "hil_modbus_exception"
                                    : e == LinkError::connect   ? "hil_connect_failed"
                                                                : "hil_io_error";
      event(t, kind, e == LinkError::exception ? link_->exception_code() : 0, link_->message());
    }
  }
  if (link_up_ && failures_ >= opt_.lost_after) {
    link_up_ = false;
    lost_at_ = t;
    ++stats_.link_losses;
    commanded_w_ = 0;  // safe: the cabinet's own revert timer takes it to 0 W without us
    event(t, "hil_link_lost", failures_,
          fmt::format("{} failed polls in a row from {}: setpoint safe at 0 W, retrying with "
                      "back-off",
                      failures_, endpoint()));
    link_->close();
  }
  if (!link_up_) {
    next_retry_ = t + backoff_;
    backoff_ = std::min(backoff_ + backoff_, opt_.backoff_max);
  } else {
    // Still within the allowed streak: a safe setpoint while the state is unknown.
    if (opt_.armed && commanded_w_ != 0 && link_->connected() &&
        write_point_value(*map_.find(Role::power_setpoint), 0))
      commanded_w_ = 0;
  }
}

void ModbusCabinet::poll(Time t) {
  if (!link_up_ && t < next_retry_) return;
  ++stats_.polls;
  const bool was_up = link_up_;
  if (!read_all()) {
    on_failure(t);
    return;
  }
  failures_ = 0;
  if (!was_up) {
    backoff_ = opt_.backoff_min;
    link_up_ = true;
    enabled_ = false;  // a restarted device forgets the enable: send it again
    if (ever_read_)
      event(t, "hil_link_restored", (t - lost_at_).to_seconds(),
            fmt::format("link to {} restored after {:.1f} s", endpoint(),
                        (t - lost_at_).to_seconds()));
    else
      event(t, "hil_connected", 0,
            fmt::format("connected to {} ({}, {})", endpoint(), map_.name,
                        opt_.armed ? "armed" : "shadow mode: nothing is written"));
  }
  decode(t);
  ever_read_ = true;
  if (!opt_.armed) return;
  if (!enabled_ && values_ok_) {
    commanded_w_ = 0;  // start from rest whatever was in force before
    if (write_point_value(*map_.find(Role::power_setpoint), 0)) {
      const Point* en = map_.find(Role::setpoint_enable);
      enabled_ = !en || write_point_value(*en, *en->value * en->si_factor + en->si_offset);
    }
  }
  if (const Point* hb = map_.find(Role::controller_heartbeat); hb && t >= next_hb_) {
    ctrl_hb_ = std::fmod(ctrl_hb_ + 1, 65536);
    write_point_value(*hb, ctrl_hb_ * hb->si_factor + hb->si_offset);
    next_hb_ = t + Time::from_seconds(map_.heartbeat_period_s);
  }
  command(t);
}

void ModbusCabinet::decode(Time t) {
  auto get = [&](Role r) -> std::optional<double> {
    const Point* p = map_.find(r);
    if (!p) return std::nullopt;
    return read_point(map_, img_, *p);
  };
  // Plausibility: each point's range, powers within twice the map's ratings.
  std::string bad;
  for (const auto& p : map_.points) {
    if (p.role == Role::none || p.role == Role::scale_factor) continue;
    const double v = read_point(map_, img_, p);
    double lo = p.min, hi = p.max;
    if (p.role == Role::ac_power || p.role == Role::dc_power) {
      const double rating = std::max(map_.limits.max_charge_w, map_.limits.max_discharge_w);
      if (std::isfinite(rating)) lo = std::max(lo, -2 * rating), hi = std::min(hi, 2 * rating);
    }
    const bool required =
        p.role == Role::soc || p.role == Role::ac_power || p.role == Role::dc_power;
    if ((std::isnan(v) && required) || v < lo || v > hi) {
      bad = fmt::format("{} = {} {} (role {}) outside {}..{}", p.name,
                        read_point_engineering(map_, img_, p), p.units, role_name(p.role),
                        (lo - p.si_offset) / p.si_factor, (hi - p.si_offset) / p.si_factor);
      break;
    }
  }
  if (!bad.empty()) {
    ++stats_.bad_values;
    if (values_ok_) event(t, "hil_bad_value", 0, "implausible value held back: " + bad);
    values_ok_ = false;
    return;  // the last good values stay
  }
  if (!values_ok_) event(t, "hil_values_valid", 0, "cabinet values plausible again");
  values_ok_ = true;
  soc_ = *get(Role::soc);
  power_w_ = get(Role::ac_power).value_or(get(Role::dc_power).value_or(0));
  if (auto v = get(Role::soh); v && std::isfinite(*v)) soh_ = *v;
  if (auto v = get(Role::capacity); v && std::isfinite(*v) && *v > 0) capacity_j_ = *v;
  if (auto v = get(Role::temperature); v && std::isfinite(*v)) temperature_k_ = *v;
  if (auto v = get(Role::max_charge_power); v && std::isfinite(*v))
    meas_max_charge_w_ = std::max(*v, 0.0);
  if (auto v = get(Role::max_discharge_power); v && std::isfinite(*v))
    meas_max_discharge_w_ = std::max(*v, 0.0);
  if (auto hb = get(Role::heartbeat)) {
    if (*hb != cabinet_hb_) {
      cabinet_hb_ = *hb, cabinet_hb_changed_ = t;
      if (stale_hb_reported_)
        event(t, "hil_cabinet_heartbeat", *hb, "cabinet heartbeat moving again");
      stale_hb_reported_ = false;
    } else if (!stale_hb_reported_ &&
               (t - cabinet_hb_changed_).to_seconds() > 3 * map_.heartbeat_period_s + 1) {
      stale_hb_reported_ = true;
      event(t, "hil_cabinet_heartbeat_stale", *hb, "the cabinet's heartbeat has stopped");
    }
  }
}

bool ModbusCabinet::write_point_value(const Point& p, double si) {
  if (!opt_.armed) return false;  // shadow mode: the one place a write could happen
  wrote_ = true;
  const auto words = encode_point(map_, img_, p, si);
  ++stats_.writes;
  if (!link_->write(p.address, words)) {
    ++stats_.failed_writes;
    const bool exc = link_->error() == LinkError::exception;
    event(now_, exc ? "hil_modbus_exception" : "hil_write_failed",
          exc ? link_->exception_code() : 0, link_->message());
    return false;
  }
  img_.store(p.table, p.address, words);
  return true;
}

void ModbusCabinet::command(Time t, bool force) {
  if (!opt_.armed) return;
  // Safe unless the link is sound and the values plausible.
  const double target = healthy() && enabled_ && failures_ == 0
                            ? std::clamp(requested_w_, -max_charge_w(), max_discharge_w())
                            : 0;
  const double dt = std::max(0.0, (t - cmd_time_).to_seconds());
  cmd_time_ = t;
  const double step = map_.limits.ramp_w_per_s * dt;
  // Towards the target within the ramp, but never slower than straight to 0 W when unsafe.
  double next = target;
  if (healthy() && failures_ == 0 && std::isfinite(step))
    next = std::clamp(target, commanded_w_ - step, commanded_w_ + step);
  const bool refresh = (t - last_write_).to_seconds() >= map_.heartbeat_period_s;
  if (!link_up_ || !link_->connected()) {
    commanded_w_ = 0;
    return;
  }
  if (std::abs(next - commanded_w_) < 0.5 && !refresh && !force) return;
  if (write_point_value(*map_.find(Role::power_setpoint), next)) {
    commanded_w_ = next;
    last_write_ = t;
  }
}

bool ModbusCabinet::safe_stop_once(std::string& why) {
  if (!link_->connected() && !link_->connect()) {
    why = link_->message();
    return false;
  }
  const Point& sp = *map_.find(Role::power_setpoint);
  const Point* en = map_.find(Role::setpoint_enable);
  if (!write_point_value(sp, 0) || (en && !write_point_value(*en, 0))) {
    why = link_->message();
    return false;
  }
  commanded_w_ = 0, enabled_ = false;
  // Read back what the cabinet now holds: the writes alone prove nothing.
  RegisterImage back = img_;
  for (const Point* p : {&sp, en}) {
    if (!p) continue;
    std::vector<std::uint16_t> words(static_cast<std::size_t>(p->width()));
    if (!link_->read(p->table, p->address, words)) {
      why = link_->message();
      return false;
    }
    back.store(p->table, p->address, words);
  }
  const double w = read_point(map_, back, sp);
  const double e = en ? read_point_engineering(map_, back, *en) : 0;
  if (w != 0 || e != 0) {
    why = fmt::format("read back {} = {} W{}", sp.name, w,
                      en ? fmt::format(", {} = {}", en->name, e) : std::string());
    return false;
  }
  return true;
}

bool ModbusCabinet::shutdown() {
  if (!opt_.armed || !wrote_ || shut_down_) return true;
  if (in_shutdown_) return false;  // re-entered while unwinding from inside it
  in_shutdown_ = true;
  std::string why;
  constexpr int kTries = 3;
  bool confirmed = false;
  for (int i = 0; i < kTries && !confirmed; ++i) {
    confirmed = safe_stop_once(why);
    if (!confirmed) link_->close();  // a fresh connection for the next try
  }
  if (confirmed)
    event(now_, "hil_safe_stop", 1,
          fmt::format("{}: 0 W written and the setpoint disabled, confirmed by reading back",
                      endpoint()));
  else
    event(now_, "hil_safe_stop_failed", 0,
          fmt::format("{}: could not confirm 0 W after {} tries ({}); the cabinet's own "
                      "watchdog must revert the setpoint",
                      endpoint(), kTries, why));
  in_shutdown_ = false;
  shut_down_ = true;
  return confirmed;
}

std::vector<SummaryValue> ModbusCabinet::summary() const {
  return {{"hil.polls", "1", "polls of the cabinet", double(stats_.polls)},
          {"hil.failed_polls", "1", "polls that failed (timeout, exception, disconnect)",
           double(stats_.failed_polls)},
          {"hil.requests", "1", "read requests sent", double(stats_.requests)},
          {"hil.writes", "1", "write requests sent (0 in shadow mode)", double(stats_.writes)},
          {"hil.link_losses", "1", "times the link was declared lost", double(stats_.link_losses)},
          {"hil.bad_values", "1", "polls with implausible values", double(stats_.bad_values)},
          {"hil.exceptions", "1", "Modbus exception replies", double(stats_.exceptions)},
          {"hil.timeouts", "1", "requests that timed out", double(stats_.timeouts)}};
}

}  // namespace wf::hil
