"""Pacing figure (label slow): 100 ms control period over 60 s on loopback
against wattfleet cabinet-server; the p99 lag must stay under 20 ms."""
import re
import subprocess

import h5py

from test_hil_loopback import SITE, Server, wattfleet


def test_p99_lag_under_20_ms(tmp_path):
    server = Server("sunspec_802_storage")
    try:
        r = subprocess.run([wattfleet(), "hil", SITE, "--cabinet", f"127.0.0.1:{server.port}",
                            "--map", "sunspec_802_storage", "--arm", "--period", "100ms",
                            "--duration", "60s", "--set", "output_interval=10s", "-q",
                            "-o", tmp_path / "pacing.h5"], capture_output=True, text=True, timeout=200)
    finally:
        server.stop()
    assert r.returncode == 0, r.stderr
    print(r.stdout)
    with h5py.File(tmp_path / "pacing.h5") as f:
        s = f["summary/hil"]
        p99 = s["pacing.lag_p99"][()]
        assert s["pacing.ticks"][()] >= 599
    assert p99 < 20, r.stdout
    assert re.search(r"p99 [\d.]+ ms", r.stdout)
