"""Type stubs of the wattfleet extension module."""
from typing import Mapping, Sequence

import numpy as np
import numpy.typing as npt

__version__: str
git_hash: str

class InputError(ValueError):
    file: str
    line: int
    field: str
    detail: str

class Scenario:
    text: str
    path: str
    overrides: list[str]
    @staticmethod
    def from_file(path: str) -> Scenario: ...
    @staticmethod
    def from_yaml(text: str, name: str = "<string>") -> Scenario: ...
    def set(self, path: str, value: str) -> Scenario: ...
    def set_series(self, path: str, time_us: npt.NDArray[np.int64], values: npt.NDArray[np.float64],
                   repeat: bool = False) -> Scenario: ...
    def validate(self) -> dict: ...
    def __eq__(self, other: object) -> bool: ...
    def __copy__(self) -> Scenario: ...
    def __deepcopy__(self, memo: dict) -> Scenario: ...
    def __getstate__(self) -> tuple: ...
    def __setstate__(self, state: tuple) -> None: ...

class SiteSnapshot:
    time_us: int
    it_w: float
    cooling_w: float
    aux_w: float
    pv_w: float
    import_limit_w: float
    export_limit_w: float
    soc: float
    max_charge_w: float
    max_discharge_w: float
    capacity_j: float
    price_eur_per_mwh: float  # NaN without prices
    frequency_hz: float
    month_peak_w: float
    grid_up: bool
    demand_w: float
    net_w: float

class Controller:
    def __init__(self) -> None: ...
    def battery_setpoint_w(self, snapshot: SiteSnapshot) -> float: ...

class RunResult:
    start_us: int
    interval_us: int
    seed: int
    events_handled: int
    wall_seconds: float
    repairs: list[str]
    sites: list[str]
    def channels(self, site: str) -> list[tuple[str, str, str]]: ...
    def column(self, site: str, channel: str) -> npt.NDArray[np.float64]: ...
    def summary(self, site: str) -> list[tuple[str, float, str, str]]: ...
    def events(self) -> list[tuple[int, str, str, float, str]]: ...

def run(scenario: Scenario, seed: int | None = None, output: str = "",
        controllers: Mapping[str, Controller] = {}) -> RunResult: ...
def sweep(scenarios: Sequence[Scenario], threads: int = 2, seed: int | None = None) -> list[RunResult]: ...
