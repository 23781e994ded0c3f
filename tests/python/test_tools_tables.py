"""The table tools (tools/*_table.py) run against the built binary and print tables whose
rows keep their order of value: they broke once unnoticed when the result file grew."""
import subprocess
import sys

from conftest import SOURCE, wattfleet_bin


def tables(tool):
    """The tool's Markdown tables in order (synthetic prices: the same with or without
    ../shared/data), each label -> cells."""
    p = subprocess.run([sys.executable, str(SOURCE / "tools" / tool), "--wattfleet", wattfleet_bin(),
                        "--synthetic"], capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr
    out, rows = [], None
    for line in p.stdout.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if line.startswith("| ") and not line.startswith("|---") and len(cells) > 2:
            if rows is None:
                rows = {}
                out.append(rows)
            rows[cells[0]] = cells[1:]
        elif not line.startswith("|"):
            rows = None
    return out


def table(tool):
    """The tool's first table."""
    return tables(tool)[0]


def eur(cell):
    return float(cell.replace(",", "").replace("–", "nan"))


def test_precharge_table_values_fall_with_the_forecast():
    rows = table("precharge_table.py")
    saving = {k: eur(v[1]) for k, v in rows.items() if k != "controller" and k != "no cabinet"}
    perfect = saving["never recharging + pre-charge 12 h, perfect"]
    naive = saving["never recharging + pre-charge 12 h, seasonal_naive"]
    persistence = saving["never recharging + pre-charge 12 h, persistence"]
    none = saving["peak shaving, never recharging"]
    assert perfect >= naive >= persistence >= none - 1
    assert perfect > none + 100  # a forecast that sees the batch pays


def test_energy_iq_table_has_every_layer():
    found = tables("energy_iq_table.py")
    savings = []
    for rows in found:
        layers = [k for k in rows if k not in ("layer", "no cabinet")]
        assert len(layers) == 6
        assert layers[-1].startswith("perfect foresight")
        saving = [eur(rows[k][1]) for k in layers]
        assert saving[3] > saving[2]  # the MPC beats the rules
        assert saving[5] > saving[2]  # so does the whole-year LP (not a bound on the MPC:
        savings.append(saving)        # it plans on a simplified model, see energy_iq.md)
    assert savings[0][0] > 0  # on the finance site sensing alone saves
    # The replayed H100 log (with ../shared/data): the rules shave one-minute pulses the
    # quarter-hour bill does not see, and lose money; the MPC plans quarter-hours and pays.
    if len(savings) > 1:
        assert savings[1][0] < 0 < savings[1][3]
