"""A fleet on one real broker: the test users, their settings, and helpers to watch them.

Shared by the terminal side's tests (tests/sync), central's (tests/central) and tests/e2e.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from central.service import CentralService, CentralSettings
from central.store import CentralStore
from kiosk.store import Store
from sync.client import SyncSettings
from sync.mqtt import BrokerSettings
from tests.support.broker import Broker

PASSWORDS = {
    "central": "central-pw",
    "T1": "t1-pw",
    "T2": "t2-pw",
    "T3": "t3-pw",
    "probe": "probe-pw",
}
# A test-only user with central's rights: it publishes as central would (forged commands,
# a late Will) while the real central service stays connected, which central's own
# credential cannot do now that a client id is its username.
PROBE_ACL = "\nuser probe\ntopic readwrite kiosk/v1/#\n"
KEY_ID = "central-test-1"
# The patron the command tests block and unblock.
PID = "3301000000001"
FAST_RECONNECT = {"reconnect_min_s": 0.2, "reconnect_max_s": 1.0}


def wait_until(cond: Callable[[], object], timeout: float = 30.0, what: str = "") -> None:
    """Poll ``cond`` until true; generous timeouts because the CI machine may be loaded."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout} s waiting for {what or cond}")


def add_loans(store: Store, n: int, start: int = 0) -> list[str]:
    """Queue ``n`` loan events as the circulation core does (one transaction each)."""
    ids = []
    at = datetime.now().astimezone()
    for i in range(start, start + n):
        with store.transaction() as tx:
            ev = tx.add_event(
                "loan",
                at,
                {
                    "patron_id": f"330100000{i:04d}",
                    "item_id": f"I{i:06d}",
                    "loan_id": str(uuid.uuid4()),
                    "due": (at + timedelta(days=30)).date().isoformat(),
                    "offline": True,
                    "hold_id": None,
                    "compartment_id": None,
                    "needs_staff": False,
                },
            )
        ids.append(ev.event_id)
    return ids


def terminal_events(store: Store) -> list[dict]:
    """Everything the terminal ever queued (archived and pending), in sequence order."""
    return [ev.payload for ev in store.outbox_replay(1)]


def assert_central_matches(central_db: str | Path, store: Store) -> None:
    """Central's records equal the terminal's: same events, each exactly once."""
    cs = CentralStore(central_db)
    try:
        stored = cs.events(store.terminal_id)
        n_rows = cs.db.execute(
            "SELECT count(*), count(DISTINCT seq) FROM events WHERE terminal_id = ?",
            [store.terminal_id],
        ).fetchone()
    finally:
        cs.close()
    assert n_rows[0] == n_rows[1], "a sequence number stored twice"
    assert stored == terminal_events(store)


def broker_settings(b: Broker, user: str) -> BrokerSettings:
    return BrokerSettings(
        host=b.host, port=b.port, username=user, password=PASSWORDS[user], **FAST_RECONNECT
    )


FAST_CENTRAL = CentralSettings(tick_s=0.1, gap_timeout_s=1.0, job_grace_s=1.0)
FAST_SYNC = SyncSettings(
    window=100, ack_timeout_s=3.0, telemetry_interval_s=1.0, housekeeping_interval_s=0.2
)


class RawClient:
    """A bare MQTT client with some user's credentials, collecting what it receives."""

    def __init__(self, b: Broker, user: str, subscriptions: list[str], client_id: str = "") -> None:
        from sync.mqtt import LinkCallbacks, MqttLink

        self.received: list[tuple[str, bytes]] = []
        self.link = MqttLink(
            broker_settings(b, user),
            client_id or f"raw-{user}",
            LinkCallbacks(
                on_message=lambda m: self.received.append((m.topic, m.payload)),
                subscriptions=[(t, 1) for t in subscriptions],
            ),
        )

    def __enter__(self) -> RawClient:
        self.link.start()
        assert self.link.wait_subscribed(30)
        return self

    def __exit__(self, *exc: object) -> None:
        self.link.stop()

    def publish(self, topic: str, payload: bytes, retain: bool = False) -> None:
        self.link.publish(topic, payload, retain=retain)

    def on(self, topic: str) -> list[bytes]:
        return [p for t, p in self.received if t == topic]


def command_body(kind: str, args: dict, terminal: str = "T1", validity_s: float = 60) -> dict:
    """The body of a command as central signs it, issued now."""
    issued = datetime.now(UTC)
    return {
        "command_id": str(uuid.uuid4()),
        "terminal_id": terminal,
        "kind": kind,
        "issued_at": issued.isoformat(),
        "expires_at": (issued + timedelta(seconds=validity_s)).isoformat(),
        "args": args,
    }


def job_done(central: CentralService, command_id: str) -> dict:
    """Wait for a command job to leave queued/in_progress; its final record."""
    wait_until(
        lambda: central.store.job(command_id)["state"] not in ("queued", "in_progress"),
        30,
        f"job {command_id}",
    )
    return central.store.job(command_id)


def stored_count(db: Path, terminal_id: str) -> int:
    """How many events central has stored for a terminal."""
    cs = CentralStore(db)
    try:
        return cs.db.execute(
            "SELECT count(*) FROM events WHERE terminal_id = ?", [terminal_id]
        ).fetchone()[0]
    finally:
        cs.close()
