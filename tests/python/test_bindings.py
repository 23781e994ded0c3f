"""The Python module as a notebook user meets it."""
import copy
import pickle
import threading
import time

import numpy as np
import pandas as pd
import pytest

from conftest import QUICKSTART

wattfleet = pytest.importorskip("wattfleet", reason="the Python module is not built (needs pybind11-dev)")


def week():
    return wattfleet.Scenario.from_file(str(QUICKSTART)).set("duration", "7d").set("output_interval", "1min")


@pytest.fixture(scope="module")
def week_run():
    return wattfleet.run(week())


def test_load_from_file_yaml_and_dict():
    s = wattfleet.Scenario.from_file(str(QUICKSTART))
    info = s.validate()
    assert info["sites"] == ["berlin"] and info["output_interval_s"] == 900
    y = wattfleet.Scenario.from_yaml(QUICKSTART.read_text().replace("../data", str(QUICKSTART.parent.parent / "data")))
    assert y.validate()["name"] == "quickstart"
    d = {"start": "2025-01-01T00:00:00Z", "duration": "1d", "sites": {"a": {"devices": {
        "grid": {"type": "grid", "import_limit": "100 kW"},
        "it": {"type": "load", "connect": "grid", "power": "40 kW"}}}}}
    r = wattfleet.run(wattfleet.from_dict(d))
    assert r.summary("a").loc[("a", "it_energy"), "value"] == pytest.approx(40 * 24)


def test_validation_errors_name_file_line_and_field():
    with pytest.raises(wattfleet.InputError) as e:  # at the call, not at run()
        wattfleet.Scenario.from_file(str(QUICKSTART)).set("sites.berlin.devices.cabinet.capacity", "200 kW")
    assert e.value.field == "sites.berlin.devices.cabinet.capacity"
    assert e.value.file == "Scenario.set('sites.berlin.devices.cabinet.capacity', '200 kW')"
    assert "expected an energy" in str(e.value)
    # What only the builder knows is reported by run(), under Python's name for the change.
    s = wattfleet.Scenario.from_file(str(QUICKSTART)).set("sites.berlin.controller.type", "no_such")
    with pytest.raises(wattfleet.InputError) as e:
        wattfleet.run(s)
    assert e.value.file == "Scenario.set" and e.value.field == "sites.berlin.controller.type"
    bad = wattfleet.Scenario.from_yaml("start: 2025-01-01T00:00:00Z\nduration: 1d\ncolour: red\nsites: {}\n", "x.yaml")
    with pytest.raises(wattfleet.InputError) as e:
        bad.validate()
    assert (e.value.file, e.value.line, e.value.field) == ("x.yaml", 3, "colour")
    assert isinstance(e.value, ValueError)


def test_editing_changes_the_run():
    small = wattfleet.run(week().set("sites.berlin.devices.cabinet.capacity", "50 kWh"))
    big = wattfleet.run(week().set("sites.berlin.devices.cabinet.capacity", "500 kWh"))
    cyc = lambda r: r.summary("berlin").loc[("berlin", "battery_discharge_energy"), "value"]
    assert cyc(big) > cyc(small)


def test_columns_are_zero_copy_views(week_run):
    a = week_run.column("berlin", "grid_power")
    b = week_run.column("berlin", "grid_power")
    assert not a.flags.owndata and not a.flags.writeable
    assert a.__array_interface__["data"][0] == b.__array_interface__["data"][0]  # same C++ memory
    assert np.shares_memory(a, b)
    assert len(a) == 7 * 24 * 60


def test_pandas_xarray_and_events(week_run):
    df = week_run.to_pandas("berlin")
    assert df.index[0] == pd.Timestamp("2024-12-31T23:00:00Z")
    supply = df.grid_power + df.pv_power + df.battery_power
    demand = df.it_power + df.cooling_power + df.aux_power + df.loss_power
    assert np.allclose(supply, demand, rtol=1e-9, atol=1e-6)
    ds = week_run.to_xarray("berlin")
    assert ds["grid_power"].attrs["units"] == "W" and ds.sizes["time"] == 7 * 24 * 60
    ev = week_run.events()
    assert set(ev.columns) == {"time", "site", "kind", "value", "message"}
    # A January week: the cabinet runs empty in the first night and PV never fills it.
    assert ev.kind.iloc[0] == "battery_empty" and (ev.site == "berlin").all()
    # The state event lands in the first row whose SoC minimum touches the floor.
    row = (ev.time.iloc[0] - df.index[0]) // pd.Timedelta(minutes=1)
    soc_min = week_run.column("berlin", "soc_min")
    assert soc_min[row] == pytest.approx(0.05, abs=1e-12) and soc_min[row - 1] > 0.05


class PySelfConsumption(wattfleet.Controller):
    """The built-in self_consumption rule, written in Python."""

    def __init__(self):
        super().__init__()
        self.calls = 0

    def battery_setpoint_w(self, s):
        self.calls += 1
        return s.demand_w - s.pv_w


def test_python_controller_reproduces_the_built_in_rule(week_run):
    ctl = PySelfConsumption()
    t0 = time.perf_counter()
    mine = wattfleet.run(week(), controllers={"berlin": ctl})
    wall = time.perf_counter() - t0
    assert ctl.calls > 10000
    for c in ("grid_power", "battery_power", "soc", "grid_power_max"):
        assert np.array_equal(mine.column("berlin", c), week_run.column("berlin", c)), c
    per_call_us = 1e6 * (wall - week_run._native.wall_seconds) / ctl.calls
    print(f"python controller: {ctl.calls} calls, about {per_call_us:.2f} us overhead per call")


class SnapshotProbe(wattfleet.Controller):
    """Keeps what the site tells a controller besides powers."""

    def __init__(self):
        super().__init__()
        self.seen = []

    def battery_setpoint_w(self, s):
        self.seen.append((s.price_eur_per_mwh, s.frequency_hz, s.grid_up, s.capacity_j, s.net_w))
        return 0.0


def test_a_python_controller_sees_price_frequency_and_capacity():
    ctl = SnapshotProbe()
    wattfleet.run(week().set("duration", "1d"), controllers={"berlin": ctl})
    price, freq, up, cap, net = ctl.seen[-1]
    assert price == 95.0  # the quickstart's flat price
    assert freq == 50.0  # nominal without a frequency trace
    assert up is True
    assert cap > 0


def test_two_runs_in_two_threads_overlap():
    s = wattfleet.Scenario.from_file(str(QUICKSTART)).set("duration", "730d")
    spans = []
    barrier = threading.Barrier(2)

    def go():
        barrier.wait()
        t0 = time.perf_counter()  # needs the GIL: blocked while the other run holds it
        wattfleet.run(s)
        spans.append((t0, time.perf_counter()))

    threads = [threading.Thread(target=go) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    (a0, a1), (b0, b1) = spans
    assert max(a0, b0) < min(a1, b1), "the runs did not overlap: is the GIL released?"


def test_series_from_pandas_drives_a_load():
    idx = pd.date_range("2025-01-01", periods=25, freq="h", tz="UTC")
    load = pd.Series(np.where(np.arange(25) % 2 == 0, 10.0, 30.0), index=idx)
    d = {"start": "2025-01-01T00:00:00Z", "duration": "1d", "output_interval": "1h", "sites": {"a": {"devices": {
        "grid": {"type": "grid", "import_limit": "100 kW"},
        "it": {"type": "load", "connect": "grid", "power": "0 kW"}}}}}
    s = wattfleet.set_series(wattfleet.from_dict(d), "sites.a.devices.it.power", load, unit="kW")
    r = wattfleet.run(s)
    assert np.array_equal(r.column("a", "it_power"), load.to_numpy()[:24] * 1e3)


def test_sweep_and_reopening_a_file(tmp_path):
    base = week()
    results = wattfleet.sweep([wattfleet.Scenario.from_file(str(QUICKSTART)).set("duration", "2d").set(
        "sites.berlin.devices.cabinet.capacity", f"{c} kWh") for c in (100, 200, 400)], threads=2)
    assert len(results) == 3
    out = tmp_path / "w.h5"
    mem = wattfleet.run(base, output=str(out))
    disk = wattfleet.open(str(out))
    pd.testing.assert_frame_equal(mem.to_pandas("berlin"), disk.to_pandas("berlin"), check_freq=False)
    assert disk.seed == mem.seed
    assert len(disk.events()) == len(mem.events())


def test_set_returns_a_new_scenario_and_leaves_the_original():
    base = wattfleet.Scenario.from_file(str(QUICKSTART))
    variants = [base.set("sites.berlin.devices.cabinet.capacity", f"{c} kWh") for c in (100, 200)]
    assert base.overrides == []
    assert [v.overrides for v in variants] == [["sites.berlin.devices.cabinet.capacity=100 kWh"],
                                              ["sites.berlin.devices.cabinet.capacity=200 kWh"]]
    assert variants[0] != variants[1] and base != variants[0]
    assert copy.copy(variants[0]) == variants[0] and copy.deepcopy(variants[1]) == variants[1]
    assert base.set("duration", "1d") == base.set("duration", "1d")


def test_scenarios_pickle_with_their_series():
    idx = pd.date_range("2025-01-01", periods=25, freq="h", tz="UTC")
    d = {"start": "2025-01-01T00:00:00Z", "duration": "1d", "output_interval": "1h", "sites": {"a": {"devices": {
        "grid": {"type": "grid", "import_limit": "100 kW"},
        "it": {"type": "load", "connect": "grid", "power": "0 kW"}}}}}
    s = wattfleet.set_series(wattfleet.from_dict(d), "sites.a.devices.it.power",
                             pd.Series(np.arange(25.0), index=idx), unit="kW").set("output_interval", "15min")
    back = pickle.loads(pickle.dumps(s))
    assert back == s and back is not s
    assert np.array_equal(wattfleet.run(back).column("a", "it_power"), wattfleet.run(s).column("a", "it_power"))
    assert back.set("duration", "2h") != s  # still a value after the trip


def test_a_bad_set_raises_at_the_call():
    base = wattfleet.Scenario.from_file(str(QUICKSTART))
    with pytest.raises(wattfleet.InputError) as e:
        base.set("duration", "soon")
    assert e.value.file == "Scenario.set('duration', 'soon')" and e.value.field == "duration"
    with pytest.raises(wattfleet.InputError) as e:
        base.set("colour", "red")
    assert e.value.file == "Scenario.set('colour', 'red')" and "unknown field" in str(e.value)
    with pytest.raises(wattfleet.InputError, match="above 0 J"):  # a declared range
        base.set("sites.berlin.devices.cabinet.capacity", "-5 kWh")
    assert base.overrides == []


class ChargeBelowHalf(wattfleet.Controller):
    """A small rule in Python: charge at 20 kW below half full, else cover the net load."""

    def battery_setpoint_w(self, s):
        return -20e3 if s.soc < 0.5 else max(0.0, s.net_w)


def test_sweep_of_scenarios_and_controllers_equals_the_single_runs():
    base = wattfleet.Scenario.from_file(str(QUICKSTART)).set("duration", "1d").set("output_interval", "1h")
    scenarios = [base.set("sites.berlin.devices.cabinet.capacity", f"{100 + 50 * k} kWh") for k in range(8)]
    controllers = ["{type: self_consumption}", ChargeBelowHalf]
    swept = wattfleet.sweep(scenarios, controllers=controllers, threads=2)
    assert len(swept) == 16
    assert swept.labels[:2] == [(0, "{type: self_consumption}"), (0, "ChargeBelowHalf")]
    for k, s in enumerate(scenarios):
        single = [wattfleet.run(s.set("sites.berlin.controller", "{type: self_consumption}")),
                  wattfleet.run(s, controllers={"berlin": ChargeBelowHalf()})]
        for j, one in enumerate(single):
            got = swept[2 * k + j]
            for c in ("grid_power", "battery_power", "soc"):
                assert np.array_equal(got.column("berlin", c), one.column("berlin", c)), (k, j, c)
            pd.testing.assert_frame_equal(got.summary(), one.summary())
    table = swept.to_dataframe()
    assert table.shape[0] == 16 and table.index.names == ["scenario", "controller"]
    assert table.attrs["units"][("berlin", "grid_import_energy")] == "kWh"
    assert table.loc[(3, "ChargeBelowHalf"), ("berlin", "grid_import_energy")] == pytest.approx(
        swept[7].summary().loc[("berlin", "grid_import_energy"), "value"])


def test_units_on_frames_and_bills_as_a_table(week_run):
    df = week_run.to_pandas("berlin")
    assert df.attrs["units"]["grid_power"] == "W"
    bills = week_run.bills("berlin")
    assert "total" in bills.columns and bills.index.name == "period"
    assert bills.attrs["units"]["total"] == "EUR"
    months = bills[bills.index.str.len() == 7]
    years = bills[bills.index.str.len() == 4]
    assert months["total"].sum() == pytest.approx(years["total"].sum())
