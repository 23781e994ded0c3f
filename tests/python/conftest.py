import os
import subprocess
from pathlib import Path

import pytest

SOURCE = Path(os.environ.get("WATTFLEET_SOURCE_DIR", Path(__file__).resolve().parents[2]))
QUICKSTART = SOURCE / "scenarios" / "quickstart.yaml"


def wattfleet_bin():
    path = os.environ.get("WATTFLEET_BIN")
    if not path or not Path(path).exists():
        pytest.fail("WATTFLEET_BIN must point at the built wattfleet binary (ctest sets it)")
    return path


def run(*args, check=True):
    return subprocess.run([wattfleet_bin(), *map(str, args)], capture_output=True, text=True, check=check)


@pytest.fixture(scope="session")
def week_result(tmp_path_factory):
    """The quickstart scenario over one week at 1-minute output."""
    out = tmp_path_factory.mktemp("week") / "week.h5"
    run("run", QUICKSTART, "-o", out, "--quiet", "--set", "duration=7d", "--set", "output_interval=1min")
    return out
