"""Writes inside one transaction: every change a flow records, by name.

A :class:`Tx` comes from :meth:`kiosk.store.Store.transaction` only; all it writes commits
together or not at all (a loan, its outbox event, its audit row, the day's statistics and
its intent's removal are one unit). The flows of :mod:`kiosk.circulation` write only
through these methods, so every SQL statement that changes circulation records is here.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from kiosk.model import HoldStatus, Loan, OutboxEvent
from kiosk.store.rows import Row, loan_from, stored_text, utc_now, utc_text
from kiosk.store.schema import STAT_COLUMNS

if TYPE_CHECKING:
    from kiosk.store.database import Store


class Tx:
    """Writes inside one transaction; obtained from :meth:`Store.transaction` only."""

    def __init__(self, store: Store):
        self._store = store
        self.db = store.db

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> sqlite3.Cursor:
        return self.db.execute(sql, params)

    def one(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Row | None:
        rows = list(self.db.query(sql, params))
        return rows[0] if rows else None

    # --- outbox, audit, statistics, alarms, settings ---------------------------------------

    def add_event(self, kind: str, at: datetime, data: dict[str, Any]) -> OutboxEvent:
        """Append an outbox event; its seq comes from the AUTOINCREMENT counter."""
        event_id = str(uuid.uuid4())
        created = stored_text(at)
        cursor = self.execute(
            "INSERT INTO outbox (event_id, kind, created_at, payload) VALUES (?, ?, ?, '{}')",
            [event_id, kind, created],
        )
        seq = cursor.lastrowid
        payload = {
            "event_id": event_id,
            "seq": seq,
            "terminal_id": self._store.terminal_id,
            "kind": kind,
            "at": created,
            "data": data,
        }
        self.execute(
            "UPDATE outbox SET payload = ? WHERE seq = ?",
            [json.dumps(payload, ensure_ascii=False, sort_keys=True), seq],
        )
        return OutboxEvent(seq or 0, event_id, kind, created, payload)

    def audit(
        self,
        at: datetime,
        actor: str,
        action: str,
        outcome: str,
        reason: str | None = None,
        detail: dict[str, Any] | None = None,
    ) -> None:
        """Audit rows carry masked patron ids only: the audit log is read on service screens."""
        self.execute(
            "INSERT INTO audit (at, actor, action, outcome, reason, detail) VALUES (?,?,?,?,?,?)",
            [
                stored_text(at),
                actor,
                action,
                outcome,
                reason,
                json.dumps(detail or {}, ensure_ascii=False),
            ],
        )

    def bump_stat(self, day: date, column: str, by: int = 1) -> None:
        if column not in STAT_COLUMNS:
            raise ValueError(f"unknown statistic {column}")
        self.execute(
            f"INSERT INTO daily_stats (day, {column}) VALUES (?, ?)"
            f" ON CONFLICT(day) DO UPDATE SET {column} = {column} + excluded.{column}",
            [day.isoformat(), by],
        )

    def raise_alarm(self, kind: str, subject: str, detail: dict[str, Any]) -> int:
        cursor = self.execute(
            "INSERT INTO alarms (kind, subject, raised_at, detail) VALUES (?, ?, ?, ?)",
            [
                kind,
                subject,
                stored_text(utc_now()),
                json.dumps(detail, ensure_ascii=False),
            ],
        )
        return cursor.lastrowid or 0

    def set_setting(self, key: str, value: str) -> None:
        self.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )

    def remember_item_title(
        self, item_id: str, title: str, author: str, fetched_at: datetime
    ) -> None:
        """An item's title and author as central gave them ('' when nobody knew), and when.

        A row the site or a hold gave (``fetched_at`` NULL, a title) is never overwritten."""
        self.execute(
            "INSERT INTO items (item_id, title, author, fetched_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (item_id) DO UPDATE SET title = excluded.title,"
            " author = excluded.author, fetched_at = excluded.fetched_at"
            " WHERE items.fetched_at IS NOT NULL OR items.title = ''",
            [item_id, title, author, utc_text(fetched_at)],
        )

    # --- intents ---------------------------------------------------------------------------

    def begin_intent(self, kind: str, at: datetime, payload: dict[str, Any]) -> str:
        intent_id = str(uuid.uuid4())
        self.execute(
            "INSERT INTO intents (intent_id, kind, state, payload, created_at, updated_at)"
            " VALUES (?, ?, 'pending', ?, ?, ?)",
            [
                intent_id,
                kind,
                json.dumps(payload, ensure_ascii=False),
                stored_text(at),
                stored_text(at),
            ],
        )
        return intent_id

    def finish_intent(self, intent_id: str) -> None:
        """Close an intent. It is deleted, not kept: it held patron data only for as long
        as a crash could need it; the outcome itself is in the audit log."""
        self.execute("DELETE FROM intents WHERE intent_id = ?", [intent_id])

    # --- loans -----------------------------------------------------------------------------

    def loan_exists(self, loan_id: str) -> bool:
        return self.one("SELECT 1 FROM loans WHERE loan_id = ?", [loan_id]) is not None

    def loan_returned(self, loan_id: str) -> bool:
        """True once this loan has been closed (a return recorded for it)."""
        row = self.one(
            "SELECT 1 FROM loans WHERE loan_id = ? AND returned_at IS NOT NULL", [loan_id]
        )
        return row is not None

    def open_loan_for_item(self, item_id: str) -> Loan | None:
        row = self.one("SELECT * FROM loans WHERE item_id = ? AND returned_at IS NULL", [item_id])
        return loan_from(row) if row else None

    def insert_loan(
        self,
        loan_id: str,
        item_id: str,
        patron_id: str,
        loaned_at: datetime,
        due: date,
        offline: bool,
        needs_staff: bool,
    ) -> None:
        """A new open loan; the store refuses a second open loan of one item."""
        self.execute(
            "INSERT INTO loans (loan_id, item_id, patron_id, loaned_at, due, offline, needs_staff)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                loan_id,
                item_id,
                patron_id,
                stored_text(loaned_at),
                due.isoformat(),
                int(offline),
                int(needs_staff),
            ],
        )

    def close_loan(self, loan_id: str, returned_at: datetime) -> None:
        """Record the loan's return; a loan already returned keeps its first return time."""
        self.execute(
            "UPDATE loans SET returned_at = ? WHERE loan_id = ? AND returned_at IS NULL",
            [stored_text(returned_at), loan_id],
        )

    def renew_loan(self, loan_id: str, due: date) -> None:
        self.execute(
            "UPDATE loans SET due = ?, renewals = renewals + 1 WHERE loan_id = ?",
            [due.isoformat(), loan_id],
        )

    # --- holds and compartments ------------------------------------------------------------

    def mark_hold_ready(
        self,
        hold_id: str,
        compartment_id: str,
        expires_at: datetime,
        pickup_code_hash: str,
        now: datetime,
    ) -> None:
        """The hold is loaded: in this compartment until ``expires_at``, opened by the code
        whose HMAC is ``pickup_code_hash``."""
        self.execute(
            "UPDATE holds SET status = ?, compartment_id = ?, expires_at = ?,"
            " pickup_code_hash = ?, updated_at = ? WHERE hold_id = ?",
            [
                HoldStatus.READY.value,
                compartment_id,
                stored_text(expires_at),
                pickup_code_hash,
                stored_text(now),
                hold_id,
            ],
        )

    def mark_hold_picked_up(self, hold_id: str, now: datetime) -> None:
        self.execute(
            "UPDATE holds SET status = ?, updated_at = ? WHERE hold_id = ?",
            [HoldStatus.PICKED_UP.value, stored_text(now), hold_id],
        )

    def expire_hold(self, hold_id: str, now: datetime) -> bool:
        """A ready hold past its date becomes expired; False if it was no longer ready."""
        cursor = self.execute(
            "UPDATE holds SET status = ?, updated_at = ? WHERE hold_id = ? AND status = ?",
            [HoldStatus.EXPIRED.value, stored_text(now), hold_id, HoldStatus.READY.value],
        )
        return cursor.rowcount == 1

    def take_hold_out(self, hold_id: str, now: datetime) -> None:
        """Staff took the hold's item out of its compartment: no compartment, no code."""
        self.execute(
            "UPDATE holds SET compartment_id = NULL, pickup_code_hash = NULL, updated_at = ?"
            " WHERE hold_id = ?",
            [stored_text(now), hold_id],
        )

    def set_compartment_in_service(
        self, compartment_id: str, in_service: bool, reason: str | None
    ) -> bool:
        cursor = self.execute(
            "UPDATE compartments SET in_service = ?, out_of_service_reason = ?"
            " WHERE compartment_id = ?",
            [int(in_service), None if in_service else reason, compartment_id],
        )
        return cursor.rowcount == 1
