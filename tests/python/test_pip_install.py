"""`pip install .` (offline, Debian's build tools) into a fresh venv, then the module
imported and run from a clean folder without PYTHONPATH."""
import os
import pathlib
import subprocess
import sys

import pytest

from conftest import SOURCE

pytest.importorskip("wattfleet", reason="the Python module is not built (needs pybind11-dev)")


def test_pip_install_into_a_fresh_venv(tmp_path):
    import wattfleet

    # The build folder of the module under test: reused, so the test does not compile.
    build = pathlib.Path(wattfleet.__file__).resolve().parents[2]
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(WATTFLEET_BUILD_DIR=str(build), PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
    pip = subprocess.run([str(venv / "bin/pip"), "install", "--no-build-isolation", "--no-index", str(SOURCE)],
                         env=env, cwd=tmp_path, capture_output=True, text=True)
    assert pip.returncode == 0, pip.stdout[-3000:] + pip.stderr[-3000:]
    clean = tmp_path / "elsewhere"
    clean.mkdir()
    code = (
        "import wattfleet\n"
        "d = {'start': '2025-01-01T00:00:00Z', 'duration': '1d', 'sites': {'a': {'devices': {\n"
        "    'grid': {'type': 'grid', 'import_limit': '100 kW'},\n"
        "    'it': {'type': 'load', 'connect': 'grid', 'power': '40 kW'}}}}}\n"
        "r = wattfleet.run(wattfleet.from_dict(d))\n"
        "print(wattfleet.__file__)\n"
        "print(r.summary('a').loc[('a', 'it_energy'), 'value'])\n")
    out = subprocess.run([str(venv / "bin/python"), "-c", code], env=env, cwd=clean, capture_output=True,
                         text=True)
    assert out.returncode == 0, out.stderr[-3000:]
    where, energy = out.stdout.split()
    assert where.startswith(str(venv)), where  # the installed copy, not the build folder
    assert float(energy) == pytest.approx(960.0)
