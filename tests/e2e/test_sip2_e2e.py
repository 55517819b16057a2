"""The full path to the library's own system: terminal -> MQTT -> central -> SIP2 -> library.

Two terminals (real sync clients over their own stores, events written as the circulation
core writes them), a real mosquitto, the central service with a SIP2 client, and the
pysip2-based library-system simulator. A loan made while central is unreachable is delivered
when it comes back and applied once in the library system with its own time and due date; a
return at another terminal checks the book in; re-delivering the events makes no second loan;
a loan the library system refuses becomes a central alarm and an alarm on the terminal.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from central.service import CentralService, CentralSettings
from central.sip2.client import Sip2Client, Sip2Pool
from central.sip2.codec import sip_datetime
from central.sip2.simulator import SimPatron, Sip2Simulator
from central.sip2.upload import nb_due_instant
from kiosk.store import Store
from tests.central.sip2.conftest import PASSWORD, USER, settings_for
from tests.support.fleet import broker_settings, wait_until

FAST = CentralSettings(tick_s=0.1, gap_timeout_s=1.0, job_grace_s=5.0, sip2_check_interval_s=1.0)
FAST = replace(FAST, sip2_apply_poll_s=0.1)
BLOCKED = "3301000000004"


def write_event(store: Store, kind: str, at: datetime, data: dict) -> str:
    """One outbox event, in one transaction, as the circulation core writes it."""
    with store.transaction() as tx:
        return tx.add_event(kind, at, data).event_id


def borrow(store: Store, item: str, patron: str, at: datetime, offline: bool) -> tuple[str, str]:
    due = (at + timedelta(days=30)).date().isoformat()
    event_id = write_event(
        store,
        "loan",
        at,
        {
            "patron_id": patron,
            "item_id": item,
            "loan_id": str(uuid.uuid4()),
            "due": due,
            "offline": offline,
            "hold_id": None,
            "compartment_id": None,
            "needs_staff": False,
        },
    )
    return event_id, due


def give_back(store: Store, item: str, patron: str, at: datetime) -> str:
    return write_event(
        store,
        "return",
        at,
        {
            "item_id": item,
            "loan_id": str(uuid.uuid4()),
            "patron_id": patron,
            "compartment_id": None,
            "needs_staff": False,
        },
    )


@pytest.fixture
def library():
    with Sip2Simulator(username=USER, password=PASSWORD) as sim:
        with sim.lock:
            sim.data.patrons[BLOCKED] = SimPatron(BLOCKED, "Zhao Liu", blocked=True)
        yield sim


def checkouts_of(sim: Sip2Simulator, item: str) -> int:
    with sim.lock:
        return sum(1 for f in sim.requests if f.startswith(b"11") and b"AB" + item.encode() in f)


def test_offline_loan_applied_once_then_returned_at_another_terminal(
    broker, signer, tmp_path, library, make_terminal
):
    pool = Sip2Pool(settings_for(library, timeout_s=1.0))

    def start_central() -> CentralService:
        service = CentralService(
            tmp_path / "central.db",
            broker_settings(broker, "central"),
            signer,
            FAST,
            sip2=Sip2Client(pool),
        ).start()
        assert service.link.wait_subscribed(30)
        return service

    central = start_central()
    t1, store1 = make_terminal("T1")
    t2, store2 = make_terminal("T2")
    try:
        wait_until(
            lambda: t1.status().central_online is True and t2.status().central_online is True, 30
        )
        central.stop()
        wait_until(lambda: t1.status().central_online is False, 30, "central offline seen")

        # Borrowed at T1 two hours ago while central was unreachable.
        borrowed_at = datetime.now().astimezone() - timedelta(hours=2)
        loan_id, due = borrow(store1, "B001", "P001", borrowed_at, offline=True)
        assert store1.outbox_stats(datetime.now(UTC)).depth == 1
        assert checkouts_of(library, "B001") == 0

        central = start_central()
        wait_until(lambda: store1.outbox_stats(datetime.now(UTC)).depth == 0, 30, "delivered")

        def applied(event_id: str) -> bool:
            state = central.store.sip2_apply_state(event_id)
            return state is not None and state["state"] == "applied"

        wait_until(lambda: applied(loan_id), 30, "the loan applied in the library system")
        with library.lock:
            record = library.data.loans["B001"]
        assert record.patron_id == "P001"
        assert record.borrowed_at == sip_datetime(borrowed_at)  # the loan's own time, in UTC
        assert record.due == nb_due_instant(due, 8.0).astimezone(UTC)
        assert checkouts_of(library, "B001") == 1

        # Returned at the other terminal: checked in.
        return_id = give_back(store2, "B001", "P001", datetime.now().astimezone())
        wait_until(lambda: applied(return_id), 30, "the return applied")
        with library.lock:
            assert "B001" not in library.data.loans

        # T1 sends everything again: recognised as duplicates, no second loan.
        before = central.store.terminal("T1")["duplicates"]
        job = central.store.enqueue_job("T1", "resend_events", {"from_seq": 1}, 300)
        wait_until(lambda: central.store.job(job)["state"] == "succeeded", 30, "re-sent")
        wait_until(lambda: central.store.terminal("T1")["duplicates"] > before, 30, "duplicate")
        assert central.store.discover_sip2_events(("loan", "return"), 100, everything=True) == 0
        assert checkouts_of(library, "B001") == 1
        with library.lock:
            assert "B001" not in library.data.loans
        assert central.store.sip2_apply_counts() == {"applied": 2}

        # A loan the library system refuses: central alarm, and the terminal is told.
        refused_id, _ = borrow(store1, "B003", BLOCKED, datetime.now().astimezone(), False)
        wait_until(
            lambda: any(a.kind == "loan_refused" for a in store1.active_alarms()),
            30,
            "the refusal reached the terminal",
        )
        (notice,) = [a for a in store1.active_alarms() if a.kind == "loan_refused"]
        assert notice.subject == "B003"
        assert notice.detail["event_id"] == refused_id
        assert notice.detail["patron"] == "****0004"
        assert notice.detail["reason"] == "Blocked / 借阅证已停用"
        (alarm,) = [a for a in central.store.alarms() if a["kind"] == "sip2_refused"]
        assert alarm["terminal_id"] == "T1" and alarm["detail"]["item_id"] == "B003"
        assert central.store.sip2_apply_state(refused_id)["state"] == "refused"
    finally:
        central.stop()
        pool.close()
