"""What the HIL integration tests share: the wattfleet binary under test."""
import os
from pathlib import Path

import pytest


def wattfleet():
    path = os.environ.get("WATTFLEET_BIN")
    if not path or not Path(path).exists():
        pytest.fail("WATTFLEET_BIN must point at the built wattfleet binary (ctest sets it)")
    return path
