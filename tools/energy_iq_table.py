#!/usr/bin/env python3
""""Energy IQ" layer by layer: what sensing, forecasting and optimising each add.

    /usr/bin/python3 tools/energy_iq_table.py [--wattfleet PATH] [--synthetic]

The vendor's "sense, predict, optimise" on two German sites (medium-voltage RLM tariff,
DE-LU day-ahead prices: real 2025 from ../shared/data when there, else the fitted
synthetic model), each with its 215 kWh cabinet run by controllers that know more and more:

1. the Frankfurt finance site (the brief's end-of-day risk runs, generated load);
2. scenarios/measured/h100_training.yaml: 24 8 x H100 nodes replaying a measured GPU
   power log (only when ../shared/data holds it).

Layers, each a row:
- no cabinet;
- a rule on what is sensed now: peak shaving that keeps the cabinet full;
- + the load forecast: peak shaving that does not recharge and a pre-charge ahead of
  predicted peaks (the finance site: 12 hours from the schedule, the market calendar; the
  replay, which has no schedule: the brief's 15 minutes, with a perfect forecast as the
  most a forecast can add); then day-ahead arbitrage with what is left;
- + optimisation: MPC re-planning a 24-hour window every hour with the day-ahead naive
  load forecast (yesterday's load), then with a perfect load forecast;
- perfect foresight: one LP over the whole year (an upper bound).

Each row adds one layer; "added" is its saving over the row before. Prints Markdown.
"""
import os
import tempfile

from controller_table import ROOT, de_prices, frankfurt_setup, run, summary

REPLAY_LOG = os.path.join(ROOT, "..", "shared", "data", "workload",
                          "h100x8_aggregated_power_data_100stepsync.csv.gz")


def layers(limit_kw, precharge):
    shave = f"{{type: peak_shaving, limit: {limit_kw} kW}}"
    hold = f"{{type: peak_shaving, limit: {limit_kw} kW, recharge: false}}"
    arb = "{type: arbitrage, charge_hours: 4 h, discharge_hours: 4 h, hysteresis: 5 EUR/MWh}"
    horizon, forecast, what = precharge
    pre = f"{{type: precharge, limit: {limit_kw} kW, horizon: {horizon}, forecast: {forecast}}}"
    return [
        ("sense: peak shaving on the load now, kept full", shave),
        (f"+ predict: peak shaving not recharging + {what}",
         f"{{type: stack, rules: [{hold}, {pre}]}}"),
        ("+ day-ahead arbitrage below them (rules)", f"{{type: stack, rules: [{hold}, {pre}, {arb}]}}"),
        ("+ optimise: MPC 24 h, hourly, yesterday's load as the forecast",
         "{type: mpc, step: 1h, horizon: 24h, forecast: day_ahead_naive}"),
        ("+ a perfect load forecast for the MPC", "{type: mpc, step: 1h, horizon: 24h}"),
        ("perfect foresight (LP, whole year)", "{type: optimal, step: 1h}"),
    ]


def table(wattfleet, scenario, site, base, head, limit_kw, precharge):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "r.h5")
        # The site without its cabinet: the appraisal's baseline (one year of lives).
        run(wattfleet, scenario, base + [f"sites.{site}.controller={{type: idle}}",
                                         "economics={years: 1, storage_capex: 450 EUR/kWh}"], out)
        none = summary(out, site)
        rows = []
        for label, ctl in layers(limit_kw, precharge):
            wall = run(wattfleet, scenario, base + ["economics=null", f"sites.{site}.controller={ctl}"], out)
            rows.append((label, summary(out, site), wall))
    no_cab = none["without_storage.bill.total"]
    print(f"{head}; 215 kWh / 100 kW cabinet; peak-shaving limit {limit_kw} kW.\n")
    print("| layer | annual bill EUR | saving EUR | added EUR | share of perfect foresight | "
          "billed peak kW | cycles | run s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    print(f"| no cabinet | {no_cab:,.0f} | – | – | – | {none['without_storage.bill.peak_15min']:.1f} | – | – |")
    best = no_cab - rows[-1][1]["bill.total"]
    before = no_cab
    for label, s, wall in rows:
        bill = s["bill.total"]
        share = f"{100 * (no_cab - bill) / best:.0f} %" if best > 0 else "–"
        print(f"| {label} | {bill:,.0f} | {no_cab - bill:,.0f} | {before - bill:,.0f} | {share} | "
              f"{s['bill.peak_15min']:.1f} | {s.get('battery_equivalent_full_cycles', 0):.0f} | {wall:.1f} |")
        before = bill


def main():
    a, scenario, site, base, prices = frankfurt_setup(__doc__)
    table(a.wattfleet, scenario, site, base,
          f"Site `{site}` of scenarios/frankfurt_finance.yaml, tariff de_mv_rlm_2025, {prices}",
          106,  # just above the market-hours import
          ("12 h", "schedule", "the schedule's 12-h pre-charge"))
    if not os.path.exists(REPLAY_LOG):
        print("\n(../shared/data/workload absent: the table on the replayed H100 log is skipped)")
        return
    replay = os.path.join(ROOT, "scenarios", "measured", "h100_training.yaml")
    price_set, prices = de_prices("frankfurt", a.synthetic)
    print()
    table(a.wattfleet, replay, "frankfurt", [price_set],
          f"Site `frankfurt` of scenarios/measured/h100_training.yaml (24 H100 nodes replaying "
          f"the measured log, one-minute means), tariff de_mv_rlm_2025, {prices}",
          112,  # the lowest 15-min peak the cabinet holds all year (105 kW it cannot)
          ("15 min", "perfect", "a perfect 15-min pre-charge"))


if __name__ == "__main__":
    main()
