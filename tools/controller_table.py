#!/usr/bin/env python3
"""Annual bill of one site under every controller, as a Markdown table.

    /usr/bin/python3 tools/controller_table.py [SCENARIO] [--site ID] [--wattfleet PATH]

Runs `wattfleet run` once per controller with --set (no cabinet, idle cabinet, each
rule, stacks, MPC with a naive and a perfect forecast, perfect foresight) and reads
the bills from the result files. On scenarios/berlin_vfx.yaml (the default) the
prices are replaced by the real 2025 DE-LU day-ahead series from ../shared/data when
that folder is there (else the scenario's own synthetic prices are kept, and the
table says so). "captured" is each controller's saving as a share of the
perfect-foresight saving.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

import h5py

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REAL_DE = os.path.join(ROOT, "..", "shared", "data", "prices",
                       "hourly_german_residual_load_and_prices_2024_present.csv.gz")


def variants(peak_kw):
    """(label, controller YAML); peak_kw: the site's 15-min peak without the cabinet."""
    limit = max(peak_kw - 50, 0)
    shave = f"{{type: peak_shaving, limit: {limit:.0f} kW}}"
    follow = f"{{type: peak_shaving, limit: {limit:.0f} kW, follow_month_peak: true}}"
    arb = "{type: arbitrage, charge_hours: 4 h, discharge_hours: 4 h, hysteresis: 5 EUR/MWh}"
    return [
        ("idle cabinet", "{type: idle}"),
        ("self-consumption", "{type: self_consumption}"),
        (f"peak shaving at {limit:.0f} kW", shave),
        ("peak shaving, month's billed peak", follow),
        ("arbitrage (4 cheapest / 4 dearest h)", arb),
        # Peak shaving without recharging passes below its limit, so arbitrage gets a say.
        ("stack: reserve 50 kW x 30 min > peak shaving > arbitrage",
         "{type: stack, rules: [{type: backup_reserve, critical_load: 50 kW, duration: 30 min}, "
         f"{{type: peak_shaving, limit: {limit:.0f} kW, recharge: false}}, " + arb + "]}"),
        ("stack: peak shaving > 15-min pre-charge",
         f"{{type: stack, rules: [{{type: peak_shaving, limit: {limit:.0f} kW, recharge: false}}, "
         f"{{type: precharge, limit: {limit:.0f} kW}}]}}"),
        ("MPC 48 h, day-ahead naive load forecast",
         "{type: mpc, step: 1h, horizon: 48h, forecast: day_ahead_naive}"),
        ("MPC 48 h, perfect forecast", "{type: mpc, step: 1h, horizon: 48h}"),
        ("perfect foresight (LP, whole year)", "{type: optimal, step: 1h}"),
    ]


def run(wattfleet, scenario, sets, out):
    cmd = [wattfleet, "run", scenario, "-o", out, "--quiet"]
    for s in sets:
        cmd += ["--set", s]
    t0 = time.time()
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"{os.path.basename(sys.argv[0])}: {' '.join(cmd)} failed ({p.returncode}):\n{p.stderr}")
    return time.time() - t0


def require(wattfleet):
    """Exits with a clear line when the binary is not there."""
    if not os.access(wattfleet, os.X_OK):
        sys.exit(f"{os.path.basename(sys.argv[0])}: no wattfleet at {wattfleet}; build it first "
                 "(tools/build_release.sh) or pass --wattfleet")


def de_prices(site, synthetic=False):
    """(--set of the site's prices, their description): the real 2025 DE-LU day-ahead
    prices when ../shared/data is there (repeated for the appraisal's lives, gaps after
    2025 held), else the fitted synthetic model."""
    if not synthetic and os.path.exists(REAL_DE):
        return (f"sites.{site}.prices={{zone: DE-LU, file: {os.path.abspath(REAL_DE)}, "
                "repeat: true, gaps: hold}", "real 2025 DE-LU day-ahead prices (../shared/data)")
    return f"sites.{site}.prices={{synthetic: DE-LU}}", "synthetic DE-LU day-ahead prices"


def frankfurt_setup(doc):
    """Command line and common --set of the tables on the Frankfurt finance site (German
    medium-voltage RLM tariff, DE-LU prices): (args, scenario path, site id, sets, prices)."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("--wattfleet", default=os.path.join(ROOT, "build", "release", "tools", "wattfleet"))
    ap.add_argument("--synthetic", action="store_true",
                    help="synthetic DE-LU prices even when real ones are there")
    a = ap.parse_args()
    require(a.wattfleet)
    site = "frankfurt"
    price_set, prices = de_prices(site, a.synthetic)
    return (a, os.path.join(ROOT, "scenarios", "frankfurt_finance.yaml"), site,
            [f"sites.{site}.tariff={{preset: de_mv_rlm_2025}}", price_set], prices)


def summary(path, site):
    with h5py.File(path, "r") as f:
        g = f["summary"][site]
        return {k: float(g[k][()]) for k in g if isinstance(g[k], h5py.Dataset)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scenario", nargs="?", default=os.path.join(ROOT, "scenarios", "berlin_vfx.yaml"))
    ap.add_argument("--site", default="berlin")
    ap.add_argument("--wattfleet", default=os.path.join(ROOT, "build", "release", "tools", "wattfleet"))
    ap.add_argument("--synthetic", action="store_true", help="keep the scenario's own prices")
    a = ap.parse_args()
    require(a.wattfleet)
    base = []
    prices = "the scenario's own prices"
    if not a.synthetic and os.path.exists(REAL_DE) and a.site == "berlin":
        base.append(f"sites.{a.site}.prices={{zone: DE-LU, file: {os.path.abspath(REAL_DE)}, repeat: true, gaps: hold}}")
        prices = "real 2025 DE-LU day-ahead prices (../shared/data)"
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "r.h5")
        wall = run(a.wattfleet, a.scenario, base + [f"sites.{a.site}.controller={{type: idle}}"], out)
        s = summary(out, a.site)
        no_cab = s["without_storage.bill.total"]
        peak_kw = s["without_storage.bill.peak_15min"]
        rows.append(("no cabinet", no_cab, s, None, wall))
        for label, ctl in variants(peak_kw):
            wall = run(a.wattfleet, a.scenario, base + [f"sites.{a.site}.controller={ctl}"], out)
            s = summary(out, a.site)
            rows.append((label, s["bill.total"], s, ctl, wall))
    best = no_cab - rows[-1][1]
    print(f"Site `{a.site}` of {os.path.relpath(a.scenario, ROOT)}, {prices}; the cabinet on the "
          "full twin (cells, PCS, BMS, thermal, aging).\n")
    print("| controller | annual bill EUR | saving EUR | saving % | captured | 15-min peak kW | "
          "cycles | final SoC | run s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for label, bill, s, ctl, wall in rows:
        if ctl is None:
            print(f"| {label} | {bill:,.0f} | – | – | – | {s['without_storage.bill.peak_15min']:.1f} | "
                  f"– | – | {wall:.1f} |")
            continue
        save = no_cab - bill
        cap = f"{100 * save / best:.0f} %" if best > 0 else "–"
        print(f"| {label} | {bill:,.0f} | {save:,.0f} | {100 * save / no_cab:.2f} | {cap} | "
              f"{s['bill.peak_15min']:.1f} | {s.get('battery_equivalent_full_cycles', 0):.0f} | "
              f"{100 * s.get('battery_final_soc', 0):.0f} % | {wall:.1f} |")
    pf = rows[-1][2]
    if "ems.optimal.plan_cost" in pf:
        print(f"\nPerfect foresight: the LP's own cost of its plan {pf['ems.optimal.plan_cost']:,.0f} EUR "
              f"(simplified tariff and battery) against the twin's bill {rows[-1][1]:,.0f} EUR; the twin "
              f"ended {pf['ems.optimal.deviation_steps']:.0f} hourly steps more than 2 % SoC off the plan "
              f"(largest deviation {100 * pf['ems.optimal.max_soc_deviation']:.1f} % SoC).")


if __name__ == "__main__":
    main()
