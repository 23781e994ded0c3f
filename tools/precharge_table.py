#!/usr/bin/env python3
"""What the forecast pre-charge is worth, and how its value falls with the forecast.

    /usr/bin/python3 tools/precharge_table.py [--wattfleet PATH] [--synthetic]

Runs scenarios/frankfurt_finance.yaml (the brief's end-of-day risk runs: a 3-hour
batch from 18:00 on 200 servers) on the German medium-voltage RLM tariff (an annual
peak price) with DE-LU day-ahead prices (real 2025 from ../shared/data when that folder
is there, else the fitted synthetic model), its cabinet shaving the import to a limit
just above market hours. Rows: the cabinet idle, peak shaving that always recharges,
peak shaving that never recharges, and the latter with the pre-charge rule reading
its forecast from perfect foresight, the schedule (the market calendar), yesterday's
load (seasonal naive) and the load now (persistence), over a 15-minute and a 12-hour
horizon; then the same with day-ahead arbitrage below, which a battery kept full
cannot do. Prints a Markdown table.
"""
import os
import tempfile

from controller_table import frankfurt_setup, run, summary

LIMIT_KW = 106  # just above the market-hours import: the batch is what is shaved


def variants():
    shave = f"{{type: peak_shaving, limit: {LIMIT_KW} kW}}"
    hold = f"{{type: peak_shaving, limit: {LIMIT_KW} kW, recharge: false}}"
    arb = "{type: arbitrage, charge_hours: 4 h, discharge_hours: 4 h, hysteresis: 5 EUR/MWh}"

    def pre(forecast, horizon):
        return f"{{type: precharge, limit: {LIMIT_KW} kW, horizon: {horizon}, forecast: {forecast}}}"

    def stack(*rules):
        return "{type: stack, rules: [" + ", ".join(rules) + "]}"

    rows = [
        ("idle cabinet", "{type: idle}"),
        ("peak shaving, always recharging", shave),
        ("peak shaving, never recharging", hold),
    ]
    for horizon in ("15 min", "12 h"):
        for forecast in ("perfect", "schedule", "seasonal_naive", "persistence"):
            rows.append((f"never recharging + pre-charge {horizon}, {forecast}",
                         stack(hold, pre(forecast, horizon))))
    rows += [
        ("always recharging > arbitrage", stack(shave, arb)),
        ("never recharging > arbitrage", stack(hold, arb)),
        ("never recharging > pre-charge 12 h, schedule > arbitrage",
         stack(hold, pre("schedule", "12 h"), arb)),
        ("never recharging > pre-charge 12 h, seasonal naive > arbitrage",
         stack(hold, pre("seasonal_naive", "12 h"), arb)),
    ]
    return rows


def main():
    a, scenario, site, base, prices = frankfurt_setup(__doc__)
    base.append("economics=null")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "r.h5")
        for label, ctl in variants():
            wall = run(a.wattfleet, scenario, base + [f"sites.{site}.controller={ctl}"], out)
            rows.append((label, summary(out, site), wall))
        # The same site without its cabinet: the appraisal's baseline run.
        wall = run(a.wattfleet, scenario, base + [
            f"sites.{site}.controller={{type: idle}}",
            "economics={years: 1, storage_capex: 450 EUR/kWh}"], out)
        none = summary(out, site)
    no_cab = none["without_storage.bill.total"]
    print(f"Site `{site}` of scenarios/frankfurt_finance.yaml, tariff de_mv_rlm_2025 (annual peak "
          f"price), {prices}; import limit of the rules {LIMIT_KW} kW.\n")
    print("| controller | annual bill EUR | saving EUR | billed peak kW | pre-charge solves | "
          "not worth | cycles | run s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    print(f"| no cabinet | {no_cab:,.0f} | – | {none['without_storage.bill.peak_15min']:.1f} | – | – | – | {wall:.1f} |")
    for label, s, wall in rows:
        print(f"| {label} | {s['bill.total']:,.0f} | {no_cab - s['bill.total']:,.0f} | "
              f"{s['bill.peak_15min']:.1f} | {s.get('ems.precharge.decisions', 0):.0f} | "
              f"{s.get('ems.precharge.not_worth', 0):.0f} | "
              f"{s.get('battery_equivalent_full_cycles', 0):.0f} | {wall:.1f} |")


if __name__ == "__main__":
    main()
