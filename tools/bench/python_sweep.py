#!/usr/bin/python3
"""Python-side costs: a Python controller's overhead per call, and the throughput of
wattfleet.sweep over 8 full years (BAT-A with 8 cabinet sizes: 40..110 cells in parallel) on 1 and 2 threads and
on a local Dask cluster of 2 worker processes.
Usage: PYTHONPATH=build/release/python tools/bench/python_sweep.py   (needs ../shared/data)"""
import pathlib
import sys
import time

import wattfleet

ROOT = pathlib.Path(__file__).resolve().parents[2]
BAT_A = ROOT / "scenarios/reference/bat_a.yaml"
if not (ROOT.parent / "shared/data/reference").is_dir():
    sys.exit("needs ../shared/data (the BAT-A traces)")

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from python_sweep_controller import ShaveAbove100kW  # noqa: E402 (a module Dask workers import)


def timed(f):
    t0 = time.perf_counter()
    out = f()
    return time.perf_counter() - t0, out


def main():
    base = wattfleet.Scenario.from_file(str(BAT_A))
    builtin, _ = timed(lambda: wattfleet.run(base))
    ctl = ShaveAbove100kW()
    python, _ = timed(lambda: wattfleet.run(base, controllers={"fleet": ctl}))
    print(f"BAT-A year: built-in controller {builtin:.2f} s, Python controller {python:.2f} s "
          f"({ctl.calls} calls, {(python - builtin) / ctl.calls * 1e6:.2f} us more per call)")

    years = [base.set("sites.fleet.devices.cabinet.cells_parallel", str(p)) for p in range(40, 120, 10)]
    for threads in (1, 2):
        wall, _ = timed(lambda: wattfleet.sweep(years, threads=threads))
        print(f"sweep, 8 years, {threads} thread(s): {wall:.2f} s ({8 / wall:.1f} years/s)")
        wall, _ = timed(lambda: wattfleet.sweep(years, controllers=[ShaveAbove100kW], threads=threads))
        print(f"sweep, 8 years, Python controller, {threads} thread(s): {wall:.2f} s")
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        sys.exit("no dask.distributed (python3-distributed): the cluster case is skipped")
    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        wattfleet.sweep(years[:2], client=client)  # workers warm: the module imported
        wall, _ = timed(lambda: wattfleet.sweep(years, client=client))
        print(f"sweep, 8 years, Dask 2 workers: {wall:.2f} s ({8 / wall:.1f} years/s)")
        wall, _ = timed(lambda: wattfleet.sweep(years, controllers=[ShaveAbove100kW], client=client))
        print(f"sweep, 8 years, Python controller, Dask 2 workers: {wall:.2f} s")


if __name__ == "__main__":  # Dask workers import this file again: run nothing then
    main()
