"""Locker layer: RS-485 lock-board drivers (8A-family, Kerong KR-CU16), simulator, bank.

:func:`open_locker_bank` is the one entry point the composition root uses: it turns the
site's locker buses and compartments into a started, supervised
:class:`~drivers.locker.bank.LockerBankDoors`. A bus with ``driver = "simulated"`` gets a
simulated bank of boards on a pty with the REAL driver opened on it, so the default kiosk
runs the whole byte path; the simulator is returned for the simulator window and tests.

Bus options (all optional), for every driver:
    reply_timeout_s (0.5), open_timeout_s (1.5), retries (2), poll_retries (0), quiet_s
8a:      polarity, report_polarity, unlock_func, echo, locks, boards ({"3": {...}})
kerong:  locks (16; 12 for a CU12)
simulated: protocol ("8a" | "kerong"), wire_time (true), reports (false), pulse_s (0)
         plus the options of that protocol (the simulated boards are wired the same way).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from drivers.locker.bank import LockerBankDoors
from drivers.locker.bus import LockBus
from drivers.locker.eighta import EightABoardOptions, EightABoardProtocol
from drivers.locker.kerong import KerongProtocol
from drivers.locker.protocol import BoardStatus, LockBoardProtocol, LockReport
from drivers.locker.simulator import Fault, LockerSimulator, SimDoor
from kiosk.config import LockerBusConfig
from kiosk.lockers import Alarm, DoorState

__all__ = [
    "BoardStatus",
    "EightABoardOptions",
    "EightABoardProtocol",
    "Fault",
    "KerongProtocol",
    "LockBoardProtocol",
    "LockBus",
    "LockReport",
    "LockerBankDoors",
    "LockerSimulator",
    "SimDoor",
    "make_protocol",
    "open_locker_bank",
]

PROTOCOLS: dict[str, type[LockBoardProtocol]] = {
    "8a": EightABoardProtocol,
    "kerong": KerongProtocol,
}
BUS_KEYS = {"name", "driver", "port", "baud", "options"}
BUS_OPTIONS = {"reply_timeout_s", "open_timeout_s", "retries", "poll_retries", "quiet_s"}
SIMULATOR_OPTIONS = {"protocol", "wire_time", "reports", "pulse_s"}


def make_protocol(name: str, options: Mapping[str, Any] | None = None) -> LockBoardProtocol:
    """A protocol codec by name ("8a", "kerong"); ValueError naming a bad option."""
    try:
        cls = PROTOCOLS[name]
    except KeyError:
        raise ValueError(f"unknown lock-board protocol {name!r} (8a, kerong)") from None
    return cls(options)


def _bus_dict(bus: Mapping[str, Any] | LockerBusConfig) -> dict[str, Any]:
    data = dataclasses.asdict(bus) if isinstance(bus, LockerBusConfig) else dict(bus)
    for key in data:
        if key not in BUS_KEYS:
            raise ValueError(f"unknown key {key!r} in locker bus {data.get('name')!r}")
    if "name" not in data or "driver" not in data:
        raise ValueError("a locker bus needs a name and a driver")
    return data


def open_locker_bank(
    buses: Iterable[Mapping[str, Any] | LockerBusConfig],
    compartments: Iterable[Any],
    door_open_alarm_s: float,
    poll_interval_s: float,
    on_alarm: Callable[[Alarm], None] | None,
    on_door_change: Callable[[str, DoorState], None] | None,
) -> tuple[LockerBankDoors, LockerSimulator | None]:
    """Open every bus, start supervision; returns the doors and the simulator (if any).

    ``compartments`` are :class:`kiosk.config.CompartmentConfig` (anything with ``id``,
    ``bus``, ``board``, ``lock``, ``size``). Raises ValueError for an unknown driver or
    option, a compartment on an unknown bus or a lock the board does not have, and
    OSError if a port cannot be opened.
    """
    compartments = tuple(compartments)
    simulator: LockerSimulator | None = None
    opened: dict[str, LockBus] = {}
    try:
        for raw in buses:
            spec = _bus_dict(raw)
            name, driver = spec["name"], spec["driver"]
            options = dict(spec.get("options") or {})
            bus_options = {k: options.pop(k) for k in list(options) if k in BUS_OPTIONS}
            where = f" for locker bus {name!r}"
            port = spec.get("port")
            if driver == "simulated":
                sim_options = {k: options.pop(k) for k in list(options) if k in SIMULATOR_OPTIONS}
                try:
                    protocol = make_protocol(sim_options.pop("protocol", "8a"), options)
                except ValueError as exc:
                    raise ValueError(f"{exc}{where}") from None
                boards = {
                    c.board: protocol.locks_on(c.board) for c in compartments if c.bus == name
                }
                simulator = simulator or LockerSimulator()
                port = simulator.add_bus(name, protocol, boards, **sim_options)
            elif driver in PROTOCOLS:
                try:
                    protocol = make_protocol(driver, options)
                except ValueError as exc:
                    raise ValueError(f"{exc}{where}") from None
                if not port:
                    raise ValueError(f"locker bus {name!r} needs a port")
            else:
                raise ValueError(f"unknown locker driver {driver!r}{where} (8a, kerong, simulated)")
            opened[name] = LockBus(name, port, protocol, spec.get("baud"), **bus_options)
        doors = LockerBankDoors(
            opened, compartments, door_open_alarm_s, poll_interval_s, on_alarm, on_door_change
        )
    except BaseException:
        for bus in opened.values():
            bus.close()
        if simulator is not None:
            simulator.close()
        raise
    doors.start()
    return doors, simulator
