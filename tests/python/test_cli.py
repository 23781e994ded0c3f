"""The command line's promises that need a process: kill safety and progress."""
import os
import signal
import subprocess
import time

import h5py
import numpy as np

from conftest import QUICKSTART, run, wattfleet_bin


def test_killed_run_leaves_no_complete_looking_file(tmp_path):
    out = tmp_path / "year.h5"
    proc = subprocess.Popen([wattfleet_bin(), "run", str(QUICKSTART), "-o", str(out), "--quiet",
                             "--set", "output_interval=1s", "--set", "duration=365d"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    partial = tmp_path / "year.h5.partial"
    deadline = time.monotonic() + 30
    # Wait until some rows have been flushed, then kill hard.
    while time.monotonic() < deadline:
        if partial.exists() and partial.stat().st_size > 2_000_000:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the year-long run ended before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert not out.exists(), "a killed run must not leave a file at the output path"
    assert partial.exists()
    with h5py.File(partial, "r") as f:
        # Rows on disk as of the last complete flush: readable, though the run was killed
        # while writing later chunks (the datasets' extent may run ahead of them).
        rows = int(f.attrs["rows_flushed"])
        assert 0 < rows <= len(f["sites/berlin/grid_power"])
        grid = f["sites/berlin/grid_power"][:rows]
        assert np.isfinite(grid).all()
        assert len(f["time"][:rows]) == rows


def test_same_seed_same_bytes_in_every_dataset(tmp_path):
    paths = [tmp_path / "a.h5", tmp_path / "b.h5"]
    for p in paths:
        run("run", QUICKSTART, "-o", p, "--quiet", "--set", "duration=2d", "--seed", "5")
    with h5py.File(paths[0], "r") as a, h5py.File(paths[1], "r") as b:
        names = []
        a.visit(lambda n: names.append(n) if isinstance(a[n], h5py.Dataset) else None)
        assert len(names) > 20
        for n in names:
            if n == "meta/created_utc":
                continue
            assert (a[n][()] == b[n][()]).all() if a[n].shape else a[n][()] == b[n][()], n


def test_bad_set_value_is_an_input_error(tmp_path):
    r = run("run", QUICKSTART, "-o", tmp_path / "x.h5", "--set", "sites.berlin.devices.cabinet.capacity=200 kW",
            check=False)
    assert r.returncode == 2
    assert "--set: sites.berlin.devices.cabinet.capacity: expected an energy" in r.stderr
    assert not (tmp_path / "x.h5").exists()
