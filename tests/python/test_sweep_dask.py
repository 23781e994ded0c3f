"""A sweep on a Dask cluster (two worker processes) equals the same sweep on threads."""
import numpy as np
import pandas as pd
import pytest

from conftest import QUICKSTART

wattfleet = pytest.importorskip("wattfleet", reason="the Python module is not built (needs pybind11-dev)")
distributed = pytest.importorskip("distributed", reason="needs python3-distributed (tools/install-deps.sh)")


class ChargeBelowHalf(wattfleet.Controller):
    """Charge at 20 kW below half full, else cover the net load."""

    def battery_setpoint_w(self, s):
        return -20e3 if s.soc < 0.5 else max(0.0, s.net_w)


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=40)
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


def test_dask_sweep_equals_the_local_sweep(client):
    base = wattfleet.Scenario.from_file(str(QUICKSTART)).set("duration", "2d").set("output_interval", "1h")
    scenarios = [base.set("sites.berlin.devices.cabinet.capacity", f"{100 + 100 * k} kWh") for k in range(4)]
    controllers = [None, "{type: self_consumption}", ChargeBelowHalf]
    local = wattfleet.sweep(scenarios, controllers=controllers, threads=2)
    remote = wattfleet.sweep(scenarios, controllers=controllers, client=client, channels=["grid_power", "soc"])
    assert remote.labels == local.labels and len(remote) == 12
    pd.testing.assert_frame_equal(remote.to_dataframe(), local.to_dataframe())
    for a, b in zip(remote, local):
        for c in ("grid_power", "soc"):
            assert np.array_equal(a.column("berlin", c), b.column("berlin", c))
        assert a.events().equals(b.events())
        assert len(a.time) == len(b.time)
    with pytest.raises(KeyError, match="was not asked for"):
        remote[0].column("berlin", "battery_power")  # only the channels asked for travel
    # Every task ran on a worker process, not here.
    assert len(client.scheduler_info()["workers"]) == 2


def test_a_controller_from_main_is_refused_before_sending(client):
    in_main = type("InMain", (ChargeBelowHalf,), {"__module__": "__main__"})  # as a notebook defines it
    s = wattfleet.Scenario.from_file(str(QUICKSTART)).set("duration", "1d")
    with pytest.raises(TypeError, match="defined in __main__"):
        wattfleet.sweep([s], controllers=[in_main], client=client)
