#include "hil/modbus_link.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>

#include <fmt/format.h>
#include <modbus.h>

#include <cctype>
#include <cerrno>
#include <cmath>

#include "sim/error.hpp"

namespace wf::hil {

struct ModbusLink::Ctx {
  modbus_t* m = nullptr;
  ~Ctx() {
    if (m) modbus_free(m);
  }
};

ModbusLink::ModbusLink(std::string host, int port, int unit_id, double timeout_s)
    : ctx_(std::make_unique<Ctx>()),
      host_(std::move(host)),
      port_(port),
      unit_(unit_id),
      timeout_s_(timeout_s) {}

ModbusLink::~ModbusLink() {
  close();
}

std::string ModbusLink::endpoint() const {
  return fmt::format("{}:{}", host_, port_);
}

void ModbusLink::fail_from_errno(const char* what) {
  const int e = errno;
  exception_ = 0;
  if (e > MODBUS_ENOBASE && e < MODBUS_ENOBASE + 32) {
    error_ = LinkError::exception;
    exception_ = e - MODBUS_ENOBASE;
  } else if (e == ETIMEDOUT || e == EAGAIN) {
    error_ = LinkError::timeout;
  } else {
    error_ = LinkError::io;
  }
  message_ = fmt::format("{} {}: {}", what, endpoint(), modbus_strerror(e));
  // After a timeout or a broken pipe the stream may hold a late reply: start afresh.
  if (error_ != LinkError::exception) close();
}

bool ModbusLink::connect() {
  close();
  ctx_->m = modbus_new_tcp(host_.c_str(), port_);
  if (!ctx_->m) {
    error_ = LinkError::connect;
    message_ = fmt::format("cannot create a Modbus context for {}", endpoint());
    return false;
  }
  modbus_set_slave(ctx_->m, unit_);
  const double whole = std::floor(timeout_s_);
  const auto sec = static_cast<std::uint32_t>(whole);
  const auto usec = static_cast<std::uint32_t>(std::lround((timeout_s_ - whole) * 1e6) % 1000000);
  modbus_set_response_timeout(ctx_->m, sec, usec == 0 && sec == 0 ? 1000 : usec);
  modbus_set_byte_timeout(ctx_->m, sec, usec == 0 && sec == 0 ? 1000 : usec);
  if (modbus_connect(ctx_->m) == -1) {
    error_ = LinkError::connect;
    message_ = fmt::format("cannot connect to {}: {}", endpoint(), modbus_strerror(errno));
    modbus_free(ctx_->m);
    ctx_->m = nullptr;
    return false;
  }
  connected_ = true;
  error_ = LinkError::none;
  return true;
}

void ModbusLink::close() {
  if (ctx_ && ctx_->m) {
    if (connected_) modbus_close(ctx_->m);
    modbus_free(ctx_->m);
    ctx_->m = nullptr;
  }
  connected_ = false;
}

bool ModbusLink::read(Table table, int start, std::span<std::uint16_t> out) {
  if (!connected_ && !connect()) return false;
  const int n = static_cast<int>(out.size());
  const int got = table == Table::holding
                      ? modbus_read_registers(ctx_->m, start, n, out.data())
                      : modbus_read_input_registers(ctx_->m, start, n, out.data());
  if (got != n) {
    fail_from_errno(table == Table::holding ? "reading holding registers from"
                                            : "reading input registers from");
    return false;
  }
  error_ = LinkError::none;
  return true;
}

bool ModbusLink::write(int start, std::span<const std::uint16_t> words) {
  if (!connected_ && !connect()) return false;
  const int n = static_cast<int>(words.size());
  const int done = n == 1 ? modbus_write_register(ctx_->m, start, words[0])
                          : modbus_write_registers(ctx_->m, start, n, words.data());
  if (done != n) {
    fail_from_errno("writing registers to");
    return false;
  }
  error_ = LinkError::none;
  return true;
}

std::pair<std::string, int> parse_endpoint(const std::string& text, const std::string& option) {
  const auto colon = text.rfind(':');
  int port = 0;
  if (colon == std::string::npos || colon == 0)
    throw InputError("<command line>", 0, option,
                     fmt::format("expected HOST:PORT, got '{}'", text));
  try {
    std::size_t used = 0;
    port = std::stoi(text.substr(colon + 1), &used);
    if (used != text.size() - colon - 1 || port < 1 || port > 65535) throw std::out_of_range("");
  } catch (const std::exception&) {
    throw InputError("<command line>", 0, option,
                     fmt::format("expected HOST:PORT with a port from 1 to 65535, got '{}'", text));
  }
  return {resolve_ipv4(text.substr(0, colon), option), port};
}

std::string resolve_ipv4(const std::string& host, const std::string& option) {
  in_addr numeric{};
  if (inet_pton(AF_INET, host.c_str(), &numeric) == 1) return host;  // 999.1.1.1 is not
  // localhost is the loopback address by definition (RFC 6761), also on a
  // machine without /etc/hosts (a minimal Debian root has none).
  std::string lower = host;
  for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (lower == "localhost" || lower.ends_with(".localhost")) return "127.0.0.1";
  addrinfo hints{};
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const bool dotted = !host.empty() && host.find_first_not_of("0123456789.") == std::string::npos;
  const int rc = dotted ? EAI_NONAME : getaddrinfo(host.c_str(), nullptr, &hints, &found);
  if (rc != 0 || !found)
    throw InputError(
        "<command line>", 0, option,
        fmt::format("expected an IPv4 address or a host name that resolves to one, "
                    "got '{}'{}",
                    host,
                    rc != 0 && !dotted ? std::string(": ") + gai_strerror(rc) : std::string()));
  char text[INET_ADDRSTRLEN] = {};
  inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(found->ai_addr)->sin_addr, text, sizeof text);
  freeaddrinfo(found);
  return text;
}

}  // namespace wf::hil
