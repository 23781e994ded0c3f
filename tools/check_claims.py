#!/usr/bin/env python3
"""The storage vendor's two claims of the brief, checked on the twin.

    /usr/bin/python3 tools/check_claims.py [--wattfleet PATH]

1. Norway: an LLM-training node by a fjord "lowers its overall electricity cost by
   more than 40 %" by charging at night and discharging at the day's peak.
   scenarios/norway_fjord_llm.yaml under both Norwegian network tariffs (the demand
   tariff a ~2 GWh/yr node is on, and the small-business capacity steps, whole ladder
   and day/night energy) and several NO2 price years (real 2025 prices from
   ../shared/data when there, and three seeded years of the fitted synthetic model);
   the cabinets run by perfect foresight (the best any controller can do on the twin:
   the LP prices the capacity steps by their convex envelope), at the scenario's size
   (two 215 kWh cabinets) and four times larger.
2. Berlin: a VFX render farm whose "monthly bill peaks at 300 % of a normal month",
   with "several compute interruptions from local grid disturbances".
   scenarios/berlin_vfx.yaml on real 2025 DE-LU prices: the monthly bills without the
   cabinet; then a year of grid disturbances (12 sags/yr, EPRI via domain reference 5.5;
   1 outage/yr of 12 min mean, German SAIDI order of magnitude [U]) with the IT fed
   directly and behind the cabinet.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile

import h5py

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(ROOT, "..", "shared", "data", "prices")
DE = os.path.join(SHARED, "hourly_german_residual_load_and_prices_2024_present.csv.gz")
NO2 = os.path.join(SHARED, "neighbor_prices_hourly_2025_smard_UTC.csv.gz")


def run(wattfleet, scenario, sets, out):
    cmd = [wattfleet, "run", os.path.join(ROOT, "scenarios", scenario), "-o", out, "--quiet"]
    for s in sets:
        cmd += ["--set", s]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"check_claims: {' '.join(cmd)} failed ({p.returncode}):\n{p.stderr}")
    with h5py.File(out, "r") as f:
        return {site: {k: float(g[k][()]) for k in g if isinstance(g[k], h5py.Dataset)}
                for site, g in f["summary"].items() if isinstance(g, h5py.Group)}


TARIFFS = (("no_large_business_2024", "demand tariff (> 100 MWh/a)"),
           ("no_small_business_2023", "capacity steps + day/night (< 100 MWh/a)"))


def cabinets(n):
    """The scenario's cabinets and n - 2 more of the same preset (n = 2: as shipped)."""
    return [f"sites.fjord.devices.cabinet_{i}={{type: cabinet, connect: bus, preset: c_i_100kw_215kwh, "
            "response: {dead_time: 20 ms, time_constant: 50 ms}}" for i in range(3, n + 1)]


def norway(wattfleet, tmp):
    years = [("synthetic NO2, seed 1", ["sites.fjord.prices={synthetic: NO2}", "seed=1"]),
             ("synthetic NO2, seed 2", ["sites.fjord.prices={synthetic: NO2}", "seed=2"]),
             ("synthetic NO2, seed 3", ["sites.fjord.prices={synthetic: NO2}", "seed=3"])]
    if os.path.exists(NO2):
        years.insert(0, ("real 2025 (SMARD)",
                         [f"sites.fjord.prices={{zone: NO2, file: {os.path.abspath(NO2)}, format: smard, "
                          "repeat: true}", "seed=1"]))
    print("## Claim 1: Norway, more than 40 % lower electricity cost\n\n"
          "Controller: perfect foresight (an upper bound on what any controller saves); "
          "the cabinets' 15-year appraisal is not run here.\n")
    print("| tariff | NO2 prices | cabinets | bill without EUR | bill with EUR | saving EUR | saving % | "
          "energy part of the bill % |")
    print("|---|---|---|---:|---:|---:|---:|---:|")
    out = os.path.join(tmp, "no.h5")
    for tariff, what in TARIFFS:
        for label, prices in years:
            base = prices + [f"sites.fjord.tariff={{preset: {tariff}}}"]
            # The bill without storage: the run's own baseline (economics with one year).
            s = run(wattfleet, "norway_fjord_llm.yaml",
                    base + ["economics={years: 1, storage_capex: 450 EUR/kWh}",
                            "sites.fjord.controller={type: idle}"], out)["fjord"]
            without = s["without_storage.bill.total"]
            energy_share = 100 * s["without_storage.bill.energy"] / without
            for n in (2, 8):
                with_ = run(wattfleet, "norway_fjord_llm.yaml",
                            base + cabinets(n) + ["economics=null",
                                                  "sites.fjord.controller={type: optimal, step: 1h}"],
                            out)["fjord"]["bill.total"]
                print(f"| {what} | {label} | {n} x 215 kWh / 100 kW | {without:,.0f} | {with_:,.0f} | "
                      f"{without - with_:,.0f} | {100 * (without - with_) / without:.1f} | {energy_share:.0f} |")
    print()


def berlin(wattfleet, tmp):
    out = os.path.join(tmp, "de.h5")
    prices = []
    if os.path.exists(DE):
        prices = [f"sites.berlin.prices={{zone: DE-LU, file: {os.path.abspath(DE)}, repeat: true, gaps: hold}}"]
    s = run(wattfleet, "berlin_vfx.yaml", prices + ["sites.berlin.controller={type: idle}"], out)["berlin"]
    # The annual Leistungspreis and the network energy of the annual-peak system are settled
    # in the year's last month: compare months by what accrues in them, energy and levies.
    months = sorted((k.split(".")[2], v + s[k.replace(".energy", ".taxes")]) for k, v in s.items()
                    if k.startswith("without_storage.bill.2025-") and k.endswith(".energy"))
    bills = [v for _, v in months]
    med = statistics.median(bills)
    top = max(months, key=lambda m: m[1])
    print("## Claim 2: Berlin, a month at 300 % of a normal one, and interruptions\n")
    print(f"Monthly supplier energy + levies without the cabinet, excl. VAT "
          f"({'real 2025 DE-LU prices' if prices else 'synthetic prices'}, steady render workload): "
          + ", ".join(f"{m} {v:,.0f}" for m, v in months) + " EUR.")
    print(f"Highest month {top[0]}: {100 * top[1] / med:.0f} % of the median month "
          f"({100 * min(bills) / med:.0f} % for the lowest). The whole bill is "
          f"{s['without_storage.bill.total']:,.0f} EUR, of which the annual demand charge "
          f"{s['without_storage.bill.demand']:,.0f} EUR is billed with the last month.\n")
    # The invoices as sent: everything each month holds (network, demand charge, VAT).
    invoices = sorted((k.split(".")[2], v) for k, v in s.items()
                      if k.startswith("without_storage.bill.2025-") and k.endswith(".total"))
    inv_med = statistics.median(v for _, v in invoices)
    inv_top = max(invoices, key=lambda m: m[1])
    print("Monthly invoices without the cabinet, everything included (network, the annual demand "
          "charge, VAT): " + ", ".join(f"{m} {v:,.0f}" for m, v in invoices) + " EUR.")
    print(f"Highest invoice {inv_top[0]}: {100 * inv_top[1] / inv_med:.0f} % of the median "
          "month: the annual demand charge (and the annual-peak system's network energy) is "
          "settled with the year's last month.\n")
    grid = ["sites.berlin.devices.grid.sags_per_year=12", "sites.berlin.devices.grid.outages_per_year=1",
            "sites.berlin.devices.grid.outage_mean_duration=12min"]
    print("Ten seeded years of sags and outages (the same draws for each row):\n")
    print("| IT fed | outages | IT dropouts | jobs killed | node-hours lost |")
    print("|---|---:|---:|---:|---:|")
    reserve = ("sites.berlin.controller={type: stack, rules: [{type: backup_reserve, "
               "critical_load: 150 kW, duration: 15 min}, {type: self_consumption}]}")
    own = "behind the cabinet, the scenario's controller (10 kWh reserve, then arbitrage)"
    for label, extra in (("directly from the grid", ["sites.berlin.ride_through={topology: direct}"]),
                         ("behind the cabinet (10 ms transfer), self-consumption",
                          ["sites.berlin.controller={type: self_consumption}"]),
                         (own, []),
                         ("behind the cabinet, 150 kW x 15 min reserve kept", [reserve])):
        total = {"sags": 0, "out": 0, "drop": 0, "jobs": 0, "lost": 0}
        for seed in range(1, 11):  # ten years of disturbances
            r = run(wattfleet, "berlin_vfx.yaml", prices + grid + extra + [f"seed={seed}", "economics=null"],
                    out)["berlin"]
            total["out"] += r["grid_outages"]
            total["drop"] += r["it_dropouts"]
            total["jobs"] += r["jobs_killed"]
            total["lost"] += r["lost_node_hours"]
        print(f"| {label} | {total['out']:.0f} | {total['drop']:.0f} | "
              f"{total['jobs']:.0f} | {total['lost']:.0f} |")
    print()


# The brief's sites, their feeding country's outages ([U] order of magnitude from the
# unplanned SAIDI of domain reference 5.5, as one outage a year of that mean length) and
# the storage devices the runs replace.
SITES = (("berlin_vfx.yaml", "berlin", "Germany", "12min", ["cabinet"]),
         ("frankfurt_finance.yaml", "frankfurt", "Germany", "12min", ["cabinet"]),
         ("helsinki_render.yaml", "helsinki", "Finland", "60min", ["cabinet"]),
         ("norway_fjord_llm.yaml", "fjord", "Norway", "100min", ["cabinet_1", "cabinet_2"]))
CABINET_KWH, CABINET_KW, CAPEX_EUR_PER_KWH = 215, 100, 450  # one C&I cabinet; capex as the scenarios'
CRF = 0.06 / (1 - 1.06 ** -15)  # capital recovery at 6 % over 15 years


def peak_demand_kw(path, site):
    """Highest IT + cooling + auxiliary demand (kW): the rows' maxima, not their means, since
    an island must carry every compute phase (a training cycle's peak lasts seconds)."""
    with h5py.File(path, "r") as f:
        g = f["sites"][site]
        d = g["it_power_max"][:] + g["cooling_power_max"][:] + g["aux_power_max"][:]
        return float(d.max()) / 1e3


def ride_through(wattfleet, tmp):
    out = os.path.join(tmp, "rt.h5")
    years = 10
    print("## Hours of outage ride-through\n")
    print(f"Each brief site over {years} years with one grid outage a year of its country's "
          "order-of-magnitude length (unplanned SAIDI, domain reference 5.5, [U]) and its "
          "scenario's 12 voltage sags a year ([S]); IT behind "
          f"cabinets of {CABINET_KWH} kWh / {CABINET_KW} kW (line-interactive, 10 ms transfer) "
          "that keep a reserve for the site's peak demand over 1, 2 or 4 hours and are otherwise "
          f"idle; capex {CAPEX_EUR_PER_KWH} EUR/kWh installed [U], annualised at 6 % over 15 years.\n")
    print("| site | outage | peak demand kW | reserve | cabinets | capex EUR | compute interruptions per year | "
          "node-hours lost per year | avoided per year | EUR per avoided node-hour |")
    print("|---|---|---:|---|---:|---:|---:|---:|---:|---:|")
    for scenario, site, country, length, storage in SITES:
        common = ["economics=null", f"duration={365 * years}d",
                  f"sites.{site}.devices.grid.outages_per_year=1",
                  f"sites.{site}.devices.grid.outage_mean_duration={length}"]
        r = run(wattfleet, scenario, common + [f"sites.{site}.ride_through={{topology: direct}}",
                                               f"sites.{site}.controller={{type: idle}}"], out)[site]
        peak = peak_demand_kw(out, site)
        lost0 = r["lost_node_hours"] / years
        print(f"| {site} | {country}, {length} | {peak:.0f} | none (IT on the grid) | – | – | "
              f"{r['compute_interruptions'] / years:.1f} | {lost0:.1f} | – | – |")
        for hours in (1, 2, 4):
            # Usable 90 % of the nameplate, 95 % discharge efficiency; power for the peak.
            n = max(int(-(-peak * hours // (CABINET_KWH * 0.9 * 0.95))), int(-(-peak // CABINET_KW)))
            kwh, kw = n * CABINET_KWH, n * CABINET_KW
            cabinet = [f"sites.{site}.devices.{d}=null" for d in storage] + [
                f"sites.{site}.devices.reserve_bank={{type: battery, connect: bus, capacity: "
                f"{kwh} kWh, max_charge_power: {kw} kW, max_discharge_power: {kw} kW, "
                "soc_min: 5 %, soc_max: 95 %, soc_initial: 95 %}"]
            ctl = (f"sites.{site}.controller={{type: stack, rules: [{{type: backup_reserve, "
                   f"critical_load: {peak:.1f} kW, duration: {hours} h}}, {{type: idle}}]}}")
            r = run(wattfleet, scenario, common + cabinet + [ctl], out)[site]
            lost = r["lost_node_hours"] / years
            capex = kwh * CAPEX_EUR_PER_KWH
            avoided = lost0 - lost
            per = f"{capex * CRF / avoided:,.0f}" if avoided > 0 else "–"
            drops = r["compute_interruptions"] / years
            print(f"| {site} | {country}, {length} | {peak:.0f} | {hours} h | {n} | {capex:,.0f} | "
                  f"{drops:.1f} | {lost:.1f} | {avoided:.1f} | {per} |")
    print()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--wattfleet", default=os.path.join(ROOT, "build", "release", "tools", "wattfleet"))
    a = ap.parse_args()
    if not os.access(a.wattfleet, os.X_OK):
        sys.exit(f"check_claims: no wattfleet at {a.wattfleet}; build it first or pass --wattfleet")
    with tempfile.TemporaryDirectory() as tmp:
        norway(a.wattfleet, tmp)
        berlin(a.wattfleet, tmp)
        ride_through(a.wattfleet, tmp)


if __name__ == "__main__":
    main()
