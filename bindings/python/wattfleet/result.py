"""One result interface over a run in memory and over an HDF5 result file."""
import numpy as np


class Result:
    """Columns, summary and events of a run.

    From a run the columns are numpy views of the C++ memory (no copy); from a
    file they are read with h5py.
    """

    def __init__(self, native=None, *, _file=None):
        self._native = native
        self._file = _file

    @classmethod
    def from_hdf5(cls, path):
        return cls(None, _file=_H5Result(path))

    @property
    def _src(self):
        return self._native if self._native is not None else self._file

    @property
    def sites(self):
        return list(self._src.sites)

    def channels(self, site):
        """Names of a site's output columns."""
        return [c[0] for c in self._src.channels(site)]

    def units(self, site):
        return {c[0]: c[1] for c in self._src.channels(site)}

    def column(self, site, channel):
        """One column as a numpy array (a zero-copy view for in-memory results)."""
        return self._src.column(site, channel)

    @property
    def time(self):
        """Interval starts as datetime64[us] (UTC)."""
        n = getattr(self._src, "rows", None)  # a sweep's compact result may hold no column
        if n is None:
            n = len(self.column(self.sites[0], "grid_power"))
        start, step = self._src.start_us, self._src.interval_us
        return (start + step * np.arange(n, dtype=np.int64)).astype("datetime64[us]")

    def to_pandas(self, site):
        """A DataFrame of every column of a site, indexed by UTC interval start."""
        import pandas as pd

        index = pd.DatetimeIndex(self.time, name="time").tz_localize("UTC")
        df = pd.DataFrame({c: self.column(site, c) for c in self.channels(site)}, index=index)
        df.attrs["units"] = self.units(site)
        return df

    def to_xarray(self, site):
        """An xarray Dataset of a site with a time coordinate and units attributes."""
        import xarray as xr

        units = self.units(site)
        return xr.Dataset(
            {c: ("time", self.column(site, c), {"units": units[c]}) for c in self.channels(site)},
            coords={"time": self.time},
        )

    def summary(self, site=None):
        """Whole-run figures as a DataFrame (value, units, description), one site or all."""
        import pandas as pd

        rows = []
        for s in [site] if site else self.sites:
            rows += [(s, n, v, u, d) for n, v, u, d in self._src.summary(s)]
        return pd.DataFrame(rows, columns=["site", "name", "value", "units", "description"]).set_index(
            ["site", "name"])

    def bills(self, site):
        """The site's bill by period, tidy: one row per month (`2025-01`) and per calendar
        year (`2025`), one column per item (energy, network_energy, demand, ..., total), in
        the bill's units (`.attrs["units"]`: EUR, kWh or kW per item). Empty without a tariff."""
        import pandas as pd

        s = self.summary(site).loc[site]
        rows, units = {}, {}
        for name, row in s.iterrows():
            parts = name.split(".")
            if len(parts) != 3 or parts[0] != "bill":
                continue
            rows.setdefault(parts[1], {})[parts[2]] = row["value"]
            units[parts[2]] = row["units"]
        df = pd.DataFrame.from_dict(rows, orient="index")
        df.index.name = "period"
        df.attrs["units"] = units
        return df

    def events(self):
        """Every event as a DataFrame (time, site, kind, value, message)."""
        import pandas as pd

        ev = self._src.events()
        df = pd.DataFrame(ev, columns=["time_us", "site", "kind", "value", "message"])
        df.insert(0, "time", pd.to_datetime(df.pop("time_us"), unit="us", utc=True))
        return df

    @property
    def seed(self):
        return self._src.seed


class _H5Result:
    """The same accessors as the native result, read from a wattfleet HDF5 file."""

    def __init__(self, path):
        import h5py

        self._f = h5py.File(path, "r")
        t = self._f["time"]
        # A killed or failed run's .partial file: only the rows and events the root
        # attributes name are safely on disk (the datasets may be longer).
        self._rows = min(len(t), int(self._f.attrs.get("rows_flushed", len(t))))
        n_events = len(self._f["events"]["time"])
        self._events = min(n_events, int(self._f.attrs.get("events_flushed", n_events)))
        self.interval_us = int(t.attrs["interval_us"])
        self.start_us = int(t[0]) if len(t) else 0
        self.seed = int(self._f["meta"].attrs["seed"])
        self.sites = list(self._f["sites"].keys())

    def channels(self, site):
        g = self._f["sites"][site]
        return [(k, _text(g[k].attrs["units"]), _text(g[k].attrs.get("description", ""))) for k in g if k != "time"]

    def column(self, site, channel):
        return self._f["sites"][site][channel][: self._rows]

    def summary(self, site):
        if site not in self._f["summary"]:  # a partial file has no summary yet
            return []
        g = self._f["summary"][site]
        return [(k, float(g[k][()]), _text(g[k].attrs["units"]), _text(g[k].attrs.get("description", "")))
                for k in g]

    def events(self):
        e, n = self._f["events"], self._events
        return list(zip(e["time"][:n].tolist(), map(_text, e["site"][:n]), map(_text, e["kind"][:n]),
                        e["value"][:n].tolist(), map(_text, e["message"][:n])))


def _text(v):
    return v.decode() if isinstance(v, bytes) else str(v)
