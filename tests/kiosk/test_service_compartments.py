"""Staff repairing a compartment on fake doors: test-open, out of service and back, the
hold inside handed over once it is back."""

from __future__ import annotations

from datetime import datetime

import pytest
from fakes import TZ

from kiosk.circulation import Refused
from kiosk.model import HoldStatus
from kiosk.reasons import Reason

HOLDER = "3301000000005"


def compartment(store, compartment_id):
    return next(c for c in store.compartments() if c.compartment_id == compartment_id)


def jam_a01_on_pickup(circulation, doors):
    doors.jam("A01")
    (outcome,) = circulation.pickup(circulation.start_session(HOLDER, "card"))
    assert not outcome.ok


def test_a_repaired_compartment_goes_back_in_service_and_its_hold_is_handed_over(
    circulation, doors, store
):
    jam_a01_on_pickup(circulation, doors)
    assert not compartment(store, "A01").in_service
    alarm_ids = [a.alarm_id for a in store.active_alarms() if a.subject == "A01"]
    assert alarm_ids
    doors.state["doors"]["A01"]["jammed"] = False  # the technician fixed the lock
    assert circulation.put_compartment_back("A01", "staff:pin") == alarm_ids
    assert compartment(store, "A01").in_service
    assert [a for a in store.active_alarms() if a.subject == "A01"] == []
    (outcome,) = circulation.pickup(circulation.start_session(HOLDER, "card"))
    assert outcome.ok
    assert store.get_hold("H-0002").status is HoldStatus.PICKED_UP


def test_a_compartment_with_its_door_open_stays_out_of_service(circulation, doors, store):
    jam_a01_on_pickup(circulation, doors)
    doors.state["doors"]["A01"]["jammed"] = False
    circulation.test_open("A01")
    with pytest.raises(Refused) as refused:
        circulation.put_compartment_back("A01")
    assert refused.value.reason is Reason.COMPARTMENT_FAULT
    assert refused.value.detail == "door_not_closed"
    assert not compartment(store, "A01").in_service
    assert [a for a in store.active_alarms() if a.subject == "A01"]  # not cleared either
    doors.close("A01")
    circulation.put_compartment_back("A01")
    assert compartment(store, "A01").in_service


def test_a_lock_still_jammed_on_test_open_keeps_the_compartment_out(circulation, doors, store):
    doors.jam("A02")
    with pytest.raises(Refused) as refused:
        circulation.test_open("A02")
    assert refused.value.detail == "lock_did_not_open"
    assert compartment(store, "A02").out_of_service_reason == "lock_did_not_open"


def test_staff_take_a_compartment_out_and_no_load_goes_into_it(circulation, doors, store):
    circulation.take_compartment_out("A02")
    assert compartment(store, "A02").out_of_service_reason == "staff"
    store.add_hold("H-9", "31234000567891", "3301000000001", datetime(2026, 12, 31, tzinfo=TZ))
    assert circulation.begin_loading("31234000567891").compartment_id == "A03"
    with pytest.raises(Refused):
        circulation.take_compartment_out("Z99")
