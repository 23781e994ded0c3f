#!/usr/bin/env python3
"""Generates the synthetic traces of scenarios/quickstart.yaml into data/traces/.

Deterministic (fixed seed), standard library only, so the committed files can be
rebuilt bit for bit:  /usr/bin/python3 tools/gen_quickstart_traces.py

- quickstart_it_load_week_1min.csv: one week (Mon-Sun) of IT power of a small
  compute site at 1-minute resolution: an always-on base, training jobs whose
  draw dips at every checkpoint, daytime inference with bursts and a nightly
  batch window. The scenario repeats it over the year.
- quickstart_pv_2025_1h.csv: hourly AC power of a 150 kWp roof array near
  Berlin for 2025: a clear-sky shape from solar geometry times a persistent
  random cloud factor. The scenario interpolates it linearly to 1-minute steps.
"""
import math
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "data" / "traces"


def it_load_week(rng):
    start = datetime(2025, 1, 6, tzinfo=timezone.utc)  # a Monday
    rows = []
    for m in range(7 * 24 * 60):
        t = start + timedelta(minutes=m)
        hour = t.hour + t.minute / 60
        weekday = t.weekday() < 5
        p = 25.0  # kW: storage, control plane, idle nodes
        # Two training jobs on 4 GPU nodes each, dipping for 3 min at every 30-min checkpoint.
        for phase in (0, 13):
            p += 15.0 if (m + phase) % 30 >= 3 else 4.5
        # Inference follows the working day, with bursts.
        if weekday and 7 <= hour < 20:
            p += 15.0 * math.sin(math.pi * (hour - 7) / 13) + (8.0 if rng.random() < 0.08 else 0.0)
        # Nightly batch window (risk runs / renders), weekdays 01:00-04:30.
        if weekday and 1 <= hour < 4.5:
            p += 30.0
        p += rng.gauss(0, 1.0)
        rows.append((t, max(p, 0.0)))
    return rows


def clear_sky_kw(t, peak_kw=150.0, lat=52.5, lon=13.4):
    doy = t.timetuple().tm_yday
    decl = math.radians(23.44) * math.sin(2 * math.pi * (284 + doy) / 365)
    solar_hour = t.hour + t.minute / 60 + lon / 15
    ha = math.radians(15 * (solar_hour - 12))
    la = math.radians(lat)
    cos_z = math.sin(la) * math.sin(decl) + math.cos(la) * math.cos(decl) * math.cos(ha)
    if cos_z <= 0:
        return 0.0
    # Air-mass attenuation; south-facing tilt adds roughly 15 % around noon.
    am = 1 / max(cos_z, 0.05)
    return peak_kw * cos_z * 0.7 ** (am ** 0.678) / 0.7 * 1.15 * 0.82


def pv_year(rng):
    start = datetime(2025, 1, 1, tzinfo=timezone.utc)
    rows, cloud = [], 0.7
    for h in range(365 * 24):  # a repeating year: 1 January 00:00 starts the next one
        t = start + timedelta(hours=h)
        cloud = min(1.0, max(0.1, cloud + 0.25 * (0.65 - cloud) + rng.gauss(0, 0.12)))
        rows.append((t, round(min(clear_sky_kw(t) * cloud, 135.0), 2)))
    return rows


def write(path, header, rows):
    with open(path, "w", newline="\n") as f:
        f.write(header + "\n")
        for t, v in rows:
            f.write(f"{t.strftime('%Y-%m-%dT%H:%M:%SZ')},{v:.2f}\n")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    rng = random.Random(2025)
    write(OUT / "quickstart_it_load_week_1min.csv", "time,it_power_kw", it_load_week(rng))
    write(OUT / "quickstart_pv_2025_1h.csv", "time,pv_power_kw", pv_year(rng))


if __name__ == "__main__":
    main()
