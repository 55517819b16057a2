"""A terminal's sync side or the central service as a child process that SIGKILLs itself.

    crash_sync_child.py terminal DB TERMINAL_ID PORT PASSWORD TRUST_JSON KILL_AT
    crash_sync_child.py central DB PORT PASSWORD KEY_PEM ACCEPTS EXPECT KILL_AT

``terminal`` runs the real ``SyncClient`` on the store in DB until its outbox is empty, then
stops cleanly. ``central`` runs the real ``CentralService`` on the SQLite file DB (envelopes
ACCEPTS, e.g. ``1,2``; prints ``ready`` once subscribed) until its stdin is closed. KILL_AT
is ``none``; ``count`` (print, as JSON, how many watched calls were made: the terminal on
stderr when its drain is over, central on stdout once it has stored EXPECT events; to draw
a kill point from); or ``call:N``: SIGKILL
at the N-th watched call. Watched are calls into the project's sync code (``sync/``), the
terminal's store (``kiosk/store/``) or central (``central/``), into paho, and every call on
an sqlite3 connection or cursor, on every thread the service starts (its worker, paho's
network thread, central's patron threads): so the kill lands inside a store transaction,
between a publish and its bookkeeping, between a commit and its acknowledgement, anywhere.
The threads interleave differently from run to run, so N is a random point, not a replayable
one. The main thread only waits and is not watched.
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import signal
import sqlite3
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import paho

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from cryptography.hazmat.primitives import serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402

from central.service import CentralService, CentralSettings  # noqa: E402
from central.store import CentralStore  # noqa: E402
from kiosk.store import Store  # noqa: E402
from sync.client import SyncClient, SyncSettings  # noqa: E402
from sync.mqtt import BrokerSettings  # noqa: E402
from sync.signing import Signer  # noqa: E402

KEY_ID = "central-test-1"
# As imported (not resolved): the venv may be a symlink, and co_filename is the path imported.
PAHO = os.path.dirname(paho.__file__)
WATCHED = {
    "terminal": (str(REPO / "sync"), str(REPO / "kiosk" / "store"), PAHO),
    "central": (str(REPO / "central"), str(REPO / "sync"), PAHO),
}
# Bounds on one child's life: a run that cannot finish fails instead of hanging the suite.
RUN_LIMIT_S = 120.0


class CallCounter:
    """A profile function for every thread: counts watched calls, SIGKILLs at ``kill_at``."""

    def __init__(self, watched: tuple[str, ...], kill_at: int | None) -> None:
        self.watched = watched
        self.kill_at = kill_at
        # next() on itertools.count is one C call: threads cannot lose an increment.
        self._counter = itertools.count(1)
        self.calls = 0

    def __call__(self, frame: FrameType, event: str, arg: Any) -> None:
        if event == "call":
            if not frame.f_code.co_filename.startswith(self.watched):
                return
        elif event == "c_call":
            if not isinstance(getattr(arg, "__self__", None), sqlite3.Connection | sqlite3.Cursor):
                return
        else:
            return
        self.calls = next(self._counter)
        if self.kill_at is not None and self.calls >= self.kill_at:
            os.kill(os.getpid(), signal.SIGKILL)


def install_counter(role: str, kill_at: str) -> CallCounter | None:
    """Profile the threads started from now on; None when KILL_AT is ``none``."""
    if kill_at == "none":
        return None
    counter = CallCounter(WATCHED[role], None if kill_at == "count" else int(kill_at[5:]))
    threading.setprofile(counter)
    return counter


def wait_for(done: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + RUN_LIMIT_S
    while not done():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(0.02)


def report(counter: CallCounter | None) -> None:
    threading.setprofile(None)
    if counter is not None:
        sys.stderr.write(json.dumps({"calls": counter.calls}) + "\n")


def run_terminal(
    db: str, terminal_id: str, port: str, password: str, trust: str, kill_at: str
) -> None:
    store = Store(db, terminal_id)
    client = SyncClient(
        store,
        terminal_id,
        BrokerSettings(
            port=int(port),
            username=terminal_id,
            password=password,
            reconnect_min_s=0.2,
            reconnect_max_s=1.0,
        ),
        json.loads(trust),
        # Small batches and windows, so a drain of a few hundred events is many messages and
        # several windows in either contract.
        settings=SyncSettings(window=50, ack_timeout_s=3.0, batch_events=25, batch_window=100),
    )
    counter = install_counter("terminal", kill_at)
    client.start()
    wait_for(lambda: client.status().queue_depth == 0, "the outbox to drain")
    client.stop()
    report(counter)
    store.close()


def run_central(
    db: str, port: str, password: str, key_pem: str, accepts: str, expect: str, kill_at: str
) -> None:
    key = serialization.load_pem_private_key(Path(key_pem).read_bytes(), password=None)
    assert isinstance(key, Ed25519PrivateKey)
    central = CentralService(
        db,
        BrokerSettings(
            port=int(port),
            username="central",
            password=password,
            reconnect_min_s=0.2,
            reconnect_max_s=1.0,
        ),
        Signer(KEY_ID, key),
        CentralSettings(
            tick_s=0.1,
            gap_timeout_s=1.0,
            job_grace_s=1.0,
            accepts=tuple(int(v) for v in accepts.split(",")),
        ),
    )
    counter = install_counter("central", kill_at)
    central.start()
    if not central.link.wait_subscribed(30):
        raise SystemExit("central did not connect")
    say("ready")
    if counter is not None and counter.kill_at is None:
        # Its own connection: this thread is not watched, and reads beside the worker's writes.
        reader = CentralStore(db)

        def all_stored() -> bool:
            stored: int = reader.db.execute("SELECT count(*) FROM events").fetchone()[0]
            return stored >= int(expect)

        wait_for(all_stored, f"{expect} events stored")
        reader.close()
        say(json.dumps({"calls": counter.calls}))
    # Stopped by the test closing stdin, once the terminal has heard every acknowledgement.
    sys.stdin.read()
    central.stop()


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main() -> None:
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    role, args = sys.argv[1], sys.argv[2:]
    if role == "terminal":
        run_terminal(*args)
    elif role == "central":
        run_central(*args)
    else:
        raise SystemExit(f"unknown role {role}")


if __name__ == "__main__":
    main()
