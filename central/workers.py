"""How several central workers share the work (docs/reliability.md).

* ``shared_subscriptions``: on PostgreSQL every worker joins the MQTT 5 shared subscription
  group ``$share/central/...`` (the broker gives each terminal message to one of them) and
  hears central's own state plainly, to answer a dead worker's Will.
* ``Leases`` / ``DutyLeases``: each periodic duty (``DUTIES``) is held by one worker at a
  time through a row in the store's ``leases`` table, renewed by its holder every third of
  the lease and taken over by another only once it has expired, on the database's clock.
* ``SingleWorkerLock``: on SQLite one worker only; a second ``kiosk central run`` on the
  same file is refused.
"""

from __future__ import annotations

import fcntl
import logging
import os
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from central.db import Db
from central.store import CentralStore
from sync import topics

log = logging.getLogger(__name__)

# The MQTT 5 shared subscription group of the central workers on one PostgreSQL database.
SHARE_GROUP = "central"
# Periodic duties, each done by one worker at a time (the holder of its lease).
DUTIES = ("dispatch", "job_timeouts", "gap_resends", "alarm_clearing", "sip2")


class WorkerRefused(RuntimeError):
    """Another central worker already runs on this SQLite file."""


def shared_subscriptions(plain: Sequence[tuple[str, int]]) -> list[tuple[str, int]]:
    """A worker's subscriptions on PostgreSQL: the fleet's topics shared, central's state not."""
    shared = [(f"$share/{SHARE_GROUP}/{topic_filter}", qos) for topic_filter, qos in plain]
    return shared + [(topics.CENTRAL_STATE, 1)]


class Leases:
    """The ``leases`` table: which worker holds which duty until when."""

    def __init__(self, store: CentralStore) -> None:
        self.store = store

    def hold(self, duty: str, holder: str, lease_s: float) -> bool:
        """Take or renew ``duty`` for ``holder`` for ``lease_s``; False if another holds it.

        One upsert that changes the row only for its holder or once the lease has expired.
        Instants come from the database's clock on PostgreSQL (one clock for every worker,
        whatever their machines' clocks say) and from this machine's on SQLite (one machine).
        """
        with self.store.tx() as db:
            now = self._now(db)
            now_text = now.isoformat(timespec="microseconds")
            expires = (now + timedelta(seconds=lease_s)).isoformat(timespec="microseconds")
            db.execute(
                "INSERT INTO leases (duty, holder, expires_at, taken_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (duty) DO UPDATE SET holder = excluded.holder,"
                " expires_at = excluded.expires_at,"
                " taken_at = CASE WHEN leases.holder = excluded.holder THEN leases.taken_at"
                " ELSE excluded.taken_at END"
                " WHERE leases.holder = excluded.holder OR leases.expires_at < ?",
                [duty, holder, expires, now_text, now_text],
            )
            row = db.execute("SELECT holder FROM leases WHERE duty = ?", [duty]).fetchone()
            return bool(row is not None and row["holder"] == holder)

    def release(self, holder: str) -> int:
        """A worker stopping hands its duties on at once instead of at expiry."""
        with self.store.tx() as db:
            return db.execute("DELETE FROM leases WHERE holder = ?", [holder]).rowcount

    def listing(self) -> list[dict[str, Any]]:
        return [
            dict(r)
            for r in self.store.db.execute(
                "SELECT duty, holder, expires_at, taken_at FROM leases ORDER BY duty"
            )
        ]

    def _now(self, db: Db) -> datetime:
        if self.store.is_postgres:
            now: datetime = db.execute("SELECT clock_timestamp()").fetchone()[0]
            return now.astimezone(UTC)
        return datetime.now(UTC)


class DutyLeases:
    """One worker's duties: all of them when it is the only worker (SQLite); on PostgreSQL
    those whose lease it took or renewed, renewed every third of a lease.

    A duty counts as held only until the lease's end as this worker can know it (timed from
    before the renewal began), so if renewing fails (the database gone) it stops acting on
    it before another worker may take it over. Used by the worker thread only; ``held`` is
    also read by the SIP2 watch thread (a frozenset, replaced whole).
    """

    def __init__(
        self,
        leases: Leases,
        worker_id: str,
        lease_s: float,
        *,
        shared: bool,
        connected: Callable[[], bool],
    ) -> None:
        self.leases, self.worker_id, self.lease_s = leases, worker_id, lease_s
        self.shared = shared
        self._connected = connected
        self.held: frozenset[str] = frozenset() if shared else frozenset(DUTIES)
        self._held_until = 0.0
        self._next_renewal = 0.0
        self._connected_at_renewal = False

    def current(self) -> frozenset[str]:
        if not self.shared:
            return self.held
        now = time.monotonic()
        connected = self._connected()
        # A worker that has just reached the broker asks for ``dispatch`` at once rather
        # than at its next renewal.
        if now >= self._next_renewal or (connected and not self._connected_at_renewal):
            self._connected_at_renewal = connected
            held = set()
            for duty in DUTIES:
                if duty == "dispatch" and not connected:
                    continue  # a worker cut off from the broker lets another send commands
                if self.leases.hold(duty, self.worker_id, self.lease_s):
                    held.add(duty)
            if held != self.held:
                log.info("%s: holding duties %s", self.worker_id, sorted(held) or "none")
            self.held = frozenset(held)
            self._held_until = now + self.lease_s
            self._next_renewal = now + self.lease_s / 3
        return self.held if now < self._held_until else frozenset()

    def release(self) -> None:
        if not self.shared:
            return
        self.held = frozenset()
        try:
            self.leases.release(self.worker_id)
        except Exception:
            log.exception("could not release this worker's leases; they expire anyway")


class SingleWorkerLock:
    """On SQLite only one worker may run: an exclusive ``flock`` beside the file.

    The kernel drops it when the process ends, so a SIGKILLed worker leaves nothing behind.
    """

    def __init__(self, db_path: str) -> None:
        self.path = f"{db_path}.worker-lock"
        self.db_path = db_path
        self._fd: int | None = None

    def acquire(self) -> None:
        if self.db_path == ":memory:":
            return
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise WorkerRefused(
                f"另一个中心服务进程已在使用 {self.db_path}；多个进程需要 PostgreSQL。"
                f" / another central worker already runs on {self.db_path}; several workers"
                " need PostgreSQL (--db postgresql://...)"
            ) from None
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
