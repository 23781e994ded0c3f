"""An independent Modbus TCP cabinet for the loopback tests: Debian's pymodbus
server with its own encoder of the register maps (struct, not wattfleet's
codec), counting writes and injecting faults (delays, exception replies,
garbage values, stop and restart)."""
import asyncio
import socket
import struct
import threading
import time

import yaml
from pymodbus.datastore import ModbusSequentialDataBlock, ModbusServerContext, ModbusSlaveContext
from pymodbus.server.async_io import ModbusTcpServer

ORDERS = {"abcd": (0, 1, 2, 3), "badc": (1, 0, 3, 2), "cdab": (2, 3, 0, 1), "dcba": (3, 2, 1, 0)}
UNITS = {"%": (0.01, 0), "W": (1, 0), "kW": (1e3, 0), "Wh": (3600, 0), "kWh": (3.6e6, 0),
         "V": (1, 0), "A": (1, 0), "degC": (1, 273.15), "K": (1, 0), "Ah": (3600, 0), "s": (1, 0)}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Map:
    def __init__(self, path):
        doc = yaml.safe_load(open(path))
        self.order = doc.get("word_order", "abcd")
        self.points = doc["points"]
        self.by_role = {p.get("role"): n for n, p in self.points.items() if p.get("role")}

    def words(self, name, value, sf=None):
        """Registers of an SI value."""
        p = self.points[name]
        factor, offset = UNITS.get(str(p.get("units", "")), (1, 0))
        eng = (value - offset) / factor
        mult = p.get("scale", 1) * (10 ** sf if sf is not None else 1)
        raw = eng / mult
        t = p["type"]
        if t in ("u16", "i16"):
            return list(struct.unpack(">H", struct.pack(">h" if t == "i16" else ">H", round(raw))))
        b = struct.pack({"u32": ">I", "i32": ">i", "f32": ">f"}[t], round(raw) if t != "f32" else raw)
        o = ORDERS[p.get("word_order", self.order)]
        b = bytes(b[i] for i in o)
        return [b[0] << 8 | b[1], b[2] << 8 | b[3]]

    def decode(self, name, regs, sf=None):
        p = self.points[name]
        t = p["type"]
        if t in ("u16", "i16"):
            raw = struct.unpack(">h" if t == "i16" else ">H", struct.pack(">H", regs[0]))[0]
        else:
            o = ORDERS[p.get("word_order", self.order)]
            b = struct.pack(">HH", regs[0], regs[1])
            b = bytes(b[o.index(i)] for i in range(4))
            raw = struct.unpack({"u32": ">I", "i32": ">i", "f32": ">f"}[t], b)[0]
        factor, offset = UNITS.get(str(p.get("units", "")), (1, 0))
        return raw * p.get("scale", 1) * (10 ** sf if sf is not None else 1) * factor + offset


class Block(ModbusSequentialDataBlock):
    def __init__(self, peer):
        super().__init__(0, [0] * 65536)
        self.peer = peer

    def validate(self, address, count=1):
        return not self.peer.exception_mode and super().validate(address, count)

    def getValues(self, address, count=1):
        if self.peer.delay_s:
            time.sleep(self.peer.delay_s)
        return super().getValues(address, count)

    def setValues(self, address, values):
        if self.peer.started:
            self.peer.writes.append((address, list(values) if isinstance(values, list) else [values]))
        super().setValues(address, values)


class Peer:
    """A cabinet emulated from a register map: state in SI, served on loopback."""

    def __init__(self, map_path, soc=0.6, power_w=0.0, port=None):
        self.map = Map(map_path)
        self.port = port or free_port()
        self.writes, self.delay_s, self.exception_mode, self.started = [], 0.0, False, False
        self.hr, self.ir = Block(self), Block(self)
        self.context = ModbusServerContext(
            slaves=ModbusSlaveContext(hr=self.hr, ir=self.ir, zero_mode=True), single=True)
        self.sf = {}
        for name, p in self.map.points.items():
            if p.get("role") == "scale_factor":
                self.sf[name] = p.get("value", 0)
        for name, p in self.map.points.items():
            if "value" in p and p.get("role") not in ("setpoint_enable",):
                self.set_eng(name, p["value"])
        self.state = {"soc": soc, "soh": 0.97, "ac_power": power_w, "dc_power": power_w,
                      "voltage": 760.0, "current": power_w / 760.0, "temperature": 300.15,
                      "capacity": 215e3 * 3600, "max_charge_power": 100e3,
                      "max_discharge_power": 100e3, "alarms": 0, "heartbeat": 0}
        self.refresh()
        self.thread = None
        self.start()

    def table(self, name):
        return self.hr if self.map.points[name]["function"] == "holding" else self.ir

    def sf_of(self, name):
        ref = self.map.points[name].get("scale_factor")
        return self.sf[ref] if ref else None

    def set_eng(self, name, value):
        p = self.map.points[name]
        f, o = UNITS.get(str(p.get("units", "")), (1, 0))  # constants are in engineering units
        self.table(name).setValues(p["address"], self.map.words(name, value * f + o, self.sf_of(name)))

    def set_role(self, role, si):
        name = self.map.by_role.get(role)
        if name:
            p = self.map.points[name]
            self.table(name).setValues(p["address"], self.map.words(name, si, self.sf_of(name)))

    def get_role(self, role):
        name = self.map.by_role[role]
        p = self.map.points[name]
        n = 1 if p["type"] in ("u16", "i16") else 2
        return self.map.decode(name, self.table(name).getValues(p["address"], n), self.sf_of(name))

    def refresh(self):
        for role, v in self.state.items():
            self.set_role(role, v)

    def setpoint_writes(self):
        """Setpoints written, in SI, in order."""
        name = self.map.by_role["power_setpoint"]
        addr = self.map.points[name]["address"]
        return [self.map.decode(name, regs, self.sf_of(name)) for a, regs in self.writes if a == addr]

    # --- server thread -------------------------------------------------------
    def start(self):
        ready = threading.Event()

        def run():
            self.loop = asyncio.new_event_loop()
            asyncio.set_event_loop(self.loop)

            async def serve():
                self.server = ModbusTcpServer(self.context, address=("127.0.0.1", self.port),
                                              allow_reuse_address=True)
                ready.set()
                try:
                    await self.server.serve_forever()
                except asyncio.CancelledError:
                    pass

            self.task = self.loop.create_task(serve())
            try:
                self.loop.run_until_complete(self.task)
            except Exception:
                pass

        self.thread = threading.Thread(target=run, daemon=True)
        self.thread.start()
        ready.wait(5)
        time.sleep(0.1)
        self.started = True

    def stop(self):
        if not self.thread:
            return
        fut = asyncio.run_coroutine_threadsafe(self.server.server_close(), self.loop)
        try:
            fut.result(5)
        except Exception:
            pass
        self.loop.call_soon_threadsafe(self.task.cancel)
        self.thread.join(5)
        self.thread = None
