"""Many runs: every scenario with every controller, on threads or on a Dask cluster."""
from ._wattfleet import run as _run
from ._wattfleet import sweep as _sweep
from .result import Result


class SweepResults(list):
    """Results of a sweep in input order, with the runs' labels (scenario number, controller)."""

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


def _cell(scenario, controller):
    """(scenario, factory or None, label) of one run: a YAML controller is written into
    the scenario; a Controller class or factory makes one fresh object per site and run."""
    if controller is None:
        return scenario, None, "scenario"
    if isinstance(controller, str):  # a built-in controller, as YAML: "{type: idle}"
        for site in scenario.validate()["sites"]:
            scenario = scenario.set(f"sites.{site}.controller", controller)
        return scenario, None, controller
    if callable(controller):
        return scenario, controller, getattr(controller, "__name__", repr(controller))
    raise TypeError("a controller is None, a YAML string like '{type: idle}', a Controller class or a factory")


def _controllers(scenario, factory):
    return {site: factory() for site in scenario.validate()["sites"]} if factory else {}


class _Packed:
    """A run's summary, events and chosen columns: what travels back from a worker."""

    def __init__(self, native, channels):
        r = Result(native)
        self.sites = r.sites
        self.start_us, self.interval_us, self.seed = native.start_us, native.interval_us, native.seed
        self.rows = len(r.column(self.sites[0], "grid_power")) if self.sites else 0
        self._summary = {s: list(native.summary(s)) for s in self.sites}
        self._events = list(native.events())
        self._channels, self._columns = {}, {}
        for s in self.sites:
            keep = [c for c in native.channels(s) if channels == "all" or c[0] in (channels or ())]
            self._channels[s] = keep
            for c in keep:
                self._columns[(s, c[0])] = r.column(s, c[0]).copy()

    def channels(self, site):
        return self._channels[site]

    def column(self, site, channel):
        try:
            return self._columns[(site, channel)]
        except KeyError:
            raise KeyError(f"'{channel}' of '{site}' was not asked for: sweep(..., channels=[...])") from None

    def summary(self, site):
        return self._summary[site]

    def events(self):
        return self._events


def _remote_run(scenario, factory, seed, channels):
    """One run on a worker: a compact result (summary, events, the chosen columns)."""
    return _Packed(_run(scenario, seed=seed, output="", controllers=_controllers(scenario, factory)), channels)


def sweep(scenarios, controllers=None, threads=2, seed=None, client=None, channels=None):
    """Runs every scenario (with every controller, when given), on threads or on a Dask cluster.

    controllers: a list; each item is None (the scenario's own), a built-in controller as
    YAML ("{type: self_consumption}") or a Controller class or factory (called for a fresh
    object per run and site). Results come back in input order, scenario by scenario and,
    within a scenario, controller by controller, as a list with .labels and
    .to_dataframe(). Bad input raises before any run.

    On this machine the runs share `threads` threads; runs with Python controllers take
    turns (each call needs the GIL) while the rest run in parallel: to run Python
    controllers in parallel, use processes (`client=` a Dask LocalCluster). With `client`
    (a dask.distributed Client) each run is a task on the cluster: scenarios and
    controllers travel pickled, and each result comes back compact: summary, events and
    the `channels` named (a list of channel names, or "all"), not the whole columns. The
    files a scenario names (traces, weather) are read by the workers at the same paths. A
    Controller class sent to a cluster must live in a module the workers can import: a
    class defined in a notebook or script (`__main__`) cannot be rebuilt there, because
    its base is a C++ class (TypeError before anything is sent).
    """
    import concurrent.futures
    import threading

    cells = []
    for i, s in enumerate(scenarios):
        for c in (controllers if controllers is not None else [None]):
            scenario, factory, label = _cell(s, c)
            scenario.validate()
            cells.append((scenario, factory, (i, label)))
    labels = [label for _, _, label in cells]
    if client is not None:
        for _, f, _ in cells:
            if f is not None and getattr(f, "__module__", None) == "__main__":
                raise TypeError(f"controller {getattr(f, '__name__', f)!s} is defined in __main__ (a notebook or script): "
                                "a cluster's workers cannot rebuild it; move it into a module they import")
        futures = client.map(_remote_run, [c[0] for c in cells], [c[1] for c in cells], pure=False,
                              seed=seed, channels=channels)
        return SweepResults([Result(None, _file=p) for p in client.gather(futures)], labels)
    if not any(f for _, f, _ in cells):  # all built in: the C++ pool, GIL released throughout
        return SweepResults([Result(r) for r in _sweep([c[0] for c in cells], threads=threads, seed=seed)], labels)
    # Two runs calling Python controllers at once fight for the GIL at every call (a year
    # took 2.4x as long on two threads as on one), so those runs take turns; runs with
    # built-in controllers go on alongside.
    one_python_run = threading.Lock()

    def run_cell(scenario, factory):
        if factory is None:
            return _run(scenario, seed=seed, output="", controllers={})
        with one_python_run:
            return _run(scenario, seed=seed, output="", controllers=_controllers(scenario, factory))

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, threads)) as pool:
        futures = [pool.submit(run_cell, sc, f) for sc, f, _ in cells]
        return SweepResults([Result(f.result()) for f in futures], labels)
