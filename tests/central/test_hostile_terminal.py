"""One terminal must never silence the fleet: poison messages and floods at central.

Handler-level tests drive the central service's worker directly on a real SQLite store; the
poison flood runs against the real mosquitto of tests/conftest.py with the production
settings. What the broker itself stops (take-overs, big packets) is in
tests/sync/test_broker_security.py.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from central.service import RateLimiter
from central.store import QUARANTINE_KEEP_BYTES
from sync import topics
from tests.support.fleet import (
    RawClient,
    add_loans,
    assert_central_matches,
    wait_until,
)
from tests.support.hostile_central import LONE_SURROGATE, NESTED, event, incoming, offline_central


@pytest.fixture
def central_db(any_central_db: str) -> str:
    """These run on SQLite and on PostgreSQL."""
    return any_central_db


def test_each_message_is_judged_alone_and_garbage_is_quarantined(central_db, signer):
    central = offline_central(central_db, signer)
    try:
        good = [event("T1", 1), event("T1", 2)]
        batch = [
            incoming("T2", topics.TELEMETRY, NESTED),
            incoming("T1", topics.EVENTS, good[0]),
            incoming("T2", topics.EVENTS, event("T2", 2**64)),
            incoming("T2", topics.TELEMETRY, LONE_SURROGATE),
            incoming("T2", topics.STATE, b'{"state": "online", "boot": 1e999}'),
            incoming("T1", topics.EVENTS, good[1]),
            incoming("T2", topics.CMD_RESULT, b"\xff\xfe"),
        ]
        central._process(batch)
        assert central.store.events("T1") == good
        assert central.store.events("T2") == []
        t2 = central.store.terminal("T2")
        assert t2["rejected"] == 5
        assert len(central.store.quarantined("T2")) == 5
        alarms = central.store.alarms()
        assert [(a["kind"], a["terminal_id"], a["count"]) for a in alarms] == [
            ("bad_messages", "T2", 5)
        ]
        assert central.store.terminal("T1")["rejected"] == 0
        # The cause stopped: the alarm clears itself once it has been quiet long enough.
        assert central.store.clear_quiet_alarms(quiet=timedelta(0)) == 1
        assert central.store.alarms() == []
    finally:
        central.store.close()


def test_an_event_the_store_refuses_does_not_keep_the_batch_out(central_db, signer):
    central = offline_central(central_db, signer)
    try:
        # A real database failure on one row (as a full disk or a corrupt page would give).
        central.store.db.execute(
            "ALTER TABLE events ADD CONSTRAINT refused CHECK (seq <> 13)"
            if central.store.is_postgres
            else "CREATE TRIGGER refuse BEFORE INSERT ON events WHEN NEW.seq = 13"
            " BEGIN SELECT RAISE(ABORT, 'refused'); END"
        )
        t1 = [event("T1", 12), event("T1", 14)]
        central._process(
            [
                incoming("T1", topics.EVENTS, t1[0]),
                incoming("T2", topics.EVENTS, event("T2", 13)),
                incoming("T1", topics.EVENTS, t1[1]),
            ]
        )
        assert central.store.events("T1") == t1
        assert central.store.events("T2") == []
        (row,) = central.store.quarantined("T2")
        assert "refused" in row["reason"]
    finally:
        central.store.close()


def test_quarantine_keeps_a_capped_prefix_and_a_capped_number_of_rows(central_db, signer):
    central = offline_central(central_db, signer, quarantine_per_hour=100)
    try:
        huge = b"{" + b"x" * 200_000
        central._process([incoming("T2", topics.TELEMETRY, huge)])
        (row,) = central.store.quarantined("T2")
        assert (len(row["payload"]), row["size"]) == (QUARANTINE_KEEP_BYTES, len(huge))
        central._process([incoming("T2", topics.TELEMETRY, b"junk") for _ in range(150)])
        assert len(central.store.quarantined("T2")) == 100
        assert central.store.terminal("T2")["rejected"] == 151
    finally:
        central.store.close()


def test_rate_limit_drops_one_terminals_flood_and_counts_it(central_db, signer):
    central = offline_central(central_db, signer, rate_per_s=0.001, rate_burst=10)
    try:
        for _ in range(30):
            central._on_message(incoming("T2", topics.TELEMETRY, b"flood"))
        for seq in range(1, 6):
            central._on_message(incoming("T1", topics.EVENTS, event("T1", seq)))
        assert central._inbox.qsize() == 15  # T2's burst of 10, all 5 of T1's
        central._tick()
        assert central.store.terminal("T2")["rate_limited"] == 20
        assert [(a["kind"], a["terminal_id"]) for a in central.store.alarms()] == [
            ("rate_limited", "T2")
        ]
    finally:
        central.store.close()


def test_token_bucket_refills_at_its_rate():
    now = [0.0]
    limiter = RateLimiter(rate_per_s=10, burst=5, clock=lambda: now[0])
    assert [limiter.allow("T1") for _ in range(6)] == [True] * 5 + [False]
    now[0] += 0.25  # 2.5 tokens
    assert [limiter.allow("T1") for _ in range(3)] == [True, True, False]
    assert limiter.allow("T2")


def test_a_poison_flood_from_one_terminal_does_not_stop_central(
    broker, make_central, make_terminal
):
    """150 nested messages at QoS 1 (the review's attack), then another terminal's events are
    stored, and still after a restart of central (the broker has nothing left to redeliver)."""
    central = make_central()
    with RawClient(broker, "T2", []) as t2:
        for _ in range(150):
            t2.link.publish(topics.topic("T2", topics.TELEMETRY), NESTED, qos=1)
        wait_until(
            lambda: (central.store.terminal("T2") or {}).get("rejected") == 150, 60, "150 refused"
        )
    client, store = make_terminal("T1")
    add_loans(store, 20)
    wait_until(lambda: len(central.store.events("T1")) == 20, 60, "T1 stored")
    central.stop()
    central = make_central()
    add_loans(store, 5, start=20)
    wait_until(lambda: len(central.store.events("T1")) == 25, 60, "T1 stored after restart")
    client.stop()
    assert_central_matches(central.store.path, store)
    assert central.store.terminal("T2")["rejected"] == 150
