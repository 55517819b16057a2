"""A whole kiosk SIGKILLed mid-return and mid-loading, on real drivers, recovers on restart.

The kiosk runs the real FEIG driver and the real Kerong lock driver against simulators
that live in the test process, so the tags and the locks outlive the killed process as
real ones would. After each kill at a labelled step (``RETURN_STEPS``, ``LOAD_STEPS``)
the restarted kiosk settles what was in flight, and the audit checks:

- return: each tag's security state (its AFI) agrees with the store: "on loan" exactly
  when the item has an open loan; no intent is left; every loan has exactly one ``loan``
  event and every returned loan exactly one ``return`` event in the outbox;
- loading: the hold still waits to be loaded, with a ``check_compartment`` alarm for the
  door that was released, or it is ready in exactly one compartment with exactly one
  ``hold_loaded`` event and the code of the holder's compartment.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from drivers.locker import make_protocol
from drivers.locker.simulator import LockerSimulator
from drivers.rfid import library_tag
from drivers.rfid.sim import make_simulator
from kiosk import pickup_codes
from kiosk.circulation import LOAD_STEPS, RETURN_STEPS
from kiosk.config import load_config
from kiosk.model import HoldStatus
from kiosk.sample_data import DEMO_PICKUP_CODE, HOLD_AWAITING_LOAD, HOLD_READY
from kiosk.store import Store

REPO = Path(__file__).resolve().parents[2]
DEFAULT = REPO / "config" / "default.toml"
CHILD = Path(__file__).with_name("kill_child.py")
LIVING, THREE_BODY = "31234000567890", "31234000567891"
AFI_IN_LIBRARY, AFI_ON_LOAN = 0x07, 0xC2
SIGKILL_RC = -9
BOARD, LOCK = 1, 1  # compartment A01, the holder's, on bus A
LOADING_HOLD = HOLD_AWAITING_LOAD[0]
CHILD_TIMEOUT_S = 90


@pytest.fixture
def devices(tmp_path):
    """A FEIG reader with two library books and a Kerong lock bus, owned by the test
    process, and a site file whose kiosk talks to them through the real drivers."""
    tags = {item_id: library_tag(item_id) for item_id in (LIVING, THREE_BODY)}
    reader = make_simulator("feig", list(tags.values()))
    lockers = LockerSimulator()
    bus_path = lockers.add_bus("A", make_protocol("kerong"), {BOARD: 16})
    lockers.set_item(BOARD, LOCK, True)  # the sample hold ready in A01
    text = DEFAULT.read_text(encoding="utf-8")
    for old, new in (
        (
            '[devices.rfid]\ndriver = "simulated"',
            f'[devices.rfid]\ndriver = "feig"\nport = "{reader.path}"',
        ),
        (
            '[[lockers.buses]]\nname = "A"\ndriver = "simulated"',
            f'[[lockers.buses]]\nname = "A"\ndriver = "kerong"\nport = "{bus_path}"',
        ),
        ('path = "var/kiosk.db"', f'path = "{tmp_path / "kiosk.db"}"'),
    ):
        assert old in text
        text = text.replace(old, new)
    site = tmp_path / "site.toml"
    site.write_text(text, encoding="utf-8")
    items_by_uid = {tag.uid: item_id for item_id, tag in tags.items()}
    yield site, reader, lockers, items_by_uid
    reader.close()
    lockers.close()


def child(site, flow, kill_at=None):
    args = [sys.executable, str(CHILD), str(site), flow] + ([kill_at] if kill_at else [])
    return subprocess.run(args, cwd=REPO, capture_output=True, text=True, timeout=CHILD_TIMEOUT_S)


def recover(site) -> list[str]:
    recovered = child(site, "recover")
    assert recovered.returncode == 0, recovered.stderr
    return json.loads(recovered.stdout)


def open_store(site) -> Store:
    return Store(load_config(site).storage.path, "check")


def audit_returns(site, reader, items_by_uid) -> dict[str, bool]:
    """Check tags against the store and the outbox; returns item id -> on loan."""
    store = open_store(site)
    try:
        assert store.pending_intents() == []
        assert store.active_alarms() == []
        loans = store.query("SELECT loan_id, item_id, returned_at FROM loans")
        events = store.outbox_pending(limit=1000)
        loan_events = [e.payload["data"]["loan_id"] for e in events if e.kind == "loan"]
        assert sorted(loan_events) == sorted(r["loan_id"] for r in loans)
        # a book checked in again after its loan was closed gives a return event without
        # a loan; a closed loan has exactly one return event, an open loan none
        return_events = [e.payload["data"]["loan_id"] for e in events if e.kind == "return"]
        returned = [r["loan_id"] for r in loans if r["returned_at"] is not None]
        assert sorted(i for i in return_events if i is not None) == sorted(returned)
        on_loan = {}
        for tag in reader.tags():
            item_id = items_by_uid[tag.uid]
            open_loans = [r for r in loans if r["item_id"] == item_id and r["returned_at"] is None]
            assert len(open_loans) <= 1, item_id
            assert tag.afi in (AFI_IN_LIBRARY, AFI_ON_LOAN)
            on_loan[item_id] = tag.afi == AFI_ON_LOAN
            assert on_loan[item_id] == bool(open_loans), (item_id, hex(tag.afi))
        return on_loan
    finally:
        store.close()


@pytest.mark.parametrize("kill_at", RETURN_STEPS)
def test_kiosk_killed_mid_return_on_real_drivers(devices, kill_at):
    site, reader, _, items_by_uid = devices
    borrowed = child(site, "borrow")
    assert borrowed.returncode == 0, borrowed.stderr
    assert audit_returns(site, reader, items_by_uid) == {LIVING: True, THREE_BODY: True}
    killed = child(site, "return", kill_at)
    assert killed.returncode == SIGKILL_RC, killed.stderr
    resolutions = recover(site)
    # the first book was in flight, the second never started
    expected_resolutions, first_returned = {
        "return.intent_recorded": (["rolled_back"], False),
        "return.security_written": (["completed"], True),
        "return.recorded": ([], True),
    }[kill_at]
    assert resolutions == expected_resolutions
    assert audit_returns(site, reader, items_by_uid) == {
        LIVING: not first_returned,
        THREE_BODY: True,
    }
    # the resident puts both books back on the pad again: both end returned, once each
    again = child(site, "return")
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout) == [True, True]
    assert audit_returns(site, reader, items_by_uid) == {LIVING: False, THREE_BODY: False}
    assert {t.afi for t in reader.tags()} == {AFI_IN_LIBRARY}


def audit_loading(site) -> tuple[HoldStatus, dict[str, dict]]:
    """Check the hold being loaded against the compartments and the outbox; returns its
    status and the active alarms by (kind, subject)."""
    store = open_store(site)
    try:
        assert store.pending_intents() == []
        hold = store.get_hold(LOADING_HOLD)
        hashes = {
            r["hold_id"]: r["pickup_code_hash"]
            for r in store.query("SELECT hold_id, pickup_code_hash FROM holds")
        }
        listed_in = [c.compartment_id for c in store.compartments() if LOADING_HOLD in c.holds]
        loaded_events = [
            e.payload["data"]
            for e in store.outbox_pending(limit=1000)
            if e.kind == "hold_loaded" and e.payload["data"]["hold_id"] == LOADING_HOLD
        ]
        alarms = {f"{a.kind}:{a.subject}": a.detail for a in store.active_alarms()}
        # the holder's hold that was already in A01 is untouched whatever happened
        assert store.get_hold(HOLD_READY[0]).status is HoldStatus.READY
        if hold.status is HoldStatus.AWAITING_LOAD:
            assert (hold.compartment_id, hashes[LOADING_HOLD]) == (None, None)
            assert listed_in == [] and loaded_events == []
            return hold.status, alarms
        assert hold.status is HoldStatus.READY
        assert listed_in == [hold.compartment_id] == [HOLD_READY[3]]
        (event,) = loaded_events
        assert (event["compartment_id"], event["same_code_as"]) == (HOLD_READY[3], HOLD_READY[0])
        secret = store.get_setting(pickup_codes.SECRET_SETTING)
        assert hashes[LOADING_HOLD] == pickup_codes.code_hash(secret, DEMO_PICKUP_CODE)
        return hold.status, alarms
    finally:
        store.close()


def load(site, lockers, kill_at=None) -> subprocess.CompletedProcess:
    """Run the loading flow; when the lock releases, open the door, put the book in and
    shut it, as the staff member at the kiosk would."""
    args = [sys.executable, str(CHILD), str(site), "load"] + ([kill_at] if kill_at else [])
    with subprocess.Popen(
        args,
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as proc:
        if proc.stdout.readline() == "released\n":
            stock_compartment(lockers)
            out, err = proc.communicate("shut\n", timeout=CHILD_TIMEOUT_S)
        else:
            out, err = proc.communicate(timeout=CHILD_TIMEOUT_S)
    return subprocess.CompletedProcess(args, proc.returncode, out, err)


def stock_compartment(lockers) -> None:
    assert lockers.open_door(BOARD, LOCK), "the lock had not released"
    lockers.set_item(BOARD, LOCK, True)
    lockers.close_door(BOARD, LOCK)


@pytest.mark.parametrize("kill_at", LOAD_STEPS)
def test_kiosk_killed_mid_loading_on_real_drivers(devices, kill_at):
    site, _, lockers, _ = devices
    assert recover(site) == []  # seeds the store
    assert audit_loading(site) == (HoldStatus.AWAITING_LOAD, {})
    killed = load(site, lockers, kill_at)
    assert killed.returncode == SIGKILL_RC, killed.stderr
    if kill_at == "load.door_opened":
        # the lock released before the kill: staff put the book in and shut the door
        stock_compartment(lockers)
    resolutions = recover(site)
    status, alarms = audit_loading(site)
    if kill_at == "load.recorded":
        assert resolutions == [] and alarms == {}
        assert status is HoldStatus.READY
        return
    assert resolutions == ["rolled_back"]
    assert status is HoldStatus.AWAITING_LOAD
    assert alarms == {"check_compartment:A01": {"hold_id": LOADING_HOLD}}
    # staff load it again: one compartment, one event, the holder's code
    again = load(site, lockers)
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines()[-1] == "null"  # shares the holder's code
    status, alarms = audit_loading(site)
    assert status is HoldStatus.READY
    assert alarms == {"check_compartment:A01": {"hold_id": LOADING_HOLD}}
