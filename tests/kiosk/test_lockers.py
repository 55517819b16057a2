"""The door state machine, door supervision and the locker bank model (pure, no I/O)."""

from __future__ import annotations

import pytest

from kiosk.config import CompartmentConfig
from kiosk.devices import DoorSensor
from kiosk.lockers import (
    ALARM_TEXT,
    TRANSITIONS,
    AlarmKind,
    DoorEvent,
    DoorState,
    DoorSupervisor,
    InvalidTransition,
    compartment_index,
    step,
)

OPEN, CLOSED = DoorSensor.OPEN, DoorSensor.CLOSED
S = DoorState


def bank() -> list[CompartmentConfig]:
    return [
        CompartmentConfig("A01", "A", 1, 1, "S"),
        CompartmentConfig("A02", "A", 1, 2, "M"),
        CompartmentConfig("A03", "A", 2, 1, "L"),
        CompartmentConfig("B01", "B", 1, 1, "M"),
    ]


def supervisor(**kw) -> DoorSupervisor:
    return DoorSupervisor(bank(), door_open_alarm_s=120, **kw)


def settled(**kw) -> DoorSupervisor:
    """Every door has been read closed once."""
    sup = supervisor(**kw)
    for c in bank():
        sup.reading(c.id, CLOSED, 0)
    return sup


# --- the transition table ---------------------------------------------------------------


def test_events_that_can_arrive_at_any_time_are_accepted_in_every_state():
    for state in DoorState:
        for event in (
            DoorEvent.SENSOR_OPEN,
            DoorEvent.SENSOR_CLOSED,
            DoorEvent.NO_ANSWER,
            DoorEvent.COMMANDED_OPEN,
        ):
            assert (state, event) in TRANSITIONS, (state, event)


def test_every_step_into_fault_raises_exactly_one_alarm_and_no_other_step_does():
    for (state, _event), (new_state, alarm) in TRANSITIONS.items():
        if new_state is S.FAULT and state is not S.FAULT:
            assert alarm is not None
        else:
            assert alarm is None


def test_only_clearing_leaves_fault():
    leaving = [e for (s, e), (n, _) in TRANSITIONS.items() if s is S.FAULT and n is not S.FAULT]
    assert leaving == [DoorEvent.CLEARED]


def test_an_event_the_state_does_not_accept_is_an_error():
    with pytest.raises(InvalidTransition):
        step(S.CLOSED, DoorEvent.RELEASE_EXPIRED)
    with pytest.raises(InvalidTransition):
        step(S.LOCKED, DoorEvent.OPEN_TOO_LONG)


def test_clearing_is_accepted_in_every_state_and_changes_only_a_fault():
    for state in DoorState:
        new_state, alarm = step(state, DoorEvent.CLEARED)
        assert alarm is None
        assert new_state is (S.CLOSED_UNVERIFIED if state is S.FAULT else state)


def test_alarm_kinds_are_the_contract_strings_with_both_languages():
    assert {k.value for k in AlarmKind} == {
        "door_left_open",
        "door_forced",
        "lock_did_not_release",
        "board_not_answering",
    }
    assert AlarmKind.DOOR_FORCED == "door_forced"
    for kind in AlarmKind:
        assert ALARM_TEXT[kind]["zh"] and ALARM_TEXT[kind]["en"]


# --- supervision scenarios ------------------------------------------------------------


def test_a_pickup_cycle_goes_through_the_states_without_alarms():
    sup = settled()
    assert sup.state("A01") is S.CLOSED
    seen = []
    for update in (
        sup.commanded_open("A01", 1),
        sup.release_confirmed("A01", 1.1),
        sup.reading("A01", CLOSED, 1.2),  # the resident has not pulled yet
        sup.reading("A01", OPEN, 2),
        sup.reading("A01", OPEN, 3),
        sup.reading("A01", CLOSED, 30),
        sup.reading("A01", CLOSED, 31),
    ):
        assert update.alarms == []
        seen += update.changes
    assert seen == [
        ("A01", S.UNLOCKED_WAITING_FOR_OPEN),
        ("A01", S.OPEN),
        ("A01", S.CLOSED_UNVERIFIED),
        ("A01", S.CLOSED),
    ]
    assert sup.out_of_service == frozenset()


def test_a_door_found_open_at_start_up_is_open_not_forced():
    sup = supervisor()
    update = sup.reading("A01", OPEN, 0)
    assert update.alarms == [] and sup.state("A01") is S.OPEN


def test_a_door_opening_without_a_command_is_forced_and_goes_out_of_service():
    sup = settled()
    update = sup.reading("A02", OPEN, 5)
    assert [(a.kind, a.compartment_id) for a in update.alarms] == [(AlarmKind.DOOR_FORCED, "A02")]
    assert update.went_out_of_service == ["A02"]
    assert sup.out_of_service == {"A02"} and sup.fault("A02") is AlarmKind.DOOR_FORCED
    # Still out of service after the door is shut again, until staff clear it.
    assert sup.reading("A02", CLOSED, 6).changes == []
    assert sup.state("A02") is S.FAULT
    assert sup.clear("A02", 7).changes == [("A02", S.CLOSED_UNVERIFIED)]
    sup.reading("A02", CLOSED, 8)
    assert sup.state("A02") is S.CLOSED and sup.out_of_service == frozenset()


def test_a_door_left_open_raises_one_alarm_after_the_configured_time():
    sup = settled()
    sup.commanded_open("A01", 0)
    sup.release_confirmed("A01", 0)
    sup.reading("A01", OPEN, 10)
    assert sup.tick(129).alarms == []
    update = sup.tick(130)
    assert [a.kind for a in update.alarms] == [AlarmKind.DOOR_LEFT_OPEN]
    assert "limit 120 s" in update.alarms[0].detail
    assert sup.tick(500).alarms == []  # once, not on every tick
    assert sup.out_of_service == {"A01"}


def test_a_release_nobody_uses_relocks_and_a_later_opening_is_forced():
    sup = settled(release_window_s=60)
    sup.commanded_open("A01", 0)
    sup.release_confirmed("A01", 0)
    sup.reading("A01", CLOSED, 30)
    assert sup.tick(59).changes == []
    assert sup.tick(60).changes == [("A01", S.LOCKED)]
    update = sup.reading("A01", OPEN, 70)
    assert [a.kind for a in update.alarms] == [AlarmKind.DOOR_FORCED]


def test_a_lock_that_does_not_release_raises_an_alarm():
    sup = settled()
    sup.commanded_open("A03", 0)
    update = sup.release_refused("A03", 0.5)
    assert [(a.kind, a.compartment_id) for a in update.alarms] == [
        (AlarmKind.LOCK_DID_NOT_RELEASE, "A03")
    ]
    assert "board 2 lock 1" in update.alarms[0].detail
    assert sup.out_of_service == {"A03"}


def test_a_board_is_not_answering_only_after_consecutive_missed_polls():
    sup = settled(missed_polls_for_alarm=3)
    assert sup.board_readings("A", 1, None, 1).alarms == []
    assert sup.board_readings("A", 1, None, 2).alarms == []
    # An answer in between resets the count.
    sup.board_readings("A", 1, {1: CLOSED, 2: CLOSED}, 3)
    assert sup.board_readings("A", 1, None, 4).alarms == []
    assert sup.board_readings("A", 1, None, 5).alarms == []
    update = sup.board_readings("A", 1, None, 6)
    assert sorted((a.kind, a.compartment_id) for a in update.alarms) == [
        (AlarmKind.BOARD_NOT_ANSWERING, "A01"),
        (AlarmKind.BOARD_NOT_ANSWERING, "A02"),
    ]
    # Only that board's compartments: board 2 on bus A and board 1 on bus B are fine.
    assert sup.out_of_service == {"A01", "A02"}


def test_board_readings_go_to_the_compartments_on_that_board_only():
    sup = settled()
    update = sup.board_readings("A", 1, {1: CLOSED, 2: OPEN, 3: OPEN}, 1)
    assert update.changes == [("A02", S.FAULT)]  # lock 3 has no compartment
    assert sup.state("B01") is S.CLOSED


def test_compartment_lookup_by_place():
    sup = supervisor()
    assert sup.compartment_at("A", 2, 1).id == "A03"
    assert sup.compartment_at("A", 2, 2) is None
    with pytest.raises(KeyError, match="Z99"):
        sup.state("Z99")


def test_two_compartments_on_one_lock_are_refused():
    comps = bank() + [CompartmentConfig("A09", "A", 1, 2, "S")]
    with pytest.raises(ValueError, match="share bus 'A' board 1 lock 2"):
        compartment_index(comps)
    with pytest.raises(ValueError, match="appears twice"):
        compartment_index(bank() + [CompartmentConfig("A01", "B", 3, 3, "S")])
