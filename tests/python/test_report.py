"""`wattfleet report`: the page's figures equal the file's, bad files are refused with
one line (exit 2), and the pages draw in headless Chromium without errors."""
import json
import math
import os
import re
import shutil
import subprocess
from pathlib import Path

import h5py
import numpy as np
import pytest

from conftest import QUICKSTART, SOURCE, run

ARTIFACTS = Path(os.environ.get("WATTFLEET_REPORT_ARTIFACTS", "/tmp/wattfleet-report-artifacts"))


def embedded(page):
    text = Path(page).read_text(encoding="utf-8")
    m = re.search(r'<script type="application/json" id="wf-data">(.*?)</script>', text, re.S)
    assert m, "the page embeds no data"
    return json.loads(m.group(1))


def same(page_value, file_value):
    if page_value is None:
        return not math.isfinite(file_value)
    return page_value == file_value  # exactly: the page copies, it does not round


@pytest.fixture(scope="module")
def year(tmp_path_factory):
    """The quickstart's year at 15-min rows, with its report (`run --report`)."""
    d = tmp_path_factory.mktemp("year")
    run("run", QUICKSTART, "-o", d / "year.h5", "--quiet", "--report")
    return d / "year.h5", d / "year.html"


@pytest.fixture(scope="module")
def brief_site(tmp_path_factory):
    """A brief site (Berlin, a month) reported by `wattfleet report`."""
    d = tmp_path_factory.mktemp("berlin")
    run("run", SOURCE / "scenarios" / "berlin_vfx.yaml", "-o", d / "berlin.h5", "--quiet",
        "--set", "duration=30d")
    run("report", d / "berlin.h5", "-o", d / "berlin.html", "--quiet")
    return d / "berlin.h5", d / "berlin.html"


@pytest.fixture(scope="module")
def sizing(tmp_path_factory):
    d = tmp_path_factory.mktemp("size")
    run("size", QUICKSTART, "--capacity", "100kWh:200kWh:100kWh", "--power", "50kW,100kW",
        "--set", "economics.years=2", "-j", "2", "-q", "-o", d / "size.h5", "--report")
    return d / "size.h5", d / "size.html"


def test_run_headline_equals_summary(year):
    h5, page = year
    data = embedded(page)
    assert data["meta"]["kind"] == "run"
    with h5py.File(h5) as f:
        for site in data["sites"]:
            keys = [x["key"] for x in site["headline"]]
            for must in ["economics.npv", "economics.bill_with_storage", "peak_import",
                         "lost_node_hours", "balance_max_relative_residual"]:
                assert must in keys
            for x in site["headline"]:
                assert x["source"] == f"/summary/{site['id']}/{x['key']}"
                assert same(x["value"], float(f[x["source"]][()])), x
            # every /summary value travels unchanged
            for name, v in site["summary"].items():
                assert same(v["value"], float(f[f"summary/{site['id']}/{name}"][()])), name
            assert site["summary"]["grid_import_limit"]["value"] == 150.0


def test_run_series_keep_every_peak(year):
    """Decimation keeps min and max: no bucket hides the file's extremes."""
    h5, page = year
    data = embedded(page)
    site = data["sites"][0]
    ser = site["series"]
    assert ser["buckets"] <= 8784 and ser["rows_per_bucket"] == 4
    with h5py.File(h5) as f:
        g = f["sites/berlin"]
        for ch in ["grid_power", "battery_power", "pv_power", "it_power"]:
            page_max = max(v for v in ser["channels"][ch]["max"] if v is not None)
            page_min = min(v for v in ser["channels"][ch]["min"] if v is not None)
            top = max(np.max(np.abs(g[ch + "_max"][:])), np.max(np.abs(g[ch + "_min"][:]))) / 1e3
            tol = 0.5 * 10 ** (math.floor(math.log10(top)) - 4) + 1e-12  # 5 digits of the top, kW
            assert page_max == pytest.approx(g[ch + "_max"][:].max() / 1e3, abs=tol)
            assert page_min == pytest.approx(g[ch + "_min"][:].min() / 1e3, abs=tol)
        # bucket means are the means of their rows
        mean = g["grid_power"][:].reshape(-1, 4).mean(axis=1) / 1e3
        got = np.array(ser["channels"]["grid_power"]["mean"], dtype=float)
        assert np.allclose(got, mean, atol=np.max(np.abs(mean)) * 1e-4)
        hist = site["grid_histogram"]
        assert sum(hist["with"]) == len(g["grid_power"]) == sum(hist["without"])
        assert len(site["events"]["shown"]) == min(5000, site["events"]["total"])
        assert site["events"]["total"] == int(np.sum(f["events/site"][:] == b"berlin"))


def test_sizing_headline_equals_configurations(sizing):
    h5, page = sizing
    data = embedded(page)
    assert data["meta"]["kind"] == "sizing"
    with h5py.File(h5) as f:
        best = int(f["summary/npv_optimum"][0])
        assert data["npv_optimum"] == best
        assert len(data["headline"]) >= 9
        for x in data["headline"]:
            m = re.fullmatch(r"/configurations/(\w+)\[(\d+)\]", x["source"])
            assert m, x["source"]
            assert same(x["value"], float(f["configurations/" + m.group(1)][int(m.group(2))]))
        # the optimum's cash flows, as `wattfleet size` wrote them
        cf = data["cashflow"]
        assert np.array_equal(np.array(cf["discounted"]["values"]), f["optimum_cashflow/discounted"][:])
        assert sum(cf["discounted"]["values"]) == pytest.approx(
            f["configurations/npv_p50"][best], abs=0.01)


def test_a_one_second_file_makes_a_small_report(tmp_path):
    out = tmp_path / "fine.h5"
    run("run", QUICKSTART, "-o", out, "--quiet", "--set", "duration=2d", "--set", "output_interval=1s")
    run("report", out, "-o", tmp_path / "fine.html", "-q")
    data = embedded(tmp_path / "fine.html")
    ser = data["sites"][0]["series"]
    assert ser["rows"] == 172800 and ser["buckets"] <= 8784 and ser["rows_per_bucket"] == 20
    with h5py.File(out) as f:
        peak = f["sites/berlin/grid_power_max"][:].max() / 1e3
    assert max(v for v in ser["channels"]["grid_power"]["max"] if v is not None) == pytest.approx(peak, abs=0.005)
    assert (tmp_path / "fine.html").stat().st_size < 3e6


def report_error(tmp_path, path):
    r = run("report", path, "-o", tmp_path / "x.html", check=False)
    assert r.returncode == 2, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert not (tmp_path / "x.html").exists() and not (tmp_path / "x.html.partial").exists()
    return lines[0]


def test_bad_files_are_refused_with_one_line(tmp_path, week_result):
    text = tmp_path / "notes.h5"
    text.write_text("not HDF5\n")
    assert "cannot open as an HDF5 file" in report_error(tmp_path, text)

    truncated = tmp_path / "truncated.h5"
    truncated.write_bytes(Path(week_result).read_bytes()[:20000])
    assert "truncated.h5" in report_error(tmp_path, truncated)

    foreign = tmp_path / "foreign.h5"
    with h5py.File(foreign, "w") as f:
        f["x"] = [1.0, 2.0]
    assert "not a wattfleet result file" in report_error(tmp_path, foreign)

    newer = tmp_path / "newer.h5"
    shutil.copy(week_result, newer)
    with h5py.File(newer, "r+") as f:
        f["meta"].attrs["version"] = "99.0.0"
    assert re.search(r"written by wattfleet 99\.0\.0, newer than this wattfleet", report_error(tmp_path, newer))

    killed = tmp_path / "killed.h5"
    shutil.copy(week_result, killed)
    with h5py.File(killed, "r+") as f:
        f.attrs["rows_flushed"] = np.uint64(10)
    assert "incomplete run result" in report_error(tmp_path, killed)


# --- in the browser ---------------------------------------------------------------

def chromium():
    for name in ["chromium", "chromium-browser", "google-chrome"]:
        if shutil.which(name):
            return shutil.which(name)
    pytest.fail("headless Chromium is needed (Debian package chromium; tools/install-deps.sh installs it)")


def browse(page, *args):
    cmd = [chromium(), "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
           "--no-first-run", "--user-data-dir=" + str(Path(page).parent / "chromium-profile"),
           "--enable-logging=stderr", "--v=0", "--window-size=1280,1800",
           "--virtual-time-budget=20000", *args, Path(page).resolve().as_uri()]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=180)


@pytest.mark.parametrize("which", ["year", "brief_site", "sizing"])
def test_report_draws_in_headless_chromium(which, request):
    h5, page = request.getfixturevalue(which)
    r = browse(page, "--dump-dom")
    assert r.returncode == 0, r.stderr[-2000:]
    m = re.search(r'data-wf-check="([^"]*)"', r.stdout)
    assert m, "the page's script did not finish: " + r.stderr[-2000:]
    check = json.loads(m.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    assert check["errors"] == []
    console = [line for line in r.stderr.splitlines() if "CONSOLE" in line and ("rror" in line or "Uncaught" in line)]
    assert console == []
    assert len(check["charts"]) >= (5 if which == "sizing" else 6)
    for c in check["charts"]:
        assert c["width"] > 100 and c["height"] > 100, c
        assert c["paths"] > 0 and c["points"] > 0, c
    print(f"{which}: {len(check['charts'])} charts; first screen drawn {check['first_screen_ms']:.0f} ms, "
          f"every chart {check['drawn_ms']:.0f} ms after navigation; "
          f"page {Path(page).stat().st_size / 1e6:.2f} MB")
    if which == "year":
        assert Path(page).stat().st_size < 3e6

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    png = ARTIFACTS / f"report_{which}.png"
    png.unlink(missing_ok=True)
    r = browse(page, f"--screenshot={png}")
    assert png.exists() and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", r.stderr[-2000:]
    pdf = ARTIFACTS / f"report_{which}.pdf"
    pdf.unlink(missing_ok=True)
    r = browse(page, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    assert pdf.exists() and pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 20000, r.stderr[-2000:]


def test_text_from_the_file_never_becomes_markup(tmp_path, week_result):
    """An event message with markup stays text: escaped in the embedded data (and the
    tooltips encode it), the page's own markup unchanged."""
    f5 = tmp_path / "odd.h5"
    shutil.copy(week_result, f5)
    with h5py.File(f5, "r+") as f:
        assert len(f["events/message"]) > 0
        f["events/message"][0] = "<img src=x onerror=alert(1)></script><!--"
        seed = int(f["meta"].attrs["seed"])
    run("report", f5, "-o", tmp_path / "odd.html", "-q")
    text = (tmp_path / "odd.html").read_text()
    assert "<img src=x" not in text and text.count("</script>") == 4
    data = embedded(tmp_path / "odd.html")
    shown = [e[3] for s in data["sites"] for e in s["events"]["shown"]]
    assert "<img src=x onerror=alert(1)></script><!--" in shown
    assert data["meta"]["seed"] == str(seed)  # all 64 bits, as text


def test_the_report_never_replaces_its_result(tmp_path, week_result):
    f5 = tmp_path / "same.h5"
    shutil.copy(week_result, f5)
    before = f5.read_bytes()
    r = run("report", f5, "-o", f5, check=False)
    assert r.returncode == 2 and "would replace the result file" in r.stderr, r.stderr
    assert f5.read_bytes() == before
