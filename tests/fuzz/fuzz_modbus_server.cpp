// The cabinet-server's request handling: the input is the byte stream of one
// client connection (any frames, half frames, garbage), served through a
// socketpair by the same code that serves TCP clients.
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>

#include "hil/cabinet_server.hpp"
#include "hil/model_battery.hpp"

namespace {

wf::hil::CabinetServer& server(int preset) {
  static std::unique_ptr<wf::hil::CabinetServer> servers[2];
  if (!servers[preset]) {
    const char* names[] = {"sunspec_802_storage", "vendor_plain"};
    servers[preset] = std::make_unique<wf::hil::CabinetServer>(
        wf::hil::load_register_map(names[preset]), wf::hil::default_model_battery(wf::Time::zero()),
        wf::hil::CabinetServerOptions{.port = 0, .speed = 1});
  }
  return *servers[preset];
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0 || size > 65536) return 0;
  int sv[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) std::abort();
  const int big = 1 << 20;
  ::setsockopt(sv[0], SOL_SOCKET, SO_RCVBUF, &big, sizeof big);
  ::setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &big, sizeof big);
  ::fcntl(sv[1], F_SETFL, O_NONBLOCK);  // as the server's accepted sockets are
  if (::write(sv[0], data + 1, size - 1) != static_cast<ssize_t>(size - 1)) std::abort();
  ::shutdown(sv[0], SHUT_WR);
  server(data[0] & 1).serve_connection(sv[1]);  // takes sv[1]
  ::close(sv[0]);
  return 0;
}
