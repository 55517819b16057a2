"""The central service's durable store: events once each, fleet state, jobs, patrons, leases.

On SQLite (a file: the default) or PostgreSQL (a ``postgresql://`` URL: a city's several
workers); ``central.db`` has the two backends and what differs between them.

Events are keyed by their event id, so a re-delivered event is recognised and never stored
twice; the acknowledgement goes out only after the transaction holding it has committed
(WAL, ``synchronous=FULL``). Per terminal the store tracks the highest sequence number up to
which nothing is missing (``contiguous_seq``): anything received above it is a gap, and a gap
that outlives the service's timeout makes it ask the terminal to re-send.

Jobs are the commands' server-side records (AWS IoT Jobs style), in the state machine
``JOB_TRANSITIONS``. ``kiosk central send`` only inserts a QUEUED job; the running service
signs, sends and tracks it, so the signing key and the broker connection stay in one process.

Writers: the service's worker thread(s), the SIP2 applier (``central-sip2-apply``: apply
states, refusal alarms and notices, item titles), the console and ``kiosk central send``
inserting a job. On SQLite its lock serialises them (``busy_timeout`` makes the CLI wait its
turn); on PostgreSQL several workers write at once, so every read-modify-write locks what it
reads (the terminal row for a terminal's sequence, state and counters, the job row for a
job's transition), and periodic duties are held by one worker at a time through ``leases``
(``central.workers``).

Over 600 lines: this one class holds every named SQL statement of the central service, so
each transaction's reads, locks and writes stay side by side; the SIP2 section at the end is
the candidate to move into a class of its own.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum
from pathlib import Path
from typing import Any

from central.db import Backend, Db, PostgresBackend, open_backend, statements
from central.jobs import FINISHED, JOB_TRANSITIONS, JobState
from central.schema import MIGRATIONS
from kiosk.privacy import mask_name

QUARANTINE_KEEP_BYTES = 4096
QUARANTINE_REASON_CHARS = 500
# Event ids per ``IN (...)`` look-up: far below SQLite's and PostgreSQL's parameter limits.
IDS_PER_QUERY = 500


class CentralAlarm(Enum):
    """Alarms the central service raises about a terminal (``central_alarms``)."""

    BAD_MESSAGES = "bad_messages"  # it sent messages that are not valid messages
    RATE_LIMITED = "rate_limited"  # it sent more than its share; the excess was dropped
    # About the library's own system (subject SIP2_ALARM_SUBJECT), not a terminal:
    SIP2_UNREACHABLE = "sip2_unreachable"  # no connection, or no proper answer in time
    SIP2_LOGIN_REFUSED = "sip2_login_refused"  # it refused central's SIP2 login
    # About a terminal: the library system refused one of its loans, returns or renewals.
    SIP2_REFUSED = "sip2_refused"


# The subject (terminal_id column) of alarms about the library system itself.
SIP2_ALARM_SUBJECT = "library-system"


@dataclass(frozen=True)
class Rejected:
    """One message that is not a valid message, and why."""

    terminal_id: str
    topic: str
    payload: bytes
    reason: str


@dataclass(frozen=True)
class StoredBatch:
    """Outcome of one batch: which event ids were new and which were already stored."""

    new: list[str]
    duplicate: list[str]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class CentralStore:
    """The central service's store on SQLite (a file) or PostgreSQL (a URL); see central.db."""

    def __init__(self, target: str | Path, *, pool_max: int = 10) -> None:
        # What ``--db`` said: an SQLite path or a PostgreSQL URL (which may hold a password:
        # messages use describe()).
        self.path = str(target)
        self.backend: Backend = open_backend(target, pool_max=pool_max)
        self.IntegrityError = self.backend.IntegrityError
        try:
            self._migrate()
        except BaseException:
            self.backend.close()
            raise

    @property
    def is_postgres(self) -> bool:
        return isinstance(self.backend, PostgresBackend)

    @property
    def db(self) -> Db:
        """This thread's connection (SQLite) or the pool (PostgreSQL), for reads."""
        return self.backend.db

    def describe(self) -> str:
        """Where the store is, for messages (a URL without its password)."""
        return self.backend.describe()

    def close(self) -> None:
        self.backend.close()

    def _migrate(self) -> None:
        with self.tx() as db:
            self.backend.lock_migrations(db)
            version = self.backend.schema_version(db)
            for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
                for statement in statements(script):
                    db.execute(self.backend.ddl(statement))
                self.backend.set_schema_version(db, number)

    def schema_version(self) -> int:
        return self.backend.schema_version(self.db)

    @contextmanager
    def tx(self) -> Iterator[Db]:
        """One transaction: SQLite's BEGIN IMMEDIATE, or a pooled PostgreSQL connection's."""
        with self.backend.tx() as db:
            yield db

    def _rows(self, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        return [dict(r) for r in self.db.execute(sql, list(params))]

    def _lock_terminals(self, db: Db, terminal_ids: Iterable[str]) -> None:
        """Create the terminals' rows if new and lock them until the transaction ends.

        Several workers on PostgreSQL then take turns per terminal (sequence tracking, state
        ordering, counters); always in terminal id order, so two workers never wait on each
        other in a circle. On SQLite BEGIN IMMEDIATE has already made this writer the only one.
        """
        ordered = sorted(set(terminal_ids))
        if not ordered:
            return
        db.execute(
            "INSERT INTO terminals (terminal_id) VALUES "
            + ", ".join("(?)" for _ in ordered)
            + " ON CONFLICT (terminal_id) DO NOTHING",
            ordered,
        )
        if self.backend.for_update:
            marks = ", ".join("?" for _ in ordered)
            db.execute(
                f"SELECT terminal_id FROM terminals WHERE terminal_id IN ({marks})"
                f" ORDER BY terminal_id{self.backend.for_update}",
                ordered,
            )

    @staticmethod
    def _next_counter(db: Db, name: str, by: int = 1) -> int:
        """Add ``by`` to a counter and return its new value, in one statement: the upsert
        locks the row, so concurrent transactions each get their own range."""
        value: int = db.execute(
            "INSERT INTO counters (name, value) VALUES (?, ?)"
            " ON CONFLICT (name) DO UPDATE SET value = counters.value + excluded.value"
            " RETURNING value",
            [name, by],
        ).fetchone()[0]
        return value

    # --- events -----------------------------------------------------------------------
    def store_events(self, events: list[tuple[str, dict[str, Any]]]) -> StoredBatch:
        """Store (terminal id, event) pairs in one transaction; duplicates are counted only.

        The ids already stored are looked up in one query and the new rows go in with one
        ``executemany``: a batch costs a handful of statements, not two per event. The
        batch's terminals are locked first (``_lock_terminals``): a terminal's events are
        only ever stored by one transaction at a time, so the look-up is exact and a
        concurrent worker cannot insert the same event in between. The insert still says
        ON CONFLICT DO NOTHING, so an event id claimed by another terminal's message cannot
        fail the batch.
        """
        new: list[str] = []
        duplicate: list[str] = []
        duplicates_by_terminal: Counter[str] = Counter()
        rows: list[tuple[Any, ...]] = []
        now = _now()
        with self.tx() as db:
            self._lock_terminals(db, (terminal_id for terminal_id, _ in events))
            seen = self._stored_ids(db, [ev["event_id"] for _, ev in events])
            for terminal_id, ev in events:
                event_id = ev["event_id"]
                if event_id in seen:
                    duplicate.append(event_id)
                    duplicates_by_terminal[terminal_id] += 1
                    continue
                seen.add(event_id)
                new.append(event_id)
                rows.append(
                    (
                        event_id,
                        terminal_id,
                        ev["seq"],
                        ev["kind"],
                        ev["at"],
                        json.dumps(ev, ensure_ascii=False, sort_keys=True),
                        now,
                    )
                )
            db.executemany(
                "INSERT INTO events (event_id, terminal_id, seq, kind, at, payload, received_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING",
                rows,
            )
            touched = dict.fromkeys(terminal_id for terminal_id, _ in events)
            for terminal_id in touched:
                if duplicates_by_terminal[terminal_id]:
                    db.execute(
                        "UPDATE terminals SET duplicates = duplicates + ? WHERE terminal_id = ?",
                        [duplicates_by_terminal[terminal_id], terminal_id],
                    )
                self._advance_contiguous(db, terminal_id, now)
        return StoredBatch(new, duplicate)

    @staticmethod
    def _stored_ids(db: Db, event_ids: list[str]) -> set[str]:
        seen: set[str] = set()
        for start in range(0, len(event_ids), IDS_PER_QUERY):
            chunk = event_ids[start : start + IDS_PER_QUERY]
            marks = ", ".join("?" for _ in chunk)
            seen.update(
                r[0]
                for r in db.execute(
                    f"SELECT event_id FROM events WHERE event_id IN ({marks})", chunk
                )
            )
        return seen

    @staticmethod
    def _advance_contiguous(db: Db, terminal_id: str, now: str) -> None:
        row = db.execute(
            "SELECT contiguous_seq, gap_since FROM terminals WHERE terminal_id = ?", [terminal_id]
        ).fetchone()
        contiguous, gap_since = row["contiguous_seq"], row["gap_since"]
        while True:
            seqs = [
                r[0]
                for r in db.execute(
                    "SELECT DISTINCT seq FROM events WHERE terminal_id = ? AND seq > ?"
                    " ORDER BY seq LIMIT 1000",
                    [terminal_id, contiguous],
                )
            ]
            for seq in seqs:
                if seq != contiguous + 1:
                    break
                contiguous = seq
            else:
                if len(seqs) == 1000:
                    continue
            break
        max_seq = db.execute(
            "SELECT coalesce(max(seq), 0) FROM events WHERE terminal_id = ?", [terminal_id]
        ).fetchone()[0]
        gap_since = (gap_since or now) if max_seq > contiguous else None
        db.execute(
            "UPDATE terminals SET contiguous_seq = ?, max_seq = ?, gap_since = ?, last_seen = ?"
            " WHERE terminal_id = ?",
            [contiguous, max_seq, gap_since, now, terminal_id],
        )

    def record_rejected(self, rejected: list[Rejected], keep_per_hour: int) -> None:
        """Count refused messages per terminal, quarantine them, raise ``bad_messages``.

        One transaction for the lot. A terminal gets at most ``keep_per_hour`` quarantine rows
        an hour, each at most QUARANTINE_KEEP_BYTES of payload; beyond that its refusals are
        only counted, so a terminal sending garbage cannot fill central's disk.
        """
        if not rejected:
            return
        now = _now()
        hour_ago = (datetime.now(UTC) - timedelta(hours=1)).isoformat(timespec="milliseconds")
        by_terminal: dict[str, list[Rejected]] = {}
        for r in rejected:
            by_terminal.setdefault(r.terminal_id, []).append(r)
        with self.tx() as db:
            self._lock_terminals(db, by_terminal)
            for terminal_id, rows in sorted(by_terminal.items()):
                db.execute(
                    "UPDATE terminals SET rejected = rejected + ? WHERE terminal_id = ?",
                    [len(rows), terminal_id],
                )
                kept = db.execute(
                    "SELECT count(*) FROM quarantine WHERE terminal_id = ? AND received_at > ?",
                    [terminal_id, hour_ago],
                ).fetchone()[0]
                db.executemany(
                    "INSERT INTO quarantine (terminal_id, topic, payload, size, reason,"
                    " received_at) VALUES (?, ?, ?, ?, ?, ?)",
                    [
                        (
                            terminal_id,
                            r.topic,
                            r.payload[:QUARANTINE_KEEP_BYTES],
                            len(r.payload),
                            r.reason[:QUARANTINE_REASON_CHARS],
                            now,
                        )
                        for r in rows[: max(0, keep_per_hour - kept)]
                    ],
                )
                self._raise_alarm(
                    db, CentralAlarm.BAD_MESSAGES, terminal_id, len(rows), rows[-1].reason, now
                )

    def record_rate_limited(self, dropped: dict[str, int]) -> None:
        """Count messages dropped by the rate limit per terminal and raise ``rate_limited``."""
        if not dropped:
            return
        now = _now()
        with self.tx() as db:
            self._lock_terminals(db, dropped)
            for terminal_id, count in sorted(dropped.items()):
                db.execute(
                    "UPDATE terminals SET rate_limited = rate_limited + ? WHERE terminal_id = ?",
                    [count, terminal_id],
                )
                self._raise_alarm(
                    db, CentralAlarm.RATE_LIMITED, terminal_id, count, "over the rate limit", now
                )

    @staticmethod
    def _raise_alarm(
        db: Db,
        kind: CentralAlarm,
        terminal_id: str,
        count: int,
        last_reason: str,
        now: str,
    ) -> None:
        detail = json.dumps({"last": last_reason[:QUARANTINE_REASON_CHARS]}, ensure_ascii=False)
        db.execute(
            "INSERT INTO central_alarms (kind, terminal_id, detail, count, raised_at, last_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(kind, terminal_id) WHERE cleared_at IS NULL"
            " DO UPDATE SET count = central_alarms.count + excluded.count,"
            " detail = excluded.detail, last_at = excluded.last_at",
            [kind.value, terminal_id, detail, count, now, now],
        )

    def record_sip2_alarm(self, kind: CentralAlarm, reason: str) -> None:
        """Raise (or count again) an alarm about the library system."""
        now = _now()
        with self.tx() as db:
            self._raise_alarm(db, kind, SIP2_ALARM_SUBJECT, 1, reason, now)

    def clear_sip2_alarms(self) -> int:
        """The library system answered: its alarms are over; returns how many cleared."""
        with self.tx() as db:
            return db.execute(
                "UPDATE central_alarms SET cleared_at = ? WHERE cleared_at IS NULL"
                " AND terminal_id = ?",
                [_now(), SIP2_ALARM_SUBJECT],
            ).rowcount

    def clear_quiet_alarms(self, quiet: timedelta) -> int:
        """Clear alarms whose cause has not recurred for ``quiet``; returns how many."""
        cutoff = (datetime.now(UTC) - quiet).isoformat(timespec="milliseconds")
        with self.tx() as db:
            return db.execute(
                "UPDATE central_alarms SET cleared_at = ?"
                " WHERE cleared_at IS NULL AND last_at <= ?",
                [_now(), cutoff],
            ).rowcount

    def alarms(self, include_cleared: bool = False) -> list[dict[str, Any]]:
        where = "" if include_cleared else " WHERE cleared_at IS NULL"
        rows = self._rows(f"SELECT * FROM central_alarms{where} ORDER BY raised_at, id")
        for row in rows:
            row["detail"] = json.loads(row["detail"])
        return rows

    def quarantined(self, terminal_id: str) -> list[dict[str, Any]]:
        return self._rows(
            "SELECT * FROM quarantine WHERE terminal_id = ? ORDER BY id", [terminal_id]
        )

    def events(self, terminal_id: str) -> list[dict[str, Any]]:
        """Every stored event of a terminal in sequence order, payloads parsed."""
        rows = self._rows(
            "SELECT payload FROM events WHERE terminal_id = ? ORDER BY seq, event_id",
            [terminal_id],
        )
        return [json.loads(r["payload"]) for r in rows]

    def gaps_due(self, older_than: timedelta) -> list[dict[str, Any]]:
        """Terminals with a gap older than ``older_than`` and no re-send asked for that long."""
        cutoff = (datetime.now(UTC) - older_than).isoformat(timespec="milliseconds")
        return self._rows(
            "SELECT terminal_id, contiguous_seq, max_seq FROM terminals WHERE gap_since IS NOT"
            " NULL AND gap_since < ? AND (resend_requested_at IS NULL OR resend_requested_at < ?)",
            [cutoff, cutoff],
        )

    def request_resend(
        self, terminal_id: str, older_than: timedelta, validity_s: int
    ) -> tuple[str, int] | None:
        """Queue a ``resend_events`` job for a terminal's gap if it is still due; one
        transaction with the terminal row locked, so of several workers that saw the same
        gap exactly one asks (the others find it asked for). Returns (command id, from seq)."""
        cutoff = (datetime.now(UTC) - older_than).isoformat(timespec="milliseconds")
        with self.tx() as db:
            self._lock_terminals(db, [terminal_id])
            row = db.execute(
                "SELECT contiguous_seq FROM terminals WHERE terminal_id = ? AND gap_since IS NOT"
                " NULL AND gap_since < ? AND (resend_requested_at IS NULL"
                " OR resend_requested_at < ?)",
                [terminal_id, cutoff, cutoff],
            ).fetchone()
            if row is None:
                return None
            from_seq = int(row["contiguous_seq"]) + 1
            command_id = self._insert_job(
                db, terminal_id, "resend_events", {"from_seq": from_seq}, validity_s
            )
            db.execute(
                "UPDATE terminals SET resend_requested_at = ? WHERE terminal_id = ?",
                [_now(), terminal_id],
            )
        return command_id, from_seq

    # --- terminal state and telemetry ------------------------------------------------
    def apply_state(self, terminal_id: str, msg: dict[str, Any]) -> bool:
        """Apply a birth/offline message unless it is older than what is known (late Will)."""
        with self.tx() as db:
            self._lock_terminals(db, [terminal_id])
            row = db.execute(
                "SELECT boot, conn FROM terminals WHERE terminal_id = ?", [terminal_id]
            ).fetchone()
            if (msg["boot"], msg["conn"]) < (row["boot"], row["conn"]):
                return False
            db.execute(
                "UPDATE terminals SET state = ?, boot = ?, conn = ?, state_at = ?, last_seen = ?,"
                " software_version = coalesce(?, software_version),"
                " config_version = coalesce(?, config_version),"
                " patrons_version = coalesce(?, patrons_version) WHERE terminal_id = ?",
                [
                    msg["state"],
                    msg["boot"],
                    msg["conn"],
                    msg["at"],
                    _now(),
                    msg.get("software_version"),
                    msg.get("config_version"),
                    msg.get("patrons_version"),
                    terminal_id,
                ],
            )
            return True

    def apply_telemetry(self, terminal_id: str, msg: dict[str, Any]) -> None:
        with self.tx() as db:
            self._lock_terminals(db, [terminal_id])
            db.execute(
                "UPDATE terminals SET last_seen = ?, software_version = ?, config_version = ?,"
                " queue_depth = ?, oldest_age_s = ?, alarms = ?, out_of_service = ?, telemetry = ?"
                " WHERE terminal_id = ?",
                [
                    _now(),
                    msg["software_version"],
                    msg["config_version"],
                    msg["queue"]["depth"],
                    msg["queue"]["oldest_age_s"],
                    json.dumps(msg["alarms"], ensure_ascii=False),
                    msg["out_of_service"],
                    json.dumps(msg, ensure_ascii=False),
                    terminal_id,
                ],
            )

    def terminal(self, terminal_id: str) -> dict[str, Any] | None:
        rows = self._rows("SELECT * FROM terminals WHERE terminal_id = ?", [terminal_id])
        return rows[0] if rows else None

    def fleet(self) -> list[dict[str, Any]]:
        return self._rows("SELECT * FROM terminals ORDER BY terminal_id")

    # --- jobs (commands) --------------------------------------------------------------
    def enqueue_job(
        self,
        terminal_id: str,
        kind: str,
        args: dict[str, Any],
        validity_s: int,
        also: Callable[[Db, str], None] | None = None,
    ) -> str:
        """Queue a job; ``also(db, command_id)`` writes in the same transaction (its audit)."""
        with self.tx() as db:
            command_id = self._insert_job(db, terminal_id, kind, args, validity_s)
            if also is not None:
                also(db, command_id)
        return command_id

    @staticmethod
    def _insert_job(
        db: Db, terminal_id: str, kind: str, args: dict[str, Any], validity_s: int
    ) -> str:
        command_id = str(uuid.uuid4())
        db.execute(
            "INSERT INTO jobs (command_id, terminal_id, kind, args, validity_s, state,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                command_id,
                terminal_id,
                kind,
                json.dumps(args, ensure_ascii=False),
                validity_s,
                JobState.QUEUED.value,
                _now(),
            ],
        )
        return command_id

    def queued_jobs(self) -> list[dict[str, Any]]:
        rows = self._rows(
            "SELECT * FROM jobs WHERE state = ? ORDER BY created_at", [JobState.QUEUED.value]
        )
        for row in rows:
            row["args"] = json.loads(row["args"])
        return rows

    def job(self, command_id: str) -> dict[str, Any] | None:
        rows = self._rows("SELECT * FROM jobs WHERE command_id = ?", [command_id])
        if not rows:
            return None
        rows[0]["args"] = json.loads(rows[0]["args"])
        rows[0]["detail"] = json.loads(rows[0]["detail"])
        return rows[0]

    def jobs(self, limit: int = 50) -> list[dict[str, Any]]:
        return self._rows("SELECT * FROM jobs ORDER BY created_at DESC LIMIT ?", [limit])

    def transition_job(
        self,
        command_id: str,
        new: JobState,
        *,
        reason: str | None = None,
        detail: dict[str, Any] | None = None,
        sent_at: str | None = None,
        expires_at: str | None = None,
    ) -> bool:
        """Move a job along JOB_TRANSITIONS; False (and no change) if not allowed."""
        with self.tx() as db:
            row = db.execute(
                f"SELECT state FROM jobs WHERE command_id = ?{self.backend.for_update}",
                [command_id],
            ).fetchone()
            if row is None or new not in JOB_TRANSITIONS[JobState(row["state"])]:
                return False
            finished = _now() if new in FINISHED else None
            db.execute(
                "UPDATE jobs SET state = ?, reason = coalesce(?, reason), detail = ?,"
                " sent_at = coalesce(?, sent_at), expires_at = coalesce(?, expires_at),"
                " finished_at = ? WHERE command_id = ?",
                [
                    new.value,
                    reason,
                    json.dumps(detail or {}, ensure_ascii=False),
                    sent_at,
                    expires_at,
                    finished,
                    command_id,
                ],
            )
            return True

    def overdue_jobs(self, grace: timedelta) -> list[str]:
        """In-progress jobs whose command expired more than ``grace`` ago without a result."""
        cutoff = (datetime.now(UTC) - grace).isoformat(timespec="milliseconds")
        rows = self._rows(
            "SELECT command_id FROM jobs WHERE state = ? AND expires_at < ?",
            [JobState.IN_PROGRESS.value, cutoff],
        )
        return [r["command_id"] for r in rows]

    # --- patrons and desired configuration ----------------------------------------------
    def upsert_patrons(self, patrons: Iterable[dict[str, Any]]) -> int:
        """Insert or update patron records; each change gets the next patrons version."""
        rows = list(patrons)
        with self.tx() as db:
            top = self._next_counter(db, "patrons_version", len(rows))
            for version, p in enumerate(rows, start=top - len(rows) + 1):
                db.execute(
                    "INSERT INTO patrons (patron_id, kind, credit_level, blocked, block_reason,"
                    " masked_name, fines_cents, pin_hash, version)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(patron_id) DO UPDATE SET"
                    " kind = excluded.kind, credit_level = excluded.credit_level,"
                    " blocked = excluded.blocked, block_reason = excluded.block_reason,"
                    " masked_name = excluded.masked_name, fines_cents = excluded.fines_cents,"
                    " pin_hash = excluded.pin_hash, version = excluded.version",
                    [
                        p["patron_id"],
                        p["kind"],
                        p["credit_level"],
                        int(p["blocked"]),
                        p["block_reason"],
                        mask_name(p.get("masked_name")) or None,
                        p.get("fines_cents"),
                        p.get("pin_hash"),
                        version,
                    ],
                )
        return top

    def get_patron(self, patron_id: str) -> dict[str, Any] | None:
        rows = self._rows(f"SELECT {_PATRON_COLUMNS} FROM patrons WHERE patron_id = ?", [patron_id])
        return _patron_message(rows[0]) if rows else None

    def patrons_since(self, version: int, limit: int) -> list[dict[str, Any]]:
        rows = self._rows(
            f"SELECT {_PATRON_COLUMNS}, version FROM patrons"
            " WHERE version > ? ORDER BY version LIMIT ?",
            [version, limit],
        )
        return [_patron_message(row) for row in rows]

    def set_desired_config(
        self, terminal_id: str, changes: dict[str, Any]
    ) -> tuple[int, dict[str, Any]]:
        """Merge ``changes`` into a terminal's desired configuration; returns (version, config)."""
        with self.tx() as db:
            # The row exists before it is read and locked, so two writers take turns.
            db.execute(
                "INSERT INTO desired_config (terminal_id, version, config) VALUES (?, 0, '{}')"
                " ON CONFLICT (terminal_id) DO NOTHING",
                [terminal_id],
            )
            row = db.execute(
                "SELECT version, config FROM desired_config WHERE terminal_id = ?"
                + self.backend.for_update,
                [terminal_id],
            ).fetchone()
            version, config = row["version"], json.loads(row["config"])
            config.update(changes)
            db.execute(
                "INSERT INTO desired_config (terminal_id, version, config) VALUES (?, ?, ?)"
                " ON CONFLICT(terminal_id) DO UPDATE SET version = excluded.version,"
                " config = excluded.config",
                [terminal_id, version + 1, json.dumps(config, ensure_ascii=False)],
            )
        return version + 1, config

    def desired_config(self, terminal_id: str) -> tuple[int, dict[str, Any]] | None:
        rows = self._rows(
            "SELECT version, config FROM desired_config WHERE terminal_id = ? AND version > 0",
            [terminal_id],
        )
        return (rows[0]["version"], json.loads(rows[0]["config"])) if rows else None

    # --- the library system: applying events (central/sip2/upload.py) ---------------------
    def discover_sip2_events(
        self, kinds: tuple[str, ...], limit: int, everything: bool = False
    ) -> int:
        """Give stored events of ``kinds`` that have no apply state one (pending); returns how many.

        Events are found by the time central received them (one writer stores them, so they
        commit in that order), from ``SIP2_DISCOVERY_OVERLAP`` before the newest one already
        taken, which covers a small step back of the wall clock; ``everything`` looks at all
        stored events (done once at start, so nothing a larger clock step hid stays
        unapplied). An event older, by when it happened, than
        events of the same item already applied puts those back to pending after it, so the
        library system sees the item's history in order.
        """
        with self.tx() as db:
            newest = db.execute("SELECT max(received_at) FROM sip2_apply").fetchone()[0]
            since = ""
            if newest is not None and not everything:
                since = (datetime.fromisoformat(newest) - SIP2_DISCOVERY_OVERLAP).isoformat(
                    timespec="milliseconds"
                )
            marks = ", ".join("?" for _ in kinds)
            rows = db.execute(
                "SELECT e.event_id, e.terminal_id, e.seq, e.kind, e.at, e.payload, e.received_at"
                f" FROM events e WHERE e.kind IN ({marks}) AND e.received_at >= ?"
                " AND NOT EXISTS (SELECT 1 FROM sip2_apply a WHERE a.event_id = e.event_id)"
                " ORDER BY e.received_at LIMIT ?",
                [*kinds, since, SIP2_SWEEP_LIMIT if everything else limit],
            ).fetchall()
            now = _now()
            for row in rows:
                item_id = json.loads(row["payload"])["data"]["item_id"]
                happened = _utc_micro(row["at"])
                db.execute(
                    "INSERT INTO sip2_apply (event_id, terminal_id, seq, kind, item_id,"
                    " happened_at, received_at, state, next_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT (event_id) DO NOTHING",
                    [
                        row["event_id"],
                        row["terminal_id"],
                        row["seq"],
                        row["kind"],
                        item_id,
                        happened,
                        row["received_at"],
                        "pending",
                        now,
                    ],
                )
                db.execute(
                    "UPDATE sip2_apply SET state = 'pending', next_at = ?, finished_at = NULL"
                    " WHERE item_id = ? AND state = 'applied' AND happened_at > ?"
                    " AND kind IN ('loan', 'return')",
                    [now, item_id, happened],
                )
        return len(rows)

    def ready_sip2_events(self, limit: int) -> list[dict[str, Any]]:
        """Pending events due for an attempt with no earlier pending event of the same item.

        "Earlier" is by when it happened, then terminal and sequence number: per item the
        library system gets a return before the next loan, whatever order they arrived in.
        """
        rows = self._rows(
            "SELECT a.event_id, a.terminal_id, a.kind, a.item_id, a.attempts, e.payload"
            " FROM sip2_apply a JOIN events e ON e.event_id = a.event_id"
            " WHERE a.state = 'pending' AND a.next_at <= ? AND NOT EXISTS ("
            "  SELECT 1 FROM sip2_apply b WHERE b.item_id = a.item_id AND b.state = 'pending'"
            "  AND (b.happened_at < a.happened_at OR (b.happened_at = a.happened_at"
            "   AND (b.terminal_id < a.terminal_id"
            "    OR (b.terminal_id = a.terminal_id AND b.seq < a.seq)))))"
            " ORDER BY a.happened_at, a.terminal_id, a.seq LIMIT ?",
            [_now(), limit],
        )
        for row in rows:
            row["event"] = json.loads(row.pop("payload"))
        return rows

    def sip2_applied(self, event_id: str, outcome: dict[str, Any]) -> None:
        with self.tx() as db:
            db.execute(
                "UPDATE sip2_apply SET state = 'applied', attempts = attempts + 1,"
                " last_error = NULL, finished_at = ?, outcome = ? WHERE event_id = ?",
                [_now(), json.dumps(outcome, ensure_ascii=False), event_id],
            )

    def sip2_retry_later(self, event_id: str, error: str, next_at: datetime) -> None:
        """The library system could not be asked: the event stays pending until ``next_at``."""
        with self.tx() as db:
            db.execute(
                "UPDATE sip2_apply SET attempts = attempts + 1, last_error = ?, next_at = ?"
                " WHERE event_id = ?",
                [
                    error[:QUARANTINE_REASON_CHARS],
                    next_at.astimezone(UTC).isoformat(timespec="milliseconds"),
                    event_id,
                ],
            )

    def sip2_refused(
        self,
        db: Db,
        event_id: str,
        terminal_id: str,
        reason: str,
        outcome: dict[str, Any],
    ) -> None:
        """Within the caller's transaction: the event is refused and its terminal alarmed.

        The alarm's detail carries the item, the masked patron and the library's reason
        (one active ``sip2_refused`` alarm per terminal, counted up, the latest detail kept).
        """
        now = _now()
        db.execute(
            "UPDATE sip2_apply SET state = 'refused', attempts = attempts + 1, last_error = ?,"
            " finished_at = ?, outcome = ? WHERE event_id = ?",
            [
                reason[:QUARANTINE_REASON_CHARS],
                now,
                json.dumps(outcome, ensure_ascii=False),
                event_id,
            ],
        )
        self._lock_terminals(db, [terminal_id])
        detail = json.dumps(
            {"last": reason[:QUARANTINE_REASON_CHARS], **outcome}, ensure_ascii=False
        )
        db.execute(
            "INSERT INTO central_alarms (kind, terminal_id, detail, count, raised_at, last_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(kind, terminal_id) WHERE cleared_at IS NULL"
            " DO UPDATE SET count = central_alarms.count + excluded.count,"
            " detail = excluded.detail, last_at = excluded.last_at",
            [CentralAlarm.SIP2_REFUSED.value, terminal_id, detail, 1, now, now],
        )

    def sip2_apply_state(self, event_id: str) -> dict[str, Any] | None:
        rows = self._rows("SELECT * FROM sip2_apply WHERE event_id = ?", [event_id])
        if not rows:
            return None
        rows[0]["outcome"] = json.loads(rows[0]["outcome"])
        return rows[0]

    def sip2_apply_counts(self) -> dict[str, int]:
        """How many events are pending, applied and refused (for ``kiosk central status``)."""
        rows = self._rows("SELECT state, count(*) AS n FROM sip2_apply GROUP BY state")
        return {r["state"]: r["n"] for r in rows}

    def item_title(self, item_id: str) -> dict[str, Any] | None:
        rows = self._rows(
            "SELECT item_id, title, author, fetched_at FROM sip2_items WHERE item_id = ?",
            [item_id],
        )
        return rows[0] if rows else None

    def remember_item_title(self, item_id: str, title: str, author: str | None = None) -> None:
        with self.tx() as db:
            db.execute(
                "INSERT INTO sip2_items (item_id, title, author, fetched_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (item_id) DO UPDATE SET title = excluded.title,"
                " author = coalesce(excluded.author, sip2_items.author),"
                " fetched_at = excluded.fetched_at",
                [item_id, title, author, _now()],
            )


# How far before the newest discovered event the next look for new events starts.
SIP2_DISCOVERY_OVERLAP = timedelta(seconds=10)
# The start-up sweep's bound: all of them, as a number both SQLite and PostgreSQL take.
SIP2_SWEEP_LIMIT = 1_000_000_000


def _utc_micro(text: str) -> str:
    """An ISO instant as UTC text with microseconds, so text order is time order."""
    return datetime.fromisoformat(text).astimezone(UTC).isoformat(timespec="microseconds")


_PATRON_COLUMNS = (
    "patron_id, kind, credit_level, blocked, block_reason, masked_name, fines_cents, pin_hash"
)


def _patron_message(row: dict[str, Any]) -> dict[str, Any]:
    """A patron row as defs.json's patron; the optional fields only when set, so that a
    terminal of an earlier version (it refuses unknown fields) takes records without."""
    row["blocked"] = bool(row["blocked"])
    return {k: v for k, v in row.items() if v is not None or k in _REQUIRED_NULLABLE}


_REQUIRED_NULLABLE = ("credit_level", "block_reason")
