#!/usr/bin/python3
"""Derives wattfleet's cell tables for the Sony/Murata US26650FTC1 LFP cell from the
SimSES files in ../shared/data/battery (BSD-3, TU Munich; see that folder's SOURCES.md).
Run from the repository root: /usr/bin/python3 data/battery/sony_us26650/make_tables.py
Output: ocv.csv (OCV and hysteresis on the OCV grid) and resistance.csv (long format)."""
import csv, os

SRC = os.path.join(os.path.dirname(__file__), "../../../../shared/data/battery")
OUT = os.path.dirname(__file__)


def rows(name):
    with open(os.path.join(SRC, name)) as f:
        return list(csv.reader(f))[1:]


ocv = [(float(r[0]), float(r[1])) for r in rows("CLFP_Sony_US26650_OCV.csv")]
hyst = [(float(r[0]), float(r[1])) for r in rows("CLFP_Sony_US26650_HystV.csv")]


def interp(table, x):  # linear, as wattfleet reads it: the same values between grid points
    for (x0, y0), (x1, y1) in zip(table, table[1:]):
        if x0 <= x <= x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    return table[-1][1]


with open(os.path.join(OUT, "ocv.csv"), "w") as f:
    f.write("# Sony/Murata US26650FTC1 LFP/graphite, 3.0 Ah: open-circuit voltage and hysteresis\n")
    f.write("# voltage magnitude vs state of charge, 25 degC. Source [SIMSES-OCV]: SimSES\n")
    f.write("# CLFP_Sony_US26650_OCV.csv and _HystV.csv (tum-ees/simses, BSD-3; Naumann, PhD TUM 2018),\n")
    f.write("# via ../shared/data/battery. Hysteresis linearly interpolated onto the OCV grid.\n")
    f.write("soc,ocv_v,hysteresis_v\n")
    for s, v in ocv:
        f.write(f"{s:.3f},{v:.10f},{interp(hyst, s):.10f}\n")

with open(os.path.join(OUT, "resistance.csv"), "w") as f:
    f.write("# Sony/Murata US26650FTC1, 3.0 Ah: internal (DC) resistance of one cell in ohm vs state\n")
    f.write("# of charge and temperature, by direction. Source [SIMSES-RINT]: SimSES\n")
    f.write("# CLFP_Sony_US26650_Rint.csv (tum-ees/simses, BSD-3) via ../shared/data/battery;\n")
    f.write("# its 60 degC column repeats 40 degC, kept as given. Long format, sorted by soc then T.\n")
    f.write("soc,temperature_c,r_charge_ohm,r_discharge_ohm\n")
    for r in rows("CLFP_Sony_US26650_Rint.csv"):
        s, vals = float(r[0]), [float(v) for v in r[2:]]
        for j, t in enumerate((10, 25, 40, 60)):
            f.write(f"{s:.1f},{t},{vals[j]:.9f},{vals[4 + j]:.9f}\n")
