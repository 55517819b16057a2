"""The terminal's local store: SQLite through sqlite-utils, crash-safe and single-writer.

Everything the terminal must not lose lives here: loans, holds, the intents of flows
that talk to devices, the durable outbox of events for the central library, the audit
log, daily statistics and alarms. Settings: WAL, ``synchronous=FULL`` (a committed loan
survives a power cut), one connection serialised by a lock, so there is exactly one
writer whichever thread calls. Business change, outbox row and audit row are written in
one transaction through :meth:`Store.transaction`.

The schema is versioned with ``PRAGMA user_version``; :data:`MIGRATIONS` are applied in
order at open and never edited once released: add a new one at the end.

A store that cannot be used raises a typed :class:`StorageError` naming the file, never a
raw ``sqlite3`` error: :class:`StorageCorrupt` at open (the file is left untouched: it may
hold the only copy of loans not yet delivered, so staff decide what happens to it),
:class:`StorageUnwritable` (read-only place, I/O error) and :class:`StorageFull` (no space
left, also while running: nothing of the transaction was written, so the caller may retry
the same work once there is space again).
"""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

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
    PatronKind,
)
from kiosk.privacy import mask_patron_id

STAT_COLUMNS = ("loans", "returns", "renewals", "pickups", "refusals", "sessions")

MIGRATIONS: list[str] = [
    # 1: the first schema
    """
    CREATE TABLE patrons (
        patron_id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        credit_level INTEGER,
        blocked INTEGER NOT NULL DEFAULT 0,
        block_reason TEXT,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE items (
        item_id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        author TEXT NOT NULL DEFAULT '',
        loanable INTEGER NOT NULL DEFAULT 1
    );
    CREATE TABLE loans (
        loan_id TEXT PRIMARY KEY,
        item_id TEXT NOT NULL,
        patron_id TEXT NOT NULL,
        loaned_at TEXT NOT NULL,
        due TEXT NOT NULL,
        renewals INTEGER NOT NULL DEFAULT 0,
        offline INTEGER NOT NULL DEFAULT 0,
        needs_staff INTEGER NOT NULL DEFAULT 0,
        returned_at TEXT
    );
    -- an item can be on one open loan only: a loan recorded twice fails here
    CREATE UNIQUE INDEX loans_open_item ON loans(item_id) WHERE returned_at IS NULL;
    CREATE INDEX loans_open_patron ON loans(patron_id) WHERE returned_at IS NULL;
    CREATE TABLE holds (
        hold_id TEXT PRIMARY KEY,
        item_id TEXT NOT NULL,
        patron_id TEXT NOT NULL,
        status TEXT NOT NULL,
        compartment_id TEXT,
        expires_at TEXT,
        pickup_code_hash TEXT,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX holds_patron ON holds(patron_id, status);
    CREATE INDEX holds_item ON holds(item_id);
    CREATE TABLE compartments (
        compartment_id TEXT PRIMARY KEY,
        size TEXT NOT NULL,
        in_service INTEGER NOT NULL DEFAULT 1,
        out_of_service_reason TEXT
    );
    CREATE TABLE intents (
        intent_id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        state TEXT NOT NULL,
        payload TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX intents_pending ON intents(state);
    -- AUTOINCREMENT: a sequence number is never reused, even after rows are acknowledged
    CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        event_id TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        created_at TEXT NOT NULL,
        payload TEXT NOT NULL
    );
    CREATE TABLE outbox_archive (
        seq INTEGER PRIMARY KEY,
        event_id TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        created_at TEXT NOT NULL,
        payload TEXT NOT NULL,
        acked_at TEXT NOT NULL
    );
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        outcome TEXT NOT NULL,
        reason TEXT,
        detail TEXT NOT NULL DEFAULT '{}'
    );
    CREATE TABLE daily_stats (
        day TEXT PRIMARY KEY,
        loans INTEGER NOT NULL DEFAULT 0,
        returns INTEGER NOT NULL DEFAULT 0,
        renewals INTEGER NOT NULL DEFAULT 0,
        pickups INTEGER NOT NULL DEFAULT 0,
        refusals INTEGER NOT NULL DEFAULT 0,
        sessions INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE alarms (
        alarm_id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        subject TEXT NOT NULL,
        raised_at TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT '{}',
        cleared_at TEXT,
        cleared_by TEXT
    );
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE seen_commands (command_id TEXT PRIMARY KEY, expires_at TEXT NOT NULL);
    CREATE TABLE pickup_code_failures (at TEXT NOT NULL);
    """,
    # 2: every stored instant in UTC, one fixed format, so that text order is time order.
    # Earlier rows carried the writer's offset (+08:00 next to +00:00); SQLite's date
    # functions read that offset and give UTC (to the millisecond). Wrong pick-up codes
    # are now counted per source in settings (kiosk.lockout); accepted e-cards are
    # remembered across restarts.
    """
    UPDATE patrons SET updated_at = coalesce(%(updated_at)s, updated_at);
    UPDATE loans SET loaned_at = coalesce(%(loaned_at)s, loaned_at),
        returned_at = coalesce(%(returned_at)s, returned_at);
    UPDATE holds SET expires_at = coalesce(%(expires_at)s, expires_at),
        updated_at = coalesce(%(updated_at)s, updated_at);
    UPDATE intents SET created_at = coalesce(%(created_at)s, created_at),
        updated_at = coalesce(%(updated_at)s, updated_at);
    UPDATE outbox SET created_at = coalesce(%(created_at)s, created_at);
    UPDATE outbox_archive SET created_at = coalesce(%(created_at)s, created_at),
        acked_at = coalesce(%(acked_at)s, acked_at);
    UPDATE audit SET at = coalesce(%(at)s, at);
    UPDATE alarms SET raised_at = coalesce(%(raised_at)s, raised_at),
        cleared_at = coalesce(%(cleared_at)s, cleared_at);
    UPDATE seen_commands SET expires_at = coalesce(%(expires_at)s, expires_at);
    DROP TABLE pickup_code_failures;
    CREATE TABLE seen_ecards (
        digest TEXT PRIMARY KEY,
        boot TEXT NOT NULL,
        steady REAL NOT NULL,
        accepted_at TEXT NOT NULL
    );
    """
    % {
        column: f"strftime('%Y-%m-%dT%H:%M:%f', {column}) || '000+00:00'"
        for column in (
            "updated_at",
            "loaned_at",
            "returned_at",
            "expires_at",
            "created_at",
            "acked_at",
            "at",
            "raised_at",
            "cleared_at",
        )
    },
]

ARCHIVE_RETENTION_DAYS = 7

# sqlite3 primary result codes (exception.sqlite_errorcode & 0xFF)
_SQLITE_IOERR, _SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN = 10, 11, 13, 14
_SQLITE_READONLY, _SQLITE_NOTADB = 8, 26


class StorageError(Exception):
    """The local store cannot be used; ``str()`` is one line naming the file and why."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class StorageFull(StorageError):
    """No space left for the store: the transaction was rolled back, nothing was written."""


class StorageCorrupt(StorageError):
    """The file is not a sound SQLite database; it is left exactly as it was."""


class StorageUnwritable(StorageError):
    """The store cannot be opened or written (read-only place, permissions, I/O error)."""


def _storage_error(path: str, exc: sqlite3.Error | OSError) -> StorageError | None:
    """The typed error for a failure of the file itself; None for one of the SQL
    (a constraint, a bug), which the caller must see as it is."""
    if isinstance(exc, OSError):
        return StorageUnwritable(path, f"cannot create or open the store: {exc.strerror or exc}")
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    if code == _SQLITE_FULL:
        return StorageFull(path, "the disk is full (SQLite: database or disk is full)")
    if code in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return StorageCorrupt(path, f"the database is damaged ({exc})")
    if code in (_SQLITE_READONLY, _SQLITE_CANTOPEN, _SQLITE_IOERR):
        return StorageUnwritable(path, f"cannot open or write the store ({exc})")
    return None


def utc_text(instant: datetime) -> str:
    """How the store writes an instant: UTC, always with microseconds, so that comparing
    two stored instants as text compares them in time. A naive datetime is refused: it
    names no instant."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"naive datetime {instant!r}: the store keeps instants only")
    return instant.astimezone(UTC).isoformat(timespec="microseconds")


def utc_now() -> datetime:
    return datetime.now(UTC)


def _iso(value: datetime | date) -> str:
    if isinstance(value, datetime):
        return utc_text(value)
    return value.isoformat()


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
            error = _storage_error(self.path, exc)
            if error is None:
                raise
            raise error from exc
        except StorageError:
            conn.close()
            raise

    def close(self) -> None:
        with self._lock:
            self.db.close()

    @property
    def schema_version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        with self._lock:
            version = self.schema_version
            for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
                with self.db.atomic():
                    for statement in _statements(script):
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
            error = _storage_error(self.path, exc)
            if error is None:
                raise
            raise error from exc

    def query(self, sql: str, params: Iterable | dict = ()) -> list[dict]:
        with self._lock:
            return list(self.db.query(sql, params))

    # --- reference data kept current by sync -------------------------------------------

    def upsert_patrons(self, patrons: Iterable[Patron], now: datetime | None = None) -> None:
        stamp = _iso(now or utc_now())
        rows = [
            {
                "patron_id": p.patron_id,
                "kind": p.kind.value,
                "credit_level": p.credit_level,
                "blocked": int(p.blocked),
                "block_reason": p.block_reason,
                "updated_at": stamp,
            }
            for p in patrons
        ]
        with self._lock:
            self.db["patrons"].upsert_all(rows, pk="patron_id")

    def get_patron(self, patron_id: str) -> Patron | None:
        rows = self.query("SELECT * FROM patrons WHERE patron_id = ?", [patron_id])
        return _patron(rows[0]) if rows else None

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
            self.db["items"].upsert_all(rows, pk="item_id")

    def get_item(self, item_id: str) -> Item | None:
        rows = self.query("SELECT * FROM items WHERE item_id = ?", [item_id])
        return _item(rows[0]) if rows else None

    # --- loans, holds, compartments -------------------------------------------------------

    def open_loans(self, patron_id: str) -> list[Loan]:
        rows = self.query(
            "SELECT * FROM loans WHERE patron_id = ? AND returned_at IS NULL ORDER BY due, loan_id",
            [patron_id],
        )
        return [_loan(r) for r in rows]

    def open_loan_for_item(self, item_id: str) -> Loan | None:
        rows = self.query(
            "SELECT * FROM loans WHERE item_id = ? AND returned_at IS NULL", [item_id]
        )
        return _loan(rows[0]) if rows else None

    def count_open_loans(self, patron_id: str) -> int:
        return self.query(
            "SELECT count(*) AS n FROM loans WHERE patron_id = ? AND returned_at IS NULL",
            [patron_id],
        )[0]["n"]

    def active_holds_for_item(self, item_id: str) -> list[Hold]:
        """Holds on an item that still wait for their patron (to load or to collect)."""
        rows = self.query(
            "SELECT * FROM holds WHERE item_id = ? AND status IN (?, ?) ORDER BY hold_id",
            [item_id, HoldStatus.AWAITING_LOAD.value, HoldStatus.READY.value],
        )
        return [_hold(r) for r in rows]

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
                    _iso(expires_at),
                    _iso(utc_now()),
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
                    _iso(utc_now()),
                    hold_id,
                    HoldStatus.AWAITING_LOAD.value,
                    HoldStatus.READY.value,
                ],
            )
            return cursor.rowcount == 1

    def get_hold(self, hold_id: str) -> Hold | None:
        rows = self.query("SELECT * FROM holds WHERE hold_id = ?", [hold_id])
        return _hold(rows[0]) if rows else None

    def holds(self, status: HoldStatus | None = None, patron_id: str | None = None) -> list[Hold]:
        sql, params = "SELECT * FROM holds WHERE 1=1", []
        if status is not None:
            sql += " AND status = ?"
            params.append(status.value)
        if patron_id is not None:
            sql += " AND patron_id = ?"
            params.append(patron_id)
        return [_hold(r) for r in self.query(sql + " ORDER BY hold_id", params)]

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
            cursor = tx.execute(
                "UPDATE compartments SET in_service = ?, out_of_service_reason = ?"
                " WHERE compartment_id = ?",
                [int(in_service), None if in_service else reason, compartment_id],
            )
            return cursor.rowcount == 1

    # --- outbox ---------------------------------------------------------------------------

    def outbox_pending(self, after_seq: int = 0, limit: int = 100) -> list[OutboxEvent]:
        rows = self.query(
            "SELECT * FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?", [after_seq, limit]
        )
        return [_event(r) for r in rows]

    def outbox_ack(self, event_ids: Iterable[str], now: datetime | None = None) -> int:
        """Move acknowledged events to the archive; only the central ack may call this."""
        ids = list(event_ids)
        if not ids:
            return 0
        stamp = _iso(now or utc_now())
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
        return [_event(r) for r in rows]

    def prune_archive(self, now: datetime) -> int:
        """Forget acknowledged events past their retention: keep only what work needs."""
        cutoff = now.timestamp() - ARCHIVE_RETENTION_DAYS * 86400
        stamp = _iso(datetime.fromtimestamp(cutoff, now.tzinfo))
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
            now = _iso(utc_now())
            tx.execute("DELETE FROM seen_commands WHERE expires_at < ?", [now])
            cursor = tx.execute(
                "INSERT OR IGNORE INTO seen_commands (command_id, expires_at) VALUES (?, ?)",
                [command_id, _iso(expires_at)],
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

    def raise_alarm(self, kind: str, subject: str, detail: dict | None = None) -> int:
        with self.transaction() as tx:
            return tx.raise_alarm(kind, subject, detail or {})

    def raise_alarm_once(self, kind: str, subject: str, detail: dict | None = None) -> int | None:
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
                [_iso(utc_now()), cleared_by, alarm_id],
            )
            return cursor.rowcount == 1

    def active_alarms(self) -> list[Alarm]:
        rows = self.query("SELECT * FROM alarms WHERE cleared_at IS NULL ORDER BY alarm_id")
        return [
            Alarm(r["alarm_id"], r["kind"], r["subject"], r["raised_at"], json.loads(r["detail"]))
            for r in rows
        ]

    def daily_stats(self, day: date) -> dict:
        rows = self.query("SELECT * FROM daily_stats WHERE day = ?", [day.isoformat()])
        if not rows:
            return dict.fromkeys(STAT_COLUMNS, 0)
        return {k: rows[0][k] for k in STAT_COLUMNS}

    def recent_audit(self, limit: int = 50) -> list[dict]:
        rows = self.query("SELECT * FROM audit ORDER BY id DESC LIMIT ?", [limit])
        for row in rows:
            row["detail"] = json.loads(row["detail"])
        return rows

    def pending_intents(self) -> list[dict]:
        rows = self.query("SELECT * FROM intents WHERE state = 'pending' ORDER BY created_at")
        for row in rows:
            row["payload"] = json.loads(row["payload"])
        return rows


class Tx:
    """Writes inside one transaction; obtained from :meth:`Store.transaction` only."""

    def __init__(self, store: Store):
        self._store = store
        self.db = store.db

    def execute(self, sql: str, params: Iterable | dict = ()) -> sqlite3.Cursor:
        return self.db.execute(sql, params)

    def one(self, sql: str, params: Iterable | dict = ()) -> dict | None:
        rows = list(self.db.query(sql, params))
        return rows[0] if rows else None

    def add_event(self, kind: str, at: datetime, data: dict) -> OutboxEvent:
        """Append an outbox event; its seq comes from the AUTOINCREMENT counter."""
        event_id = str(uuid.uuid4())
        created = _iso(at)
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
        return OutboxEvent(seq, event_id, kind, created, payload)

    def audit(
        self,
        at: datetime,
        actor: str,
        action: str,
        outcome: str,
        reason: str | None = None,
        detail: dict | None = None,
    ) -> None:
        """Audit rows carry masked patron ids only: the audit log is read on service screens."""
        self.execute(
            "INSERT INTO audit (at, actor, action, outcome, reason, detail) VALUES (?,?,?,?,?,?)",
            [
                _iso(at),
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

    def raise_alarm(self, kind: str, subject: str, detail: dict) -> int:
        cursor = self.execute(
            "INSERT INTO alarms (kind, subject, raised_at, detail) VALUES (?, ?, ?, ?)",
            [
                kind,
                subject,
                _iso(utc_now()),
                json.dumps(detail, ensure_ascii=False),
            ],
        )
        return cursor.lastrowid

    def set_setting(self, key: str, value: str) -> None:
        self.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )

    def begin_intent(self, kind: str, at: datetime, payload: dict) -> str:
        intent_id = str(uuid.uuid4())
        self.execute(
            "INSERT INTO intents (intent_id, kind, state, payload, created_at, updated_at)"
            " VALUES (?, ?, 'pending', ?, ?, ?)",
            [intent_id, kind, json.dumps(payload, ensure_ascii=False), _iso(at), _iso(at)],
        )
        return intent_id

    def finish_intent(self, intent_id: str) -> None:
        """Close an intent. It is deleted, not kept: it held patron data only for as long
        as a crash could need it; the outcome itself is in the audit log."""
        self.execute("DELETE FROM intents WHERE intent_id = ?", [intent_id])


def _statements(script: str) -> list[str]:
    """Split a migration into statements, dropping ``--`` comment lines."""
    code = "\n".join(line for line in script.splitlines() if not line.strip().startswith("--"))
    return [statement.strip() for statement in code.split(";") if statement.strip()]


def _patron(row: dict) -> Patron:
    return Patron(
        patron_id=row["patron_id"],
        kind=PatronKind(row["kind"]),
        credit_level=row["credit_level"],
        blocked=bool(row["blocked"]),
        block_reason=row["block_reason"],
    )


def _item(row: dict) -> Item:
    return Item(row["item_id"], row["title"], row["author"], bool(row["loanable"]))


def _loan(row: dict) -> Loan:
    return Loan(
        loan_id=row["loan_id"],
        item_id=row["item_id"],
        patron_id=row["patron_id"],
        loaned_at=datetime.fromisoformat(row["loaned_at"]),
        due=date.fromisoformat(row["due"]),
        renewals=row["renewals"],
        offline=bool(row["offline"]),
        needs_staff=bool(row["needs_staff"]),
    )


def _hold(row: dict) -> Hold:
    return Hold(
        hold_id=row["hold_id"],
        item_id=row["item_id"],
        patron_id=row["patron_id"],
        status=HoldStatus(row["status"]),
        compartment_id=row["compartment_id"],
        expires_at=datetime.fromisoformat(row["expires_at"]) if row["expires_at"] else None,
    )


def _event(row: dict) -> OutboxEvent:
    return OutboxEvent(
        row["seq"], row["event_id"], row["kind"], row["created_at"], json.loads(row["payload"])
    )


def masked_actor(patron_id: str | None) -> str:
    return f"patron:{mask_patron_id(patron_id)}" if patron_id else "anonymous"
