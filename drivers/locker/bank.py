"""A site's locker bank: compartment doors by id, over one or more lock-board buses.

:class:`LockerBankDoors` implements :class:`kiosk.devices.CompartmentDoors`. It maps each
compartment id to (bus, board, lock), turns the buses' poll answers and unsolicited
reports into :class:`kiosk.lockers.DoorSupervisor` inputs, and passes the supervisor's
state changes and alarms to the two callbacks it was given.

Threads: the supervision runs in the buses' own threads (each bus polls its boards every
``poll_interval_s``); :meth:`open` and :meth:`sensor` run in the caller's thread and wait
for the bus. Supervisor state is guarded by one lock, and callbacks are made in the same
order as the state changes, one at a time, from whichever thread made the change. They
must be quick and must not call :meth:`open` (post the work to another thread instead).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Any

from drivers.locker.bus import LockBus, lock_closed
from drivers.locker.protocol import BoardStatus, LockReport, Reply
from kiosk.devices import BoardNotAnswering, DeviceError, DoorNotClosed, DoorSensor
from kiosk.lockers import (
    SHUT_STATES,
    Alarm,
    AlarmKind,
    CompartmentOutOfService,
    DoorState,
    DoorSupervisor,
    InvalidTransition,
    Update,
)

log = logging.getLogger(__name__)

AlarmCallback = Callable[[Alarm], None]
DoorChangeCallback = Callable[[str, DoorState], None]


def _sensor(closed: bool) -> DoorSensor:
    return DoorSensor.CLOSED if closed else DoorSensor.OPEN


class LockerBankDoors:
    """The compartment doors of one site, supervised.

    ``buses``: started or not, keyed by the names compartments use; this object owns
    them from now on (:meth:`close` closes them).
    """

    def __init__(
        self,
        buses: Mapping[str, LockBus],
        compartments: Iterable[Any],
        door_open_alarm_s: float,
        poll_interval_s: float,
        on_alarm: AlarmCallback | None = None,
        on_door_change: DoorChangeCallback | None = None,
        *,
        release_window_s: float | None = None,
        missed_polls_for_alarm: int = 3,
        clock: Callable[[], float] = time.monotonic,
    ):
        compartments = tuple(compartments)
        for c in compartments:
            if c.bus not in buses:
                raise ValueError(f"compartment {c.id!r} names unknown bus {c.bus!r}")
            protocol = buses[c.bus].protocol
            if c.board not in protocol.boards:
                raise ValueError(
                    f"compartment {c.id!r}: {protocol.name} boards are "
                    f"{protocol.boards.start}..{protocol.boards.stop - 1}, not {c.board}"
                )
            if not 1 <= c.lock <= protocol.locks_on(c.board):
                raise ValueError(
                    f"compartment {c.id!r}: board {c.board} has locks "
                    f"1..{protocol.locks_on(c.board)}, not {c.lock}"
                )
        self._clock = clock
        self._supervisor = DoorSupervisor(
            compartments,
            door_open_alarm_s,
            release_window_s=release_window_s,
            missed_polls_for_alarm=missed_polls_for_alarm,
            now=clock(),
        )
        self._compartments = {c.id: c for c in compartments}
        self._buses = dict(buses)
        self._on_alarm = on_alarm
        self._on_door_change = on_door_change
        self._items: dict[str, bool] = {}
        self._state_lock = threading.Lock()
        self._changed = threading.Condition(self._state_lock)
        # Held while a change is computed and its callbacks made, so callbacks come in
        # the order the changes happened even when several threads make changes.
        self._dispatch_lock = threading.RLock()
        for name, bus in self._buses.items():
            bus.poll_boards = tuple(sorted({c.board for c in compartments if c.bus == name}))
            bus.poll_interval_s = poll_interval_s
            bus.on_poll = lambda board, status, name=name: self._polled(name, board, status)
            bus.on_report = lambda report, name=name: self._reported(name, report)

    def start(self) -> LockerBankDoors:
        for bus in self._buses.values():
            if not bus.started:
                bus.start()
        return self

    def close(self) -> None:
        for bus in self._buses.values():
            bus.close()

    # --- CompartmentDoors --------------------------------------------------------------

    def open(self, compartment_id: str, *, service: bool = False) -> None:
        """Release the door; return once the board confirms the release.

        Raises CompartmentOutOfService (unless ``service``: staff opening a faulty
        compartment), LockDidNotOpen, BoardNotAnswering. Either failure also puts the
        compartment out of service and raises an alarm.
        """
        c = self._compartment(compartment_id)
        bus = self._buses[c.bus]
        if bus.in_bus_thread():
            raise RuntimeError("open() from a door callback would wait for its own bus")
        with self._dispatch_lock:
            with self._state_lock:
                if self._supervisor.state(compartment_id) is DoorState.FAULT and not service:
                    raise CompartmentOutOfService(
                        f"compartment {compartment_id} is out of service "
                        f"({self._supervisor.fault(compartment_id)})",
                        device=c.bus,
                    )
            self._supervise(lambda now: self._supervisor.commanded_open(compartment_id, now))

        def answered(reply: Reply | None, error: DeviceError | None) -> None:
            if reply is None:
                self._supervise(
                    lambda now: self._supervisor.board_not_answering(c.bus, c.board, now)
                )
            elif lock_closed(reply, c.lock):
                self._supervise(lambda now: self._supervisor.release_refused(compartment_id, now))
            else:
                self._supervise(lambda now: self._supervisor.release_confirmed(compartment_id, now))

        bus.open_lock(c.board, c.lock, on_result=answered)

    def sensor(self, compartment_id: str) -> DoorSensor:
        """Ask the board now (and feed the answer to the supervision)."""
        c = self._compartment(compartment_id)
        status = self._fresh_status(c)
        return _sensor(status.closed[c.lock])

    def item_present(self, compartment_id: str) -> bool | None:
        """The compartment's item sensor now; None on boards without item sensors."""
        c = self._compartment(compartment_id)
        if not self._buses[c.bus].protocol.has_item_sensors:
            return None
        status = self._fresh_status(c)
        return None if status.items is None else status.items[c.lock]

    # --- supervision state -------------------------------------------------------------

    @property
    def compartments(self) -> tuple[Any, ...]:
        return tuple(self._compartments.values())

    def state(self, compartment_id: str) -> DoorState:
        with self._state_lock:
            return self._supervisor.state(compartment_id)

    def states(self) -> dict[str, DoorState]:
        with self._state_lock:
            return self._supervisor.states()

    def fault(self, compartment_id: str) -> AlarmKind | None:
        with self._state_lock:
            return self._supervisor.fault(compartment_id)

    @property
    def out_of_service(self) -> frozenset[str]:
        with self._state_lock:
            return self._supervisor.out_of_service

    def last_item_reading(self, compartment_id: str) -> bool | None:
        """The item sensor as of the last poll, without asking the board."""
        with self._state_lock:
            return self._items.get(compartment_id)

    def clear(self, compartment_id: str) -> None:
        """Staff cleared the fault; the next poll verifies the door."""
        self._compartment(compartment_id)
        self._supervise(lambda now: self._supervisor.clear(compartment_id, now))

    def wait_for(
        self, compartment_id: str, states: Collection[DoorState], timeout_s: float
    ) -> DoorState | None:
        """Block until the door is in one of ``states``; the state, or None on timeout."""
        self._compartment(compartment_id)
        deadline = self._clock() + timeout_s
        with self._changed:
            while True:
                state = self._supervisor.state(compartment_id)
                if state in states:
                    return state
                remaining = deadline - self._clock()
                if remaining <= 0:
                    return None
                self._changed.wait(remaining)

    def wait_closed(self, compartment_id: str, timeout_s: float) -> DoorState:
        """Wait until the door is shut again (CLOSED or LOCKED); DoorNotClosed if not.

        A FAULT also ends the wait (as DoorNotClosed): the alarm has already gone out.
        """
        state = self.wait_for(compartment_id, SHUT_STATES | {DoorState.FAULT}, timeout_s)
        if state is None or state is DoorState.FAULT:
            c = self._compartment(compartment_id)
            raise DoorNotClosed(
                f"compartment {compartment_id} is {state.value if state else 'still open'}",
                device=c.bus,
            )
        return state

    # --- feeding the supervisor ----------------------------------------------------------

    def _compartment(self, compartment_id: str) -> Any:
        try:
            return self._compartments[compartment_id]
        except KeyError:
            raise KeyError(f"unknown compartment {compartment_id!r}") from None

    def _fresh_status(self, c: Any) -> BoardStatus:
        bus = self._buses[c.bus]
        try:
            status = bus.status(c.board)
        except BoardNotAnswering:
            self._polled(c.bus, c.board, None)
            raise
        self._polled(c.bus, c.board, status)
        return status

    def _polled(self, bus: str, board: int, status: BoardStatus | None) -> None:
        def feed(now: float) -> Update:
            readings = None
            if status is not None:
                readings = {lock: _sensor(closed) for lock, closed in status.closed.items()}
                if status.items is not None:
                    for c in self._supervisor.compartments_on(bus, board):
                        self._items[c.id] = status.items.get(c.lock, False)
            update = self._supervisor.board_readings(bus, board, readings, now)
            update.extend(self._supervisor.tick(now))
            return update

        self._supervise(feed)

    def _reported(self, bus: str, report: LockReport) -> None:
        c = self._supervisor.compartment_at(bus, report.board, report.lock)
        if c is None:
            log.debug("locker bus %s: report for unmapped lock %s", bus, report)
            return
        self._supervise(lambda now: self._supervisor.reading(c.id, _sensor(report.closed), now))

    def _supervise(self, step: Callable[[float], Update]) -> None:
        with self._dispatch_lock:
            with self._changed:
                try:
                    update = step(self._clock())
                except InvalidTransition as exc:
                    log.warning("locker: ignored out-of-order door event: %s", exc)
                    return
                if update.changes:
                    self._changed.notify_all()
            for compartment_id, state in update.changes:
                log.info("locker: compartment %s is %s", compartment_id, state.value)
                if self._on_door_change is not None:
                    self._call(self._on_door_change, compartment_id, state)
            for alarm in update.alarms:
                log.warning(
                    "locker alarm %s: compartment %s: %s",
                    alarm.kind.value,
                    alarm.compartment_id,
                    alarm.detail,
                )
                if self._on_alarm is not None:
                    self._call(self._on_alarm, alarm)

    @staticmethod
    def _call(callback: Callable[..., object], *args: object) -> None:
        try:
            callback(*args)
        except Exception:
            log.exception("locker: door callback failed")
