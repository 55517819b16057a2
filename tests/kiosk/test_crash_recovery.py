"""SIGKILL a real kiosk process at every labelled step of borrow, return, pick-up and
locker loading, restart it, and check the invariant each time:

- an item is on an open loan exactly when its tag says "on loan", unless staff have an
  alarm for that item;
- no loan is recorded twice, each loan has exactly one outbox event, no intent is left;
- a hold is picked up exactly when its door was opened, with exactly one loan;
- a hold being loaded is never lost: it still waits to be loaded (and staff have a
  ``check_compartment`` alarm for the door that was being loaded), or it is ready in
  exactly one compartment, which lists it, with one ``hold_loaded`` event and a pick-up
  code that opens it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from crash_audit import (
    FIRST_UNALARMED_EMPTY,
    HOLDER_COMPARTMENT,
    ITEMS,
    LOADING_HOLD,
    check_invariant,
    check_load_invariant,
    crash_then_recover,
    make_site,
    run_child,
)
from fakes import FakeDoors, FakePad

from kiosk.circulation import BORROW_STEPS, LOAD_STEPS, PICKUP_STEPS, RETURN_STEPS
from kiosk.model import HoldStatus
from kiosk.store import Store


@pytest.fixture
def site(tmp_path):
    return make_site(tmp_path)


@pytest.mark.parametrize("kill_at", BORROW_STEPS)
def test_borrow_killed_at_each_step(site, kill_at):
    db, device_dir = site
    outcomes = crash_then_recover(db, device_dir, "borrow", kill_at)
    loans, alarmed = check_invariant(db, device_dir)
    assert not alarmed
    # the first item was the one in flight; the second was never started
    expected = {
        "borrow.intent_recorded": (0, "rolled_back"),
        "borrow.security_written": (1, "completed"),
        "borrow.loan_recorded": (1, None),
    }[kill_at]
    assert loans == expected[0]
    assert [o["resolution"] for o in outcomes] == ([expected[1]] if expected[1] else [])
    # the resident tries again: every item ends on exactly one loan, none twice
    assert run_child(db, device_dir, "borrow").returncode == 0
    loans, _ = check_invariant(db, device_dir)
    assert loans == 2


def test_borrow_killed_after_unsecuring_with_the_book_gone_alerts_staff(site):
    db, device_dir = site
    pad = FakePad(Path(device_dir) / "pad.json")
    first_uid = next(iter(ITEMS))
    outcomes = crash_then_recover(
        db, device_dir, "borrow", "borrow.security_written", between=lambda: pad.lift(first_uid)
    )
    assert [o["resolution"] for o in outcomes] == ["needs_staff"]
    loans, alarmed = check_invariant(db, device_dir)
    assert loans == 1 and alarmed == {ITEMS[first_uid]}


@pytest.mark.parametrize("kill_at", RETURN_STEPS)
def test_return_killed_at_each_step(site, kill_at):
    db, device_dir = site
    assert run_child(db, device_dir, "borrow").returncode == 0
    crash_then_recover(db, device_dir, "return", kill_at)
    check_invariant(db, device_dir)
    assert run_child(db, device_dir, "return").returncode == 0
    loans, _ = check_invariant(db, device_dir)
    store = Store(db, "check")
    assert store.query("SELECT count(*) AS n FROM loans WHERE returned_at IS NULL")[0]["n"] == 0
    assert loans == 2
    store.close()


def test_return_killed_before_securing_with_the_book_gone_keeps_loan_and_alerts(site):
    db, device_dir = site
    assert run_child(db, device_dir, "borrow").returncode == 0
    pad = FakePad(Path(device_dir) / "pad.json")
    first_uid = next(iter(ITEMS))
    outcomes = crash_then_recover(
        db, device_dir, "return", "return.intent_recorded", between=lambda: pad.lift(first_uid)
    )
    assert [o["resolution"] for o in outcomes] == ["needs_staff"]
    _, alarmed = check_invariant(db, device_dir)
    assert alarmed == {ITEMS[first_uid]}


@pytest.mark.parametrize("kill_at", PICKUP_STEPS)
def test_pickup_killed_at_each_step(site, kill_at):
    db, device_dir = site
    crash_then_recover(db, device_dir, "pickup", kill_at)
    doors = FakeDoors([], Path(device_dir) / "doors.json")
    store = Store(db, "check")
    try:
        hold = store.get_hold("H-0002")
        loans = store.query("SELECT * FROM loans WHERE item_id = ?", [hold.item_id])
        door_opened = "A01" in doors.state["opened"]
        assert door_opened == (kill_at != "pickup.intent_recorded")
        assert (hold.status is HoldStatus.PICKED_UP) == door_opened
        assert len(loans) == (1 if door_opened else 0)
        events = [e for e in store.outbox_pending(limit=100) if e.kind == "loan"]
        assert len(events) == len(loans)
        assert store.pending_intents() == []
    finally:
        store.close()


def test_pickup_killed_before_opening_without_item_sensors_charges_and_alerts(site):
    """8A boards have no item sensor: a closed door cannot prove the item is still in."""
    db, device_dir = site
    doors = FakeDoors([], Path(device_dir) / "doors.json")
    doors.remove_item_sensors()
    outcomes = crash_then_recover(db, device_dir, "pickup", "pickup.intent_recorded")
    assert [o["resolution"] for o in outcomes] == ["needs_staff"]
    store = Store(db, "check")
    try:
        assert store.get_hold("H-0002").status is HoldStatus.PICKED_UP
        (loan,) = store.open_loans("3301000000005")
        assert loan.needs_staff
        assert [(a.kind, a.subject) for a in store.active_alarms()] == [
            ("pickup_unconfirmed", "A01")
        ]
    finally:
        store.close()


@pytest.fixture(params=["shared_code", "new_code"])
def loading_site(site, request):
    """The holder's compartment A01 already holds a ready hold (the new one joins it and
    shares its code), or the holder has picked it up (the new one gets a code of its own)."""
    db, device_dir = site
    if request.param == "new_code":
        assert run_child(db, device_dir, "pickup").returncode == 0
        FakeDoors([], Path(device_dir) / "doors.json").close(HOLDER_COMPARTMENT)
    return db, device_dir, request.param


@pytest.mark.parametrize("kill_at", LOAD_STEPS)
def test_loading_killed_at_each_step(loading_site, kill_at):
    db, device_dir, variant = loading_site
    doors_file = Path(device_dir) / "doors.json"
    opened_before = len(FakeDoors([], doors_file).state["opened"])
    outcomes = crash_then_recover(db, device_dir, "load", kill_at)
    door_opened = len(FakeDoors([], doors_file).state["opened"]) > opened_before
    assert door_opened == (kill_at != "load.intent_recorded")
    status, compartment, _, alarmed = check_load_invariant(db)
    if kill_at == "load.recorded":
        assert outcomes == [] and alarmed == {}
        assert (status, compartment) == (HoldStatus.READY, HOLDER_COMPARTMENT)
        return
    # rolled back: the hold waits again and staff are told which door to look into
    assert [(o["kind"], o["resolution"]) for o in outcomes] == [("load", "rolled_back")]
    assert status is HoldStatus.AWAITING_LOAD
    assert alarmed == {HOLDER_COMPARTMENT: {"hold_id": LOADING_HOLD}}
    # staff load it again: it ends in one compartment, with one event and a working code.
    # It joins the holder's compartment when it holds their ready hold; an empty A01 is
    # not taken while staff have yet to look into it (the book may be in there).
    again = run_child(db, device_dir, "load")
    assert again.returncode == 0, again.stderr
    status, compartment, code, _ = check_load_invariant(db)
    expected = HOLDER_COMPARTMENT if variant == "shared_code" else FIRST_UNALARMED_EMPTY
    assert (status, compartment) == (HoldStatus.READY, expected)
    printed = json.loads(again.stdout)
    assert printed == {"compartment_id": compartment, "code": code}
    assert (code is None) == (variant == "shared_code")
