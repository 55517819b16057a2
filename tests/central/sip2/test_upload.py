"""Applying stored events in the library system (central/sip2/upload.py), against the simulator.

A real central store (SQLite) and the pysip2-based simulator over TCP: offline loans as
no-block checkouts with their own time and due date, per-item order whatever the arrival
order, "already on loan" to the same patron and to another one, duplicates, a library
system that is down (pending, backoff, resumed by a new store after a restart), refusals
(alarm, notice queued for the terminal).
"""

from __future__ import annotations

import argparse
import json
import threading
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from central import cli
from central.sip2.codec import sip_datetime
from central.sip2.simulator import SimPatron, Sip2Simulator
from central.sip2.upload import EventUploader, nb_due_instant
from central.store import CentralStore
from sync import contract

T0 = datetime(2026, 11, 20, 2, 30, 0, tzinfo=UTC)
BLOCKED = "3301000000004"


def event(
    kind: str,
    item: str,
    patron: str,
    at: datetime,
    *,
    terminal: str = "T1",
    seq: int = 1,
    offline: bool = False,
    due: str = "2026-12-18",
) -> dict:
    data: dict = {"item_id": item, "patron_id": patron, "loan_id": str(uuid.uuid4())}
    if kind == "loan":
        data |= {
            "due": due,
            "offline": offline,
            "hold_id": None,
            "compartment_id": None,
            "needs_staff": False,
        }
    elif kind == "return":
        data |= {"compartment_id": None, "needs_staff": False}
    else:
        data |= {"due": due, "offline": offline}
    body = {
        "event_id": str(uuid.uuid4()),
        "seq": seq,
        "terminal_id": terminal,
        "kind": kind,
        "at": at.isoformat(timespec="milliseconds"),
        "data": data,
    }
    contract.validate("event", body)
    return body


@pytest.fixture
def store(any_central_db):
    """The rules hold on both backends: SQLite and the test PostgreSQL cluster."""
    s = CentralStore(any_central_db)
    yield s
    s.close()


def uploader(store, client) -> EventUploader:
    return EventUploader(store, client, threading.Event(), batch=50)


def commands(sim: Sip2Simulator) -> list[str]:
    """The circulation requests the library system received, in order (11, 09, 29, 17)."""
    with sim.lock:
        return [f[:2].decode() for f in sim.requests if f[:2] in (b"11", b"09", b"29", b"17")]


def test_an_offline_loan_is_a_no_block_checkout_with_its_own_time_and_due_date(sim, client, store):
    loan = event("loan", "B001", "P001", T0, offline=True, due="2026-12-18")
    store.store_events([("T1", loan)])
    assert uploader(store, client).run_once() == 1
    with sim.lock:
        record = sim.data.loans["B001"]
        (frame,) = [f for f in sim.requests if f.startswith(b"11")]
    assert (record.patron_id, record.borrowed_at) == ("P001", sip_datetime(T0))
    due = nb_due_instant("2026-12-18", 8.0)
    assert record.due == due.astimezone(UTC)
    assert due.astimezone(UTC) == datetime(2026, 12, 18, 15, 59, 59, tzinfo=UTC)
    assert frame[2:4] == b"NY"  # SC renewal policy N, no block Y
    state = store.sip2_apply_state(loan["event_id"])
    assert state["state"] == "applied" and state["attempts"] == 1
    assert store.item_title("B001")["title"].startswith("红楼梦")


def test_per_item_events_apply_in_the_order_they_happened_whatever_the_arrival(sim, client, store):
    first = event("loan", "B002", "P001", T0, terminal="T1", seq=1, offline=True)
    back = event("return", "B002", "P001", T0 + timedelta(hours=2), terminal="T2", seq=1)
    again = event("loan", "B002", "P002", T0 + timedelta(hours=3), terminal="T2", seq=2)
    # The other terminal's return and loan arrive first; the offline loan comes later.
    store.store_events([("T2", back), ("T2", again), ("T1", first)])
    up = uploader(store, client)
    assert up.run_once() == 3
    assert commands(sim) == ["11", "09", "11"]
    with sim.lock:
        assert sim.data.loans["B002"].patron_id == "P002"


def test_an_event_arriving_late_puts_the_items_later_events_back_in_order(sim, client, store):
    back = event("return", "B003", "P001", T0 + timedelta(hours=2), terminal="T2")
    store.store_events([("T2", back)])
    up = uploader(store, client)
    assert up.run_once() == 1
    late = event("loan", "B003", "P001", T0, terminal="T1", offline=True)
    store.store_events([("T1", late)])
    assert up.run_once() == 2  # the late loan, then the return again
    assert commands(sim) == ["09", "11", "09"]
    with sim.lock:
        assert "B003" not in sim.data.loans


def test_already_on_loan_to_the_same_patron_is_success(sim, client, store):
    client.checkout("P001", "B001")
    loan = event("loan", "B001", "P001", T0)
    store.store_events([("T1", loan)])
    assert uploader(store, client).run_once() == 1
    state = store.sip2_apply_state(loan["event_id"])
    assert state["state"] == "applied"
    assert "already on loan to this patron" in state["outcome"]["steps"]
    with sim.lock:
        assert sim.data.loans["B001"].patron_id == "P001"
    assert store.alarms() == []


def test_on_loan_to_another_patron_is_checked_in_then_out_and_logged(sim, client, store):
    client.checkout("P002", "B004")
    loan = event("loan", "B004", "P001", T0 + timedelta(minutes=1))
    store.store_events([("T1", loan)])
    assert uploader(store, client).run_once() == 1
    state = store.sip2_apply_state(loan["event_id"])
    assert state["state"] == "applied"
    steps = state["outcome"]["steps"]
    assert steps[1:] == [
        "refused (Already on loan / 该书已借出): on loan to another patron",
        "checkin",
        "checkout again",
    ]
    assert commands(sim)[-4:] == ["11", "17", "09", "11"]
    with sim.lock:
        assert sim.data.loans["B004"].patron_id == "P001"


def test_a_resent_event_never_makes_a_second_loan(sim, client, store):
    loan = event("loan", "B001", "P001", T0, offline=True)
    up = uploader(store, client)
    store.store_events([("T1", loan)])
    assert up.run_once() == 1
    stored = store.store_events([("T1", loan)])  # re-delivered
    assert stored.duplicate == [loan["event_id"]]
    assert up.run_once() == 0
    assert store.discover_sip2_events(("loan",), 100, everything=True) == 0
    assert commands(sim) == ["11"]


def test_library_down_keeps_events_pending_with_backoff_and_a_restart_resumes(
    sim, make_client, any_central_db
):
    client = make_client(sim, timeout_s=0.2, retries=0, retry_min_s=0.05, retry_max_s=0.05)
    path = any_central_db
    store = CentralStore(path)
    loan = event("loan", "B002", "P001", T0, offline=True)
    back = event("return", "B002", "P001", T0 + timedelta(hours=1), seq=2)
    store.store_events([("T1", loan), ("T1", back)])
    with sim.lock:
        sim.faults.unanswered = 1000
    up = uploader(store, client)
    assert up.run_once() == 0
    first, second = (
        store.sip2_apply_state(loan["event_id"]),
        store.sip2_apply_state(back["event_id"]),
    )
    assert (first["state"], first["attempts"]) == ("pending", 1)
    assert first["last_error"] and first["next_at"] > first["received_at"]
    # The return waits behind the pending loan of the same item: never attempted.
    assert (second["state"], second["attempts"]) == ("pending", 0)
    store.close()
    with sim.lock:
        sim.faults.unanswered = 0
    restarted = CentralStore(path)
    resumed = uploader(restarted, client)
    deadline = datetime.now(UTC) + timedelta(seconds=10)
    while restarted.sip2_apply_counts().get("applied", 0) < 2 and datetime.now(UTC) < deadline:
        resumed.run_once()
    assert restarted.sip2_apply_counts() == {"applied": 2}
    with sim.lock:
        assert "B002" not in sim.data.loans
    restarted.close()


def test_a_refusal_is_an_alarm_with_the_item_and_masked_patron_and_a_notice(sim, client, store):
    with sim.lock:
        sim.data.patrons[BLOCKED] = SimPatron(BLOCKED, "Zhao Liu", blocked=True)
    loan = event("loan", "B001", BLOCKED, T0)
    store.store_events([("T1", loan)])
    assert uploader(store, client).run_once() == 1
    assert store.sip2_apply_state(loan["event_id"])["state"] == "refused"
    (alarm,) = store.alarms()
    assert (alarm["kind"], alarm["terminal_id"]) == ("sip2_refused", "T1")
    assert alarm["detail"]["item_id"] == "B001"
    assert alarm["detail"]["patron"] == "****0004"
    assert alarm["detail"]["last"] == "Blocked / 借阅证已停用"
    assert BLOCKED not in str(alarm) and BLOCKED not in str(store.queued_jobs())
    (job,) = store.queued_jobs()
    assert job["kind"] == "loan_refused" and job["terminal_id"] == "T1"
    assert job["args"] == {
        "event_id": loan["event_id"],
        "event_kind": "loan",
        "item_id": "B001",
        "patron": "****0004",
        "reason": "Blocked / 借阅证已停用",
    }
    with sim.lock:
        assert "B001" not in sim.data.loans


def test_central_status_shows_the_refusal_and_the_counts(sim, client, tmp_path, capsys):
    store = CentralStore(tmp_path / "status.db")
    with sim.lock:
        sim.data.patrons[BLOCKED] = SimPatron(BLOCKED, "Zhao Liu", blocked=True)
    store.store_events(
        [("T1", event("loan", "B001", BLOCKED, T0)), ("T1", event("loan", "B002", "P001", T0))]
    )
    assert uploader(store, client).run_once() == 2
    store.close()
    parser = argparse.ArgumentParser(prog="kiosk central")
    cli.register(parser.add_subparsers(dest="cmd", required=True))
    db = str(tmp_path / "status.db")
    args = parser.parse_args(["status", "--db", db, "--json"])
    assert args.handler(args) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["library_system"] == {"applied": 1, "refused": 1}
    (alarm,) = status["alarms"]
    assert (alarm["kind"], alarm["detail"]["item_id"]) == ("sip2_refused", "B001")
    args = parser.parse_args(["status", "--db", db])
    assert args.handler(args) == 0
    text = capsys.readouterr().out
    assert "ALARM sip2_refused T1" in text and "loan of item B001, patron ****0004" in text
    assert "LIBRARY SYSTEM events: applied 1, refused 1" in text
