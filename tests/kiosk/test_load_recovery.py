"""Loading holds across a restart: abandoned tickets and compartments staff must check.

A load that was started but never confirmed is settled at the next start. When the hold
was loaded by a later attempt into the same compartment, there is nothing to undo and
nothing for staff to check. When it is rolled back, staff get a ``check_compartment``
alarm, and until they clear it the compartment is not taken as an empty one for another
load or for returns (the book may be in there), while its own patron can still collect.
"""

from __future__ import annotations

from datetime import datetime

from fakes import TZ

from kiosk.circulation import Circulation
from kiosk.sample_data import DEMO_PICKUP_CODE, HOLD_AWAITING_LOAD, HOLD_READY

CARD = "3301000000001"
OTHER_PATRON = "3301000000002"
LIVING = "31234000567890"
THREE_BODY = "31234000567891"
LOADING_HOLD, HELD_FOR_HOLDER, HOLDER = HOLD_AWAITING_LOAD
HOLDER_COMPARTMENT = HOLD_READY[3]


def restart(store, config, pad, doors, central, clock) -> Circulation:
    """A new process on the same store and devices, as after a crash or power cut."""
    return Circulation(store, config, pad, doors, central, clock)


def check_alarms(store) -> dict[str, dict]:
    return {a.subject: a.detail for a in store.active_alarms() if a.kind == "check_compartment"}


def test_abandoned_ticket_then_a_confirmed_load_leaves_nothing_for_staff(
    circulation, store, config, pad, doors, central, clock
):
    abandoned = circulation.begin_loading(HELD_FOR_HOLDER)
    doors.close(abandoned.compartment_id)  # staff shut the door and start again
    ticket = circulation.begin_loading(HELD_FOR_HOLDER)
    assert ticket.compartment_id == abandoned.compartment_id == HOLDER_COMPARTMENT
    doors.put_item(ticket.compartment_id)
    doors.close(ticket.compartment_id)
    assert circulation.confirm_loaded(ticket) is None  # shares the holder's code

    outcomes = restart(store, config, pad, doors, central, clock).recover()

    assert [(o.intent_id, o.kind, o.resolution) for o in outcomes] == [
        (abandoned.intent_id, "load", "completed")
    ]
    assert check_alarms(store) == {}
    assert store.pending_intents() == []
    hold = store.get_hold(LOADING_HOLD)
    assert (hold.status.value, hold.compartment_id) == ("ready", HOLDER_COMPARTMENT)


def test_abandoned_ticket_of_a_hold_still_waiting_is_rolled_back_for_staff(
    circulation, store, config, pad, doors, central, clock
):
    abandoned = circulation.begin_loading(HELD_FOR_HOLDER)
    doors.close(abandoned.compartment_id)

    (outcome,) = restart(store, config, pad, doors, central, clock).recover()

    assert outcome.resolution == "rolled_back"
    assert check_alarms(store) == {HOLDER_COMPARTMENT: {"hold_id": LOADING_HOLD}}


def test_rolled_back_load_keeps_its_empty_compartment_from_loads_and_returns_until_checked(
    circulation, store, config, pad, doors, central, clock
):
    store.add_hold("H-7", THREE_BODY, CARD, datetime(2026, 12, 31, tzinfo=TZ))
    ticket = circulation.begin_loading(THREE_BODY)
    assert ticket.compartment_id == "A02"  # the first empty one
    doors.put_item("A02")  # the book goes in; the kiosk dies before staff confirm
    doors.close("A02")
    kiosk = restart(store, config, pad, doors, central, clock)
    (outcome,) = kiosk.recover()
    assert outcome.resolution == "rolled_back"
    assert check_alarms(store) == {"A02": {"hold_id": "H-7"}}

    # a resident's returns do not go in with the book that may lie in A02
    session = kiosk.start_session(CARD, "card")
    tags = [pad.place("E00401" + LIVING[-10:], LIVING, True)]
    kiosk.borrow(session, tags)
    returned_into, outcomes = kiosk.return_to_compartment(tags, session)
    assert outcomes[0].ok and returned_into == "A03"
    # nor does the next load, for this patron or anyone else
    again = kiosk.begin_loading(THREE_BODY)
    assert again.compartment_id == "A04"
    doors.close("A04")
    kiosk.confirm_loaded(again)

    # staff look into A02, take the book out, clear the alarm: A02 is empty again
    (alarm,) = [a for a in store.active_alarms() if a.kind == "check_compartment"]
    store.clear_alarm(alarm.alarm_id)
    store.add_hold("H-8", LIVING, OTHER_PATRON, datetime(2026, 12, 31, tzinfo=TZ))
    assert kiosk.begin_loading(LIVING).compartment_id == "A02"


def test_holder_still_collects_from_their_compartment_while_staff_must_check_it(
    circulation, store, config, pad, doors, central, clock
):
    ticket = circulation.begin_loading(HELD_FOR_HOLDER)  # joins the holder's A01
    doors.close(ticket.compartment_id)
    kiosk = restart(store, config, pad, doors, central, clock)
    (outcome,) = kiosk.recover()
    assert outcome.resolution == "rolled_back"
    assert check_alarms(store) == {HOLDER_COMPARTMENT: {"hold_id": LOADING_HOLD}}

    # what may be in A01 is reserved for its holder: their next hold may still join it
    again = kiosk.begin_loading(HELD_FOR_HOLDER)
    assert again.compartment_id == HOLDER_COMPARTMENT
    doors.close(HOLDER_COMPARTMENT)
    assert kiosk.confirm_loaded(again) is None
    session = kiosk.start_code_session(DEMO_PICKUP_CODE)
    assert [o.ok for o in kiosk.pickup(session)] == [True, True]
