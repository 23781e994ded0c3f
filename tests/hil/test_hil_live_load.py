"""Live compute load of wattfleet hil (label integration): Prometheus text served on
loopback drives the site's IT load; the served GPU power changes half-way and the
site's it_power follows within one poll period; a stopped endpoint is logged and the
last value held."""
import re
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import h5py
import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from hil_support import wattfleet  # noqa: E402

HERE = Path(__file__).parent
SITE = HERE / "hil_site.yaml"
POLL = 1.0  # s, also the scenario's output interval: row k is [k, k+1) s


class Exporter:
    """DCGM-exporter and node_exporter text on a free loopback port. Every scrape
    advances the CPU counters by 1 s idle and 1 s user: 50 % utilisation."""

    def __init__(self):
        self.gpu_w = [300.0, 400.0]
        self.scrapes = []  # wall time of each scrape
        self.cpu = 0.0
        exporter = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                exporter.scrapes.append(time.monotonic())
                exporter.cpu += 1
                lines = ["# HELP DCGM_FI_DEV_POWER_USAGE Power draw (in W).",
                         "# TYPE DCGM_FI_DEV_POWER_USAGE gauge"]
                for i, w in enumerate(exporter.gpu_w):
                    lines.append(f'DCGM_FI_DEV_POWER_USAGE{{gpu="{i}",UUID="GPU-{i}",Hostname="lab1"}} {w}')
                lines += ["# TYPE node_cpu_seconds_total counter",
                          f'node_cpu_seconds_total{{cpu="0",mode="idle"}} {1000 + exporter.cpu}',
                          f'node_cpu_seconds_total{{cpu="0",mode="user"}} {500 + exporter.cpu}',
                          "this line is malformed"]
                body = ("\n".join(lines) + "\n").encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/plain; version=0.0.4")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


class CabinetServer:
    def __init__(self):
        self.p = subprocess.Popen([wattfleet(), "cabinet-server", "--map", "vendor_plain", "--port", "0"],
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        m = re.search(r"127\.0\.0\.1:(\d+)", self.p.stdout.readline())
        assert m
        self.port = int(m.group(1))

    def stop(self):
        self.p.terminate()
        self.p.communicate(10)


def node_ac_w(u):
    # data/nodes/cpu_server.yaml: 11-point DC table, 94 % PSU.
    table = [112.5, 167, 212, 252, 289, 322, 352, 380, 406, 429, 450]
    x = u * 10
    i = min(int(x), 9)
    return (table[i] + (table[i + 1] - table[i]) * (x - i)) / 0.94


def test_it_load_follows_prometheus_within_one_poll(tmp_path):
    exporter, cabinet = Exporter(), CabinetServer()
    out = tmp_path / "live.h5"
    change_at, stop_at = 2.5, 4.5  # s after the first scrape (the run's t = 0)
    try:
        p = subprocess.Popen([wattfleet(), "hil", SITE, "--cabinet", f"127.0.0.1:{cabinet.port}",
                              "--map", "vendor_plain", "--period", "1s", "--duration", "7s", "-o", out,
                              "--live-load", f"prometheus://127.0.0.1:{exporter.port}/metrics",
                              "--live-node", "cpu_server", "--live-poll", "1s"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 10
        while len(exporter.scrapes) < 2 and time.monotonic() < deadline:  # read once, then at t = 0
            time.sleep(0.005)
        assert len(exporter.scrapes) >= 2, p.communicate(timeout=10)
        t0 = exporter.scrapes[1]
        time.sleep(max(0.0, t0 + change_at - time.monotonic()))
        exporter.gpu_w = [650.0, 700.0]
        changed = time.monotonic() - t0
        time.sleep(max(0.0, t0 + stop_at - time.monotonic()))
        exporter.stop()
        stopped = time.monotonic() - t0
        stdout, stderr = p.communicate(timeout=30)
    finally:
        cabinet.stop()
    assert p.returncode == 0, stderr
    assert "live_load_unreachable" in stderr, stderr
    assert re.search(r"live load lab\.racks: 7 polls \(2 failed\)", stdout), stdout

    before = 700 + node_ac_w(0.5)  # 50 % CPU through the node model from the 2nd scrape on
    after = 1350 + node_ac_w(0.5)
    with h5py.File(out) as f:
        it = f["sites/lab/it_power"][:]
        assert len(it) == 7
        # Row 0: the t = 0 scrape; its CPU utilisation spans only the build, so allow any.
        assert 700 + node_ac_w(0) - 1 <= it[0] <= 700 + node_ac_w(1) + 1
        # The twin's IT load followed the served change within one poll period: every
        # row that starts one poll after the change holds the new value, none before it.
        k = int(np.argmax(np.isclose(it, after, rtol=1e-9)))
        assert np.isclose(it[k], after)
        assert k <= changed + POLL, (k, changed, it)
        assert k >= changed, (k, changed, it)
        assert np.allclose(it[1:int(np.floor(changed))], before), it
        # The endpoint stopped: the last value is held to the end.
        assert stopped < 6
        assert np.allclose(it[k:], after), it
        kinds = [k.decode() for k in f["events/kind"][:]]
        assert "live_load_unreachable" in kinds
        assert f["summary/lab/racks.live.failed_polls"][()] == 2
        # The cabinet carried the live load (self-consumption of ~1.7 kW, PV aside).
        assert f["sites/hil/link_up"][:].min() == 1


def test_unreachable_live_load_at_start_exits_2(tmp_path):
    with __import__("socket").socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # bound, never listening: refused
        r = subprocess.run([wattfleet(), "hil", SITE, "--cabinet", "127.0.0.1:1", "--map", "vendor_plain",
                            "--duration", "2s", "-o", tmp_path / "x.h5",
                            "--live-load", f"prometheus://127.0.0.1:{port}/metrics"],
                           capture_output=True, text=True, timeout=30)
    assert r.returncode == 2, r.stderr
    assert "--live-load" in r.stderr and "cannot read" in r.stderr, r.stderr
    r = subprocess.run([wattfleet(), "hil", SITE, "--cabinet", "127.0.0.1:1", "--map", "vendor_plain",
                        "--live-load", "self", "--live-node", "nope", "-o", tmp_path / "y.h5"],
                       capture_output=True, text=True, timeout=30)
    assert r.returncode == 2 and "cpu_server" in r.stderr, r.stderr
