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
#include <map>
#include <stdexcept>
#include <vector>

#include "hil/codec.hpp"
#include "hil/model_battery.hpp"

namespace wf::hil {

namespace {
using Clock = std::chrono::steady_clock;

constexpr int kMbapLength = 7;        // transaction id, protocol id, length, unit id
constexpr std::size_t kMaxAdu = 260;  // MBAP header + the longest PDU (253 bytes)
constexpr std::size_t kMaxClients = 32;
constexpr auto kFrameTimeout = std::chrono::seconds(2);  // a frame must arrive whole by then

// A client's bytes until they make a whole frame: one read per select, never a
// blocking one, so a half-sent frame holds up nobody else.
struct Client {
  std::vector<std::uint8_t> buf;
  Clock::time_point first_byte;     // of the frame being assembled
  Clock::time_point last_activity;  // the least recent is dropped when too many connect
  std::uint64_t frames = 0;         // answered; a client that never sent one goes first
};

int u16_at(const std::uint8_t* q, int i) {
  return q[i] << 8 | q[i + 1];
}
}  // namespace

struct CabinetServer::Impl {
  RegisterMap map;
  std::unique_ptr<Battery> model;
  CabinetServerOptions opt;
  CabinetServerStats stats;
  std::function<void(const std::string&)> log;
  modbus_t* ctx = nullptr;
  modbus_mapping_t* mapping = nullptr;
  int listen_fd = -1, port = 0;
  std::map<int, Client> clients;
  std::pair<int, int> hold_span, input_span;
  RegisterImage img;
  Clock::time_point wall_start = Clock::now();
  Time now;
  double setpoint_w = 0;                // as written by the controller
  double applied_w = 0;                 // in force after enable, watchdog, limits
  std::atomic<double> applied_seen{0};  // applied_w and enabled(), published for other threads
  std::atomic<bool> enabled_seen{false};
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
    applied_seen = applied_w;  // for other threads (tests)
    enabled_seen = enabled();
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

  // A write request must cover whole writable holding points: a read-only
  // register, a gap, or half of a 32-bit point (its value would be torn) is refused.
  bool writable(int start, int count) const {
    if (count <= 0) return false;
    for (int a = start; a < start + count;) {
      const Point* hit = nullptr;
      for (const auto& p : map.points)
        if (p.table == Table::holding && a >= p.address && a < p.end()) hit = &p;
      if (!hit || !hit->writable || hit->address < start || hit->end() > start + count)
        return false;
      a = hit->end();
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

  void drop(int fd) {
    ::close(fd);
    clients.erase(fd);
  }

  // Reads what a client sent; answers each whole frame.
  void receive(int fd) {
    Client& c = clients[fd];
    std::uint8_t chunk[kMaxAdu];
    const ssize_t n = recv(fd, chunk, sizeof chunk, MSG_DONTWAIT);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) return drop(fd);
    if (n < 0) return;
    c.last_activity = Clock::now();
    if (c.buf.empty()) c.first_byte = c.last_activity;
    c.buf.insert(c.buf.end(), chunk, chunk + n);
    while (c.buf.size() >= kMbapLength) {
      const int protocol = u16_at(c.buf.data(), 2), length = u16_at(c.buf.data(), 4);
      // Not Modbus TCP (protocol id 0) or a length no PDU has: the stream cannot be resynchronised.
      if (protocol != 0 || length < 2 || length > 254) return drop(fd);
      const std::size_t whole = 6 + static_cast<std::size_t>(length);
      if (c.buf.size() < whole) return;
      std::vector<std::uint8_t> frame(c.buf.begin(), c.buf.begin() + static_cast<long>(whole));
      c.buf.erase(c.buf.begin(), c.buf.begin() + static_cast<long>(whole));
      c.first_byte = Clock::now();
      ++c.frames;
      if (!answer(fd, frame)) return drop(fd);
    }
  }

  // One whole frame (MBAP header + PDU); false when the connection should close.
  bool answer(int fd, std::vector<std::uint8_t>& q) {
    modbus_set_socket(ctx, fd);
    advance();
    const int h = kMbapLength;
    const int pdu = static_cast<int>(q.size()) - h;
    const int unit = q[6], fc = q[h];
    auto refuse = [&](int code) {
      ++stats.rejected;
      return modbus_reply_exception(ctx, q.data(), static_cast<unsigned>(code)) != -1;
    };
    if (unit != opt.unit_id) return refuse(MODBUS_EXCEPTION_GATEWAY_TARGET);
    // Every request is checked whole here, before libmodbus sees it: its reply
    // code trusts the counts in the PDU (it would read past a short frame) and
    // sleeps and flushes the socket on a bad quantity. The registers a write
    // changes are checked against the map too.
    const std::uint8_t* p = q.data() + h;
    auto u16 = [&](int i) { return p[i] << 8 | p[i + 1]; };
    int addr = 0, count = 0;
    switch (fc) {
      case MODBUS_FC_READ_HOLDING_REGISTERS:
      case MODBUS_FC_READ_INPUT_REGISTERS:
        if (pdu != 5) return refuse(MODBUS_EXCEPTION_ILLEGAL_DATA_VALUE);
        if (u16(3) < 1 || u16(3) > MODBUS_MAX_READ_REGISTERS)
          return refuse(MODBUS_EXCEPTION_ILLEGAL_DATA_VALUE);
        break;
      case MODBUS_FC_WRITE_SINGLE_REGISTER:
        if (pdu != 5) return refuse(MODBUS_EXCEPTION_ILLEGAL_DATA_VALUE);
        addr = u16(1), count = 1;
        break;
      case MODBUS_FC_MASK_WRITE_REGISTER:
        if (pdu != 7) return refuse(MODBUS_EXCEPTION_ILLEGAL_DATA_VALUE);
        addr = u16(1), count = 1;
        break;
      case MODBUS_FC_WRITE_MULTIPLE_REGISTERS:
        if (pdu < 6 || u16(3) < 1 || u16(3) > MODBUS_MAX_WRITE_REGISTERS || p[5] != 2 * u16(3) ||
            pdu != 6 + p[5])
          return refuse(MODBUS_EXCEPTION_ILLEGAL_DATA_VALUE);
        addr = u16(1), count = u16(3);
        break;
      case MODBUS_FC_WRITE_AND_READ_REGISTERS:
        if (pdu < 10 || u16(3) < 1 || u16(3) > MODBUS_MAX_WR_READ_REGISTERS || u16(7) < 1 ||
            u16(7) > MODBUS_MAX_WR_WRITE_REGISTERS || p[9] != 2 * u16(7) || pdu != 10 + p[9])
          return refuse(MODBUS_EXCEPTION_ILLEGAL_DATA_VALUE);
        addr = u16(5), count = u16(7);
        break;
      default:  // coils, discrete inputs, diagnostics: a cabinet map has none
        return refuse(MODBUS_EXCEPTION_ILLEGAL_FUNCTION);
    }
    if (count > 0 && !writable(addr, count)) return refuse(MODBUS_EXCEPTION_ILLEGAL_DATA_ADDRESS);
    const int length = static_cast<int>(q.size());
    q.resize(MODBUS_TCP_MAX_ADU_LENGTH, 0);  // defence in depth: nothing past the frame is read
    if (modbus_reply(ctx, q.data(), length, mapping) == -1) return false;
    if (count > 0) {
      ++stats.write_requests;
      stats.registers_written += static_cast<std::uint64_t>(count);
      after_write();
    } else {
      ++stats.read_requests;
    }
    return true;
  }

  void accept_client() {
    const int fd = accept4(listen_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return;
    // Non-blocking: a client that stops reading its replies makes a send fail
    // (and is dropped) instead of stopping the server for everyone.
    if (clients.size() >= kMaxClients) {
      // Full: a connection that never sent a whole frame goes first, the least
      // recently active one among them, so a flood of idle or half-speaking
      // connections cannot lock out a controller that keeps polling.
      auto oldest = std::min_element(clients.begin(), clients.end(), [](auto& a, auto& b) {
        const bool a_talks = a.second.frames > 0, b_talks = b.second.frames > 0;
        if (a_talks != b_talks) return b_talks;
        return a.second.last_activity < b.second.last_activity;
      });
      ++stats.rejected;
      drop(oldest->first);
    }
    clients[fd] = Client{.buf = {}, .first_byte = {}, .last_activity = Clock::now(), .frames = 0};
  }

  // Clients that began a frame and did not finish it in time.
  void drop_stalled() {
    const auto wall = Clock::now();
    std::vector<int> stalled;
    for (const auto& [fd, c] : clients)
      if (!c.buf.empty() && wall - c.first_byte > kFrameTimeout) stalled.push_back(fd);
    for (int fd : stalled) drop(fd);
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
  // libmodbus sleeps for the response timeout before it answers a request with a
  // bad quantity (to flush the line): 0.5 s by default, a stall of every client
  // of this single-threaded server. 1 us instead.
  modbus_set_response_timeout(s.ctx, 0, 1);
  s.listen_fd = modbus_tcp_listen(s.ctx, 64);
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
  for (const auto& [fd, c] : s.clients) ::close(fd);
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
  return impl_->applied_seen;
}
bool CabinetServer::enabled() const {
  return impl_->enabled_seen;
}
void CabinetServer::set_log(std::function<void(const std::string&)> log) {
  impl_->log = std::move(log);
}

void CabinetServer::serve_connection(int fd) {
  Impl& s = *impl_;
  s.clients[fd] = Client{.buf = {}, .first_byte = {}, .last_activity = Clock::now(), .frames = 0};
  while (s.clients.count(fd)) {
    fd_set rd;
    FD_ZERO(&rd);
    FD_SET(fd, &rd);
    timeval tv{1, 0};
    if (select(fd + 1, &rd, nullptr, nullptr, &tv) <= 0) {
      s.drop(fd);  // nothing within a second: the peer holds a half frame
      break;
    }
    s.receive(fd);
  }
}

void CabinetServer::run(const std::atomic<bool>& stop) {
  Impl& s = *impl_;
  s.wall_start = Clock::now();
  while (!stop.load()) {
    fd_set rd;
    FD_ZERO(&rd);
    FD_SET(s.listen_fd, &rd);
    int top = s.listen_fd;
    for (const auto& [fd, c] : s.clients) FD_SET(fd, &rd), top = std::max(top, fd);
    timeval tv{0, 20000};  // the model moves on between requests too
    const int n = select(top + 1, &rd, nullptr, nullptr, &tv);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error(fmt::format("select: {}", std::strerror(errno)));
    }
    std::vector<int> ready;
    for (const auto& [fd, c] : s.clients)
      if (n > 0 && FD_ISSET(fd, &rd)) ready.push_back(fd);
    for (int fd : ready) s.receive(fd);
    if (n > 0 && FD_ISSET(s.listen_fd, &rd)) s.accept_client();
    s.drop_stalled();
    s.advance();
  }
}

}  // namespace wf::hil
