"""Loopback integration tests of wattfleet hil and cabinet-server (label integration):
each preset against the served model cabinet, against an independent pymodbus
cabinet, a pymodbus client reading the cabinet-server, shadow mode writing
nothing, fault injection and malformed maps."""
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import h5py
import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from hil_support import wattfleet  # noqa: E402
from modbus_peer import Map, Peer  # noqa: E402

HERE = Path(__file__).parent
SOURCE = Path(os.environ.get("WATTFLEET_SOURCE_DIR", HERE.parents[1]))
MAPS = SOURCE / "data" / "registermaps"
SITE = HERE / "hil_site.yaml"
PRESETS = ["sunspec_802_storage", "vendor_plain"]


class Server:
    """wattfleet cabinet-server on a free port."""

    def __init__(self, preset, *extra):
        self.p = subprocess.Popen([wattfleet(), "cabinet-server", "--map", preset, "--port", "0", *extra],
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        line = self.p.stdout.readline()
        m = re.search(r"127\.0\.0\.1:(\d+)", line)
        assert m, line
        self.port = int(m.group(1))

    def stop(self):
        self.p.terminate()
        out, _ = self.p.communicate(10)
        return out


def hil(port, preset, out, *extra, duration="3s", period="100ms"):
    return subprocess.run([wattfleet(), "hil", SITE, "--cabinet", f"127.0.0.1:{port}", "--map", preset,
                           "--period", period, "--duration", duration, "-o", out, *extra],
                          capture_output=True, text=True, timeout=120)


def events(f):
    e = f["events"]
    return [k.decode() for k in e["kind"][:]]


@pytest.mark.parametrize("preset", PRESETS)
def test_hil_against_cabinet_server(preset, tmp_path):
    server = Server(preset)
    try:
        r = hil(server.port, preset, tmp_path / "run.h5", "--arm")
    finally:
        log = server.stop()
    assert r.returncode == 0, r.stderr
    m = re.search(r"(\d+) write requests", log)
    assert m and int(m.group(1)) > 0, log
    with h5py.File(tmp_path / "run.h5") as f:
        g = f["sites/hil"]
        assert len(g["link_up"]) == 3 and np.allclose(g["link_up"][:], 1)
        # 60 kW of load and no PV at first: the cabinet ramps up to the 60 kW dispatched
        # (SunSpec measures the DC side: plus the model's losses).
        assert abs(g["real_power_max"][:].max() - 60e3) < 0.1 * 60e3
        assert "hil_connected" in events(f)
        assert f["summary/hil/pacing.ticks"][()] >= 29


@pytest.mark.parametrize("preset", PRESETS)
def test_pymodbus_client_reads_cabinet_server(preset):
    from pymodbus.client import ModbusTcpClient
    server = Server(preset)
    try:
        m = Map(MAPS / f"{preset}.yaml")
        c = ModbusTcpClient("127.0.0.1", port=server.port)
        assert c.connect()
        sf = {}
        for name, p in m.points.items():
            if p.get("role") == "scale_factor":
                rr = c.read_holding_registers(p["address"], 1, slave=1)
                sf[name] = m.decode(name, rr.registers)

        def read(name):
            p = m.points[name]
            n = 1 if p["type"] in ("u16", "i16") else 2
            fn = c.read_holding_registers if p["function"] == "holding" else c.read_input_registers
            rr = fn(p["address"], n, slave=1)
            return m.decode(name, rr.registers, sf.get(p.get("scale_factor")))

        role = {v: k for k, v in m.by_role.items()}
        assert read(m.by_role["soc"]) == pytest.approx(0.5, abs=1e-3)
        assert read(m.by_role["capacity"]) == pytest.approx(215e3 * 3600, rel=1e-3)
        assert read(m.by_role["max_discharge_power"]) == pytest.approx(100e3, rel=1e-3)
        assert read(m.by_role["soh"]) == pytest.approx(1.0, abs=1e-3)
        for name, p in m.points.items():  # constants decode to what the map says
            if "value" in p and p.get("role") not in ("setpoint_enable", "scale_factor"):
                unit = p.get("units", "")
                factor, offset = {"%": (0.01, 0), "Wh": (3600, 0), "Ah": (3600, 0)}.get(unit, (1, 0))
                assert read(name) == pytest.approx(p["value"] * factor + offset, rel=1e-3, abs=1e-2), name
        assert role  # the map names its roles
        if preset == "sunspec_802_storage":
            rr = c.read_holding_registers(40000, 2, slave=1)
            assert rr.registers == [0x5375, 0x6E53]  # "SunS"
        c.close()
    finally:
        server.stop()


@pytest.mark.parametrize("preset", PRESETS)
def test_shadow_mode_writes_nothing_to_a_pymodbus_cabinet(preset, tmp_path):
    peer = Peer(MAPS / f"{preset}.yaml", soc=0.62, power_w=-12e3)
    try:
        r = hil(peer.port, preset, tmp_path / "run.h5")
    finally:
        peer.stop()
    assert r.returncode == 0, r.stderr
    assert peer.writes == []
    with h5py.File(tmp_path / "run.h5") as f:
        g = f["sites/hil"]
        assert np.allclose(g["real_soc"][:], 0.62, atol=1e-3)
        assert np.allclose(g["real_power"][:], -12e3, atol=20)
        assert np.all(g["commanded_power"][:] == 0)
        assert f["summary/lab/cabinet.hil.writes"][()] == 0


def test_armed_setpoints_reach_a_pymodbus_cabinet(tmp_path):
    peer = Peer(MAPS / "vendor_plain.yaml")
    try:
        r = hil(peer.port, "vendor_plain", tmp_path / "run.h5", "--arm")
        en = peer.get_role("setpoint_enable")
    finally:
        peer.stop()
    assert r.returncode == 0, r.stderr
    sp = peer.setpoint_writes()
    assert sp and max(sp) <= 100e3 + 1 and sp[-1] == 0  # clamped, and safe at the end
    assert max(sp) > 10e3
    assert en == 0  # the safe stop disables the setpoint
    en_addr = peer.map.points[peer.map.by_role["setpoint_enable"]]["address"]
    assert [regs for a, regs in peer.writes if a == en_addr] == [[1], [0]]
    with h5py.File(tmp_path / "run.h5") as f:
        assert "hil_safe_stop" in events(f)


def test_faults_are_survived_logged_and_safe(tmp_path):
    """Delays past the timeout, exception replies, garbage, a stop and a restart."""
    peer = Peer(MAPS / "vendor_plain.yaml", soc=0.5, power_w=0)
    holder = {"peer": peer}

    def faults():
        time.sleep(1.5)
        peer.delay_s = 0.4          # past the 0.2 s timeout
        time.sleep(1.2)
        peer.delay_s = 0
        time.sleep(1.0)
        peer.exception_mode = True  # illegal data address replies
        time.sleep(1.0)
        peer.exception_mode = False
        time.sleep(1.0)
        peer.state["soc"] = 2.5     # 250 %: garbage
        peer.refresh()
        time.sleep(1.0)
        peer.state["soc"] = 0.5
        peer.refresh()
        time.sleep(1.0)
        peer.stop()
        time.sleep(1.5)
        holder["peer2"] = Peer(MAPS / "vendor_plain.yaml", soc=0.5, port=peer.port)

    t = threading.Thread(target=faults)
    t.start()
    r = hil(peer.port, "vendor_plain", tmp_path / "run.h5", "--arm", "--timeout", "200ms",
            duration="12s")
    t.join()
    holder.get("peer2") and holder["peer2"].stop()
    assert r.returncode == 0, r.stderr
    with h5py.File(tmp_path / "run.h5") as f:
        kinds = events(f)
        for k in ["hil_timeout", "hil_modbus_exception", "hil_bad_value", "hil_link_lost",
                  "hil_link_restored"]:
            assert k in kinds, (k, kinds)
        g = f["sites/hil"]
        assert len(g["link_up"]) == 12                 # the file is complete
        assert g["link_up"][0] > 0.999 and g["link_up"][-1] > 0.999
        assert np.min(g["link_up"][:]) < 1
        assert np.all(np.isfinite(g["real_soc"][:]))   # garbage never recorded
        assert np.max(g["real_soc"][:]) <= 1
    # While values were garbage the cabinet was sent 0 W.
    sp = peer.setpoint_writes()
    assert 0 in sp[1:]
    # After the lost link, the end of the run still leaves the restarted cabinet at 0 W, disabled.
    peer2 = holder["peer2"]
    assert peer2.get_role("power_setpoint") == 0 and peer2.get_role("setpoint_enable") == 0
    with h5py.File(tmp_path / "run.h5") as f:
        assert "hil_safe_stop" in events(f)


def read_role(port, preset, role):
    """One point of the cabinet-server, decoded, read by an independent client."""
    from pymodbus.client import ModbusTcpClient
    m = Map(MAPS / f"{preset}.yaml")
    c = ModbusTcpClient("127.0.0.1", port=port)
    assert c.connect()
    try:
        name = m.by_role[role]
        p = m.points[name]
        n = 1 if p["type"] in ("u16", "i16") else 2
        regs = c.read_holding_registers(p["address"], n, slave=1).registers
        sf = None
        if p.get("scale_factor"):
            sf = m.decode(p["scale_factor"], c.read_holding_registers(
                m.points[p["scale_factor"]]["address"], 1, slave=1).registers)
        return m.decode(name, regs, sf)
    finally:
        c.close()


@pytest.mark.parametrize("sig", ["SIGINT", "SIGTERM", "SIGHUP"])
def test_a_stop_signal_on_an_armed_run_leaves_the_cabinet_at_0_w_disabled(sig, tmp_path):
    import signal
    preset = "sunspec_802_storage"
    server = Server(preset)
    try:
        out = tmp_path / "run.h5"
        p = subprocess.Popen([wattfleet(), "hil", SITE, "--cabinet", f"127.0.0.1:{server.port}",
                              "--map", preset, "--period", "0.5s", "--duration", "60s", "--arm",
                              "-o", out], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 20
        while read_role(server.port, preset, "power_setpoint") == 0:  # wait for a live setpoint
            assert time.monotonic() < deadline and p.poll() is None, p.communicate()
            time.sleep(0.2)
        p.send_signal(getattr(signal, sig))
        _, err = p.communicate(timeout=20)
        assert p.returncode == 128 + getattr(signal, sig), err
        assert "stopped by" in err
        assert read_role(server.port, preset, "power_setpoint") == 0
        assert read_role(server.port, preset, "setpoint_enable") == 0
    finally:
        server.stop()
    with h5py.File(out) as f:  # a complete file with the rows up to the stop
        assert "hil_safe_stop" in events(f)
        assert f["summary/hil/stopped_by_signal"][()] == getattr(signal, sig)
        assert 1 <= len(f["sites/hil/link_up"]) < 60


BAD = {
    "overlap": ("points:\n  a: {address: 10, function: holding, type: u32}\n"
                "  b: {address: 11, function: holding, type: u16}\n",
                r"bad\.yaml:3: points\.b\.address: registers 11\.\.11 overlap point 'a'"),
    "unknown_type": ("points:\n  a: {address: 10, function: holding, type: u64}\n",
                     r"bad\.yaml:2: points\.a\.type: expected one of u16, i16, u32, i32, f32, got 'u64'"),
    "missing_sf": ("points:\n  W: {address: 10, function: holding, type: i16, scale_factor: W_SF, units: W}\n",
                   r"bad\.yaml:2: points\.W\.scale_factor: missing scale factor: no point named 'W_SF'"),
}


@pytest.mark.parametrize("case", sorted(BAD))
@pytest.mark.parametrize("command", ["hil", "cabinet-server"])
def test_malformed_map_exits_2(case, command, tmp_path):
    text, pattern = BAD[case]
    bad = tmp_path / "bad.yaml"
    bad.write_text(text)
    args = ([command, "--map", bad, "--port", "0", "--duration", "1"] if command == "cabinet-server"
            else [command, SITE, "--cabinet", "127.0.0.1:1", "--map", bad])
    r = subprocess.run([wattfleet(), *map(str, args)], capture_output=True, text=True, timeout=30)
    assert r.returncode == 2, r.stderr
    assert re.search(pattern, r.stderr), r.stderr


# --- The cabinet-server's write protection and robustness, byte by byte (Modbus TCP frames) ---

def frame(pdu, unit=1, protocol=0, tid=1):
    import struct
    return struct.pack(">HHHB", tid, protocol, len(pdu) + 1, unit) + pdu


def exchange(sock, data):
    """Sends a frame, returns the reply's PDU (b'' when the server closed the connection)."""
    import struct
    sock.sendall(data)
    head = b""
    while len(head) < 7:
        chunk = sock.recv(7 - len(head))
        if not chunk:
            return b""
        head += chunk
    n = struct.unpack(">H", head[4:6])[0] - 1
    body = b""
    while len(body) < n:
        chunk = sock.recv(n - len(body))
        if not chunk:
            return b""
        body += chunk
    return body


def connect(port):
    import socket
    s = socket.create_connection(("127.0.0.1", port), timeout=3)
    return s


def read_regs(sock, address, count):
    import struct
    pdu = exchange(sock, frame(struct.pack(">BHH", 3, address, count)))
    assert pdu[0] == 3, pdu
    return list(struct.unpack(f">{count}H", pdu[2:]))


def test_cabinet_server_refuses_writes_to_read_only_or_half_points():
    import struct
    server = Server("sunspec_802_storage")
    try:
        s = connect(server.port)
        # FC22 mask write on the read-only Common_ID (40002 holds 1).
        r = exchange(s, frame(struct.pack(">BHHH", 22, 40002, 0x0000, 0x0063)))
        assert r[0] == 22 | 0x80 and r[1] == 2
        assert read_regs(s, 40002, 1) == [1]
        # FC23 writing DEAD BEEF over "SunS".
        r = exchange(s, frame(struct.pack(">BHHHHBHH", 23, 40000, 2, 40000, 2, 4, 0xDEAD, 0xBEEF)))
        assert r[0] == 23 | 0x80 and r[1] == 2
        assert read_regs(s, 40000, 2) == [0x5375, 0x6E53]
        # Half of the 32-bit WSet (40158-40159) alone: its value would be torn.
        r = exchange(s, frame(struct.pack(">BHHBH", 16, 40159, 1, 2, 0x1234)))
        assert r[0] == 16 | 0x80 and r[1] == 2
        r = exchange(s, frame(struct.pack(">BHH", 6, 40159, 0x1234)))
        assert r[0] == 6 | 0x80
        assert read_regs(s, 40158, 2) == [0, 0]
        # FC23 to all of WSet is a write like any other: it reaches the model.
        assert exchange(s, frame(struct.pack(">BHH", 6, 40156, 1)))[0] == 6  # WSetEna
        r = exchange(s, frame(struct.pack(">BHHHHBHH", 23, 40158, 2, 40158, 2, 4, 0, 5000)))
        assert r[0] == 23 and list(struct.unpack(">2H", r[2:6])) == [0, 5000]
        # FC22 on a writable point is applied too: SetOp (40120, rw) masked to 0.
        r = exchange(s, frame(struct.pack(">BHHH", 22, 40120, 0x0000, 0x0000)))
        assert r[0] == 22 and read_regs(s, 40120, 1) == [0]
        # Another unit id: a gateway exception, nothing read or written.
        r = exchange(s, frame(struct.pack(">BHH", 3, 40000, 2), unit=7))
        assert r[0] == 3 | 0x80 and r[1] == 0x0B
        s.close()
        # Not Modbus (protocol id 1): the connection is closed.
        s = connect(server.port)
        assert exchange(s, frame(struct.pack(">BHH", 3, 40000, 2), protocol=1)) == b""
        s.close()
    finally:
        log = server.stop()
    assert "setpoint 5000 W" in log, log


def test_half_sent_frames_and_connection_floods_do_not_stall_the_cabinet_server():
    import struct
    server = Server("sunspec_802_storage")
    try:
        stalled = []
        for _ in range(5):  # each sends half a frame and waits
            s = connect(server.port)
            s.sendall(frame(struct.pack(">BHH", 3, 40000, 2))[:5])
            stalled.append(s)
        t0 = time.monotonic()
        c = connect(server.port)
        assert read_regs(c, 40000, 2) == [0x5375, 0x6E53]
        assert time.monotonic() - t0 < 1.5  # each half frame stalled the server 0.5 s before
        flood = [connect(server.port) for _ in range(60)]  # past the server's 32 connections
        time.sleep(0.2)
        t0 = time.monotonic()
        assert read_regs(c, 40000, 2) == [0x5375, 0x6E53]  # the active client is kept
        fresh = connect(server.port)
        assert read_regs(fresh, 40000, 2) == [0x5375, 0x6E53]
        assert time.monotonic() - t0 < 2
        # Requests with a bad quantity: libmodbus would sleep 0.5 s before each answer.
        import struct
        t0 = time.monotonic()
        for _ in range(5):
            r = exchange(c, frame(struct.pack(">BHH", 3, 40000, 0)))
            assert r[0] == 3 | 0x80 and r[1] == 3
        assert time.monotonic() - t0 < 1.5  # libmodbus slept 0.5 s before each of these
        time.sleep(2.5)  # the half frames are given up after 2 s
        for s in stalled:
            s.settimeout(1)
            assert s.recv(16) == b""
        for s in flood + stalled + [c, fresh]:
            s.close()
    finally:
        server.stop()


@pytest.mark.parametrize("args, message", [
    (["--bind", "999.1.1.1"], "--bind: expected an IPv4 address"),
    (["--bind", "no-such-host.invalid"], "--bind: expected an IPv4 address"),
    (["--duration", "-1"], "--duration: expected wall seconds >= 0"),
    (["--duration", "nan"], "--duration: expected wall seconds >= 0"),
])
def test_cabinet_server_bad_options_exit_2(args, message):
    r = subprocess.run([wattfleet(), "cabinet-server", "--map", "vendor_plain", "--port", "0", *args],
                       capture_output=True, text=True, timeout=30)
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert message in r.stderr, r.stderr


def test_cabinet_server_binds_a_host_name_to_its_address():
    server = Server("vendor_plain", "--bind", "localhost")  # the regex wants 127.0.0.1:PORT
    server.stop()


def test_hil_reaches_a_cabinet_by_host_name_and_fails_when_none_answers(tmp_path):
    server = Server("vendor_plain")
    try:
        r = subprocess.run([wattfleet(), "hil", SITE, "--cabinet", f"localhost:{server.port}",
                            "--map", "vendor_plain", "--period", "0.5s", "--duration", "2s",
                            "-o", tmp_path / "a.h5"], capture_output=True, text=True, timeout=60)
        assert r.returncode == 0, r.stderr
    finally:
        server.stop()
    import socket
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    r = subprocess.run([wattfleet(), "hil", SITE, "--cabinet", f"127.0.0.1:{port}", "--map",
                        "vendor_plain", "--period", "0.5s", "--duration", "2s", "-o", tmp_path / "b.h5"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 1 and "never answered" in r.stderr, r.stderr


def test_a_killed_hil_session_keeps_its_rows(tmp_path):
    import signal
    server = Server("vendor_plain")
    out = tmp_path / "run.h5"
    try:
        p = subprocess.Popen([wattfleet(), "hil", SITE, "--cabinet", f"127.0.0.1:{server.port}", "--map",
                              "vendor_plain", "--period", "0.5s", "--duration", "60s", "-o", out],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(17)  # the rows reach the disk every 10 s of wall time (start-up may take a few)
        p.send_signal(signal.SIGKILL)
        p.wait()
    finally:
        server.stop()
    assert not out.exists()
    with h5py.File(tmp_path / "run.h5.partial", "r") as f:
        n = int(f.attrs["rows_flushed"])
        assert 5 <= n <= 17, n  # 1-s rows up to a flush at 10 s
        assert np.all(f["sites/hil/link_up"][:n] > 0.99)
