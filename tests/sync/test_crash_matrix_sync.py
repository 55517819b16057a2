"""The crash matrix for sync delivery and central ingest: SIGKILLed at random points, audited.

Sync delivery: a real terminal process (``SyncClient`` on its own SQLite store holding a
few hundred outbox events) drains to the real central service over a real mosquitto and
SIGKILLs itself at the N-th call into sync, its store, paho or SQLite (N drawn from the
calls a whole drain makes, counted in a first run); it is started again and finishes.
Central ingest: the central service in a real process SIGKILLs itself the same way while a
terminal's drain comes in, and is started again on its database.

The audit after each run: central holds every event the terminal made exactly once (by
event id, each ``(terminal, seq)`` once, the payloads equal), the terminal's outbox is
empty, nothing is quarantined. Each flow runs with central announcing contract v1 (one
event per message) and v2 (batches).

Two points per flow and contract in every run; ``KIOSK_FUZZ_LONG=1`` runs 100 per flow and
contract, 200 per flow (the figures and the command are in docs/reliability.md).
"""

from __future__ import annotations

import json
import os
import random
import secrets
import signal
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from central.service import CentralService, CentralSettings
from central.store import CentralStore
from kiosk.store import Store
from sync.client import SyncClient, SyncSettings
from sync.mqtt import BrokerSettings
from sync.signing import Signer, public_key_to_b64
from tests.support.broker import Broker
from tests.support.fleet import add_loans, assert_central_matches, wait_until

LONG = os.environ.get("KIOSK_FUZZ_LONG") == "1"
POINTS = 100 if LONG else 2
EVENTS = 200
CHILD = Path(__file__).resolve().parent / "crash_sync_child.py"
KEY_ID = "central-test-1"  # crash_sync_child.KEY_ID
CONTRACTS = {"v1": (1,), "v2": (1, 2)}
SIGKILL_RC = -signal.SIGKILL
# Seconds one run may take at most (a drain, a kill, a restart, the rest of the drain).
RUN_TIMEOUT_S = 120
RESULTS = os.environ.get("KIOSK_CRASH_SYNC_RESULTS")


class Rig:
    """A broker with one account per run (a fresh terminal id each), central's key, a workdir."""

    def __init__(self, workdir: Path, runs: int) -> None:
        self.workdir = workdir
        self.passwords = {"central": secrets.token_urlsafe(9)}
        self.passwords |= {f"CR{i:04d}": secrets.token_urlsafe(9) for i in range(runs)}
        self.broker = Broker(workdir / "broker", users=self.passwords).start()
        self.key = Ed25519PrivateKey.generate()
        self.key_pem = workdir / "central-key.pem"
        self.key_pem.write_bytes(
            self.key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        self.trust = {KEY_ID: public_key_to_b64(self.key.public_key())}

    def settings(self, user: str) -> BrokerSettings:
        return BrokerSettings(
            port=self.broker.port,
            username=user,
            password=self.passwords[user],
            reconnect_min_s=0.2,
            reconnect_max_s=1.0,
        )

    def terminal_child(self, db: Path, terminal_id: str, kill_at: str) -> subprocess.Popen[str]:
        args = [db, terminal_id, self.broker.port, self.passwords[terminal_id]]
        return self._child("terminal", [*args, json.dumps(self.trust), kill_at])

    def central_child(
        self, db: Path, contract: str, kill_at: str
    ) -> tuple[subprocess.Popen[str], bool]:
        """The central process, and whether it said ready (a kill may come before)."""
        accepts = ",".join(str(v) for v in CONTRACTS[contract])
        args = [db, self.broker.port, self.passwords["central"], self.key_pem, accepts, EVENTS]
        child = self._child("central", [*args, kill_at])
        assert child.stdout is not None
        return child, child.stdout.readline().strip() == "ready"

    def _child(self, role: str, args: list[object]) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, str(CHILD), role, *map(str, args)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )


@pytest.fixture
def rig(tmp_path: Path) -> Iterator[Rig]:
    rig = Rig(tmp_path, POINTS + 1)
    yield rig
    rig.broker.stop()


def finish(child: subprocess.Popen[str]) -> tuple[int, str]:
    """Wait for a child; its exit status and the end of what it wrote on stderr."""
    try:
        _, err = child.communicate(timeout=RUN_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        child.kill()
        _, err = child.communicate()
    return child.returncode, err[-3000:]


def calls_of(stderr: str) -> int:
    calls: int = json.loads(stderr.strip().splitlines()[-1])["calls"]
    return calls


def seeded_terminal(rig: Rig, run: int) -> tuple[str, Path]:
    terminal_id = f"CR{run:04d}"
    db = rig.workdir / f"{terminal_id}.db"
    store = Store(db, terminal_id)
    add_loans(store, EVENTS)
    store.close()
    return terminal_id, db


def audit(central_db: Path, terminal_db: Path, terminal_id: str) -> None:
    """Every event once at central and equal to the terminal's; outbox empty; no quarantine."""
    store = Store(terminal_db, terminal_id)
    try:
        assert store.outbox_stats(datetime.now().astimezone()).depth == 0
        assert len(store.outbox_replay(1)) == EVENTS
        assert_central_matches(central_db, store)
    finally:
        store.close()
    central = CentralStore(central_db)
    try:
        assert central.quarantined(terminal_id) == []
    finally:
        central.close()


def record(flow: str, contract: str, calls: int, kills: int) -> None:
    """Append the figures for docs/reliability.md to the file KIOSK_CRASH_SYNC_RESULTS names."""
    if RESULTS:
        figures = {"flow": flow, "contract": contract, "calls_per_drain": calls}
        with open(RESULTS, "a") as out:
            out.write(json.dumps(figures | {"runs": POINTS, "kills": kills}) + "\n")


def kill_points(flow: str, contract: str, total: int) -> list[int]:
    rng = random.Random(f"{flow}-{contract}-{POINTS}")
    return sorted(rng.sample(range(1, total + 1), min(POINTS, total)))


class InProcessCentral:
    """The central service in the test process, on its own SQLite file for one run."""

    def __init__(self, rig: Rig, db: Path, contract: str) -> None:
        self.service = CentralService(
            db,
            rig.settings("central"),
            Signer(KEY_ID, rig.key),
            CentralSettings(tick_s=0.1, gap_timeout_s=1.0, accepts=CONTRACTS[contract]),
        )

    def __enter__(self) -> CentralService:
        self.service.start()
        assert self.service.link.wait_subscribed(30), "central could not connect"
        return self.service

    def __exit__(self, *exc: object) -> None:
        self.service.stop()


def deliver_with_terminal_killed(rig: Rig, run: int, contract: str, kill_at: str) -> str:
    """One run of the delivery flow; the terminal child's stderr (its calls when counting)."""
    terminal_id, db = seeded_terminal(rig, run)
    central_db = rig.workdir / f"central-{run}.db"
    with InProcessCentral(rig, central_db, contract):
        rc, err = finish(rig.terminal_child(db, terminal_id, kill_at))
        if kill_at == "count":
            assert rc == 0, err
        else:
            # A point drawn late in the count may lie past this run's drain: then the drain
            # ended first, which the audit checks all the same.
            assert rc in (SIGKILL_RC, 0), (kill_at, rc, err)
            killed = rc == SIGKILL_RC
            rc, again = finish(rig.terminal_child(db, terminal_id, "none"))
            assert rc == 0, (kill_at, again)
            err = "killed" if killed else "drained"
        audit(central_db, db, terminal_id)
    return err


@pytest.mark.timeout(RUN_TIMEOUT_S * (POINTS + 1) * 2)
@pytest.mark.parametrize("contract", list(CONTRACTS))
def test_terminal_killed_mid_drain_restarts_and_delivers_each_event_once(
    rig: Rig, contract: str
) -> None:
    total = calls_of(deliver_with_terminal_killed(rig, 0, contract, "count"))
    assert total > 1000, total
    kills = 0
    for run, n in enumerate(kill_points("delivery", contract, total), start=1):
        kills += deliver_with_terminal_killed(rig, run, contract, f"call:{n}") == "killed"
    record("delivery", contract, total, kills)
    assert kills >= POINTS // 2, f"only {kills} of {POINTS} runs were killed"


def ingest_with_central_killed(rig: Rig, run: int, contract: str, kill_at: str) -> int | None:
    """One run of the ingest flow: central's calls when counting, else 1 if killed mid-drain."""
    terminal_id, db = seeded_terminal(rig, run)
    central_db = rig.workdir / f"central-{run}.db"
    first, _ = rig.central_child(central_db, contract, kill_at)
    central = first
    store = Store(db, terminal_id)
    client = SyncClient(
        store,
        terminal_id,
        rig.settings(terminal_id),
        rig.trust,
        settings=SyncSettings(window=50, ack_timeout_s=3.0, batch_events=25, batch_window=100),
    ).start()
    outcome = 0
    try:
        if kill_at == "count":
            assert first.stdout is not None
            outcome = json.loads(first.stdout.readline())["calls"]
        else:
            wait_until(
                lambda: first.poll() is not None or client.status().queue_depth == 0,
                RUN_TIMEOUT_S,
                "a kill or the drain",
            )
            if first.poll() is not None:
                assert first.returncode == SIGKILL_RC, (kill_at, finish(first))
                outcome = 1
                central, ready = rig.central_child(central_db, contract, "none")
                assert ready, finish(central)
        # The terminal's outbox empties on central's acknowledgements: at once when the
        # restarted central announces itself, else after the terminal's ack timeout.
        wait_until(lambda: client.status().queue_depth == 0, 60, "the outbox to drain")
    finally:
        client.stop()
        store.close()
        rc, err = finish(central)
    # A point past this run's drain may be reached by central's idle duties or its stop.
    late_kill = central is first and kill_at != "count" and rc == SIGKILL_RC
    assert rc == 0 or late_kill, (kill_at, err)
    audit(central_db, db, terminal_id)
    return outcome


@pytest.mark.timeout(RUN_TIMEOUT_S * (POINTS + 1) * 2)
@pytest.mark.parametrize("contract", list(CONTRACTS))
def test_central_killed_mid_ingest_restarts_and_stores_each_event_once(
    rig: Rig, contract: str
) -> None:
    total = ingest_with_central_killed(rig, 0, contract, "count")
    assert total is not None and total > 1000, total
    kills = 0
    for run, n in enumerate(kill_points("ingest", contract, total), start=1):
        kills += ingest_with_central_killed(rig, run, contract, f"call:{n}") or 0
    record("ingest", contract, total, kills)
    assert kills >= POINTS // 2, f"only {kills} of {POINTS} runs were killed"
