#include "hil/prometheus.hpp"

#include <fmt/format.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstring>
#include <limits>

#include "sim/error.hpp"

namespace wf::hil {

std::string_view PromSample::label(std::string_view key) const {
  for (const auto& [k, v] : labels)
    if (k == key) return v;
  return {};
}

namespace {

bool name_start(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == ':';
}
bool name_char(char c) {
  return name_start(c) || std::isdigit(static_cast<unsigned char>(c));
}

// Prometheus floats: Go's ParseFloat, i.e. decimal/exponent plus NaN and ±Inf.
std::optional<double> parse_value(std::string_view s) {
  bool neg = false;
  std::string_view body = s;
  if (!body.empty() && (body[0] == '+' || body[0] == '-'))
    neg = body[0] == '-', body.remove_prefix(1);
  auto is = [&](std::string_view w) {
    if (body.size() != w.size()) return false;
    for (std::size_t i = 0; i < w.size(); ++i)
      if (std::tolower(static_cast<unsigned char>(body[i])) != w[i]) return false;
    return true;
  };
  if (is("nan")) return std::numeric_limits<double>::quiet_NaN();
  if (is("inf") || is("infinity"))
    return neg ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
  double v = 0;
  auto [end, ec] = std::from_chars(body.data(), body.data() + body.size(), v);
  if (ec != std::errc() || end != body.data() + body.size() || body.empty()) return std::nullopt;
  return neg ? -v : v;
}

// One sample line; throws std::invalid_argument with what is wrong.
PromSample parse_line(std::string_view line) {
  PromSample s;
  std::size_t i = 0;
  if (!name_start(line[0])) throw std::invalid_argument("expected a metric name");
  while (i < line.size() && name_char(line[i])) ++i;
  s.name = line.substr(0, i);
  auto skip_ws = [&] {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  };
  skip_ws();
  if (i < line.size() && line[i] == '{') {
    ++i;
    for (;;) {
      skip_ws();
      if (i < line.size() && line[i] == '}') break;
      const std::size_t k0 = i;
      if (i >= line.size() || !name_start(line[i]) || line[i] == ':')
        throw std::invalid_argument("expected a label name");
      while (i < line.size() && name_char(line[i]) && line[i] != ':') ++i;
      std::string key(line.substr(k0, i - k0));
      skip_ws();
      if (i >= line.size() || line[i] != '=')
        throw std::invalid_argument("expected '=' after " + key);
      ++i;
      skip_ws();
      if (i >= line.size() || line[i] != '"')
        throw std::invalid_argument("expected '\"' for " + key);
      ++i;
      std::string value;
      for (;; ++i) {
        if (i >= line.size()) throw std::invalid_argument("unterminated label value of " + key);
        if (line[i] == '"') break;
        if (line[i] == '\\' && i + 1 < line.size()) {
          const char e = line[++i];
          value += e == 'n' ? '\n' : e;  // \\ \" \n; anything else as Prometheus: kept
        } else {
          value += line[i];
        }
      }
      ++i;
      s.labels.emplace_back(std::move(key), std::move(value));
      skip_ws();
      if (i < line.size() && line[i] == ',') {
        ++i;
        continue;
      }
      if (i < line.size() && line[i] == '}') break;
      throw std::invalid_argument("expected ',' or '}' in the labels");
    }
    ++i;
  }
  skip_ws();
  std::size_t v0 = i;
  while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
  if (v0 == i) throw std::invalid_argument("expected a value");
  auto v = parse_value(line.substr(v0, i - v0));
  if (!v) throw std::invalid_argument(fmt::format("bad value '{}'", line.substr(v0, i - v0)));
  s.value = *v;
  skip_ws();
  if (i < line.size()) {
    const std::size_t t0 = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    std::int64_t ts = 0;
    auto [end, ec] = std::from_chars(line.data() + t0, line.data() + i, ts);
    if (ec != std::errc() || end != line.data() + i)
      throw std::invalid_argument(fmt::format("bad timestamp '{}'", line.substr(t0, i - t0)));
    s.timestamp_ms = ts;
    skip_ws();
    if (i < line.size()) throw std::invalid_argument("unexpected text after the timestamp");
  }
  return s;
}

}  // namespace

PromScrape parse_prometheus(std::string_view text) {
  PromScrape out;
  int n = 0;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    ++n;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
      line.remove_suffix(1);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (line.empty() || line[0] == '#') continue;
    try {
      out.samples.push_back(parse_line(line));
    } catch (const std::invalid_argument& e) {
      out.errors.push_back(fmt::format("line {}: {}", n, e.what()));
    }
  }
  return out;
}

GpuPower gpu_power(const PromScrape& s) {
  GpuPower g;
  for (const auto& x : s.samples)
    if (x.name == "DCGM_FI_DEV_POWER_USAGE" && std::isfinite(x.value)) g.w += x.value, ++g.gpus;
  return g;
}

std::map<std::string, CpuTimes> cpu_times(const PromScrape& s) {
  std::map<std::string, CpuTimes> hosts;
  for (const auto& x : s.samples) {
    if (x.name != "node_cpu_seconds_total" || !std::isfinite(x.value)) continue;
    std::string_view host = x.label("instance");
    if (host.empty()) host = x.label("Hostname");
    CpuTimes& c = hosts[std::string(host)];
    const std::string_view mode = x.label("mode");
    if (mode == "idle" || mode == "iowait") c.idle += x.value;
    c.total += x.value;
    ++c.series;
  }
  return hosts;
}

std::optional<double> cpu_utilisation(const CpuTimes& before, const CpuTimes& after) {
  const double total = after.total - before.total, idle = after.idle - before.idle;
  if (!(total > 0) || idle < 0 || before.series == 0 || after.series != before.series)
    return std::nullopt;
  return std::clamp(1 - idle / total, 0.0, 1.0);
}

HttpEndpoint parse_http_url(const std::string& url, const std::string& option) {
  auto bad = [&](const std::string& why) {
    return InputError("<command line>", 0, option,
                      fmt::format("{} in '{}' (expected prometheus://HOST:PORT/PATH)", why, url));
  };
  std::string_view rest = url;
  for (std::string_view scheme : {"prometheus://", "http://"})
    if (rest.starts_with(scheme)) rest.remove_prefix(scheme.size());
  if (rest.size() == url.size()) throw bad("unknown scheme");
  HttpEndpoint ep;
  const std::size_t slash = rest.find('/');
  if (slash != std::string_view::npos) ep.path = std::string(rest.substr(slash));
  std::string_view hostport = rest.substr(0, slash);
  const std::size_t colon = hostport.rfind(':');
  ep.host = std::string(hostport.substr(0, colon));
  if (colon != std::string_view::npos) {
    std::string_view p = hostport.substr(colon + 1);
    auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), ep.port);
    if (ec != std::errc() || end != p.data() + p.size() || ep.port < 1 || ep.port > 65535)
      throw bad("bad port");
  }
  if (ep.host.empty()) throw bad("no host");
  return ep;
}

namespace {

using Clock = std::chrono::steady_clock;

// Milliseconds left until `deadline`, for poll(); HttpError once it passed.
int ms_left(Clock::time_point deadline, const char* what) {
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  if (ms <= 0) throw HttpError(fmt::format("timed out {}", what));
  return static_cast<int>(std::min<long long>(ms, 60'000));
}

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

void wait_for(int fd, short events, Clock::time_point deadline, const char* what) {
  pollfd p{fd, events, 0};
  for (;;) {
    const int r = ::poll(&p, 1, ms_left(deadline, what));
    if (r > 0) return;
    if (r < 0 && errno != EINTR) throw HttpError(fmt::format("poll: {}", std::strerror(errno)));
  }
}

}  // namespace

std::string http_get(const HttpEndpoint& ep, double timeout_s) {
  const auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                           std::chrono::duration<double>(timeout_s));
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  const std::string port = std::to_string(ep.port);
  if (int e = ::getaddrinfo(ep.host.c_str(), port.c_str(), &hints, &res); e != 0)
    throw HttpError(fmt::format("{}: {}", ep.host, ::gai_strerror(e)));
  Fd s;
  std::string why = "no address";
  for (addrinfo* a = res; a; a = a->ai_next) {
    Fd c;
    c.fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (c.fd < 0) continue;
    if (::connect(c.fd, a->ai_addr, a->ai_addrlen) != 0) {
      if (errno != EINPROGRESS) {
        why = std::strerror(errno);
        continue;
      }
      try {
        wait_for(c.fd, POLLOUT, deadline, "connecting");
      } catch (const HttpError& e) {
        why = e.what();
        continue;
      }
      int err = 0;
      socklen_t len = sizeof err;
      ::getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &err, &len);
      if (err != 0) {
        why = std::strerror(err);
        continue;
      }
    }
    std::swap(s.fd, c.fd);
    break;
  }
  ::freeaddrinfo(res);
  if (s.fd < 0) throw HttpError(fmt::format("{}:{}: {}", ep.host, ep.port, why));

  const std::string req = fmt::format(
      "GET {} HTTP/1.0\r\nHost: {}:{}\r\nAccept: text/plain\r\nUser-Agent: wattfleet-hil\r\n\r\n",
      ep.path, ep.host, ep.port);
  for (std::size_t sent = 0; sent < req.size();) {
    wait_for(s.fd, POLLOUT, deadline, "sending");
    const ssize_t n = ::send(s.fd, req.data() + sent, req.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno != EAGAIN && errno != EINTR)
      throw HttpError(fmt::format("send: {}", std::strerror(errno)));
    if (n > 0) sent += static_cast<std::size_t>(n);
  }
  std::string reply;
  constexpr std::size_t kMax = 64u << 20;  // a scrape is kilobytes; refuse runaway replies
  char buf[16384];
  for (;;) {
    wait_for(s.fd, POLLIN, deadline, "waiting for the reply");
    const ssize_t n = ::recv(s.fd, buf, sizeof buf, 0);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) continue;
      throw HttpError(fmt::format("recv: {}", std::strerror(errno)));
    }
    reply.append(buf, static_cast<std::size_t>(n));
    if (reply.size() > kMax) throw HttpError("reply larger than 64 MiB");
  }
  const std::size_t head_end = reply.find("\r\n\r\n");
  if (!reply.starts_with("HTTP/1.") || head_end == std::string::npos)
    throw HttpError("not an HTTP reply");
  const std::size_t sp = reply.find(' ');
  const std::string status = reply.substr(sp + 1, reply.find("\r\n") - sp - 1);
  if (!status.starts_with("200")) throw HttpError(fmt::format("HTTP {}", status));
  return reply.substr(head_end + 4);
}

}  // namespace wf::hil
