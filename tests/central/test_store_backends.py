"""The central store behaves the same on SQLite and PostgreSQL, and stays exact when several
workers write at once: every event stored once, sequence tracking and counters exact, a job
moved and a gap's re-send asked by one writer only, a duty's lease held by one worker."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from central.accounts import AccountError, Accounts, Role
from central.db import pg_ddl, pg_params
from central.jobs import JobState
from central.schema import MIGRATIONS
from central.store import CentralAlarm, CentralStore
from central.workers import Leases
from tests.support.hostile_central import event


@pytest.fixture
def central_db(any_central_db: str) -> str:
    return any_central_db


def together(n: int, work: Callable[[int], Any]) -> list[Any]:
    """Run ``work(i)`` for i in 0..n-1 on n threads released at once; their results."""
    start = threading.Barrier(n)
    results: list[Any] = [None] * n
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            start.wait(30)
            results[i] = work(i)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors
    return results


def test_migrations_run_once_and_reopening_keeps_the_data(central_db):
    store = CentralStore(central_db)
    store.store_events([("T1", event("T1", 1))])
    store.close()
    again = CentralStore(central_db)
    try:
        assert again.schema_version() == len(MIGRATIONS)
        assert len(again.events("T1")) == 1
    finally:
        again.close()


def test_workers_starting_together_migrate_once(central_db):
    stores = together(4, lambda _: CentralStore(central_db))
    try:
        assert {s.schema_version() for s in stores} == {len(MIGRATIONS)}
    finally:
        for s in stores:
            s.close()


def test_events_stored_once_with_gaps_and_duplicates_counted(central_db):
    store = CentralStore(central_db)
    try:
        evs = [("T1", event("T1", seq)) for seq in (1, 2, 4)]
        first = store.store_events(evs)
        assert len(first.new) == 3 and not first.duplicate
        again = store.store_events(evs[:2] + [("T1", event("T1", 3))])
        assert len(again.new) == 1 and len(again.duplicate) == 2
        t1 = store.terminal("T1")
        assert (t1["contiguous_seq"], t1["max_seq"], t1["duplicates"]) == (4, 4, 2)
        assert t1["gap_since"] is None
        assert [e["seq"] for e in store.events("T1")] == [1, 2, 3, 4]
    finally:
        store.close()


def test_concurrent_workers_store_every_event_once_and_track_sequences(central_db):
    """Four writers (as four workers would) deliver overlapping batches of three terminals'
    events at once, each event twice on average: all stored once, no gap left, duplicates
    counted exactly."""
    terminals = ["T1", "T2", "T3"]
    per_terminal = 60
    evs = {t: [event(t, seq) for seq in range(1, per_terminal + 1)] for t in terminals}
    stores = [CentralStore(central_db) for _ in range(4)]

    def deliver(i: int) -> int:
        sent = 0
        # Writer i takes every event whose seq is not congruent to i mod 4: each event is
        # delivered by three writers, in batches of 15 spanning all terminals.
        mine = [(t, ev) for t in terminals for ev in evs[t] if ev["seq"] % 4 != i]
        for start in range(0, len(mine), 15):
            stores[i].store_events(mine[start : start + 15])
            sent += len(mine[start : start + 15])
        return sent

    try:
        delivered = sum(together(4, deliver))
        check = stores[0]
        for t in terminals:
            row = check.terminal(t)
            assert [e["event_id"] for e in check.events(t)] == [e["event_id"] for e in evs[t]]
            assert (row["contiguous_seq"], row["max_seq"], row["gap_since"]) == (
                per_terminal,
                per_terminal,
                None,
            )
        duplicates = sum(check.terminal(t)["duplicates"] for t in terminals)
        assert duplicates == delivered - len(terminals) * per_terminal
    finally:
        for s in stores:
            s.close()


def test_counters_give_each_writer_its_own_versions(central_db):
    stores = [CentralStore(central_db) for _ in range(4)]

    def upsert(i: int) -> list[int]:
        tops = []
        for n in range(10):
            patrons = [
                {
                    "patron_id": f"P{i}-{n}-{k}",
                    "kind": "adult",
                    "credit_level": 1,
                    "blocked": False,
                    "block_reason": None,
                }
                for k in range(3)
            ]
            tops.append(stores[i].upsert_patrons(patrons))
        return tops

    try:
        tops = [top for writer in together(4, upsert) for top in writer]
        assert sorted(tops) == list(range(3, 121, 3))
        versions = [p["version"] for p in stores[0].patrons_since(0, 1000)]
        assert sorted(versions) == list(range(1, 121))
    finally:
        for s in stores:
            s.close()


def test_a_queued_job_is_taken_by_one_writer(central_db):
    stores = [CentralStore(central_db) for _ in range(4)]
    try:
        for _ in range(10):
            command_id = stores[0].enqueue_job("T1", "set_config", {"version": 1}, 600)
            won = together(
                4, lambda i, c=command_id: stores[i].transition_job(c, JobState.IN_PROGRESS)
            )
            assert won.count(True) == 1
    finally:
        for s in stores:
            s.close()


def test_a_gap_re_send_is_asked_once_by_many_writers(central_db):
    stores = [CentralStore(central_db) for _ in range(4)]
    try:
        stores[0].store_events([("T1", event("T1", seq)) for seq in (1, 2, 5)])
        with stores[0].tx() as db:
            db.execute("UPDATE terminals SET gap_since = '2000-01-01T00:00:00.000+00:00'")
        asked = together(4, lambda i: stores[i].request_resend("T1", timedelta(seconds=1), 3600))
        assert [a[1] for a in asked if a is not None] == [3]
        jobs = [j for j in stores[0].jobs() if j["kind"] == "resend_events"]
        assert len(jobs) == 1
        # Asked for just now: not due again until the timeout has passed.
        assert stores[1].request_resend("T1", timedelta(seconds=60), 3600) is None
    finally:
        for s in stores:
            s.close()


def test_a_lease_is_held_by_one_worker_until_it_expires(central_db):
    store = CentralStore(central_db)
    leases = Leases(store)
    try:
        holders = together(4, lambda i: leases.hold("dispatch", f"w{i}", 30.0))
        assert holders.count(True) == 1
        winner = f"w{holders.index(True)}"
        other = "w9"
        assert leases.hold("dispatch", winner, 0.5)  # renewed, now short
        assert not leases.hold("dispatch", other, 30.0)
        time.sleep(0.6)
        assert leases.hold("dispatch", other, 30.0)  # expired: taken over
        assert not leases.hold("dispatch", winner, 30.0)
        assert leases.release(other) == 1
        assert leases.hold("dispatch", winner, 30.0)
        assert [(r["duty"], r["holder"]) for r in leases.listing()] == [("dispatch", winner)]
    finally:
        store.close()


def test_alarms_count_up_while_active_and_desired_config_merges(central_db):
    store = CentralStore(central_db)
    try:
        store.record_rate_limited({"T2": 3, "T1": 1})
        store.record_rate_limited({"T2": 2})
        counts = {(a["terminal_id"], a["kind"]): a["count"] for a in store.alarms()}
        assert counts == {("T1", "rate_limited"): 1, ("T2", "rate_limited"): 5}
        store.record_sip2_alarm(CentralAlarm.SIP2_UNREACHABLE, "down")
        assert store.clear_sip2_alarms() == 1
        assert store.desired_config("T1") is None
        assert store.set_desired_config("T1", {"a": 1}) == (1, {"a": 1})
        assert store.set_desired_config("T1", {"b": 2}) == (2, {"a": 1, "b": 2})
        assert store.desired_config("T1") == (2, {"a": 1, "b": 2})
        assert store.terminal("T1")["rate_limited"] == 1
    finally:
        store.close()


def test_quarantine_keeps_bytes_and_instants_order_as_text(central_db):
    from central.store import Rejected

    store = CentralStore(central_db)
    try:
        payload = bytes(range(256))
        store.record_rejected([Rejected("T1", "kiosk/v1/T1/events", payload, "bad")], 10)
        assert bytes(store.quarantined("T1")[0]["payload"]) == payload
        # ISO-8601 UTC text must order as time in SQL on both backends (C collation).
        rows = [
            r[0]
            for r in store.db.execute(
                "SELECT x FROM (SELECT '2026-01-01T00:00:00.000+00:00' AS x UNION ALL"
                " SELECT '2026-01-01T00:00:00.5+00:00' UNION ALL"
                " SELECT '2025-12-31T23:59:59.999+00:00') AS t ORDER BY x COLLATE \"C\""
                if store.is_postgres
                else "SELECT x FROM (SELECT '2026-01-01T00:00:00.000+00:00' AS x UNION ALL"
                " SELECT '2026-01-01T00:00:00.5+00:00' UNION ALL"
                " SELECT '2025-12-31T23:59:59.999+00:00') ORDER BY x"
            )
        ]
        assert rows == sorted(rows)
    finally:
        store.close()


def test_accounts_refuse_a_second_user_of_the_same_name(central_db, monkeypatch):
    from argon2 import PasswordHasher

    from central import accounts as accounts_module

    monkeypatch.setattr(accounts_module, "_hasher", PasswordHasher(1, 64, 1))
    accounts = Accounts(CentralStore(central_db))
    try:
        accounts.add_user("ada", Role.ADMIN, "correct horse 1", "test")
        with pytest.raises(AccountError):
            accounts.add_user("ada", Role.VIEWER, "correct horse 1", "test")
        assert [u["username"] for u in accounts.users()] == ["ada"]
        user = accounts.authenticate("ada", "correct horse 1")
        assert user is not None
        token, _ = accounts.open_session(user, "127.0.0.1")
        assert accounts.session(token) is not None
        with pytest.raises(AccountError):
            accounts.set_role("ada", Role.VIEWER, "test")  # the last administrator
        assert len(accounts.audit_log()) >= 2
    finally:
        accounts.store.close()


def test_python_values_come_back_alike_on_both_backends(central_db):
    """A boolean parameter is stored as 0/1 in an INTEGER column, sums are ints, rows read
    by name and position."""
    store = CentralStore(central_db)
    try:
        store.store_events([("T1", event("T1", 1)), ("T2", event("T2", 1))])
        with store.tx() as db:
            db.execute("UPDATE terminals SET duplicates = ? WHERE terminal_id = ?", [True, "T1"])
        row = store.db.execute(
            "SELECT sum(duplicates) AS d, count(*) AS n FROM terminals WHERE duplicates = ?",
            [True],
        ).fetchone()
        assert (row["d"], row[1], type(row["d"])) == (1, 1, int)
    finally:
        store.close()


def test_placeholders_and_ddl_map_to_postgresql_outside_quotes():
    assert pg_params("SELECT '?', x FROM t WHERE a = ? AND b LIKE '5%'") == (
        "SELECT '?', x FROM t WHERE a = %s AND b LIKE '5%%'"
    )
    assert pg_params("SELECT 'it''s ?' WHERE a = ?") == "SELECT 'it''s ?' WHERE a = %s"
    assert pg_ddl(
        "CREATE TABLE q (id INTEGER PRIMARY KEY AUTOINCREMENT, p BLOB, r REAL,"
        " t TEXT NOT NULL DEFAULT 'TEXT')"
    ) == (
        "CREATE TABLE q (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, p BYTEA,"
        " r DOUBLE PRECISION, t TEXT COLLATE \"C\" NOT NULL DEFAULT 'TEXT')"
    )


def test_event_ids_beyond_one_query_are_all_checked(central_db):
    store = CentralStore(central_db)
    try:
        evs = [("T1", event("T1", seq)) for seq in range(1, 1201)]
        assert len(store.store_events(evs).new) == 1200
        again = store.store_events(evs + [("T1", event("T1", 1201, event_id=str(uuid.uuid4())))])
        assert (len(again.new), len(again.duplicate)) == (1, 1200)
        assert store.terminal("T1")["contiguous_seq"] == 1201
    finally:
        store.close()
