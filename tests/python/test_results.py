"""A result file as a researcher opens it: h5py, pandas and xarray."""
import h5py
import numpy as np
import pandas as pd
import xarray as xr

from conftest import QUICKSTART

POWER = ["grid_power", "pv_power", "battery_power", "it_power", "cooling_power", "aux_power", "loss_power"]


def test_h5py_layout_units_and_meta(week_result):
    with h5py.File(week_result, "r") as f:
        meta = f["meta"]
        assert meta.attrs["version"]
        assert int(meta.attrs["seed"]) == 1
        scenario = meta["scenario"][()] if "scenario" in meta else meta.attrs["scenario"]
        if isinstance(scenario, bytes):
            scenario = scenario.decode()
        assert scenario == QUICKSTART.read_text()
        assert f["time"].attrs["units"] in (b"microseconds since 1970-01-01 00:00:00",
                                            "microseconds since 1970-01-01 00:00:00")
        site = f["sites/berlin"]
        for name in POWER + ["soc", "soh"]:
            assert name in site, name
        for group in ("sites/berlin", "events", "summary/berlin"):
            for name, ds in f[group].items():
                assert "units" in ds.attrs, f"{group}/{name} lacks units"
        assert len(f["time"]) == 7 * 24 * 60


def test_balance_in_the_file(week_result):
    with h5py.File(week_result, "r") as f:
        s = {k: f["sites/berlin"][k][()] for k in POWER}
    supply = s["grid_power"] + s["pv_power"] + s["battery_power"]
    demand = s["it_power"] + s["cooling_power"] + s["aux_power"] + s["loss_power"]
    assert np.all(np.abs(supply - demand) <= 1e-9 * (np.abs(supply) + np.abs(demand)))


def test_pandas_frame_with_datetime_index(week_result):
    with h5py.File(week_result, "r") as f:
        t = pd.to_datetime(f["time"][()], unit="us", utc=True)
        df = pd.DataFrame({k: f["sites/berlin"][k][()] for k in POWER}, index=t)
    assert df.index[0] == pd.Timestamp("2024-12-31T23:00:00Z")
    assert (df.index[1] - df.index[0]) == pd.Timedelta(minutes=1)
    # A whole week of the repeated one-week trace has the trace's own mean.
    trace = pd.read_csv(QUICKSTART.parent.parent / "data/traces/quickstart_it_load_week_1min.csv")
    assert abs(df["it_power"].mean() - 1e3 * trace["it_power_kw"].mean()) < 1e-6 * df["it_power"].mean()
    assert abs(df["cooling_power"].mean() - 0.3 * df["it_power"].mean()) < 1e-6 * df["it_power"].mean()


def test_xarray_opens_a_site_group_with_a_time_coordinate(week_result):
    ds = xr.open_dataset(week_result, group="sites/berlin", engine="h5netcdf")
    try:
        assert "time" in ds.coords
        assert np.issubdtype(ds["time"].dtype, np.datetime64)
        assert ds["time"].values[0] == np.datetime64("2024-12-31T23:00:00")
        assert ds["grid_power"].dims == ("time",)
        assert ds["grid_power"].attrs["units"] == "W"
        assert ds.sizes["time"] == 7 * 24 * 60
        # Max is never below the mean: the row holds the interval's extremes.
        assert bool((ds["it_power_max"] >= ds["it_power"] - 1e-6).all())
    finally:
        ds.close()
