"""The shipped scenarios say truthfully what they model.

Their head comments once listed "Not yet: climate-driven cooling, prices, grid events,
the PCS" long after the twin had all of them. Now: no "Not yet" list anywhere; the one
"Not modelled:" line names nothing the twin models; and each of the brief's sites uses
what the twin has (climate, zone prices, tariff, PCS response, grid events, ride-through).
"""
import re

import pytest
import yaml

from conftest import SOURCE

SCENARIOS = sorted((SOURCE / "scenarios").rglob("*.yaml"))
BRIEF = ["berlin_vfx", "frankfurt_finance", "helsinki_render", "norway_fjord_llm"]

# What the twin models: none of it may appear in a "Not modelled" line.
MODELLED = ["climate", "cooling", "price", "tariff", "outage", "grid event", "sag", "pcs",
            "pv", "ride-through", "forecast", "mpc", "cabinet", "aging"]


def head_comment(path):
    lines = []
    for line in path.read_text().splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.lstrip("#").strip())
    return lines


def not_modelled(path):
    """The text of the "Not modelled:" statement (it may run over several lines)."""
    lines = head_comment(path)
    for i, line in enumerate(lines):
        if line.startswith("Not modelled:"):
            text = [line[len("Not modelled:"):]]
            for more in lines[i + 1:]:
                if re.match(r"^[A-Z][a-z ]+:", more):  # the next labelled paragraph
                    break
                text.append(more)
            return " ".join(text)
    return None


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_no_stale_list_of_what_is_not_yet_there(path):
    assert "Not yet" not in path.read_text(), path


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_what_is_not_modelled_is_not_something_the_twin_models(path):
    text = not_modelled(path)
    if text is None:
        return
    text = " ".join(text.lower().split())
    for feature in MODELLED:
        assert not re.search(rf"\b{re.escape(feature)}s?\b", text), \
            f"{path.name}: 'Not modelled' names {feature!r}, which the twin models: {text}"


def sites_of(name):
    with open(SOURCE / "scenarios" / f"{name}.yaml") as f:
        return yaml.safe_load(f)["sites"]


@pytest.mark.parametrize("name", BRIEF + ["europe_fleet"])
def test_each_brief_site_uses_what_the_twin_has(name):
    for site_id, site in sites_of(name).items():
        where = f"{name}.{site_id}"
        assert site["ambient_temperature"]["format"] == "synthetic", where
        assert "preset" in site["tariff"], where
        assert "synthetic" in site["prices"], where
        assert site["ride_through"]["topology"] in ("line_interactive", "double_conversion"), where
        devices = site["devices"].values()
        grid = next(d for d in devices if d["type"] == "grid")
        assert grid["outages_per_year"] > 0 and grid["sags_per_year"] > 0, where
        assert any(d["type"] == "cooling" and "climate" in d for d in devices), where
        cabinets = [d for d in devices if d["type"] == "cabinet"]
        assert cabinets and all("preset" in d and "response" in d for d in cabinets), where
        assert site["controller"]["type"] in ("stack", "mpc"), where


def test_the_fleet_runs_each_site_as_its_own_scenario_does():
    fleet = sites_of("europe_fleet")
    own = {"frankfurt": "frankfurt_finance", "berlin": "berlin_vfx",
           "helsinki": "helsinki_render", "fjord": "norway_fjord_llm"}
    for site_id, name in own.items():
        assert fleet[site_id] == sites_of(name)[site_id], site_id
