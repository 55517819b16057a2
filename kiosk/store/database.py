"""The terminal's database: one SQLite connection, its migrations, and every read.

Settings: WAL, ``synchronous=FULL`` (a committed loan survives a power cut), one
connection serialised by a lock, so there is exactly one writer whichever thread calls.
Reads return model records (:mod:`kiosk.model`); writes go through a :class:`Tx` from
:meth:`Store.transaction`, or through the small one-transaction helpers here.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlite_utils

from kiosk.model import (
    Alarm,
    Compartment,
    Hold,
    HoldStatus,
    Item,
    Loan,
    OutboxEvent,
    OutboxStats,
    Patron,
)
from kiosk.privacy import mask_name
from kiosk.store.errors import StorageCorrupt, StorageError, storage_error
from kiosk.store.rows import (
    Row,
    event_from,
    hold_from,
    item_from,
    loan_from,
    patron_from,
    stored_text,
    utc_now,
    utc_text,
)
from kiosk.store.schema import MIGRATIONS, STAT_COLUMNS, statements
from kiosk.store.tx import Tx

ARCHIVE_RETENTION_DAYS = 7


class Store:
    """The terminal's database. Thread-safe: all access goes through one locked connection."""

    def __init__(self, path: str | Path, terminal_id: str):
        self.path = str(path)
        self.terminal_id = terminal_id
        self._lock = threading.RLock()
        conn = None
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self.db = sqlite_utils.Database(conn)
            # Read every page before anything is written: a damaged file is refused as it
            # is, not half-migrated (a truncated file can have an intact header).
            problems = [row[0] for row in conn.execute("PRAGMA quick_check(1)")]
            if problems != ["ok"]:
                raise StorageCorrupt(self.path, f"the database is damaged ({problems[0]})")
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=FULL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.execute("PRAGMA busy_timeout=5000")
            self._migrate()
        except (sqlite3.Error, OSError) as exc:
            if conn is not None:
                conn.close()
            error = storage_error(self.path, exc)
            if error is None:
                raise
            raise error from exc
        except StorageError:
            if conn is not None:
                conn.close()
            raise

    def close(self) -> None:
        with self._lock:
            self.db.close()

    @property
    def schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        with self._lock:
            version = self.schema_version
            for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
                with self.db.atomic():
                    for statement in statements(script):
                        self.db.execute(statement)
                    self.db.execute(f"PRAGMA user_version={number}")

    @contextmanager
    def transaction(self) -> Iterator[Tx]:
        """One atomic unit of work; everything written through the Tx commits together.

        A full disk raises :class:`StorageFull` (other failures of the file, a
        :class:`StorageError`) with the whole transaction rolled back."""
        try:
            with self._lock, self.db.atomic():
                yield Tx(self)
        except sqlite3.Error as exc:
            error = storage_error(self.path, exc)
            if error is None:
                raise
            raise error from exc

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[Row]:
        with self._lock:
            return list(self.db.query(sql, params))

    # --- reference data kept current by sync -------------------------------------------

    def upsert_patrons(self, patrons: Iterable[Patron], now: datetime | None = None) -> None:
        stamp = stored_text(now or utc_now())
        rows = [
            {
                "patron_id": p.patron_id,
                "kind": p.kind.value,
                "credit_level": p.credit_level,
                "blocked": int(p.blocked),
                "block_reason": p.block_reason,
                "masked_name": mask_name(p.masked_name) or None,
                "fines_cents": p.fines_cents,
                "pin_hash": p.pin_hash,
                "updated_at": stamp,
            }
            for p in patrons
        ]
        with self._lock:
            self.db.table("patrons").upsert_all(rows, pk="patron_id")

    def get_patron(self, patron_id: str) -> Patron | None:
        rows = self.query("SELECT * FROM patrons WHERE patron_id = ?", [patron_id])
        return patron_from(rows[0]) if rows else None

    def set_patron_block(self, patron_id: str, blocked: bool, reason: str | None) -> bool:
        with self.transaction() as tx:
            cursor = tx.execute(
                "UPDATE patrons SET blocked = ?, block_reason = ? WHERE patron_id = ?",
                [int(blocked), reason if blocked else None, patron_id],
            )
            return cursor.rowcount == 1

    def upsert_items(self, items: Iterable[Item]) -> None:
        rows = [
            {
                "item_id": i.item_id,
                "title": i.title,
                "author": i.author,
                "loanable": int(i.loanable),
            }
            for i in items
        ]
        with self._lock:
            self.db.table("items").upsert_all(rows, pk="item_id")

    def get_item(self, item_id: str) -> Item | None:
        rows = self.query("SELECT * FROM items WHERE item_id = ?", [item_id])
        return item_from(rows[0]) if rows else None

    def title_asked_at(self, item_id: str) -> datetime | None:
        """When the terminal last asked central about this item; None if it never did."""
        rows = self.query("SELECT fetched_at FROM items WHERE item_id = ?", [item_id])
        if not rows or rows[0]["fetched_at"] is None:
            return None
        return datetime.fromisoformat(rows[0]["fetched_at"])

    # --- loans, holds, compartments -------------------------------------------------------

    def open_loans(self, patron_id: str) -> list[Loan]:
        rows = self.query(
            "SELECT * FROM loans WHERE patron_id = ? AND returned_at IS NULL ORDER BY due, loan_id",
            [patron_id],
        )
        return [loan_from(r) for r in rows]

    def open_loan_for_item(self, item_id: str) -> Loan | None:
        rows = self.query(
            "SELECT * FROM loans WHERE item_id = ? AND returned_at IS NULL", [item_id]
        )
        return loan_from(rows[0]) if rows else None

    def count_open_loans(self, patron_id: str) -> int:
        return int(
            self.query(
                "SELECT count(*) AS n FROM loans WHERE patron_id = ? AND returned_at IS NULL",
                [patron_id],
            )[0]["n"]
        )

    def active_holds_for_item(self, item_id: str) -> list[Hold]:
        """Holds on an item that still wait for their patron (to load or to collect)."""
        rows = self.query(
            "SELECT * FROM holds WHERE item_id = ? AND status IN (?, ?) ORDER BY hold_id",
            [item_id, HoldStatus.AWAITING_LOAD.value, HoldStatus.READY.value],
        )
        return [hold_from(r) for r in rows]

    def add_hold(self, hold_id: str, item_id: str, patron_id: str, expires_at: datetime) -> None:
        with self.transaction() as tx:
            tx.execute(
                "INSERT INTO holds (hold_id, item_id, patron_id, status, expires_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(hold_id) DO UPDATE SET"
                " expires_at = excluded.expires_at, updated_at = excluded.updated_at",
                [
                    hold_id,
                    item_id,
                    patron_id,
                    HoldStatus.AWAITING_LOAD.value,
                    stored_text(expires_at),
                    stored_text(utc_now()),
                ],
            )

    def cancel_hold(self, hold_id: str) -> bool:
        """Cancel a hold not yet picked up. A loaded one stays in its compartment for staff."""
        with self.transaction() as tx:
            cursor = tx.execute(
                "UPDATE holds SET status = ?, updated_at = ?"
                " WHERE hold_id = ? AND status IN (?, ?)",
                [
                    HoldStatus.CANCELLED.value,
                    stored_text(utc_now()),
                    hold_id,
                    HoldStatus.AWAITING_LOAD.value,
                    HoldStatus.READY.value,
                ],
            )
            return cursor.rowcount == 1

    def get_hold(self, hold_id: str) -> Hold | None:
        rows = self.query("SELECT * FROM holds WHERE hold_id = ?", [hold_id])
        return hold_from(rows[0]) if rows else None

    def ready_holds_with_code(self, pickup_code_hash: str, now: datetime) -> list[Hold]:
        """The ready, unexpired holds a pick-up code opens (by the code's HMAC)."""
        rows = self.query(
            "SELECT * FROM holds WHERE pickup_code_hash = ? AND status = ?"
            " AND (expires_at IS NULL OR expires_at > ?) ORDER BY hold_id",
            [pickup_code_hash, HoldStatus.READY.value, utc_text(now)],
        )
        return [hold_from(r) for r in rows]

    def pickup_code_hash(self, hold_id: str) -> str | None:
        rows = self.query("SELECT pickup_code_hash FROM holds WHERE hold_id = ?", [hold_id])
        return rows[0]["pickup_code_hash"] if rows else None

    def code_in_use(self, pickup_code_hash: str) -> bool:
        """True when a ready hold is opened by the code with this HMAC."""
        rows = self.query(
            "SELECT 1 FROM holds WHERE pickup_code_hash = ? AND status = ?",
            [pickup_code_hash, HoldStatus.READY.value],
        )
        return bool(rows)

    def holds(self, status: HoldStatus | None = None, patron_id: str | None = None) -> list[Hold]:
        sql, params = "SELECT * FROM holds WHERE 1=1", []
        if status is not None:
            sql += " AND status = ?"
            params.append(status.value)
        if patron_id is not None:
            sql += " AND patron_id = ?"
            params.append(patron_id)
        return [hold_from(r) for r in self.query(sql + " ORDER BY hold_id", params)]

    def sync_compartments(self, compartments: Iterable[tuple[str, str]]) -> None:
        """Make the compartment table match the site file (id, size); keeps service state."""
        with self.transaction() as tx:
            for compartment_id, size in compartments:
                tx.execute(
                    "INSERT INTO compartments (compartment_id, size) VALUES (?, ?)"
                    " ON CONFLICT(compartment_id) DO UPDATE SET size = excluded.size",
                    [compartment_id, size],
                )

    def compartments(self) -> list[Compartment]:
        rows = self.query("SELECT * FROM compartments ORDER BY compartment_id")
        held = self.query(
            "SELECT compartment_id, hold_id FROM holds"
            " WHERE status = ? AND compartment_id IS NOT NULL",
            [HoldStatus.READY.value],
        )
        by_compartment: dict[str, list[str]] = {}
        for row in held:
            by_compartment.setdefault(row["compartment_id"], []).append(row["hold_id"])
        return [
            Compartment(
                compartment_id=r["compartment_id"],
                size=r["size"],
                in_service=bool(r["in_service"]),
                out_of_service_reason=r["out_of_service_reason"],
                holds=tuple(sorted(by_compartment.get(r["compartment_id"], []))),
            )
            for r in rows
        ]

    def set_compartment_in_service(
        self, compartment_id: str, in_service: bool, reason: str | None
    ) -> bool:
        with self.transaction() as tx:
            return tx.set_compartment_in_service(compartment_id, in_service, reason)

    # --- outbox ---------------------------------------------------------------------------

    def outbox_pending(self, after_seq: int = 0, limit: int = 100) -> list[OutboxEvent]:
        rows = self.query(
            "SELECT * FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?", [after_seq, limit]
        )
        return [event_from(r) for r in rows]

    def outbox_ack(self, event_ids: Iterable[str], now: datetime | None = None) -> int:
        """Move acknowledged events to the archive; only the central ack may call this."""
        ids = list(event_ids)
        if not ids:
            return 0
        stamp = stored_text(now or utc_now())
        marks = ",".join("?" * len(ids))
        with self.transaction() as tx:
            tx.execute(
                "INSERT OR IGNORE INTO outbox_archive (seq, event_id, kind, created_at, payload,"
                f" acked_at) SELECT seq, event_id, kind, created_at, payload, ? FROM outbox"
                f" WHERE event_id IN ({marks})",
                [stamp, *ids],
            )
            return tx.execute(f"DELETE FROM outbox WHERE event_id IN ({marks})", ids).rowcount

    def outbox_replay(self, from_seq: int) -> list[OutboxEvent]:
        rows = self.query(
            "SELECT seq, event_id, kind, created_at, payload FROM outbox_archive WHERE seq >= ?"
            " UNION ALL SELECT seq, event_id, kind, created_at, payload FROM outbox"
            " WHERE seq >= ? ORDER BY seq",
            [from_seq, from_seq],
        )
        return [event_from(r) for r in rows]

    def prune_archive(self, now: datetime) -> int:
        """Forget acknowledged events past their retention: keep only what work needs."""
        cutoff = now.timestamp() - ARCHIVE_RETENTION_DAYS * 86400
        stamp = stored_text(datetime.fromtimestamp(cutoff, now.tzinfo))
        with self.transaction() as tx:
            return tx.execute("DELETE FROM outbox_archive WHERE acked_at < ?", [stamp]).rowcount

    def outbox_stats(self, now: datetime) -> OutboxStats:
        depth = self.query("SELECT count(*) AS n FROM outbox")[0]["n"]
        # The lowest seq is the oldest event: found through the primary key, no scan.
        oldest = self.query("SELECT created_at FROM outbox ORDER BY seq LIMIT 1")
        last = self.query("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'")
        oldest_age = None
        if oldest:
            created = datetime.fromisoformat(oldest[0]["created_at"])
            oldest_age = max(0.0, (now - created).total_seconds())
        return OutboxStats(
            depth=depth, oldest_age_s=oldest_age, last_seq=last[0]["seq"] if last else 0
        )

    # --- settings, commands, alarms, statistics -------------------------------------------

    def get_setting(self, key: str) -> str | None:
        rows = self.query("SELECT value FROM settings WHERE key = ?", [key])
        return rows[0]["value"] if rows else None

    def set_setting(self, key: str, value: str) -> None:
        with self.transaction() as tx:
            tx.set_setting(key, value)

    def remember_command(self, command_id: str, expires_at: datetime) -> bool:
        """Record a command id; False when it was seen before (a replay)."""
        with self.transaction() as tx:
            now = stored_text(utc_now())
            tx.execute("DELETE FROM seen_commands WHERE expires_at < ?", [now])
            cursor = tx.execute(
                "INSERT OR IGNORE INTO seen_commands (command_id, expires_at) VALUES (?, ?)",
                [command_id, stored_text(expires_at)],
            )
            return cursor.rowcount == 1

    def ecard_accepted_before(
        self, digest: str, boot: str, steady: float, forget_steady_s: float
    ) -> tuple[str, float] | None:
        """When this e-card (``digest`` of its text) was first accepted: (boot, steady
        clock reading), or None.

        Accepted e-cards of this boot older than ``forget_steady_s`` on the steady clock
        are forgotten first; those of earlier boots once that long has passed on the
        wall clock since (the steady clock of an earlier boot cannot be compared)."""
        with self.transaction() as tx:
            tx.execute(
                "DELETE FROM seen_ecards WHERE (boot = ? AND steady < ?)"
                " OR (boot != ? AND accepted_at < ?)",
                [
                    boot,
                    steady - forget_steady_s,
                    boot,
                    utc_text(utc_now() - timedelta(seconds=forget_steady_s)),
                ],
            )
            row = tx.one("SELECT boot, steady FROM seen_ecards WHERE digest = ?", [digest])
        return (row["boot"], row["steady"]) if row else None

    def remember_ecard(self, digest: str, boot: str, steady: float) -> None:
        """Record an e-card's first acceptance (a later one keeps the first)."""
        with self.transaction() as tx:
            tx.execute(
                "INSERT OR IGNORE INTO seen_ecards (digest, boot, steady, accepted_at)"
                " VALUES (?, ?, ?, ?)",
                [digest, boot, steady, utc_text(utc_now())],
            )

    def raise_alarm(self, kind: str, subject: str, detail: dict[str, Any] | None = None) -> int:
        with self.transaction() as tx:
            return tx.raise_alarm(kind, subject, detail or {})

    def raise_alarm_once(
        self, kind: str, subject: str, detail: dict[str, Any] | None = None
    ) -> int | None:
        """Raise an alarm unless one of this kind and subject is still uncleared."""
        with self.transaction() as tx:
            if tx.one(
                "SELECT 1 FROM alarms WHERE kind = ? AND subject = ? AND cleared_at IS NULL",
                [kind, subject],
            ):
                return None
            return tx.raise_alarm(kind, subject, detail or {})

    def clear_alarm(self, alarm_id: int, cleared_by: str = "staff") -> bool:
        with self.transaction() as tx:
            cursor = tx.execute(
                "UPDATE alarms SET cleared_at = ?, cleared_by = ? WHERE alarm_id = ?"
                " AND cleared_at IS NULL",
                [stored_text(utc_now()), cleared_by, alarm_id],
            )
            return cursor.rowcount == 1

    def active_alarms(self) -> list[Alarm]:
        rows = self.query("SELECT * FROM alarms WHERE cleared_at IS NULL ORDER BY alarm_id")
        return [
            Alarm(r["alarm_id"], r["kind"], r["subject"], r["raised_at"], json.loads(r["detail"]))
            for r in rows
        ]

    def alarmed_subjects(self, kind: str) -> set[str]:
        """The subjects (compartment, item) of the uncleared alarms of one kind."""
        rows = self.query(
            "SELECT DISTINCT subject FROM alarms WHERE kind = ? AND cleared_at IS NULL", [kind]
        )
        return {r["subject"] for r in rows}

    def daily_stats(self, day: date) -> dict[str, int]:
        rows = self.query("SELECT * FROM daily_stats WHERE day = ?", [day.isoformat()])
        if not rows:
            return dict.fromkeys(STAT_COLUMNS, 0)
        return {k: rows[0][k] for k in STAT_COLUMNS}

    def recent_audit(self, limit: int = 50) -> list[Row]:
        rows = self.query("SELECT * FROM audit ORDER BY id DESC LIMIT ?", [limit])
        for row in rows:
            row["detail"] = json.loads(row["detail"])
        return rows

    def pending_intents(self) -> list[Row]:
        rows = self.query("SELECT * FROM intents WHERE state = 'pending' ORDER BY created_at")
        for row in rows:
            row["payload"] = json.loads(row["payload"])
        return rows
