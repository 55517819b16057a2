"""The supervised locker bank from open_locker_bank(), on simulated boards over ptys.

Each test reads like what happens at the locker: a resident opens a door, forgets to
close it, a vandal forces one, a lock jams, a board goes quiet.
"""

from __future__ import annotations

import threading
import time

import pytest

from drivers.locker import (
    EightABoardProtocol,
    Fault,
    LockBus,
    LockerBankDoors,
    LockerSimulator,
    SimDoor,
    open_locker_bank,
)
from kiosk.config import CompartmentConfig
from kiosk.devices import BoardNotAnswering, DoorNotClosed, DoorSensor, LockDidNotOpen
from kiosk.lockers import Alarm, AlarmKind, CompartmentOutOfService, DoorState

WAIT = 15.0  # generous: a loaded 2-core machine
S = DoorState
FAST = {"reply_timeout_s": 0.3, "open_timeout_s": 0.5, "retries": 1}


class Recorder:
    """Collects the bank's callbacks and lets a test wait for one."""

    def __init__(self) -> None:
        self.alarms: list[Alarm] = []
        self.changes: list[tuple[str, DoorState]] = []
        self._cv = threading.Condition()

    def on_alarm(self, alarm: Alarm) -> None:
        with self._cv:
            self.alarms.append(alarm)
            self._cv.notify_all()

    def on_door_change(self, cid: str, state: DoorState) -> None:
        with self._cv:
            self.changes.append((cid, state))
            self._cv.notify_all()

    def wait_alarm(self, kind: AlarmKind, cid: str) -> Alarm:
        with self._cv:
            assert self._cv.wait_for(
                lambda: any(a.kind is kind and a.compartment_id == cid for a in self.alarms),
                WAIT,
            ), (kind, cid, self.alarms)
            return next(a for a in self.alarms if a.kind is kind and a.compartment_id == cid)

    def states_of(self, cid: str) -> list[DoorState]:
        with self._cv:
            return [s for c, s in self.changes if c == cid]


COMPARTMENTS = [
    CompartmentConfig("A01", "A", 1, 1, "S"),
    CompartmentConfig("A02", "A", 1, 2, "M"),
    CompartmentConfig("A03", "A", 2, 5, "L"),
    CompartmentConfig("K01", "K", 1, 1, "M"),
    CompartmentConfig("K02", "K", 3, 16, "L"),
]


def buses(a_options=None, k_options=None):
    return [
        {
            "name": "A",
            "driver": "simulated",
            "port": None,
            "baud": None,
            "options": {**FAST, **(a_options or {})},
        },
        {
            "name": "K",
            "driver": "simulated",
            "port": None,
            "baud": None,
            "options": {"protocol": "kerong", **FAST, **(k_options or {})},
        },
    ]


@pytest.fixture
def make_bank():
    """open_locker_bank() on both simulated buses, every door verified closed."""
    opened = []

    def make(door_open_alarm_s: float = 60.0):
        rec = Recorder()
        doors, sim = open_locker_bank(
            buses(), COMPARTMENTS, door_open_alarm_s, 0.05, rec.on_alarm, rec.on_door_change
        )
        opened.append((doors, sim))
        for c in COMPARTMENTS:
            assert doors.wait_for(c.id, {S.CLOSED}, WAIT) is S.CLOSED
        return doors, sim, rec

    yield make
    for doors, sim in opened:
        doors.close()
        sim.close()


@pytest.fixture
def bank(make_bank):
    return make_bank()


@pytest.mark.parametrize(("cid", "bus", "board", "lock"), [("A02", "A", 1, 2), ("K02", "K", 3, 16)])
def test_a_pickup_cycle(bank, cid, bus, board, lock):
    doors, sim, rec = bank
    doors.open(cid)
    assert sim.door(board, lock, bus=bus) is SimDoor.RELEASED
    assert doors.state(cid) in (S.UNLOCKED_WAITING_FOR_OPEN, S.OPEN)
    assert sim.open_door(board, lock, bus=bus)
    assert doors.wait_for(cid, {S.OPEN}, WAIT) is S.OPEN
    assert doors.sensor(cid) is DoorSensor.OPEN
    sim.close_door(board, lock, bus=bus)
    assert doors.wait_closed(cid, WAIT) is S.CLOSED
    assert rec.states_of(cid) == [
        S.CLOSED,  # first reading at start-up
        S.UNLOCKED_WAITING_FOR_OPEN,
        S.OPEN,
        S.CLOSED_UNVERIFIED,
        S.CLOSED,
    ]
    assert rec.alarms == []
    assert doors.sensor(cid) is DoorSensor.CLOSED


def test_a_door_left_open_raises_an_alarm_and_goes_out_of_service(make_bank):
    doors, sim, rec = make_bank(door_open_alarm_s=1.0)
    doors.open("A01")
    sim.open_door(1, 1, bus="A")
    alarm = rec.wait_alarm(AlarmKind.DOOR_LEFT_OPEN, "A01")
    assert "limit 1 s" in alarm.detail
    assert "A01" in doors.out_of_service and doors.fault("A01") is AlarmKind.DOOR_LEFT_OPEN
    with pytest.raises(DoorNotClosed):
        doors.wait_closed("A01", 0.1)
    with pytest.raises(CompartmentOutOfService):
        doors.open("A01")
    # Staff close it and clear the fault: it is verified closed and in service again.
    sim.close_door(1, 1, bus="A")
    doors.clear("A01")
    assert doors.wait_for("A01", {S.CLOSED}, WAIT) is S.CLOSED
    assert "A01" not in doors.out_of_service


def test_a_forced_door(bank):
    doors, sim, rec = bank
    sim.force(3, 16, bus="K")
    alarm = rec.wait_alarm(AlarmKind.DOOR_FORCED, "K02")
    assert "board 3 lock 16" in alarm.detail
    assert doors.out_of_service == {"K02"}
    # Staff may still open it for service.
    sim.close_door(3, 16, bus="K")
    doors.open("K02", service=True)
    assert sim.door(3, 16, bus="K") is SimDoor.RELEASED
    assert doors.state("K02") is S.FAULT


def test_a_jammed_lock(bank):
    doors, sim, rec = bank
    sim.jam(2, 5, bus="A")
    with pytest.raises(LockDidNotOpen):
        doors.open("A03")
    alarm = rec.wait_alarm(AlarmKind.LOCK_DID_NOT_RELEASE, "A03")
    assert alarm.compartment_id == "A03"
    assert doors.state("A03") is S.FAULT


def test_a_board_that_stops_answering(bank):
    doors, sim, rec = bank
    sim.inject(Fault.SILENT, board=1, bus="A")
    rec.wait_alarm(AlarmKind.BOARD_NOT_ANSWERING, "A01")
    rec.wait_alarm(AlarmKind.BOARD_NOT_ANSWERING, "A02")
    assert {"A01", "A02"} <= doors.out_of_service
    assert "A03" not in doors.out_of_service  # board 2 on the same bus still answers
    with pytest.raises(BoardNotAnswering):
        doors.sensor("A01")
    assert doors.sensor("A03") is DoorSensor.CLOSED


def test_an_open_the_board_never_answers(bank):
    doors, sim, rec = bank
    sim.inject(Fault.SILENT, board=1, bus="K")
    with pytest.raises(BoardNotAnswering):
        doors.open("K01")
    rec.wait_alarm(AlarmKind.BOARD_NOT_ANSWERING, "K01")


def test_item_sensors(bank):
    doors, sim, _ = bank
    assert doors.item_present("K01") is False
    sim.set_item(1, 1, True, bus="K")
    assert doors.item_present("K01") is True
    assert doors.last_item_reading("K01") is True
    assert doors.item_present("A01") is None  # 8A boards have no item sensors


def test_corrupt_answers_and_echo_do_not_disturb_supervision(bank):
    doors, sim, rec = bank
    sim.inject(Fault.ECHO, bus="A")
    sim.inject(Fault.CORRUPT_CHECKSUM, board=1, count=1, bus="A")
    doors.open("A01")
    assert sim.open_door(1, 1, bus="A")
    assert doors.wait_for("A01", {S.OPEN}, WAIT) is S.OPEN
    sim.close_door(1, 1, bus="A")
    assert doors.wait_closed("A01", WAIT) is S.CLOSED
    assert rec.alarms == []


def test_unsolicited_reports_are_supervised_between_polls():
    rec = Recorder()
    spec = [
        {
            "name": "A",
            "driver": "simulated",
            "port": None,
            "baud": None,
            "options": {"reports": True, **FAST},
        }
    ]
    comps = [CompartmentConfig("A01", "A", 1, 1, "S")]
    doors, sim = open_locker_bank(spec, comps, 60, 3600, rec.on_alarm, rec.on_door_change)
    try:
        assert doors.wait_for("A01", {S.CLOSED}, WAIT)
        sim.force(1, 1)  # one poll an hour: only the board's own report can tell us
        rec.wait_alarm(AlarmKind.DOOR_FORCED, "A01")
    finally:
        doors.close()
        sim.close()


def test_a_door_open_at_start_up_is_not_forced():
    """A restart in the middle of a pickup: the first poll sees the door open."""
    rec = Recorder()
    protocol = EightABoardProtocol()
    comps = [CompartmentConfig("A01", "A", 1, 1, "S")]
    with LockerSimulator() as sim:
        path = sim.add_bus("A", protocol, {1: 24})
        sim.force(1, 1)
        bus = LockBus("A", path, protocol, **FAST)
        doors = LockerBankDoors({"A": bus}, comps, 60, 0.05, rec.on_alarm, rec.on_door_change)
        doors.start()
        try:
            assert doors.wait_for("A01", {S.OPEN}, WAIT) is S.OPEN
            sim.close_door(1, 1)
            assert doors.wait_closed("A01", WAIT) is S.CLOSED
        finally:
            doors.close()
    assert rec.alarms == []
    assert rec.states_of("A01") == [S.OPEN, S.CLOSED_UNVERIFIED, S.CLOSED]


def test_bus_threads_are_named_and_stop_on_close():
    doors, sim = open_locker_bank(buses(), COMPARTMENTS, 60, 0.1, None, None)
    names = {t.name for t in threading.enumerate()}
    assert {"locker-bus-A", "locker-bus-K", "locker-sim-A", "locker-sim-K"} <= names
    doors.close()
    sim.close()
    deadline = time.monotonic() + WAIT
    while any(t.name.startswith("locker-") for t in threading.enumerate()):
        assert time.monotonic() < deadline
        time.sleep(0.05)


def test_a_callback_may_not_open_a_door_on_the_bus_thread():
    errors: list[Exception] = []
    done = threading.Event()
    holder: dict = {}

    def on_change(cid, state):
        if "doors" in holder and not done.is_set():
            try:
                holder["doors"].open(cid)
            except RuntimeError as exc:
                errors.append(exc)
            done.set()

    spec = [{"name": "A", "driver": "simulated", "port": None, "baud": None, "options": FAST}]
    comps = [CompartmentConfig("A01", "A", 1, 1, "S")]
    doors, sim = open_locker_bank(spec, comps, 60, 0.05, None, on_change)
    try:
        assert doors.wait_for("A01", {S.CLOSED}, WAIT)
        holder["doors"] = doors
        sim.force(1, 1)  # the next change is reported from the bus thread
        assert done.wait(WAIT)
    finally:
        doors.close()
        sim.close()
    assert errors and "own bus" in str(errors[0])


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"name": "A", "driver": "simulated", "options": {"polarty": "x"}}, "'polarty'"),
        ({"name": "A", "driver": "8a", "port": "/dev/null", "options": {"retry": 1}}, "'retry'"),
        ({"name": "A", "driver": "kerong", "port": "/dev/null", "options": {"echo": 1}}, "'echo'"),
        ({"name": "A", "driver": "modbus", "port": "/dev/null"}, "unknown locker driver"),
        ({"name": "A", "driver": "8a"}, "needs a port"),
        ({"name": "A", "driver": "8a", "prot": "/dev/x"}, "unknown key 'prot'"),
    ],
)
def test_bad_bus_configuration_is_refused_naming_the_problem(spec, message):
    comps = [CompartmentConfig("A01", "A", 1, 1, "S")]
    with pytest.raises(ValueError, match=message):
        open_locker_bank([spec], comps, 60, 1, None, None)


def test_compartments_the_buses_cannot_serve_are_refused():
    spec = {"name": "K", "driver": "simulated", "options": {"protocol": "kerong"}}
    with pytest.raises(ValueError, match="unknown bus 'Z'"):
        open_locker_bank([spec], [CompartmentConfig("Z1", "Z", 1, 1, "S")], 60, 1, None, None)
    with pytest.raises(ValueError, match="boards are 1..16, not 17"):
        open_locker_bank([spec], [CompartmentConfig("K1", "K", 17, 1, "S")], 60, 1, None, None)
    with pytest.raises(ValueError, match="locks 1..16, not 20"):
        open_locker_bank([spec], [CompartmentConfig("K1", "K", 1, 20, "S")], 60, 1, None, None)
    # Nothing was left running by the refused configurations.
    assert not {"locker-sim-K", "locker-bus-K"} & {t.name for t in threading.enumerate()}
