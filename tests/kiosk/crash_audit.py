"""What the crash tests check after a SIGKILLed kiosk process has been recovered.

Shared by the labelled-step tests (test_crash_recovery.py) and the random-point matrix
(test_crash_matrix.py). The site is the demo site's sample data with two books on the pad
and the sample hold waiting in A01; the devices' state lives in files beside the store.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from fakes import DEFAULT_CONFIG, FakeDoors, FakePad

from kiosk.circulation import Circulation
from kiosk.config import load_config
from kiosk.model import HoldStatus
from kiosk.sample_data import DEMO_PICKUP_CODE, HOLD_AWAITING_LOAD, HOLD_READY, seed
from kiosk.store import Store

CHILD = Path(__file__).with_name("crash_child.py")
ITEMS = {"E004010000567890": "31234000567890", "E004010000567891": "31234000567891"}
SIGKILL_RC = -9


def make_site(directory: Path) -> tuple[Path, Path]:
    config = load_config(DEFAULT_CONFIG)
    db = directory / "kiosk.db"
    store = Store(db, config.site.terminal_id)
    circulation = Circulation(store, config)
    seed(store, circulation.clock())
    store.close()
    pad = FakePad(directory / "pad.json")
    for uid, item_id in ITEMS.items():
        pad.place(uid, item_id, secured=True)
    doors = FakeDoors([c.id for c in config.lockers.compartments], directory / "doors.json")
    doors.put_item("A01")  # the sample hold waiting there
    return db, directory


def run_child(db, device_dir, flow, kill_at=None):
    args = [sys.executable, str(CHILD), str(db), str(device_dir), flow]
    if kill_at:
        args.append(kill_at)
    return subprocess.run(args, capture_output=True, text=True, timeout=60)


def crash_then_recover(db, device_dir, flow, kill_at, between=None):
    crashed = run_child(db, device_dir, flow, kill_at)
    assert crashed.returncode == SIGKILL_RC, crashed.stderr
    if between:
        between()
    recovered = run_child(db, device_dir, "recover")
    assert recovered.returncode == 0, recovered.stderr
    return json.loads(recovered.stdout)


def check_invariant(db, device_dir):
    pad = FakePad(Path(device_dir) / "pad.json")
    store = Store(db, "check")
    try:
        assert store.pending_intents() == []
        alarmed = {a.subject for a in store.active_alarms() if a.kind == "security_state_unknown"}
        loans = store.query("SELECT loan_id, item_id, returned_at FROM loans")
        loan_events = [
            e.payload["data"]["loan_id"]
            for e in store.outbox_pending(limit=1000)
            if e.kind == "loan"
        ]
        assert sorted(loan_events) == sorted(row["loan_id"] for row in loans)
        for uid, item_id in ITEMS.items():
            open_loans = [r for r in loans if r["item_id"] == item_id and r["returned_at"] is None]
            assert len(open_loans) <= 1
            on_loan = bool(open_loans)
            assert on_loan == (not pad.secured(uid)) or item_id in alarmed, (item_id, on_loan)
        return store.query("SELECT count(*) AS n FROM loans")[0]["n"], alarmed
    finally:
        store.close()


LOADING_HOLD = HOLD_AWAITING_LOAD[0]
HOLDER_COMPARTMENT = HOLD_READY[3]
FIRST_UNALARMED_EMPTY = "A02"


def check_load_invariant(db):
    """The hold being loaded is waiting or ready in exactly one compartment with a code
    that opens it; returns (status, compartment, code, alarmed compartments)."""
    config = load_config(DEFAULT_CONFIG)
    store = Store(db, "check")
    try:
        assert store.pending_intents() == []
        hold = store.get_hold(LOADING_HOLD)
        code_hash = store.query(
            "SELECT pickup_code_hash FROM holds WHERE hold_id = ?", [LOADING_HOLD]
        )[0]["pickup_code_hash"]
        listed_in = [c.compartment_id for c in store.compartments() if LOADING_HOLD in c.holds]
        events = [
            e.payload["data"]
            for e in store.outbox_pending(limit=1000)
            if e.kind == "hold_loaded" and e.payload["data"]["hold_id"] == LOADING_HOLD
        ]
        alarmed = {
            a.subject: a.detail for a in store.active_alarms() if a.kind == "check_compartment"
        }
        assert all(c.in_service for c in store.compartments())
        if hold.status is HoldStatus.AWAITING_LOAD:
            assert (hold.compartment_id, code_hash, listed_in, events) == (None, None, [], [])
            return hold.status, None, None, alarmed
        assert hold.status is HoldStatus.READY
        assert listed_in == [hold.compartment_id] and code_hash is not None
        (event,) = events
        assert event["compartment_id"] == hold.compartment_id
        assert event["patron_id"] == hold.patron_id
        if event["pickup_code"] is None:
            # it shares the compartment, and so the code, of the holder's ready hold
            assert event["same_code_as"] == HOLD_READY[0]
            code = DEMO_PICKUP_CODE
        else:
            code = event["pickup_code"]
        circulation = Circulation(store, config)
        session = circulation.start_code_session(code)
        assert LOADING_HOLD in {h.hold_id for h in circulation.holds_ready(session)}
        return hold.status, hold.compartment_id, event["pickup_code"], alarmed
    finally:
        store.close()
