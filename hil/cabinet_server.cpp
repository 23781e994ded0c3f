#include "hil/cabinet_server.hpp"

#include <fmt/format.h>
#include <modbus.h>
#include <netinet/in.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <set>
#include <stdexcept>
#include <vector>

#include "hil/codec.hpp"
#include "hil/model_battery.hpp"

namespace wf::hil {

namespace {
using Clock = std::chrono::steady_clock;
}

struct CabinetServer::Impl {
  RegisterMap map;
  std::unique_ptr<Battery> model;
  CabinetServerOptions opt;
  CabinetServerStats stats;
  std::function<void(const std::string&)> log;
  modbus_t* ctx = nullptr;
  modbus_mapping_t* mapping = nullptr;
  int listen_fd = -1, port = 0;
  std::set<int> clients;
  std::pair<int, int> hold_span, input_span;
  RegisterImage img;
  Clock::time_point wall_start = Clock::now();
  Time now;
  double setpoint_w = 0;     // as written by the controller
  double applied_w = 0;      // in force after enable, watchdog, limits
  double last_ctrl_hb = -1;  // controller heartbeat last seen
  Time last_ctrl_activity;   // last heartbeat change or setpoint write
  double heartbeat = 0;
  Time next_heartbeat;

  void note(const std::string& s) {
    if (log) log(s);
  }

  // Registers of the image <-> the libmodbus mapping (which serves them).
  std::uint16_t* slot(Table t, int address) {
    if (t == Table::holding) return &mapping->tab_registers[address - hold_span.first];
    return &mapping->tab_input_registers[address - input_span.first];
  }
  void push(const Point& p) {
    for (int i = 0; i < p.width(); ++i)
      *slot(p.table, p.address + i) = img.get(p.table, p.address + i);
  }
  void pull(const Point& p) {
    for (int i = 0; i < p.width(); ++i)
      img.set(p.table, p.address + i, *slot(p.table, p.address + i));
  }

  void put(Role r, double si) {
    if (const Point* p = map.find(r)) {
      write_point(map, img, *p, si);
      push(*p);
    }
  }

  void init_registers() {
    // Scale factors first: the other constants are encoded with them.
    for (const auto& p : map.points)
      if (p.role == Role::scale_factor) write_point_engineering(map, img, p, p.value.value_or(0));
    for (const auto& p : map.points) {
      if (p.role == Role::scale_factor) continue;
      if (p.role == Role::setpoint_enable || p.role == Role::controller_heartbeat ||
          p.role == Role::power_setpoint)
        write_point_engineering(map, img, p, 0);  // disabled and at rest until written
      else if (p.value)
        write_point_engineering(map, img, p, *p.value);
    }
    for (const auto& p : map.points) push(p);
  }

  Time sim_now() const {
    const double wall = std::chrono::duration<double>(Clock::now() - wall_start).count();
    return opt.start + Time::us(static_cast<std::int64_t>(wall * opt.speed * 1e6));
  }

  bool enabled() const {
    const Point* e = map.find(Role::setpoint_enable);
    return !e || read_point_engineering(map, img, *e) == *e->value;
  }

  void apply_power() {
    double want = enabled() ? setpoint_w : 0;
    if (!std::isfinite(want)) want = 0;
    applied_w = std::clamp(want, -model->max_charge_w(), model->max_discharge_w());
    model->set_power(applied_w);
  }

  // Advances the model to the wall clock, stopping at its state events.
  void advance() {
    const Time t = sim_now();
    while (model->next_event() <= t) {
      model->advance_to(std::max(model->next_event(), now));
      now = std::max(model->next_event(), now);
      apply_power();
      if (model->next_event() <= now) break;  // sits on a limit
    }
    model->advance_to(t);
    now = t;
    // Watchdog: a setpoint with no sign of the controller for the revert time falls to 0 W.
    if (map.limits.revert_timeout_s > 0 && setpoint_w != 0 &&
        (now - last_ctrl_activity).to_seconds() > map.limits.revert_timeout_s) {
      ++stats.watchdog_trips;
      note(
          fmt::format("watchdog: no controller heartbeat for {:g} s: setpoint {:.0f} W reverted "
                      "to 0 W",
                      map.limits.revert_timeout_s, setpoint_w));
      setpoint_w = 0;
      if (const Point* sp = map.find(Role::power_setpoint)) {
        write_point(map, img, *sp, 0);
        push(*sp);
      }
    }
    apply_power();
    while (now >= next_heartbeat) {
      heartbeat = std::fmod(heartbeat + 1, 65536);
      next_heartbeat = next_heartbeat + Time::seconds(1);
    }
    refresh();
  }

  void refresh() {
    const Battery& b = *model;
    put(Role::soc, b.soc());
    put(Role::soh, b.soh());
    put(Role::ac_power, b.power_w());
    const auto [v, a] = model_dc(b, opt.series_cells);
    put(Role::dc_power, b.power_w() + b.loss_w());
    put(Role::voltage, v);
    put(Role::current, a);
    put(Role::temperature, model_temperature_k(b).value_or(298.15));
    put(Role::alarms, 0);
    put(Role::capacity, b.capacity_j());
    put(Role::max_charge_power, std::min(b.max_charge_w(), map.limits.max_charge_w));
    put(Role::max_discharge_power, std::min(b.max_discharge_w(), map.limits.max_discharge_w));
    put(Role::heartbeat, heartbeat);
  }

  // Registers a write request touches; false when it reaches a read-only one.
  bool writable(int start, int count) const {
    for (int a = start; a < start + count; ++a) {
      bool ok = false;
      for (const auto& p : map.points)
        if (p.table == Table::holding && p.writable && a >= p.address && a < p.end()) ok = true;
      if (!ok) return false;
    }
    return true;
  }

  void after_write() {
    for (const auto& p : map.points)
      if (p.writable) pull(p);
    if (const Point* hb = map.find(Role::controller_heartbeat)) {
      const double v = read_point_engineering(map, img, *hb);
      if (v != last_ctrl_hb) last_ctrl_hb = v, last_ctrl_activity = now;
    }
    if (const Point* sp = map.find(Role::power_setpoint)) {
      const double w = read_point(map, img, *sp);
      if (w != setpoint_w)
        note(fmt::format("setpoint {:.0f} W{}", w, enabled() ? "" : " (not enabled)"));
      setpoint_w = std::isfinite(w) ? w : 0;
      last_ctrl_activity = now;
    }
    apply_power();
    refresh();
  }

  void serve(int fd) {
    std::uint8_t query[MODBUS_TCP_MAX_ADU_LENGTH];
    modbus_set_socket(ctx, fd);
    const int rc = modbus_receive(ctx, query);
    if (rc == -1) {
      ::close(fd);
      clients.erase(fd);
      return;
    }
    if (rc == 0) return;
    advance();
    const int h = modbus_get_header_length(ctx);
    const int fc = query[h];
    const int addr = query[h + 1] << 8 | query[h + 2];
    int count = 0;
    if (fc == MODBUS_FC_WRITE_SINGLE_REGISTER) count = 1;
    if (fc == MODBUS_FC_WRITE_MULTIPLE_REGISTERS) count = query[h + 3] << 8 | query[h + 4];
    if (count > 0 && !writable(addr, count)) {
      ++stats.rejected;
      modbus_reply_exception(ctx, query, MODBUS_EXCEPTION_ILLEGAL_DATA_ADDRESS);
      return;
    }
    if (modbus_reply(ctx, query, rc, mapping) == -1) {
      ::close(fd);
      clients.erase(fd);
      return;
    }
    if (count > 0) {
      ++stats.write_requests;
      stats.registers_written += static_cast<std::uint64_t>(count);
      after_write();
    } else {
      ++stats.read_requests;
    }
  }
};

CabinetServer::CabinetServer(RegisterMap map, std::unique_ptr<Battery> model,
                             CabinetServerOptions options)
    : impl_(std::make_unique<Impl>()) {
  Impl& s = *impl_;
  s.map = std::move(map);
  s.model = std::move(model);
  s.opt = std::move(options);
  s.now = s.opt.start;
  s.last_ctrl_activity = s.opt.start;
  s.next_heartbeat = s.opt.start + Time::seconds(1);
  s.hold_span = s.map.span(Table::holding);
  s.input_span = s.map.span(Table::input);
  s.mapping = modbus_mapping_new_start_address(0, 0, 0, 0, static_cast<unsigned>(s.hold_span.first),
                                               static_cast<unsigned>(s.hold_span.second),
                                               static_cast<unsigned>(s.input_span.first),
                                               static_cast<unsigned>(s.input_span.second));
  if (!s.mapping) throw std::runtime_error("cannot allocate the Modbus register mapping");
  s.ctx = modbus_new_tcp(s.opt.bind.c_str(), s.opt.port);
  if (!s.ctx) throw std::runtime_error("cannot create a Modbus TCP context");
  s.listen_fd = modbus_tcp_listen(s.ctx, 8);
  if (s.listen_fd == -1)
    throw std::runtime_error(
        fmt::format("cannot listen on {}:{}: {}", s.opt.bind, s.opt.port, modbus_strerror(errno)));
  sockaddr_in addr{};
  socklen_t len = sizeof addr;
  getsockname(s.listen_fd, reinterpret_cast<sockaddr*>(&addr), &len);
  s.port = ntohs(addr.sin_port);
  s.init_registers();
  s.apply_power();
  s.refresh();
}

CabinetServer::~CabinetServer() {
  Impl& s = *impl_;
  for (int fd : s.clients) ::close(fd);
  if (s.listen_fd != -1) ::close(s.listen_fd);
  if (s.ctx) modbus_free(s.ctx);
  if (s.mapping) modbus_mapping_free(s.mapping);
}

int CabinetServer::port() const {
  return impl_->port;
}
const CabinetServerStats& CabinetServer::stats() const {
  return impl_->stats;
}
const Battery& CabinetServer::model() const {
  return *impl_->model;
}
double CabinetServer::setpoint_w() const {
  return impl_->applied_w;
}
void CabinetServer::set_log(std::function<void(const std::string&)> log) {
  impl_->log = std::move(log);
}

void CabinetServer::run(const std::atomic<bool>& stop) {
  Impl& s = *impl_;
  s.wall_start = Clock::now();
  while (!stop.load()) {
    fd_set rd;
    FD_ZERO(&rd);
    FD_SET(s.listen_fd, &rd);
    int top = s.listen_fd;
    for (int fd : s.clients) FD_SET(fd, &rd), top = std::max(top, fd);
    timeval tv{0, 20000};  // the model moves on between requests too
    const int n = select(top + 1, &rd, nullptr, nullptr, &tv);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error(fmt::format("select: {}", std::strerror(errno)));
    }
    if (n > 0 && FD_ISSET(s.listen_fd, &rd)) {
      const int fd = accept(s.listen_fd, nullptr, nullptr);
      if (fd >= 0) s.clients.insert(fd);
    }
    const std::vector<int> ready(s.clients.begin(), s.clients.end());
    for (int fd : ready)
      if (n > 0 && FD_ISSET(fd, &rd)) s.serve(fd);
    s.advance();
  }
}

}  // namespace wf::hil
