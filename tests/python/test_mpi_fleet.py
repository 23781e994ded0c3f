"""A fleet split across MPI processes (`mpirun -n N wattfleet run`): the same datasets
as one process, and a killed split run leaves readable partial files, no result."""
import os
import shutil
import signal
import subprocess
import sys
import time

import h5py
import numpy as np
import pytest

from conftest import SOURCE, run, wattfleet_bin

sys.path.insert(0, str(SOURCE / "tools"))
from compare_results import compare  # noqa: E402

MPIRUN = shutil.which("mpirun")
pytestmark = pytest.mark.skipif(MPIRUN is None, reason="mpirun not installed (OpenMPI)")
# CI runs as root; OpenMPI refuses that unless told it is meant.
MPI_ENV = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
               OMPI_MCA_rmaps_base_oversubscribe="1")


def fleet(tmp_path, sites, nodes, duration):
    text = subprocess.run(["bash", SOURCE / "tools/bench/make_fleet.sh", str(sites), str(nodes), duration],
                          capture_output=True, text=True, check=True).stdout
    path = tmp_path / "fleet.yaml"
    path.write_text(text)
    return path


def read_bytes(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:  # gone meanwhile
        return b""


def mpirun(n, *args, check=True):
    return subprocess.run([MPIRUN, "--oversubscribe", "-n", str(n), wattfleet_bin(), *map(str, args)],
                          capture_output=True, text=True, env=MPI_ENV, check=check)


@pytest.mark.parametrize("scenario", ["generated", "europe_fleet"])
def test_split_run_has_the_datasets_of_one_process(tmp_path, scenario):
    if scenario == "generated":  # 7 sites: uneven shares on 2 and 3 processes
        path, args = fleet(tmp_path, 7, 16, "2d"), []
    else:  # job shifting between the sites, decided before the run
        path, args = SOURCE / "scenarios/europe_fleet.yaml", ["--set", "duration=3d"]
    single = tmp_path / "single.h5"
    run("run", path, "-o", single, "-q", *args)
    for n in (2, 3):
        out = tmp_path / f"n{n}.h5"
        r = mpirun(n, "run", path, "-o", out, "-q", *args)
        assert r.stdout == "", r.stdout  # -q: nothing from any process
        assert compare(single, out) == [], f"-n {n}"
        parts = sorted(tmp_path.glob(f"n{n}.part*of{n}.h5"))
        assert len(parts) == n
        with h5py.File(parts[-1], "r") as f:
            assert f.attrs["part_of"] == out.name and f.attrs["parts"] == n
    assert not list(tmp_path.glob("*.partial"))


def test_split_run_prints_the_whole_fleet_once(tmp_path):
    path = fleet(tmp_path, 3, 8, "1d")
    r = mpirun(2, "run", path, "-o", tmp_path / "out.h5")
    for site in ("site_1", "site_2", "site_3"):
        assert r.stdout.count(f"site {site}\n") == 1, r.stdout


@pytest.mark.parametrize("bad", ["duration=forever",  # found reading the scenario
                                 "sites.site_2.devices.grid.import_limit=banana"])  # building
def test_split_run_input_error_is_exit_2(tmp_path, bad):
    path = fleet(tmp_path, 3, 8, "1d")
    r = mpirun(3, "run", path, "-o", tmp_path / "out.h5", "--set", bad, check=False)
    assert r.returncode == 2, r.stderr
    assert r.stderr.count("wattfleet: error") == 1, r.stderr  # one process says so
    assert not list(tmp_path.glob("out*"))


def test_killed_split_run_leaves_readable_partial_files_only(tmp_path):
    path = fleet(tmp_path, 2, 100, "365d")
    out = tmp_path / "year.h5"
    proc = subprocess.Popen([MPIRUN, "--oversubscribe", "-n", "2", wattfleet_bin(), "run", str(path),
                             "-o", str(out), "-q", "--set", "output_interval=1min"],
                            env=MPI_ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    partials = [tmp_path / f"year.part{k}of2.h5.partial" for k in (1, 2)]
    deadline = time.monotonic() + 60
    # Wait until both processes have flushed rows, then kill the whole launch hard.
    while time.monotonic() < deadline:
        if all(p.exists() and p.stat().st_size > 3_000_000 for p in partials):
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the split run ended before it could be killed"
    # mpirun starts its processes in sessions of their own: kill them by their command line.
    workers = [int(pid) for pid in os.listdir("/proc") if pid.isdigit() and str(out).encode() in
               read_bytes(f"/proc/{pid}/cmdline") and int(pid) != proc.pid]
    assert len(workers) >= 2, workers
    for pid in workers:
        os.kill(pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert not out.exists(), "a killed run must not leave a file at the output path"
    assert not (tmp_path / "year.h5.partial").exists()  # the whole is only made at the end
    for p, site in zip(partials, ("site_1", "site_2")):
        with h5py.File(p, "r") as f:
            rows = int(f.attrs["rows_flushed"])
            assert 0 < rows <= len(f[f"sites/{site}/grid_power"])
            assert np.isfinite(f[f"sites/{site}/grid_power"][:rows]).all()
