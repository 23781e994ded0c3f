"""wattfleet: a discrete-event digital twin of the energy side of compute nodes.

    import wattfleet
    s = wattfleet.Scenario.from_file("scenarios/quickstart.yaml").set("duration", "7d")
    r = wattfleet.run(s)
    r.to_pandas("berlin")["grid_power"].plot()
"""
from ._wattfleet import (  # noqa: F401
    Controller,
    InputError,
    RunResult,
    Scenario,
    SiteSnapshot,
    __version__,
    git_hash,
)
from ._wattfleet import run as _run
from .result import Result
from .sweep import SweepResults, sweep

__all__ = ["Controller", "InputError", "Result", "Scenario", "SiteSnapshot", "SweepResults", "from_dict", "run",
           "sweep", "set_series", "open"]


def from_dict(d, name="<dict>"):
    """A Scenario from a Python dict with the YAML file's structure."""
    import yaml

    return Scenario.from_yaml(yaml.safe_dump(d, sort_keys=False), name)


def set_series(scenario, path, series, unit="W", repeat=False):
    """A new scenario with a field driven from a pandas Series (DatetimeIndex, tz-aware
    or UTC) or a (times, values) pair of numpy arrays (datetime64 or int64 µs since 1970
    UTC). `unit` names the values' power unit ("W", "kW", "MW")."""
    import numpy as np

    factor = {"W": 1.0, "kW": 1e3, "MW": 1e6}[unit]
    if hasattr(series, "index"):
        idx = series.index
        if getattr(idx, "tz", None) is not None:
            idx = idx.tz_convert("UTC").tz_localize(None)
        times, values = idx.values, series.to_numpy()
    else:
        times, values = series
    times = np.asarray(times)
    if np.issubdtype(times.dtype, np.datetime64):
        times = times.astype("datetime64[us]").astype(np.int64)
    values = np.asarray(values, dtype=np.float64) * factor
    return scenario.set_series(path, np.ascontiguousarray(times, dtype=np.int64), values, repeat)


def run(scenario, seed=None, output=None, controllers=None):
    """Runs a scenario (GIL released) and returns a Result holding every column in memory."""
    return Result(_run(scenario, seed=seed, output=output or "", controllers=controllers or {}))


def open(path):  # noqa: A001 - mirrors the builtin on purpose: wattfleet.open("run.h5")
    """Opens an existing HDF5 result with the same interface as a run's Result."""
    return Result.from_hdf5(path)
