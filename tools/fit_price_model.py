#!/usr/bin/python3
"""Fits the synthetic day-ahead price model per bidding zone to the real price files.

Usage: tools/fit_price_model.py [--data ../shared/data] [--out data/prices/synthetic]

Writes data/prices/synthetic/<zone>.yaml, read by models/grid/synthetic_prices.cpp.
Model (docs/models/grid.md, "Synthetic prices"), all values in EUR/MWh excl. VAT:

  price(t) = level + cos * cos(theta) + sin * sin(theta)         seasonal mean
           + shape[weekday | weekend][local hour]                daily shape
           + x(t),  x(t) = phi * x(t - 1 h) + sigma * N(0, 1)     AR(1) noise
           + spike and dip events                                rare excursions

theta = 2 pi (t - 2000-01-01T00:00Z) / 365.2425 d, so cos peaks around 1 January.
Fitting, step by step:
  1. least squares of the price on [1, cos theta, sin theta];
  2. shape = mean of what is left per (day type, local hour); Saturday and Sunday are
     weekend days (public holidays are not told apart);
  3. residual r = price - seasonal - shape; robust scale s = 1.4826 * MAD(r); hours with
     |r| > 3 s are excursions. Runs of consecutive hours above +3 s are spike events,
     below -3 s dip events: `every` = hours outside events / number of events, `duration` =
     mean run length, `height`/`depth` = mean excess beyond the 3 s threshold over the event
     hours (the generator holds one exponential draw of that mean through each event);
  4. AR(1) on r clipped to +-3 s (Yule-Walker: phi = lag-1 autocorrelation,
     sigma = sd * sqrt(1 - phi^2)). The clipped residual's mean moves into `level`, so the
     generator's mean (AR mean 0 plus the events' mean excess) reproduces the data's mean.

Reading mirrors models/grid/price_formats.cpp: ENTSO-E local CET/CEST intervals (empty spring
hour dropped, autumn hour by file order), Energinet HourUTC with decimal comma, sahkotin
c/kWh incl. Finnish VAT converted to EUR/MWh excl. VAT, SMARD and Energy-Charts UTC columns.
Needs only numpy and pandas (Debian packages).
"""

import argparse
import gzip
import pathlib

import numpy as np
import pandas as pd

HERE = pathlib.Path(__file__).resolve().parent
PROJECT = HERE.parent
EPOCH = pd.Timestamp("2000-01-01T00:00Z")
YEAR_DAYS = 365.2425
K_THRESHOLD = 3.0  # excursion threshold in robust standard deviations

# zone -> (reader, file, IANA zone, fitted period [from, to) in local time, note)
# DK: only 2023 of the 2021-2024 file: 2021-2022 are the gas-crisis years (means above
# 100 EUR/MWh) and would not describe a typical year. FI: 2023 of the 2023..2024-02 file.
# DE-LU: up to the 15-minute switch; afterwards the file keeps the first quarter-hour's
# price, not the hourly mean (SOURCES.md). SMARD: all of 2025 (Oct-Dec hourly aggregates).
# AT and CH of the SMARD file are left out: SOURCES.md flags values not investigated.
ZONES = {
    "DE-LU": ("energy_charts", "hourly_german_residual_load_and_prices_2024_present.csv.gz",
              "Europe/Berlin", "2024-01-01", "2025-10-01"),
    "SE3": ("entsoe", "SE3_2023_entsoe.csv", "Europe/Stockholm", "2023-01-01", "2024-01-01"),
    "SE4": ("entsoe", "SE4_2023_entsoe.csv", "Europe/Stockholm", "2023-01-01", "2024-01-01"),
    "DK1": ("energinet", "Elspotprices_DK1_DK2_2021-2024.csv.gz", "Europe/Copenhagen",
            "2023-01-01", "2024-01-01"),
    "DK2": ("energinet", "Elspotprices_DK1_DK2_2021-2024.csv.gz", "Europe/Copenhagen",
            "2023-01-01", "2024-01-01"),
    "FI": ("sahkotin", "sahkotin_spot_price_vat_FI.csv", "Europe/Helsinki", "2023-01-01",
           "2024-01-01"),
}
# The SMARD neighbours: zone -> (column of the file, IANA zone), all of 2025.
SMARD_ZONES = {
    "NO2": ("Norwegen 2_price", "Europe/Oslo"),
    "BE": ("Belgien_price", "Europe/Brussels"),
    "FR": ("Frankreich_price", "Europe/Paris"),
    "NL": ("Niederlande_price", "Europe/Amsterdam"),
    "PL": ("Polen_price", "Europe/Warsaw"),
    "CZ": ("Tschechien_price", "Europe/Prague"),
}
SMARD_COLUMNS = {zone: column for zone, (column, _) in SMARD_ZONES.items()}
ZONES.update({zone: ("smard", "neighbor_prices_hourly_2025_smard_UTC.csv.gz", tz, "2025-01-01",
                     "2026-01-01") for zone, (_, tz) in SMARD_ZONES.items()})


def read_entsoe(path, zone):
    df = pd.read_csv(path, dtype=str)
    if df.columns[3] != f"BZN|{zone}":
        raise SystemExit(f"{path}: expected zone {zone}, header says {df.columns[3]}")
    df = df[df.iloc[:, 1].notna() & (df.iloc[:, 1] != "")]  # the empty spring DST hour
    start = pd.to_datetime(df.iloc[:, 0].str[:16], format="%d.%m.%Y %H:%M")
    # The column is CET/CEST (Berlin offsets); the doubled autumn hour is in file order.
    t = start.dt.tz_localize("Europe/Berlin", ambiguous="infer").dt.tz_convert("UTC")
    return pd.Series(df.iloc[:, 1].astype(float).values, index=pd.DatetimeIndex(t))


def read_energinet(path, zone):
    df = pd.read_csv(path, sep=";", decimal=",", dtype={"PriceArea": str})
    df = df[df["PriceArea"] == zone]
    t = pd.to_datetime(df["HourUTC"]).dt.tz_localize("UTC")
    return pd.Series(df["SpotPriceEUR"].values, index=pd.DatetimeIndex(t)).sort_index()


def finnish_vat(t):
    """As models/grid/price_formats.cpp finnish_vat(): Helsinki midnight boundaries."""
    cut_10 = pd.Timestamp("2022-12-01T00:00+02:00")
    cut_24 = pd.Timestamp("2023-05-01T00:00+03:00")
    cut_255 = pd.Timestamp("2024-09-01T00:00+03:00")
    vat = np.full(len(t), 0.24)
    vat[(t >= cut_10) & (t < cut_24)] = 0.10
    vat[t >= cut_255] = 0.255
    return vat


def read_sahkotin(path, zone):
    df = pd.read_csv(path)
    t = pd.DatetimeIndex(pd.to_datetime(df["hour"], utc=True))
    # c/kWh incl. VAT -> EUR/MWh excl. VAT
    return pd.Series(df["price"].values * 10.0 / (1.0 + finnish_vat(t)), index=t)


def read_smard(path, zone):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        df = pd.read_csv(f)
    t = pd.DatetimeIndex(pd.to_datetime(df["timestamp_utc"], utc=True))
    return pd.Series(df[SMARD_COLUMNS[zone]].values, index=t)


def read_energy_charts(path, zone):
    df = pd.read_csv(path)
    t = pd.DatetimeIndex(pd.to_datetime(df["timestamp_unix"], unit="s", utc=True))
    return pd.Series(df["day_ahead_price_eur_mwh"].values, index=t)


READERS = {"entsoe": read_entsoe, "energinet": read_energinet, "sahkotin": read_sahkotin,
           "smard": read_smard, "energy_charts": read_energy_charts}


def window(s, tz, start, end):
    a = pd.Timestamp(start).tz_localize(tz)
    b = pd.Timestamp(end).tz_localize(tz)
    s = s[(s.index >= a) & (s.index < b)]
    step = np.diff(s.index.asi8)
    if len(s) < 24 * 300 or not np.all(step == 3_600_000_000_000):
        raise SystemExit(f"expected gap-free hourly prices in [{a}, {b}), got {len(s)} rows")
    return s


def lag1(x):
    x = x - x.mean()
    return float(np.dot(x[1:], x[:-1]) / np.dot(x, x))


def events(above):
    """Runs of consecutive hours where `above` holds: (count, mean length, hours in runs)."""
    edges = np.diff(np.concatenate([[0], above.astype(int), [0]]))
    starts = np.flatnonzero(edges == 1)
    n = len(starts)
    hours = int(above.sum())
    return n, (hours / n if n else 0.0), hours


def fit(s, tz):
    p = s.values.astype(float)
    days = (s.index - EPOCH).total_seconds().values / 86400.0
    theta = 2 * np.pi * days / YEAR_DAYS
    a = np.column_stack([np.ones_like(p), np.cos(theta), np.sin(theta)])
    coef, *_ = np.linalg.lstsq(a, p, rcond=None)
    seasonal = a @ coef
    local = s.index.tz_convert(tz)
    hour = local.hour.values
    weekend = local.dayofweek.values >= 5
    shape = np.zeros((2, 24))
    for w in (0, 1):
        for h in range(24):
            sel = (weekend == bool(w)) & (hour == h)
            shape[w, h] = (p[sel] - seasonal[sel]).mean()
    r = p - seasonal - shape[weekend.astype(int), hour]
    scale = 1.4826 * np.median(np.abs(r - np.median(r)))
    c = K_THRESHOLD * scale
    clipped = np.clip(r, -c, c)
    x = clipped - clipped.mean()
    phi = lag1(x)
    sigma = x.std() * np.sqrt(1 - phi * phi)
    out = {"level": coef[0] + clipped.mean(), "cos": coef[1], "sin": coef[2], "shape": shape,
           "phi": phi, "sigma": sigma, "threshold": c}
    n = len(r)
    for name, mask, excess in (("spikes", r > c, r - c), ("dips", r < -c, -c - r)):
        count, dur, hours = events(mask)
        out[name] = None if count == 0 else {
            "every": (n - hours) / count, "duration": dur, "height": excess[mask].mean(),
            "count": count}
    out["stats"] = {"mean": p.mean(), "sd": p.std(), "lag1": lag1(p), "min": p.min(),
                    "max": p.max(), "negative": float((p < 0).mean())}
    return out


def q(v, unit="EUR/MWh", digits=2):
    return f"{v:.{digits}f} {unit}"


def shape_rows(values):
    items = [q(v) for v in values]
    rows = [", ".join(items[i:i + 6]) for i in range(0, 24, 6)]
    return "[" + (",\n    ").join(rows) + "]"


def write_yaml(path, zone, tz, fname, a, b, n, m):
    st = m["stats"]
    lines = [
        f"# Synthetic day-ahead price model for bidding zone {zone} (EUR/MWh excl. VAT).",
        f"# Source: ../shared/data/prices/{fname} (see ../shared/data/SOURCES.md)",
        f"# Period fitted: {a.isoformat()} .. {b.isoformat()} ({n} hourly prices)",
        "# Written by tools/fit_price_model.py - rerun it rather than editing by hand.",
        "# Model and field meanings: docs/models/grid.md, \"Synthetic prices\".",
        f"zone: {zone}",
        f"timezone: {tz}{' ' * max(1, 20 - len(tz))}# daily shape and weekends in local time",
        "seasonal:                     # level + cos*cos(theta) + sin*sin(theta), theta = 0 on 1 Jan",
        f"  level: {q(m['level'])}",
        f"  cos: {q(m['cos'])}",
        f"  sin: {q(m['sin'])}",
        "shape:                        # added per local hour 00..23",
        f"  weekday: {shape_rows(m['shape'][0])}",
        f"  weekend: {shape_rows(m['shape'][1])}",
        "noise:                        # AR(1) per hour",
        f"  phi: {m['phi']:.4f}",
        f"  sigma: {q(m['sigma'])}",
    ]
    for name, word, side in (("spikes", "height", "above +"), ("dips", "depth", "below -")):
        e = m[name]
        if e is None:
            continue
        lines += [
            f"{name}:{' ' * (29 - len(name))}# {e['count']} runs of hours with residual {side}"
            f"{m['threshold']:.1f} EUR/MWh in the data",
            f"  every: {e['every']:.0f} h",
            f"  duration: {e['duration']:.2f} h",
            f"  {word}: {q(e['height'])}",
        ]
    lines += [
        "fitted:                       # statistics of the source period (not used to generate)",
        f"  mean: {q(st['mean'])}",
        f"  sd: {q(st['sd'])}",
        f"  lag1: {st['lag1']:.4f}",
        f"  min: {q(st['min'])}",
        f"  max: {q(st['max'])}",
        f"  negative: {100 * st['negative']:.2f} %",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=str(PROJECT.parent / "shared" / "data"))
    ap.add_argument("--out", default=str(PROJECT / "data" / "prices" / "synthetic"))
    args = ap.parse_args()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for zone, (reader, fname, tz, start, end) in ZONES.items():
        s = READERS[reader](pathlib.Path(args.data) / "prices" / fname, zone)
        s = window(s, tz, start, end)
        m = fit(s, tz)
        name = zone.lower().replace("-", "_") + ".yaml"
        first = s.index[0].tz_convert(tz)
        end = (s.index[-1] + pd.Timedelta(hours=1)).tz_convert(tz)
        write_yaml(out / name, zone, tz, fname, first, end, len(s), m)
        st = m["stats"]
        print(f"{zone:6} {name:12} n={len(s):5} mean={st['mean']:7.2f} level={m['level']:7.2f} "
              f"phi={m['phi']:.3f} sigma={m['sigma']:6.2f} thr={m['threshold']:6.1f} "
              f"spikes={m['spikes'] and m['spikes']['count']} dips={m['dips'] and m['dips']['count']}")


if __name__ == "__main__":
    main()
