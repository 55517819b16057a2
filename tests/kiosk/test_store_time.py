"""Stored times are UTC instants and compared as instants, whatever the kiosk's time zone.

Each test runs with the process time zone set to UTC, China and New York (TZ and
``time.tzset()``): a store that wrote local times with their offsets and compared them
as text let a signed command replay in China and a pick-up code lapse early.
"""

from __future__ import annotations

import os
import sqlite3
import time
from datetime import UTC, datetime, timedelta, timezone

import pytest

from kiosk.model import HoldStatus
from kiosk.sample_data import DEMO_PICKUP_CODE
from kiosk.store import MIGRATIONS, Store, utc_text
from kiosk.store.schema import statements

ZONES = ["UTC", "Asia/Shanghai", "America/New_York"]
INSTANT_COLUMNS = {
    "patrons": ["updated_at"],
    "loans": ["loaned_at", "returned_at"],
    "holds": ["expires_at", "updated_at"],
    "intents": ["created_at", "updated_at"],
    "outbox": ["created_at"],
    "outbox_archive": ["created_at", "acked_at"],
    "audit": ["at"],
    "alarms": ["raised_at", "cleared_at"],
    "seen_commands": ["expires_at"],
    "seen_ecards": ["accepted_at"],
}


@pytest.fixture(params=ZONES, autouse=True)
def zone(request):
    before = os.environ.get("TZ")
    os.environ["TZ"] = request.param
    time.tzset()
    yield request.param
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


def test_a_command_seen_before_is_a_replay_in_every_zone(store: Store) -> None:
    expires = datetime.now(UTC) + timedelta(seconds=60)
    assert store.remember_command("cmd-1", expires)
    assert not store.remember_command("cmd-1", expires), "open_compartment would run twice"
    # Expressed in another offset, the same instant is the same deadline.
    assert not store.remember_command("cmd-1", expires.astimezone(timezone(timedelta(hours=8))))


def test_a_command_is_forgotten_only_after_it_expired(store: Store) -> None:
    store.remember_command("old", datetime.now(UTC) - timedelta(seconds=1))
    store.remember_command("live", datetime.now(UTC) + timedelta(minutes=10))
    store.remember_command("new", datetime.now(UTC) + timedelta(seconds=60))
    assert [r["command_id"] for r in store.query("SELECT command_id FROM seen_commands")] == [
        "live",
        "new",
    ]


def test_every_instant_a_day_of_work_stores_is_utc(circulation, store: Store, clock) -> None:
    session = circulation.start_session("3301000000001", "card")
    circulation.pad.place("E0040150AABB0001", "31234000567890")
    circulation.borrow(session, circulation.pad.inventory())
    circulation.return_items(circulation.pad.inventory())
    code_session = circulation.start_code_session(DEMO_PICKUP_CODE)
    circulation.pickup(code_session)
    store.raise_alarm("door_forced", "A02")
    store.clear_alarm(store.active_alarms()[0].alarm_id)
    store.outbox_ack([e.event_id for e in store.outbox_pending()][:2], datetime.now().astimezone())
    store.remember_command("cmd", datetime.now().astimezone() + timedelta(seconds=30))
    store.remember_ecard("digest", "boot", 1.0)
    seen = 0
    for table, columns in INSTANT_COLUMNS.items():
        for row in store.query(f"SELECT {', '.join(columns)} FROM {table}"):
            for column in columns:
                if row[column] is None:
                    continue
                seen += 1
                assert row[column].endswith("+00:00"), (table, column, row[column])
                assert len(row[column]) == len("2026-11-22T01:30:00.000000+00:00")
    assert seen > 20


def test_a_hold_from_central_in_utc_is_collectable_until_its_instant(circulation, store, clock):
    # Central sends expiry instants in UTC; the kiosk's clock runs in UTC+8.
    expires = clock().astimezone(UTC) + timedelta(hours=1)
    store.add_hold("H-0002", "31234000567901", "3301000000005", expires)
    with store.transaction() as tx:
        tx.execute("UPDATE holds SET expires_at = ? WHERE hold_id = 'H-0002'", [utc_text(expires)])
    assert circulation.start_code_session(DEMO_PICKUP_CODE).hold_ids == ("H-0002",)
    clock.advance(hours=1)
    with pytest.raises(Exception, match="pickup_code_wrong"):
        circulation.start_code_session(DEMO_PICKUP_CODE)


def test_archive_pruning_compares_instants(store: Store) -> None:
    now = datetime.now(UTC)
    with store.transaction() as tx:
        old = tx.add_event("loan", now - timedelta(days=8), {})
        recent = tx.add_event("loan", now - timedelta(days=6), {})
    store.outbox_ack([old.event_id], now - timedelta(days=8))
    store.outbox_ack([recent.event_id], (now - timedelta(days=6)).astimezone())
    assert store.prune_archive(now.astimezone(timezone(timedelta(hours=-5)))) == 1
    assert [e.event_id for e in store.outbox_replay(0)] == [recent.event_id]


def test_naive_times_are_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="naive"):
        store.remember_command("cmd", datetime.now())


def test_rows_written_with_local_offsets_become_utc(tmp_path) -> None:
    path = tmp_path / "v1.db"
    conn = sqlite3.connect(path)
    for statement in statements(MIGRATIONS[0]):
        conn.execute(statement)
    conn.execute("PRAGMA user_version=1")
    conn.execute(
        "INSERT INTO holds (hold_id, item_id, patron_id, status, expires_at, updated_at)"
        " VALUES ('H', 'I', 'P', ?, ?, ?)",
        [HoldStatus.READY.value, "2026-11-25T09:30:00.250000+08:00", "2026-11-22T09:30:00+08:00"],
    )
    conn.execute("INSERT INTO seen_commands VALUES ('c', '2026-11-22T03:00:00-05:00')")
    conn.commit()
    conn.close()
    store = Store(path, "T1")
    try:
        assert store.schema_version == len(MIGRATIONS)
        (hold,) = store.query("SELECT expires_at, updated_at FROM holds")
        assert hold == {
            "expires_at": "2026-11-25T01:30:00.250000+00:00",
            "updated_at": "2026-11-22T01:30:00.000000+00:00",
        }
        assert store.query("SELECT expires_at FROM seen_commands") == [
            {"expires_at": "2026-11-22T08:00:00.000000+00:00"}
        ]
    finally:
        store.close()
