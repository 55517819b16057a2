"""The local store: durable settings, versioned schema, an outbox that never loses or
reuses a sequence number, replay protection for commands."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

import pytest
from fakes import TZ

from kiosk.model import Item, Patron, PatronKind
from kiosk.store import MIGRATIONS, Store

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=TZ)


def add_events(store: Store, n: int) -> list[str]:
    ids = []
    for i in range(n):
        with store.transaction() as tx:
            ids.append(tx.add_event("loan", NOW, {"item_id": f"I{i}"}).event_id)
    return ids


def test_durability_settings_and_schema_version(tmp_path):
    store = Store(tmp_path / "k.db", "T1")
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert store.schema_version == len(MIGRATIONS)
    store.close()
    reopened = Store(tmp_path / "k.db", "T1")
    assert reopened.schema_version == len(MIGRATIONS)


def test_a_failed_transaction_leaves_nothing(tmp_path):
    store = Store(tmp_path / "k.db", "T1")
    with pytest.raises(RuntimeError), store.transaction() as tx:
        tx.add_event("loan", NOW, {})
        tx.audit(NOW, "system", "x", "ok")
        raise RuntimeError("crash between writes")
    assert store.outbox_pending() == []
    assert store.recent_audit() == []


def test_outbox_sequence_is_gapless_and_never_reused_after_ack(tmp_path):
    store = Store(tmp_path / "k.db", "T1")
    ids = add_events(store, 5)
    pending = store.outbox_pending()
    assert [e.seq for e in pending] == [1, 2, 3, 4, 5]
    assert pending[0].payload["terminal_id"] == "T1"
    assert pending[0].payload["seq"] == 1 and pending[0].payload["event_id"] == ids[0]
    assert store.outbox_ack(ids) == 5
    assert store.outbox_pending() == []
    store.close()
    store = Store(tmp_path / "k.db", "T1")
    add_events(store, 1)
    assert [e.seq for e in store.outbox_pending()] == [6]


def test_ack_is_idempotent_and_only_for_acknowledged_rows(tmp_path):
    store = Store(tmp_path / "k.db", "T1")
    ids = add_events(store, 3)
    assert store.outbox_ack([ids[1]]) == 1
    assert store.outbox_ack([ids[1]]) == 0
    assert [e.seq for e in store.outbox_pending()] == [1, 3]
    assert [e.seq for e in store.outbox_pending(after_seq=1, limit=1)] == [3]
    stats = store.outbox_stats(NOW + timedelta(hours=2))
    assert stats.depth == 2 and stats.last_seq == 3
    assert stats.oldest_age_s == pytest.approx(7200)
    assert [e.seq for e in store.outbox_replay(2)] == [2, 3]
    assert store.outbox_replay(2)[0].event_id == ids[1]


def test_archive_is_pruned_after_retention(tmp_path):
    store = Store(tmp_path / "k.db", "T1")
    ids = add_events(store, 2)
    store.outbox_ack(ids, now=NOW)
    assert store.prune_archive(NOW + timedelta(days=1)) == 0
    assert store.prune_archive(NOW + timedelta(days=8)) == 2
    assert store.outbox_replay(0) == []


def test_an_item_cannot_be_on_two_open_loans(tmp_path):
    store = Store(tmp_path / "k.db", "T1")
    sql = (
        "INSERT INTO loans (loan_id, item_id, patron_id, loaned_at, due) "
        "VALUES (?, 'I1', 'P1', '2026-11-22', '2026-12-22')"
    )
    with store.transaction() as tx:
        tx.execute(sql, ["L1"])
    with pytest.raises(sqlite3.IntegrityError), store.transaction() as tx:
        tx.execute(sql, ["L2"])
    assert store.query("SELECT loan_id FROM loans WHERE item_id = 'I1'") == [{"loan_id": "L1"}]


def test_command_ids_are_remembered_against_replay(tmp_path):
    store = Store(tmp_path / "k.db", "T1")
    later = datetime.now().astimezone() + timedelta(minutes=5)
    assert store.remember_command("cmd-1", later) is True
    assert store.remember_command("cmd-1", later) is False
    assert store.remember_command("cmd-2", later) is True


def test_patron_cache_and_blocks(tmp_path):
    store = Store(tmp_path / "k.db", "T1")
    store.upsert_patrons([Patron("P1", PatronKind.CREDIT, credit_level=600)])
    assert store.set_patron_block("P1", True, "overdue") is True
    patron = store.get_patron("P1")
    assert patron.blocked and patron.block_reason == "overdue" and patron.credit_level == 600
    store.set_patron_block("P1", False, None)
    assert store.get_patron("P1").blocked is False
    assert store.set_patron_block("nobody", True, "x") is False
    store.upsert_items([Item("I1", "活着", "余华")])
    assert store.get_item("I1").title == "活着"


def test_alarms_raise_and_clear(tmp_path):
    store = Store(tmp_path / "k.db", "T1")
    alarm_id = store.raise_alarm("door_left_open", "A01", {"seconds": 130})
    (alarm,) = store.active_alarms()
    assert alarm.alarm_id == alarm_id and alarm.detail == {"seconds": 130}
    assert store.clear_alarm(alarm_id) is True
    assert store.clear_alarm(alarm_id) is False
    assert store.active_alarms() == []
