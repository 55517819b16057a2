"""The locker bank model: compartments, the per-door state machine and door supervision.

Pure domain code: no threads, no clock and no I/O. The lock-board drivers
(:mod:`drivers.locker`) feed :class:`DoorSupervisor` with what the boards report and the
time it was seen; the supervisor answers with state changes and :class:`Alarm` records,
and says which compartments are out of service. The circulation flows and the UI see
doors only through those states.

The boards report one bit per lock (the lock's feedback contact): "closed" means the door
is shut and its latch engaged, "open" means the latch is released or the door is open.
A door's life::

    CLOSED_UNVERIFIED --sensor closed--> CLOSED --commanded open--> UNLOCKED_WAITING_FOR_OPEN
    UNLOCKED_WAITING_FOR_OPEN --sensor open--> OPEN --sensor closed--> CLOSED_UNVERIFIED
    UNLOCKED_WAITING_FOR_OPEN --release expired (nobody opened)--> LOCKED

Every compartment starts in CLOSED_UNVERIFIED: after a restart (even one in the middle of
a pickup) the first reading decides, so a door found open is OPEN, not "forced".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum, StrEnum
from typing import Any, Protocol, runtime_checkable

from kiosk.devices import DeviceError, DoorSensor


class DoorState(Enum):
    LOCKED = "locked"
    UNLOCKED_WAITING_FOR_OPEN = "unlocked_waiting_for_open"
    OPEN = "open"
    CLOSED_UNVERIFIED = "closed_unverified"
    CLOSED = "closed"
    FAULT = "fault"


# Named sets of states, for callers that ask "is it shut?" rather than "which state?".
SHUT_STATES = frozenset({DoorState.LOCKED, DoorState.CLOSED})
ACCESS_STATES = frozenset({DoorState.UNLOCKED_WAITING_FOR_OPEN, DoorState.OPEN})


class DoorEvent(Enum):
    COMMANDED_OPEN = "commanded_open"
    RELEASE_CONFIRMED = "release_confirmed"
    # The board answered an open command but reports the lock still locked.
    LOCK_REPORTED_LOCKED = "lock_reported_locked"
    SENSOR_OPEN = "sensor_open"
    SENSOR_CLOSED = "sensor_closed"
    NO_ANSWER = "no_answer"
    # Timeouts, raised by DoorSupervisor.tick():
    RELEASE_EXPIRED = "release_expired"  # released, nobody opened it within the window
    OPEN_TOO_LONG = "open_too_long"  # open for longer than door_open_alarm_s
    CLEARED = "cleared"  # staff cleared a fault


class AlarmKind(StrEnum):
    DOOR_LEFT_OPEN = "door_left_open"
    DOOR_FORCED = "door_forced"
    LOCK_DID_NOT_RELEASE = "lock_did_not_release"
    BOARD_NOT_ANSWERING = "board_not_answering"


ALARM_TEXT: dict[AlarmKind, dict[str, str]] = {
    AlarmKind.DOOR_LEFT_OPEN: {"zh": "柜门长时间未关闭", "en": "Compartment door left open"},
    AlarmKind.DOOR_FORCED: {"zh": "柜门被非正常打开", "en": "Compartment door opened by force"},
    AlarmKind.LOCK_DID_NOT_RELEASE: {"zh": "柜门锁未能打开", "en": "Lock did not release"},
    AlarmKind.BOARD_NOT_ANSWERING: {"zh": "锁控板无响应", "en": "Lock board not answering"},
}


class InvalidTransition(ValueError):
    """An event that the state machine does not accept in the current state."""


LK = DoorState.LOCKED
WT = DoorState.UNLOCKED_WAITING_FOR_OPEN
OP = DoorState.OPEN
CU = DoorState.CLOSED_UNVERIFIED
CL = DoorState.CLOSED
FT = DoorState.FAULT
E = DoorEvent

# THE transition table: (state, event) -> (next state, alarm raised by the step or None).
# A pair that is not here is an InvalidTransition. Every step into FAULT raises an alarm,
# except from FAULT itself (the compartment is already out of service).
TRANSITIONS: dict[tuple[DoorState, DoorEvent], tuple[DoorState, AlarmKind | None]] = {
    (LK, E.COMMANDED_OPEN): (WT, None),
    (LK, E.SENSOR_CLOSED): (LK, None),
    (LK, E.SENSOR_OPEN): (FT, AlarmKind.DOOR_FORCED),
    (LK, E.NO_ANSWER): (FT, AlarmKind.BOARD_NOT_ANSWERING),
    (WT, E.COMMANDED_OPEN): (WT, None),
    (WT, E.RELEASE_CONFIRMED): (WT, None),
    (WT, E.LOCK_REPORTED_LOCKED): (FT, AlarmKind.LOCK_DID_NOT_RELEASE),
    (WT, E.SENSOR_OPEN): (OP, None),
    # Some locks re-latch after the release pulse if nobody pulls: wait out the window.
    (WT, E.SENSOR_CLOSED): (WT, None),
    (WT, E.RELEASE_EXPIRED): (LK, None),
    (WT, E.NO_ANSWER): (FT, AlarmKind.BOARD_NOT_ANSWERING),
    (OP, E.COMMANDED_OPEN): (OP, None),
    (OP, E.RELEASE_CONFIRMED): (OP, None),
    (OP, E.LOCK_REPORTED_LOCKED): (FT, AlarmKind.LOCK_DID_NOT_RELEASE),
    (OP, E.SENSOR_OPEN): (OP, None),
    (OP, E.SENSOR_CLOSED): (CU, None),
    (OP, E.OPEN_TOO_LONG): (FT, AlarmKind.DOOR_LEFT_OPEN),
    (OP, E.NO_ANSWER): (FT, AlarmKind.BOARD_NOT_ANSWERING),
    (CU, E.COMMANDED_OPEN): (WT, None),
    (CU, E.SENSOR_CLOSED): (CL, None),
    (CU, E.SENSOR_OPEN): (OP, None),
    (CU, E.NO_ANSWER): (FT, AlarmKind.BOARD_NOT_ANSWERING),
    (CL, E.COMMANDED_OPEN): (WT, None),
    (CL, E.SENSOR_CLOSED): (CL, None),
    (CL, E.SENSOR_OPEN): (FT, AlarmKind.DOOR_FORCED),
    (CL, E.NO_ANSWER): (FT, AlarmKind.BOARD_NOT_ANSWERING),
    # Out of service: only staff clearing it brings it back. A service open (staff
    # opening a faulty compartment to fix it) is allowed and changes nothing.
    (FT, E.CLEARED): (CU, None),
    (FT, E.COMMANDED_OPEN): (FT, None),
    (FT, E.RELEASE_CONFIRMED): (FT, None),
    (FT, E.LOCK_REPORTED_LOCKED): (FT, None),
    (FT, E.SENSOR_OPEN): (FT, None),
    (FT, E.SENSOR_CLOSED): (FT, None),
    (FT, E.NO_ANSWER): (FT, None),
    # Staff putting a compartment back in service clear whatever its door is in: a door
    # that is not faulted stays as it is.
    (LK, E.CLEARED): (LK, None),
    (WT, E.CLEARED): (WT, None),
    (OP, E.CLEARED): (OP, None),
    (CU, E.CLEARED): (CU, None),
    (CL, E.CLEARED): (CL, None),
}
del LK, WT, OP, CU, CL, FT, E


def step(state: DoorState, event: DoorEvent) -> tuple[DoorState, AlarmKind | None]:
    """The next state and the alarm for ``event`` in ``state``; InvalidTransition if none."""
    try:
        return TRANSITIONS[(state, event)]
    except KeyError:
        raise InvalidTransition(f"{event.value} is not accepted in state {state.value}") from None


@runtime_checkable
class ServicedDoors(Protocol):
    """Doors under supervision (:class:`drivers.locker.LockerBankDoors`): staff may open a
    faulted one to repair it, and clear its fault once it is repaired."""

    def open(self, compartment_id: str, *, service: bool = False) -> None: ...

    def clear(self, compartment_id: str) -> None: ...


class CompartmentOutOfService(DeviceError):
    """The compartment is out of service (a door fault) until staff clear it."""

    code = "compartment_out_of_service"


@dataclass(frozen=True)
class Alarm:
    """A door problem for staff and telemetry; the compartment goes out of service."""

    kind: AlarmKind
    compartment_id: str
    detail: str
    at: float

    def text(self, lang: str) -> str:
        return ALARM_TEXT[self.kind][lang]


@dataclass
class Update:
    """What one input to the supervisor changed: state changes in order, and alarms."""

    changes: list[tuple[str, DoorState]] = field(default_factory=list)
    alarms: list[Alarm] = field(default_factory=list)

    @property
    def went_out_of_service(self) -> list[str]:
        return [cid for cid, state in self.changes if state is DoorState.FAULT]

    def extend(self, other: Update) -> None:
        self.changes.extend(other.changes)
        self.alarms.extend(other.alarms)


def compartment_index(compartments: Iterable[Any]) -> dict[tuple[str, int, int], Any]:
    """Compartments by (bus, board, lock); ValueError on duplicate ids or shared locks.

    Compartments are anything with ``id``, ``bus``, ``board``, ``lock`` and ``size``
    attributes (:class:`kiosk.config.CompartmentConfig`).
    """
    by_place: dict[tuple[str, int, int], Any] = {}
    ids: set[str] = set()
    for c in compartments:
        if c.id in ids:
            raise ValueError(f"compartment id {c.id!r} appears twice")
        ids.add(c.id)
        place = (c.bus, c.board, c.lock)
        if place in by_place:
            raise ValueError(
                f"compartments {by_place[place].id!r} and {c.id!r} share bus {c.bus!r} "
                f"board {c.board} lock {c.lock}"
            )
        by_place[place] = c
    return by_place


@dataclass
class _Door:
    compartment: Any
    state: DoorState = DoorState.CLOSED_UNVERIFIED
    since: float = 0.0
    fault: AlarmKind | None = None


class DoorSupervisor:
    """Runs every door's state machine and decides the alarms. Not thread-safe by itself.

    ``door_open_alarm_s``: an OPEN door raises "door_left_open" after this long.
    ``release_window_s``: a released door that nobody opened counts as LOCKED again after
    this long (default: the same as ``door_open_alarm_s``).
    ``missed_polls_for_alarm``: a board that misses this many polls in a row is "not
    answering" (one missed poll is a glitch on a long RS-485 line, not a fault).
    """

    def __init__(
        self,
        compartments: Iterable[Any],
        door_open_alarm_s: float,
        release_window_s: float | None = None,
        missed_polls_for_alarm: int = 3,
        now: float = 0.0,
    ):
        if door_open_alarm_s <= 0:
            raise ValueError("door_open_alarm_s must be positive")
        if missed_polls_for_alarm < 1:
            raise ValueError("missed_polls_for_alarm must be at least 1")
        self.door_open_alarm_s = door_open_alarm_s
        self.release_window_s = door_open_alarm_s if release_window_s is None else release_window_s
        self.missed_polls_for_alarm = missed_polls_for_alarm
        self._by_place = compartment_index(compartments)
        self._doors = {c.id: _Door(c, since=now) for c in self._by_place.values()}
        self._missed: dict[tuple[str, int], int] = {}

    # --- queries ---------------------------------------------------------------------

    def compartment(self, compartment_id: str) -> Any:
        return self._door(compartment_id).compartment

    def compartment_at(self, bus: str, board: int, lock: int) -> Any | None:
        return self._by_place.get((bus, board, lock))

    def compartments_on(self, bus: str, board: int) -> list[Any]:
        return [c for (b, n, _), c in self._by_place.items() if b == bus and n == board]

    def state(self, compartment_id: str) -> DoorState:
        return self._door(compartment_id).state

    def states(self) -> dict[str, DoorState]:
        return {cid: door.state for cid, door in self._doors.items()}

    def fault(self, compartment_id: str) -> AlarmKind | None:
        """Why the compartment is out of service, or None."""
        return self._door(compartment_id).fault

    @property
    def out_of_service(self) -> frozenset[str]:
        return frozenset(cid for cid, d in self._doors.items() if d.state is DoorState.FAULT)

    # --- inputs ----------------------------------------------------------------------

    def commanded_open(self, compartment_id: str, now: float) -> Update:
        return self._apply(compartment_id, DoorEvent.COMMANDED_OPEN, now)

    def release_confirmed(self, compartment_id: str, now: float) -> Update:
        return self._apply(compartment_id, DoorEvent.RELEASE_CONFIRMED, now)

    def release_refused(self, compartment_id: str, now: float) -> Update:
        c = self.compartment(compartment_id)
        detail = f"bus {c.bus} board {c.board} lock {c.lock} still locked after open"
        return self._apply(compartment_id, DoorEvent.LOCK_REPORTED_LOCKED, now, detail)

    def reading(self, compartment_id: str, sensor: DoorSensor, now: float) -> Update:
        """One sensor reading (a poll answer or an unsolicited report)."""
        event = DoorEvent.SENSOR_OPEN if sensor is DoorSensor.OPEN else DoorEvent.SENSOR_CLOSED
        c = self.compartment(compartment_id)
        detail = f"bus {c.bus} board {c.board} lock {c.lock} opened without a command"
        return self._apply(compartment_id, event, now, detail)

    def board_readings(
        self, bus: str, board: int, readings: Mapping[int, DoorSensor] | None, now: float
    ) -> Update:
        """A poll of one board: lock -> sensor, or None when the board did not answer."""
        update = Update()
        if readings is None:
            key = (bus, board)
            self._missed[key] = self._missed.get(key, 0) + 1
            if self._missed[key] >= self.missed_polls_for_alarm:
                update.extend(self.board_not_answering(bus, board, now))
            return update
        self._missed.pop((bus, board), None)
        for c in self.compartments_on(bus, board):
            sensor = readings.get(c.lock)
            if sensor is not None:
                update.extend(self.reading(c.id, sensor, now))
        return update

    def board_not_answering(self, bus: str, board: int, now: float) -> Update:
        """Every compartment on the board goes out of service (one alarm each)."""
        update = Update()
        detail = f"bus {bus} board {board} does not answer"
        for c in self.compartments_on(bus, board):
            update.extend(self._apply(c.id, DoorEvent.NO_ANSWER, now, detail))
        return update

    def tick(self, now: float) -> Update:
        """Raise the time-based events: doors left open, releases nobody used."""
        update = Update()
        for cid, door in self._doors.items():
            elapsed = now - door.since
            if door.state is DoorState.OPEN and elapsed >= self.door_open_alarm_s:
                detail = f"open for {elapsed:.0f} s (limit {self.door_open_alarm_s:g} s)"
                update.extend(self._apply(cid, DoorEvent.OPEN_TOO_LONG, now, detail))
            elif (
                door.state is DoorState.UNLOCKED_WAITING_FOR_OPEN
                and elapsed >= self.release_window_s
            ):
                update.extend(self._apply(cid, DoorEvent.RELEASE_EXPIRED, now))
        return update

    def clear(self, compartment_id: str, now: float) -> Update:
        """Staff cleared the fault; the next reading verifies the door."""
        return self._apply(compartment_id, DoorEvent.CLEARED, now)

    # --- the one place states change -------------------------------------------------

    def _door(self, compartment_id: str) -> _Door:
        try:
            return self._doors[compartment_id]
        except KeyError:
            raise KeyError(f"unknown compartment {compartment_id!r}") from None

    def _apply(self, compartment_id: str, event: DoorEvent, now: float, detail: str = "") -> Update:
        door = self._door(compartment_id)
        new_state, alarm_kind = step(door.state, event)
        update = Update()
        if new_state is not door.state:
            door.state = new_state
            door.since = now
            door.fault = alarm_kind if new_state is DoorState.FAULT else None
            update.changes.append((compartment_id, new_state))
        if alarm_kind is not None:
            update.alarms.append(Alarm(alarm_kind, compartment_id, detail, now))
        return update
