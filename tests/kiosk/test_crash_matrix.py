"""The crash matrix at random points: every flow SIGKILLed between any two calls.

The labelled-step tests (test_crash_recovery.py) kill a kiosk where the code says a step
ends. Here a real child process runs borrow, return, renew, pick-up or locker loading and
kills itself at the N-th call into the core, the devices or SQLite, N drawn at random from
the calls that flow makes (counted in a first run): inside a transaction, between a device
write and its record, anywhere. After each kill a second process recovers, then the same
audit as the labelled tests runs, then the resident (or staff) tries again and the audit
runs once more.

A handful of points per flow in every run; ``KIOSK_FUZZ_LONG=1`` runs 300 per flow (the
figure and the command are in docs/reliability.md).
"""

from __future__ import annotations

import json
import os
import random
import shutil

import pytest
from crash_audit import (
    LOADING_HOLD,
    SIGKILL_RC,
    check_invariant,
    check_load_invariant,
    make_site,
    run_child,
)
from fakes import FakeDoors

from kiosk.model import HoldStatus
from kiosk.store import Store

LONG = os.environ.get("KIOSK_FUZZ_LONG") == "1"
POINTS = 300 if LONG else 4
# what runs before the flow under test, so that it has something to do
PREPARE = {"borrow": [], "return": ["borrow"], "renew": ["borrow"], "pickup": [], "load": []}


def check_renewals(db) -> None:
    """Each loan's renewal count equals its renew events: a renewal is recorded whole."""
    store = Store(db, "check")
    try:
        events: dict[str, int] = {}
        for e in store.outbox_pending(limit=10_000):
            if e.kind == "renew":
                events[e.payload["data"]["loan_id"]] = (
                    events.get(e.payload["data"]["loan_id"], 0) + 1
                )
        for row in store.query("SELECT loan_id, renewals FROM loans"):
            assert row["renewals"] == events.get(row["loan_id"], 0), row
    finally:
        store.close()


def check_pickup(db, device_dir) -> None:
    """The hold is picked up exactly when its door opened, with exactly one loan."""
    doors = FakeDoors([], device_dir / "doors.json")
    store = Store(db, "check")
    try:
        assert store.pending_intents() == []
        hold = store.get_hold("H-0002")
        loans = store.query("SELECT * FROM loans WHERE item_id = ?", [hold.item_id])
        picked = hold.status is HoldStatus.PICKED_UP
        needs_staff = any(a.kind == "pickup_unconfirmed" for a in store.active_alarms())
        assert picked == ("A01" in doors.state["opened"]) or needs_staff
        assert len(loans) == (1 if picked else 0)
        events = [e for e in store.outbox_pending(limit=100) if e.kind == "loan"]
        assert len(events) == len(loans)
    finally:
        store.close()


def already_done(flow: str, db) -> bool:
    """Whether the kill came after the flow's last commit (nothing is left to do again)."""
    if flow not in ("pickup", "load"):
        return False
    store = Store(db, "check")
    try:
        if flow == "pickup":
            return store.get_hold("H-0002").status is HoldStatus.PICKED_UP
        return store.get_hold(LOADING_HOLD).status is HoldStatus.READY
    finally:
        store.close()


def audit(flow: str, db, device_dir) -> None:
    if flow == "load":
        status, _, _, _ = check_load_invariant(db)
        assert status in (HoldStatus.AWAITING_LOAD, HoldStatus.READY)
    elif flow == "pickup":
        check_pickup(db, device_dir)
    else:
        check_invariant(db, device_dir)
        check_renewals(db)


def calls_made(pristine, tmp_path, flow) -> int:
    site = tmp_path / "count"
    shutil.copytree(pristine, site)
    done = run_child(site / "kiosk.db", site, flow, "count")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stderr.strip().splitlines()[-1])["calls"]


@pytest.mark.parametrize("flow", list(PREPARE))
def test_killed_at_random_points_recovers_and_audits(flow, tmp_path):
    pristine = tmp_path / "pristine"
    pristine.mkdir()
    db, _ = make_site(pristine)
    for step in PREPARE[flow]:
        assert run_child(db, pristine, step).returncode == 0
    total = calls_made(pristine, tmp_path, flow)
    assert total > 20, total
    rng = random.Random(f"{flow}-{POINTS}")
    for n in sorted(rng.sample(range(1, total + 1), min(POINTS, total))):
        site = tmp_path / f"{flow}-{n}"
        shutil.copytree(pristine, site)
        crashed = run_child(site / "kiosk.db", site, flow, f"call:{n}")
        assert crashed.returncode == SIGKILL_RC, (n, crashed.stderr)
        recovered = run_child(site / "kiosk.db", site, "recover")
        assert recovered.returncode == 0, (n, recovered.stderr)
        audit(flow, site / "kiosk.db", site)
        done_before = already_done(flow, site / "kiosk.db")
        again = run_child(site / "kiosk.db", site, flow)
        if done_before:
            assert "no_holds_ready" in again.stderr  # it was done before the kill
        else:
            assert again.returncode == 0, (n, again.stderr)
        audit(flow, site / "kiosk.db", site)
        if flow == "load":
            store = Store(site / "kiosk.db", "check")
            try:
                assert store.get_hold(LOADING_HOLD).status is HoldStatus.READY
            finally:
                store.close()
        shutil.rmtree(site)
