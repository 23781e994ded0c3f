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


# --- Output safety: a full disk, output paths that would destroy a file, two runs, odd inputs ---

def limited(max_bytes):
    """preexec_fn: writes past max_bytes fail with EFBIG (as on a full disk), not a signal."""
    import resource

    def apply():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, max_bytes))
    return apply


def run_limited(out, max_bytes, *extra):
    return subprocess.run([wattfleet_bin(), "run", str(QUICKSTART), "-o", str(out), "--quiet",
                           "--set", "duration=100d", "--set", "output_interval=1min", *extra],
                          capture_output=True, text=True, timeout=120, preexec_fn=limited(max_bytes))


def test_a_full_disk_mid_run_keeps_the_flushed_rows_and_exits_2(tmp_path):
    out = tmp_path / "o.h5"
    r = run_limited(out, 1_500_000)
    assert r.returncode == 2, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot write the result" in lines[0], r.stderr
    assert "rows_flushed" in lines[0] and not out.exists()
    with h5py.File(tmp_path / "o.h5.partial", "r") as f:
        n = int(f.attrs["rows_flushed"])
        assert n > 0 and f"names ({n})" in lines[0]
        grid = f["sites/berlin/grid_power"][:n]
        assert np.all(np.isfinite(grid)) and grid.max() > 0
    # The Python reader gives the rows the file names as safe, not the datasets' length.
    import wattfleet
    df = wattfleet.open(tmp_path / "o.h5.partial").to_pandas("berlin")
    assert len(df) == n and np.array_equal(df["grid_power"].to_numpy(), grid)


def test_a_disk_full_before_any_row_leaves_nothing(tmp_path):
    out = tmp_path / "o.h5"
    r = run_limited(out, 4096)
    assert r.returncode == 2, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert list(tmp_path.iterdir()) == []


def test_an_output_that_would_destroy_a_file_is_refused(tmp_path):
    scenario = tmp_path / "s.yaml"
    text = QUICKSTART.read_text().replace("../data/", str(QUICKSTART.parent.parent / "data") + "/")
    scenario.write_text(text)
    target = tmp_path / "keep.h5"
    target.write_text("keep me")
    (tmp_path / "link.h5").symlink_to(target)
    for out, why in [(scenario, "is an input of this run"), ("/dev/null", "is a character device"),
                     (tmp_path / "link.h5", "is a symbolic link"), ("", "expected a file name")]:
        r = subprocess.run([wattfleet_bin(), "run", str(scenario), "-o", str(out), "--quiet",
                            "--set", "duration=1d"], capture_output=True, text=True, timeout=60)
        assert r.returncode == 2 and why in r.stderr, (out, r.stderr)
    assert scenario.read_text() == text
    assert target.read_text() == "keep me" and (tmp_path / "link.h5").is_symlink()
    assert os.path.exists("/dev/null") and not os.path.isfile("/dev/null")


def test_two_runs_with_one_output_do_not_mix(tmp_path):
    out = tmp_path / "x.h5"
    a = subprocess.Popen([wattfleet_bin(), "run", str(QUICKSTART), "-o", str(out), "--quiet", "--seed", "11",
                          "--set", "output_interval=1min"], stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while not (tmp_path / "x.h5.partial").exists():
        assert time.monotonic() < deadline and a.poll() is None
        time.sleep(0.01)
    b = subprocess.run([wattfleet_bin(), "run", str(QUICKSTART), "-o", str(out), "--quiet", "--seed", "12",
                        "--set", "duration=1d"], capture_output=True, text=True, timeout=60)
    assert a.wait(timeout=120) == 0, a.stderr.read()
    assert b.returncode == 2 and "another run is writing this output" in b.stderr, b.stderr
    with h5py.File(out, "r") as f:
        assert f["meta"].attrs["seed"] == 11


def test_a_trace_that_is_a_fifo_or_a_device_is_refused(tmp_path):
    fifo = tmp_path / "load.csv"
    os.mkfifo(fifo)
    for trace in [fifo, "/dev/zero"]:
        r = subprocess.run([wattfleet_bin(), "validate", str(QUICKSTART), "--set",
                            f"sites.berlin.devices.gpu_nodes.power.file={trace}"],
                           capture_output=True, text=True, timeout=30)
        assert r.returncode == 2 and "expected a regular file" in r.stderr, r.stderr


def test_a_device_id_that_cannot_name_a_result_is_refused_before_the_run(tmp_path):
    text = QUICKSTART.read_text().replace("../data/", str(QUICKSTART.parent.parent / "data") + "/")
    for bad in ["gpu/nodes", "gpu.nodes", "1st"]:
        scenario = tmp_path / "s.yaml"
        scenario.write_text(text.replace("      gpu_nodes:", f"      '{bad}':"))
        for command in (["validate"], ["run", "-o", str(tmp_path / "o.h5")]):
            r = subprocess.run([wattfleet_bin(), command[0], str(scenario), *command[1:]],
                               capture_output=True, text=True, timeout=60)
            assert r.returncode == 2 and f"device id '{bad}'" in r.stderr, r.stderr
            assert not list(tmp_path.glob("o.h5*"))


import pytest  # noqa: E402


@pytest.mark.parametrize("override, field, lifted_by_allow_large", [
    ("sites.berlin.devices.roof_pv.power.resample=1us", "resample: steps of 1us", True),
    ("sites.berlin.devices.roof_pv.power.resample=1ms", "resample: steps of 1ms", True),
    ("output_interval=1us", "output_interval: 1us over 365d makes", True),
    ("duration=40000d", "duration: the run is 110 years", True),
    ("duration=365000d", "duration: the run would end after 2200", False),
    ("start=8768-01-01T00:00:00+01:00", "start: expected a start from 1900 to 2200", False),
])
def test_runs_beyond_the_cost_bounds_are_refused_with_their_estimate(override, field, lifted_by_allow_large,
                                                                     tmp_path):
    for command in (["validate"], ["run", "-o", str(tmp_path / "o.h5")]):
        t0 = time.monotonic()
        r = subprocess.run([wattfleet_bin(), command[0], str(QUICKSTART), *command[1:], "--set", override],
                           capture_output=True, text=True, timeout=60)
        assert r.returncode == 2 and field in r.stderr, r.stderr
        assert time.monotonic() - t0 < 10
        assert ("--allow-large" in r.stderr) == lifted_by_allow_large
        assert len(r.stderr.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_allow_large_lifts_the_bounds(tmp_path):
    r = subprocess.run([wattfleet_bin(), "validate", str(QUICKSTART), "--allow-large", "--set",
                        "output_interval=100ms", "--set", "duration=1d"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    r = subprocess.run([wattfleet_bin(), "validate", str(QUICKSTART), "--set", "output_interval=100ms"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 2


@pytest.mark.parametrize("seed", ["-1", "18446744073709551616", "1e23", "0x10", "7 "])
def test_a_seed_that_is_not_a_whole_number_in_range_is_refused(seed, tmp_path):
    r = subprocess.run([wattfleet_bin(), "run", str(QUICKSTART), "-o", str(tmp_path / "o.h5"), "--seed", seed,
                        "--set", "duration=1d"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "--seed" in r.stderr, r.stderr


@pytest.mark.parametrize("value", ["1e308 MW", "1e-300 kWh"])
def test_values_that_overflow_in_si_units_are_refused(value):
    field = "import_limit" if "MW" in value else "capacity"
    path = "sites.berlin.devices.grid.import_limit" if "MW" in value else "sites.berlin.devices.cabinet.capacity"
    r = subprocess.run([wattfleet_bin(), "validate", str(QUICKSTART), "--set", f"{path}={value}"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and field in r.stderr and "outside the magnitudes" in r.stderr, r.stderr


@pytest.mark.parametrize("command", ["info", "report"])
def test_damaged_result_files_are_bad_input_never_a_crash(command, tmp_path, week_result):
    """Some damage crashes the HDF5 library itself (a corrupt global heap): the file is
    read in a child process, so that too is "damaged file", exit 2."""
    import random
    good = week_result.read_bytes()
    rng = random.Random(5)
    cases = {"garbage.h5": bytes(rng.randrange(256) for _ in range(4096)), "truncated.h5": good[:len(good) // 3],
             "empty.h5": b""}
    for k in range(30):  # a few bytes flipped at random places
        b = bytearray(good)
        for _ in range(8):
            b[rng.randrange(len(b))] = rng.randrange(256)
        cases[f"flipped{k}.h5"] = bytes(b)
    codes = {}
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        extra = ["-o", str(tmp_path / "page.html")] if command == "report" else []
        r = subprocess.run([wattfleet_bin(), command, str(tmp_path / name), *extra], capture_output=True,
                           text=True, timeout=60)
        assert r.returncode in (0, 2), (name, r.returncode, r.stderr)
        if r.returncode == 2:
            assert len(r.stderr.strip().splitlines()) == 1, (name, r.stderr)
        codes[name] = r.returncode
    assert codes["garbage.h5"] == 2 and codes["truncated.h5"] == 2 and codes["empty.h5"] == 2
    if command == "report":  # a refused file leaves no half-written page
        assert not (tmp_path / "page.html.partial").exists()


@pytest.mark.parametrize("edit, message", [
    (lambda t: t + "---\nname: second\n", "expected one YAML document; a second one starts here"),
    (lambda t: t.replace("description: ", "description: {a: 1}\n#", 1), "expected a single value"),
])
def test_scenario_texts_that_would_be_read_wrongly_are_refused(edit, message, tmp_path):
    text = QUICKSTART.read_text().replace("../data/", str(QUICKSTART.parent.parent / "data") + "/")
    scenario = tmp_path / "s.yaml"
    scenario.write_text(edit(text))
    r = subprocess.run([wattfleet_bin(), "validate", str(scenario)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and message in r.stderr, r.stderr


def test_a_utf16_scenario_is_refused_not_truncated(tmp_path):
    text = QUICKSTART.read_text().replace("../data/", str(QUICKSTART.parent.parent / "data") + "/")
    scenario = tmp_path / "s.yaml"
    scenario.write_bytes(text.encode("utf-16"))
    r = subprocess.run([wattfleet_bin(), "run", str(scenario), "-o", str(tmp_path / "o.h5")],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "expected UTF-8 text" in r.stderr, r.stderr


@pytest.mark.parametrize("args, message", [
    (["--set", "duration.=1d"], "empty key in the path"),
    (["--set", ".duration=1d"], "empty key in the path"),
    (["--set", "duration=1000min", "--set", "output_interval=7min"], "7min does not divide the run's 1000min"),
    (["-o", ""], "expected a file name"),
])
def test_command_lines_that_would_be_read_wrongly_are_refused(args, message):
    r = subprocess.run([wattfleet_bin(), "run", str(QUICKSTART), *args], capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and message in r.stderr, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr


def test_an_error_echoing_a_huge_cell_stays_one_short_line(tmp_path):
    trace = tmp_path / "load.csv"
    trace.write_text("time,value\n2025-01-01T00:00:00Z," + "9" * 1_000_000 + "x\n2025-01-01T01:00:00Z,1\n")
    r = subprocess.run([wattfleet_bin(), "validate", str(QUICKSTART), "--set",
                        f"sites.berlin.devices.gpu_nodes.power.file={trace}"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 2, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and len(r.stderr) < 1000, r.stderr[:2000]
    assert "load.csv:2" in r.stderr and "bytes ...]" in r.stderr
