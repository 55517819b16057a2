"""LockBus against the simulated boards over real pseudo-terminals, including every fault."""

from __future__ import annotations

import threading

import pytest
import serial

from drivers.locker import (
    EightABoardProtocol,
    Fault,
    KerongProtocol,
    LockBus,
    LockerSimulator,
    LockReport,
    SimDoor,
)
from kiosk.devices import BoardNotAnswering, LockDidNotOpen

FAST = {"reply_timeout_s": 0.3, "open_timeout_s": 0.5, "retries": 1}


@pytest.fixture
def rig(request):
    """(simulator, bus) for the protocol given by indirect parametrisation."""
    protocol = request.param() if callable(request.param) else request.param
    sim = LockerSimulator()
    path = sim.add_bus("T", protocol, {1: protocol.max_locks, 2: 8})
    bus = LockBus("T", path, protocol, **FAST).start()
    yield sim, bus
    bus.close()
    sim.close()


BOTH = pytest.mark.parametrize("rig", [EightABoardProtocol, KerongProtocol], indirect=True)


@BOTH
def test_status_open_and_the_resident_cycle(rig):
    sim, bus = rig
    assert all(bus.status(1).closed.values())
    bus.open_lock(1, 3)
    assert sim.door(1, 3) is SimDoor.RELEASED
    assert bus.status(1).closed[3] is False
    assert sim.open_door(1, 3) and sim.door(1, 3) is SimDoor.OPEN
    assert bus.query_lock(1, 3) is False
    sim.close_door(1, 3)
    assert bus.query_lock(1, 3) is True
    assert sim.door(1, 3) is SimDoor.LOCKED
    # Other locks and boards were not touched.
    assert sum(not c for c in bus.status(1).closed.values()) == 0
    assert all(bus.status(2).closed.values())


@BOTH
def test_a_locked_door_cannot_be_pulled_open(rig):
    sim, _ = rig
    assert sim.open_door(1, 2) is False
    assert sim.door(1, 2) is SimDoor.LOCKED


@BOTH
def test_a_jammed_lock_is_lock_did_not_open(rig):
    sim, bus = rig
    sim.jam(1, 4)
    with pytest.raises(LockDidNotOpen, match="lock 4"):
        bus.open_lock(1, 4)
    assert sim.door(1, 4) is SimDoor.LOCKED
    sim.jam(1, 4, jammed=False)
    bus.open_lock(1, 4)
    assert sim.door(1, 4) is SimDoor.RELEASED


@BOTH
def test_a_silent_board_is_board_not_answering_and_the_others_still_answer(rig):
    sim, bus = rig
    sim.inject(Fault.SILENT, board=2)
    with pytest.raises(BoardNotAnswering, match="board 2"):
        bus.status(2)
    with pytest.raises(BoardNotAnswering):
        bus.open_lock(2, 1)
    assert sim.door(2, 1) is SimDoor.LOCKED
    assert all(bus.status(1).closed.values())
    sim.clear_faults()
    assert all(bus.status(2).closed.values())


@BOTH
def test_one_corrupt_answer_is_dropped_and_the_retry_succeeds(rig):
    sim, bus = rig
    sim.force(1, 5)
    before = bus.discarded_bytes
    sim.inject(Fault.CORRUPT_CHECKSUM, board=1, count=1)
    status = bus.status(1)
    assert status.closed[5] is False and status.closed[6] is True
    assert bus.discarded_bytes > before


@BOTH
def test_only_corrupt_answers_never_give_a_state(rig):
    sim, bus = rig
    sim.inject(Fault.CORRUPT_CHECKSUM, board=1)
    with pytest.raises(BoardNotAnswering):
        bus.status(1)
    # The lock did release (the board acted), but no corrupt answer was believed.
    with pytest.raises(BoardNotAnswering):
        bus.open_lock(1, 7)


@BOTH
def test_an_echoing_board_works_with_the_default_echo_option(rig):
    sim, bus = rig
    sim.inject(Fault.ECHO)
    assert all(bus.status(1).closed.values())
    bus.open_lock(1, 8)
    assert sim.door(1, 8) is SimDoor.RELEASED
    sim.jam(1, 9)
    with pytest.raises(LockDidNotOpen):
        bus.open_lock(1, 9)  # echo, then the identical "still closed" answer


@pytest.mark.parametrize("echo", [True, "auto"])
def test_8a_echo_option_skips_the_echoed_open_request(echo):
    protocol = EightABoardProtocol({"echo": echo})
    with LockerSimulator() as sim:
        path = sim.add_bus("E", protocol, {3: 24})
        sim.inject(Fault.ECHO)
        with LockBus("E", path, protocol, **FAST) as bus:
            bus.open_lock(3, 1)  # the echo "8A 03 01 11 .." would read as "still closed"
            assert sim.door(3, 1) is SimDoor.RELEASED


def test_8a_without_echo_a_jam_answer_is_immediate():
    protocol = EightABoardProtocol({"echo": False})
    with LockerSimulator() as sim:
        path = sim.add_bus("E", protocol, {1: 24})
        sim.jam(1, 1)
        with LockBus("E", path, protocol, **FAST) as bus, pytest.raises(LockDidNotOpen):
            bus.open_lock(1, 1)


def test_kerong_busy_board_is_reset_after_an_unlock():
    protocol = KerongProtocol()
    with LockerSimulator() as sim:
        path = sim.add_bus("K", protocol, {1: 16})
        sim.inject(Fault.BUSY, board=1)
        with LockBus("K", path, protocol, **FAST) as bus:
            for lock in (1, 2, 3):
                bus.open_lock(1, lock)
                # Without the 0x38 after the unlock the board would ignore this.
                assert bus.status(1).closed[lock] is False


def test_kerong_busy_fault_emulates_the_stuck_board_on_the_wire():
    """Raw bytes on the pty: after an unlock the board ignores everything but a bare 0x38."""
    protocol = KerongProtocol()
    with LockerSimulator() as sim:
        path = sim.add_bus("K", protocol, {1: 16}, wire_time=False)
        sim.inject(Fault.BUSY, board=1)
        with serial.Serial(path, 19200, timeout=0.5) as port:
            port.write(protocol.open_request(1, 1).raw)
            assert protocol.decode_reply(port.read(9)).closed[1] is False
            port.write(protocol.query_all_request(1).raw)
            assert port.read(9) == b""  # stuck BUSY
            port.write(protocol.recovery_request(1).raw + protocol.query_all_request(1).raw)
            assert protocol.decode_reply(port.read(9)).board == 1


def test_kerong_item_sensors():
    protocol = KerongProtocol()
    with LockerSimulator() as sim:
        path = sim.add_bus("K", protocol, {4: 16})
        sim.set_item(4, 7, True)
        with LockBus("K", path, protocol, **FAST) as bus:
            items = bus.status(4).items
            assert [n for n, present in items.items() if present] == [7]


def test_8a_inverted_polarity_and_unlock_parameter_on_both_sides():
    options = {"boards": {"2": {"polarity": "closed_low", "unlock_func": 0x33}}}
    protocol = EightABoardProtocol(options)
    with LockerSimulator() as sim:
        path = sim.add_bus("P", protocol, {1: 24, 2: 24})
        with LockBus("P", path, protocol, **FAST) as bus:
            bus.open_lock(2, 6)
            assert sim.door(2, 6) is SimDoor.RELEASED
            status = bus.status(2)
            assert [n for n, closed in status.closed.items() if not closed] == [6]
            assert bus.query_lock(2, 6) is False and bus.query_lock(2, 5) is True
            assert all(bus.status(1).closed.values())


@BOTH
def test_open_several_locks(rig):
    sim, bus = rig
    bus.open_locks(1, [2, 10, 11])
    assert [sim.door(1, n) for n in (2, 10, 11)] == [SimDoor.RELEASED] * 3
    assert sim.door(1, 3) is SimDoor.LOCKED
    sim.jam(1, 12)
    with pytest.raises(LockDidNotOpen, match=r"\[12\]"):
        bus.open_locks(1, [12, 13])


def test_8a_unsolicited_reports_are_delivered():
    protocol = EightABoardProtocol()
    reports: list[LockReport] = []
    got = threading.Event()

    def on_report(report: LockReport) -> None:
        reports.append(report)
        got.set()

    with LockerSimulator() as sim:
        path = sim.add_bus("R", protocol, {1: 24}, reports=True)
        with LockBus("R", path, protocol, on_report=on_report, **FAST):
            sim.force(1, 17)
            assert got.wait(10)
    assert reports[0] == LockReport(1, 17, False, "report")


def test_polls_report_each_board_and_a_silent_one_as_none():
    protocol = EightABoardProtocol()
    seen: dict[int, list] = {1: [], 2: []}
    both = threading.Event()

    def on_poll(board, status):
        seen[board].append(status)
        if len(seen[1]) >= 2 and len(seen[2]) >= 2:
            both.set()

    with LockerSimulator() as sim:
        path = sim.add_bus("Q", protocol, {1: 24, 2: 24})
        sim.inject(Fault.SILENT, board=2)
        bus = LockBus(
            "Q", path, protocol, poll_boards=(1, 2), poll_interval_s=0.05, on_poll=on_poll, **FAST
        )
        with bus:
            assert any(t.name == "locker-bus-Q" for t in threading.enumerate())
            assert both.wait(15)
    assert all(s is not None and s.board == 1 for s in seen[1])
    assert all(s is None for s in seen[2])


def test_call_from_the_bus_thread_is_refused():
    protocol = EightABoardProtocol()
    errors = []
    done = threading.Event()

    def on_poll(board, status):
        try:
            bus.status(1)
        except RuntimeError as exc:
            errors.append(exc)
        done.set()

    with LockerSimulator() as sim:
        path = sim.add_bus("D", protocol, {1: 24})
        bus = LockBus("D", path, protocol, poll_boards=(1,), on_poll=on_poll, **FAST)
        with bus:
            assert done.wait(10)
    assert errors and "deadlock" in str(errors[0])


def test_a_port_that_does_not_exist_fails_at_start():
    with pytest.raises(OSError):
        LockBus("X", "/dev/does-not-exist-locker", EightABoardProtocol())


def test_requests_after_close_fail_fast():
    protocol = EightABoardProtocol()
    with LockerSimulator() as sim:
        path = sim.add_bus("C", protocol, {1: 24})
        bus = LockBus("C", path, protocol, **FAST).start()
        bus.close()
        with pytest.raises(BoardNotAnswering, match="closed"):
            bus.status(1)
