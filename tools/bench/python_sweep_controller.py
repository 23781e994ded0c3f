"""The Python controller of python_sweep.py, in its own module so Dask workers import it."""
import wattfleet


class ShaveAbove100kW(wattfleet.Controller):
    """Discharge what the site draws above 100 kW, recharge at 20 kW below it."""

    def __init__(self):
        super().__init__()
        self.calls = 0

    def battery_setpoint_w(self, s):
        self.calls += 1
        over = s.net_w - 100e3
        return over if over > 0 else (-20e3 if s.soc < 0.99 else 0.0)
