// Prometheus text parsing, the IT power of a scrape, /proc/stat, the URL and the
// HTTP client, and Load's live mode.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmath>
#include <string>
#include <thread>

#include "hil/live_load.hpp"
#include "hil/prometheus.hpp"
#include "sim/config_node.hpp"
#include "sim/error.hpp"

namespace wf::hil {
namespace {

// Shapes as node_exporter 1.x and dcgm-exporter 3.x write them.
const char* kScrape = R"(# HELP node_cpu_seconds_total Seconds the CPUs spent in each mode.
# TYPE node_cpu_seconds_total counter
node_cpu_seconds_total{cpu="0",mode="idle"} 100
node_cpu_seconds_total{cpu="0",mode="iowait"} 10
node_cpu_seconds_total{cpu="0",mode="user"} 40
node_cpu_seconds_total{cpu="1",mode="idle"} 150
node_cpu_seconds_total{cpu="1",mode="system"} 50
# HELP DCGM_FI_DEV_POWER_USAGE Power draw (in W).
# TYPE DCGM_FI_DEV_POWER_USAGE gauge
DCGM_FI_DEV_POWER_USAGE{gpu="0",UUID="GPU-a",device="nvidia0",modelName="NVIDIA H100 80GB HBM3",Hostname="n1"} 312.5
DCGM_FI_DEV_POWER_USAGE{gpu="1",UUID="GPU-b",device="nvidia1",modelName="NVIDIA H100 80GB HBM3",Hostname="n1"} 87.5 1700000000000
DCGM_FI_DEV_POWER_USAGE{gpu="2",Hostname="n1"} NaN
)";

TEST(Prometheus, ParsesNamesLabelsValuesTimestamps) {
  const PromScrape s = parse_prometheus(kScrape);
  EXPECT_TRUE(s.errors.empty());
  ASSERT_EQ(s.samples.size(), 8u);
  EXPECT_EQ(s.samples[0].name, "node_cpu_seconds_total");
  EXPECT_EQ(s.samples[0].label("mode"), "idle");
  EXPECT_EQ(s.samples[0].label("absent"), "");
  EXPECT_EQ(s.samples[6].value, 87.5);
  EXPECT_EQ(s.samples[6].timestamp_ms, 1700000000000);
  EXPECT_FALSE(s.samples[5].timestamp_ms);
  EXPECT_TRUE(std::isnan(s.samples[7].value));
}

TEST(Prometheus, SpecialValuesEscapesAndOddSpacing) {
  const PromScrape s = parse_prometheus(
      "a +Inf\r\nb -Inf\nc 1e3\n  d{x=\"q\\\"uo\\\\te\\n\", y = \"\" , } -2.5  \n e{} 7\n:f 1\n");
  ASSERT_TRUE(s.errors.empty()) << s.errors.front();
  ASSERT_EQ(s.samples.size(), 6u);
  EXPECT_EQ(s.samples[0].value, INFINITY);
  EXPECT_EQ(s.samples[1].value, -INFINITY);
  EXPECT_EQ(s.samples[2].value, 1000);
  EXPECT_EQ(s.samples[3].label("x"), "q\"uo\\te\n");
  EXPECT_EQ(s.samples[3].labels.size(), 2u);
  EXPECT_EQ(s.samples[3].value, -2.5);
  EXPECT_EQ(s.samples[4].value, 7);
  EXPECT_EQ(s.samples[5].name, ":f");
}

TEST(Prometheus, MalformedLinesAreSkippedAndNamed) {
  const PromScrape s = parse_prometheus(
      "ok 1\n9bad 1\nnovalue\nx{a=\"1\" 2\nx{a=1} 2\nx{a=\"1} 2\ny abc\nz 1 12.5\nw 1 2 3\n"
      "DCGM_FI_DEV_POWER_USAGE{gpu=\"0\"} 100\n");
  ASSERT_EQ(s.samples.size(), 2u);
  EXPECT_EQ(s.samples[1].value, 100);
  ASSERT_EQ(s.errors.size(), 8u);
  EXPECT_EQ(s.errors[0], "line 2: expected a metric name");
  EXPECT_EQ(s.errors[1], "line 3: expected a value");
  EXPECT_EQ(s.errors[2], "line 4: expected ',' or '}' in the labels");
  EXPECT_EQ(s.errors[3], "line 5: expected '\"' for a");
  EXPECT_EQ(s.errors[4], "line 6: unterminated label value of a");
  EXPECT_EQ(s.errors[5], "line 7: bad value 'abc'");
  EXPECT_EQ(s.errors[6], "line 8: bad timestamp '12.5'");
  EXPECT_EQ(s.errors[7], "line 9: unexpected text after the timestamp");
  EXPECT_EQ(gpu_power(s).w, 100);  // the good lines still count
}

TEST(Prometheus, GpuPowerAndCpuUtilisation) {
  const PromScrape s = parse_prometheus(kScrape);
  const GpuPower g = gpu_power(s);
  EXPECT_EQ(g.gpus, 2);  // the NaN GPU is left out
  EXPECT_DOUBLE_EQ(g.w, 400);
  auto cpu = cpu_times(s);
  ASSERT_EQ(cpu.size(), 1u);
  EXPECT_DOUBLE_EQ(cpu[""].idle, 260);
  EXPECT_DOUBLE_EQ(cpu[""].total, 350);
  // 10 s more of everything, 4 of it idle: 60 % busy.
  CpuTimes later = cpu[""];
  later.total += 10, later.idle += 4;
  EXPECT_NEAR(*cpu_utilisation(cpu[""], later), 0.6, 1e-12);
  EXPECT_FALSE(cpu_utilisation(cpu[""], cpu[""]));  // no time passed
  CpuTimes reset{1, 2, 5};
  EXPECT_FALSE(cpu_utilisation(cpu[""], reset));  // counters went back
}

TEST(Prometheus, ItPowerThroughTheNodeModel) {
  NodeSpec node;
  node.idle_w = 100, node.max_w = 300, node.psu_efficiency = 0.5;  // AC 200..600 W
  const auto first = parse_prometheus(
      "node_cpu_seconds_total{instance=\"a\",cpu=\"0\",mode=\"idle\"} 10\n"
      "node_cpu_seconds_total{instance=\"a\",cpu=\"0\",mode=\"user\"} 10\n"
      "node_cpu_seconds_total{instance=\"b\",cpu=\"0\",mode=\"idle\"} 10\n"
      "node_cpu_seconds_total{instance=\"b\",cpu=\"0\",mode=\"user\"} 10\n"
      "DCGM_FI_DEV_POWER_USAGE{gpu=\"0\"} 500\n");
  // First scrape: no interval, both hosts idle.
  EXPECT_DOUBLE_EQ(prometheus_it_power_w(first, {}, &node, 0), 500 + 2 * 200);
  const auto second = parse_prometheus(
      "node_cpu_seconds_total{instance=\"a\",cpu=\"0\",mode=\"idle\"} 10\n"
      "node_cpu_seconds_total{instance=\"a\",cpu=\"0\",mode=\"user\"} 20\n"
      "node_cpu_seconds_total{instance=\"b\",cpu=\"0\",mode=\"idle\"} 15\n"
      "node_cpu_seconds_total{instance=\"b\",cpu=\"0\",mode=\"user\"} 15\n"
      "DCGM_FI_DEV_POWER_USAGE{gpu=\"0\"} 500\n");
  const auto before = cpu_times(first);
  // a: 100 % busy (600 W AC), b: 50 % (400 W AC).
  EXPECT_DOUBLE_EQ(prometheus_it_power_w(second, before, &node, 0), 500 + 600 + 400);
  // Two hosts seen, scaled to 10 nodes.
  EXPECT_DOUBLE_EQ(prometheus_it_power_w(second, before, &node, 10), 1500 * 5);
  // GPUs only: the node model is not needed; CPU only without a model is an error.
  EXPECT_DOUBLE_EQ(prometheus_it_power_w(second, before, nullptr, 0), 500);
  EXPECT_THROW(
      prometheus_it_power_w(parse_prometheus("node_cpu_seconds_total 1\n"), {}, nullptr, 0),
      std::runtime_error);
  EXPECT_THROW(prometheus_it_power_w(parse_prometheus("up 1\n"), {}, &node, 0), std::runtime_error);
}

TEST(Prometheus, ProcStat) {
  const CpuTimes c = parse_proc_stat(
      "cpu  100 5 50 800 20 3 2 0 0 0\ncpu0 50 2 25 400 10 1 1 0 0 0\nintr 12345\n");
  EXPECT_EQ(c.series, 1);
  EXPECT_DOUBLE_EQ(c.total, 980);
  EXPECT_DOUBLE_EQ(c.idle, 820);
  EXPECT_EQ(parse_proc_stat("intr 1\n").series, 0);
}

TEST(Prometheus, Urls) {
  const HttpEndpoint e = parse_http_url("prometheus://127.0.0.1:9400/metrics", "--live-load");
  EXPECT_EQ(e.host, "127.0.0.1");
  EXPECT_EQ(e.port, 9400);
  EXPECT_EQ(e.path, "/metrics");
  const HttpEndpoint d = parse_http_url("http://gpu-node", "--live-load");
  EXPECT_EQ(d.port, 80);
  EXPECT_EQ(d.path, "/metrics");
  EXPECT_THROW(parse_http_url("ftp://x:1/", "--live-load"), InputError);
  EXPECT_THROW(parse_http_url("prometheus://x:99999/", "--live-load"), InputError);
  EXPECT_THROW(parse_http_url("prometheus://:80/", "--live-load"), InputError);
}

// One-shot HTTP/1.0 server on a loopback port: answers `reply` to the first request.
struct OneShot {
  int fd = -1, port = 0;
  std::thread t;
  explicit OneShot(std::string reply) {
    fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    ::listen(fd, 1);
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    port = ntohs(a.sin_port);
    t = std::thread([this, reply] {
      const int c = ::accept(fd, nullptr, nullptr);
      char buf[4096];
      std::string req;
      while (req.find("\r\n\r\n") == std::string::npos) {
        const ssize_t n = ::recv(c, buf, sizeof buf, 0);
        if (n <= 0) break;
        req.append(buf, static_cast<std::size_t>(n));
      }
      if (!reply.empty()) ::send(c, reply.data(), reply.size(), 0);
      ::close(c);
    });
  }
  ~OneShot() {
    t.join();
    ::close(fd);
  }
};

TEST(Prometheus, HttpGet) {
  {
    OneShot s("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nDCGM_FI_DEV_POWER_USAGE 42\n");
    EXPECT_EQ(http_get({"127.0.0.1", s.port, "/metrics"}, 2.0), "DCGM_FI_DEV_POWER_USAGE 42\n");
  }
  {
    OneShot s("HTTP/1.0 404 Not Found\r\n\r\n");
    try {
      http_get({"127.0.0.1", s.port, "/x"}, 2.0);
      FAIL();
    } catch (const HttpError& e) {
      EXPECT_STREQ(e.what(), "HTTP 404 Not Found");
    }
  }
  int port = 0;
  {
    OneShot s("");  // closes without a reply
    port = s.port;
    EXPECT_THROW(http_get({"127.0.0.1", s.port, "/"}, 2.0), HttpError);
  }
  EXPECT_THROW(http_get({"127.0.0.1", port, "/"}, 0.5), HttpError);  // nobody listens
}

TEST(LiveLoad, LoadFollowsLiveValues) {
  const Time t0 = Time::seconds(0), p = Time::seconds(1);
  Load l("racks", LoadKind::it, StepSeries({t0}, {60e3}, Time::seconds(10)), t0);
  l.set_plan(StepSeries({t0}, {70e3}, Time::seconds(10)));
  EXPECT_EQ(l.next_change(), Time::never());
  l.set_live_value(t0, 1000, t0 + p);
  EXPECT_EQ(l.demand_w(), 1000);
  EXPECT_EQ(l.plan(), nullptr);
  EXPECT_EQ(l.next_change(), t0 + p);  // the site wakes for the next value
  l.update(t0 + p);
  EXPECT_EQ(l.next_change(), Time::never());   // due and not yet set: no wake in the past
  l.set_live_value(t0 + p, 1000, t0 + 2 * p);  // unchanged: no new step
  EXPECT_EQ(l.demand().held(), 1u);
  l.set_live_value(t0 + 2 * p, 3000, t0 + 3 * p);
  l.update(t0 + 2 * p);
  EXPECT_EQ(l.demand_w(), 3000);
  EXPECT_EQ(l.next_change(), t0 + 3 * p);
  // History kept for statistics; the last value holds for forecasts.
  EXPECT_DOUBLE_EQ(l.demand().mean(t0, t0 + 4 * p), (2 * 1000 + 2 * 3000) / 4.0);
  EXPECT_DOUBLE_EQ(l.demand().mean(t0 + 100 * p, t0 + 200 * p), 3000);
}

TEST(LiveLoad, SelfReadsThisMachine) {
  LiveLoadOptions o{.source = "self", .nodes = 3};
  LiveSource s(o);
  const NodeSpec n = read_node(ConfigDoc::parse("node: cpu_server", "n").root().at("node"));
  const double w = s.read();
  EXPECT_NEAR(w, 3 * node_ac_power_w(n, NodeState::idle), 1e-9);  // first reading: idle
  const double w2 = s.read();
  EXPECT_GE(w2, 3 * node_ac_power_w(n, NodeState::idle) - 1e-9);
  EXPECT_LE(w2, 3 * node_ac_power_w(n, NodeState::active, 1) + 1e-9);
  EXPECT_THROW(LiveSource({.source = "self", .node = "no_such_node"}), InputError);
  EXPECT_THROW(LiveSource({.source = "prometheus:/x"}), InputError);
}

}  // namespace
}  // namespace wf::hil
