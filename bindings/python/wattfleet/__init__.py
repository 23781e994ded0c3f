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
from ._wattfleet import sweep as _sweep
from .result import Result

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


class SweepResults(list):
    """Results of a sweep in input order, with the runs' labels."""

    def __init__(self, results, labels):
        super().__init__(results)
        self.labels = labels

    def to_dataframe(self):
        """Every run's summary, one row per run (index: scenario number and controller),
        columns (site, figure); the units are in `.attrs["units"]`."""
        import pandas as pd

        rows, units = [], {}
        for r in self:
            s = r.summary()
            rows.append(s["value"])
            units.update(s["units"].to_dict())
        df = pd.DataFrame(rows, index=pd.MultiIndex.from_tuples(self.labels, names=["scenario", "controller"]))
        df.attrs["units"] = units
        return df


def _controller_runs(scenario, controller):
    """(scenario, {site: Controller}, label) of one sweep cell."""
    if controller is None:
        return scenario, {}, "scenario"
    sites = scenario.validate()["sites"]
    if isinstance(controller, str):  # a built-in controller, as YAML: "{type: idle}"
        for site in sites:
            scenario = scenario.set(f"sites.{site}.controller", controller)
        return scenario, {}, controller
    if callable(controller):  # a Controller subclass or a factory: one fresh object per site
        return scenario, {site: controller() for site in sites}, getattr(controller, "__name__", repr(controller))
    raise TypeError("a controller is None, a YAML string like '{type: idle}', a Controller class or a factory")


def sweep(scenarios, controllers=None, threads=2, seed=None):
    """Runs every scenario (with every controller, when given) on a pool of threads.

    controllers: a list; each item is None (the scenario's own), a built-in controller as
    YAML ("{type: self_consumption}") or a Controller class or factory (called for a fresh
    object per run and site). Results come back in input order, scenario by scenario and,
    within a scenario, controller by controller, as a list with .labels and
    .to_dataframe(). Bad input raises before any run. Python controllers take the GIL at
    each call, so they run one at a time; the rest runs in parallel.
    """
    import concurrent.futures

    scenarios = list(scenarios)
    cells = []
    for i, s in enumerate(scenarios):
        for c in (controllers if controllers is not None else [None]):
            scenario, ctl, label = _controller_runs(s, c)
            scenario.validate()
            cells.append((scenario, ctl, (i, label)))
    if not any(ctl for _, ctl, _ in cells):  # all built in: the C++ pool, GIL released throughout
        results = [Result(r) for r in _sweep([c[0] for c in cells], threads=threads, seed=seed)]
    else:
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, threads)) as pool:
            futures = [pool.submit(_run, sc, seed=seed, output="", controllers=ctl) for sc, ctl, _ in cells]
            results = [Result(f.result()) for f in futures]
    return SweepResults(results, [label for _, _, label in cells])


def open(path):  # noqa: A001 - mirrors the builtin on purpose: wattfleet.open("run.h5")
    """Opens an existing HDF5 result with the same interface as a run's Result."""
    return Result.from_hdf5(path)
