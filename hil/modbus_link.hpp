#pragma once
// A Modbus TCP client connection (libmodbus behind a pimpl): connect, read a
// block, write registers, each failure classified so the caller can retry,
// back off or give up. Never throws for link trouble.
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "hil/register_map.hpp"

namespace wf::hil {

enum class LinkError { none, connect, timeout, exception, io };

class ModbusLink {
 public:
  ModbusLink(std::string host, int port, int unit_id, double timeout_s);
  ~ModbusLink();
  ModbusLink(const ModbusLink&) = delete;
  ModbusLink& operator=(const ModbusLink&) = delete;

  bool connect();
  void close();
  bool connected() const { return connected_; }

  /// Reads `out.size()` registers from `start`; false on failure (see error()).
  bool read(Table table, int start, std::span<std::uint16_t> out);
  /// Writes registers from `start` (FC16, FC6 for one register).
  bool write(int start, std::span<const std::uint16_t> words);

  LinkError error() const { return error_; }
  int exception_code() const { return exception_; }  ///< Modbus exception when error() == exception
  const std::string& message() const { return message_; }
  std::string endpoint() const;

 private:
  struct Ctx;
  std::unique_ptr<Ctx> ctx_;
  std::string host_;
  int port_, unit_;
  double timeout_s_;
  bool connected_ = false;
  LinkError error_ = LinkError::none;
  int exception_ = 0;
  std::string message_;
  void fail_from_errno(const char* what);
};

/// "host:port" -> numeric IPv4 address, port; a host name is resolved (libmodbus
/// takes only numeric IPv4). Throws InputError naming `option` when malformed or
/// when the host does not resolve.
std::pair<std::string, int> parse_endpoint(const std::string& text, const std::string& option);

/// A host name or address -> its numeric IPv4 address ("localhost" -> "127.0.0.1");
/// InputError naming `option` when it is neither.
std::string resolve_ipv4(const std::string& host, const std::string& option);

}  // namespace wf::hil
