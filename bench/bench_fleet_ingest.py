"""Central ingest through MQTT, end to end: terminals draining a backlog into `kiosk central run`.

    PYTHONPATH=$PWD .venv/bin/python bench/bench_fleet_ingest.py \\
        [--terminals 20] [--events 1000] [--setups sqlite pg-1 pg-2]

The store-only figures are bench/bench_central_store.py's; this is the whole path. Each
setup gets a fresh mosquitto (the fleet ACL, a password file, the production
``max_packet_size``) and a fresh central store:

- ``sqlite``: one ``kiosk central run`` worker on an SQLite file (``synchronous=FULL``);
- ``pg-1`` / ``pg-2``: one or two ``kiosk central run`` workers (``--username central``,
  ``central-2``) on one database of a throw-away PostgreSQL cluster
  (tests/support/postgres.py: fsync off, so an upper bound for a real server's disk),
  sharing the terminals' traffic through the MQTT 5 shared subscription.

The workers are the real command (``python -m cli central run``) in child processes, with
their production settings (the per-terminal share included: a backlog of 1,000 fits its
burst). Once every worker has logged its connection, ``--terminals`` real ``SyncClient``s
in this process, each with its own credentials and its own SQLite store holding
``--events`` loan events (written beforehand), start together and drain: envelope 2, up to
50 events per message, as central announces.

Printed per setup: **end to end**, from the terminals' start (their first CONNECT; their
first PUBLISH follows within milliseconds) until the last terminal has archived its last
event (central committed and acknowledged everything); **central's window**, from the first
to the last event central stored (its ``received_at``); events/s over both; CPU seconds and
µs per event of the central workers, the broker, PostgreSQL (postmaster and its backends)
and this process (the terminals), from /proc and ``time.process_time()``; load average.
Then the audit: central holds every event exactly once.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from cryptography.hazmat.primitives import serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402

from central.store import CentralStore  # noqa: E402
from kiosk.store import Store  # noqa: E402
from sync.client import SyncClient  # noqa: E402
from sync.mqtt import BrokerSettings  # noqa: E402
from sync.signing import public_key_to_b64  # noqa: E402
from tests.support.broker import Broker  # noqa: E402
from tests.support.postgres import PgCluster  # noqa: E402

KEY_ID = "bench-ingest"
WORKER_USERS = ("central", "central-2")
CLOCK_TICK_S = 1 / os.sysconf("SC_CLK_TCK")
POLL_S = 0.02


def cpu_seconds(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) * CLOCK_TICK_S


def children_of(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (PostgreSQL's backends under its postmaster)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                ppid = int(stat.read().rsplit(")", 1)[1].split()[1])
        except OSError:
            continue
        if ppid == pid:
            found.append(int(entry))
    return found


def postgres_pids(pg: PgCluster | None) -> list[int]:
    """The postmaster (its pid file's first line) and its children."""
    if pg is None:
        return []
    postmaster = int((pg.data / "postmaster.pid").read_text().split()[0])
    return [postmaster, *children_of(postmaster)]


def fill_outbox(store: Store, index: int, n: int) -> None:
    """``n`` loan events, as the circulation core writes them (one transaction per 100 here,
    which the drain does not see: it reads the same rows)."""
    at = datetime.now(UTC)
    for start in range(0, n, 100):
        with store.transaction() as tx:
            for i in range(start, min(n, start + 100)):
                tx.add_event(
                    "loan",
                    at,
                    {
                        "patron_id": f"3301{index:05d}{i:04d}",
                        "item_id": f"I{index:05d}-{i}",
                        "loan_id": str(uuid.uuid4()),
                        "due": (at + timedelta(days=30)).date().isoformat(),
                        "offline": False,
                        "hold_id": None,
                        "compartment_id": None,
                        "needs_staff": False,
                    },
                )


class Worker:
    """One ``kiosk central run`` child; ``connected`` once it has logged its connection."""

    def __init__(self, db: str, broker: Broker, username: str, password: str, key: Path) -> None:
        env = {**os.environ, "PYTHONPATH": str(REPO), "KIOSK_CENTRAL_PASSWORD": password}
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "cli",
                "central",
                "run",
                "--db",
                db,
                "--broker-port",
                str(broker.port),
                "--username",
                username,
                "--key-id",
                KEY_ID,
                "--signing-key",
                str(key),
                "--log-level",
                "INFO",
            ],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.connected = threading.Event()
        self.log_tail: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.log_tail = [*self.log_tail[-20:], line.rstrip()]
            if ": connected (session present" in line:
                self.connected.set()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


def wait_for(cond: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return
        time.sleep(POLL_S)
    raise SystemExit(f"timed out waiting for {what}")


def run_setup(
    setup: str, args: argparse.Namespace, workdir: Path, pg: PgCluster | None
) -> dict[str, Any]:
    workdir.mkdir()
    ids = [f"IN{i:03d}" for i in range(args.terminals)]
    passwords = {t: secrets.token_urlsafe(12) for t in [*ids, *WORKER_USERS]}
    key = Ed25519PrivateKey.generate()
    key_path = workdir / "central-key.pem"
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    trust = {KEY_ID: public_key_to_b64(key.public_key())}
    if setup == "sqlite":
        db, workers_wanted = str(workdir / "central.db"), 1
    else:
        assert pg is not None
        db, workers_wanted = pg.database(), int(setup.split("-")[1])
    stores = []
    for n, t in enumerate(ids):
        store = Store(workdir / f"{t}.db", t)
        fill_outbox(store, n, args.events)
        stores.append(store)
    total = args.terminals * args.events
    with Broker(workdir / "broker", users=passwords) as broker:
        workers = [
            Worker(db, broker, user, passwords[user], key_path)
            for user in WORKER_USERS[:workers_wanted]
        ]
        try:
            for w in workers:
                if not w.connected.wait(60):
                    raise SystemExit(
                        f"{setup}: a worker did not connect:\n" + "\n".join(w.log_tail)
                    )
            # Its SUBSCRIBE went out with the connection; a loopback SUBACK takes milliseconds.
            time.sleep(1.0)
            clients = [
                SyncClient(
                    store,
                    t,
                    BrokerSettings(
                        host=broker.host, port=broker.port, username=t, password=passwords[t]
                    ),
                    trust,
                )
                for store, t in zip(stores, ids, strict=True)
            ]
            pg_pids = postgres_pids(pg)
            assert broker.proc is not None
            workers_before = [cpu_seconds(w.proc.pid) for w in workers]
            before = {
                "central": sum(workers_before),
                "broker": cpu_seconds(broker.proc.pid),
                "postgres": sum(cpu_seconds(p) for p in pg_pids),
                "terminals": time.process_time(),
            }
            load_start = os.getloadavg()
            started = time.monotonic()
            for client in clients:
                client.start()
            wait_for(
                lambda: all(s.outbox_stats(datetime.now(UTC)).depth == 0 for s in stores),
                args.timeout,
                f"{setup}: every outbox drained",
            )
            wall = time.monotonic() - started
            pg_pids = postgres_pids(pg)
            workers_after = [cpu_seconds(w.proc.pid) for w in workers]
            after = {
                "central": sum(workers_after),
                "broker": cpu_seconds(broker.proc.pid),
                # Backends that came and went in between are not counted (the pools keep theirs).
                "postgres": sum(cpu_seconds(p) for p in pg_pids),
                "terminals": time.process_time(),
            }
            load_end = os.getloadavg()
            for client in clients:
                client.stop()
        finally:
            for w in workers:
                w.stop()
            for store in stores:
                store.close()
    central = CentralStore(db)
    try:
        rows = central.db.execute("SELECT event_id, received_at FROM events").fetchall()
    finally:
        central.close()
    received = sorted(datetime.fromisoformat(r["received_at"]) for r in rows)
    window = (received[-1] - received[0]).total_seconds() if received else 0.0
    cpu = {name: round(after[name] - before[name], 2) for name in after}
    return {
        "setup": setup,
        "workers": workers_wanted,
        "terminals": args.terminals,
        "events": total,
        "end_to_end_s": round(wall, 2),
        "end_to_end_events_per_s": round(total / wall),
        "central_window_s": round(window, 2),
        "central_window_events_per_s": round(total / window) if window else None,
        "cpu_s": cpu,
        "cpu_s_per_worker": [
            round(a - b, 2) for a, b in zip(workers_after, workers_before, strict=True)
        ],
        "cpu_us_per_event": {name: round(s / total * 1e6, 1) for name, s in cpu.items()},
        "loadavg_start": [round(x, 2) for x in load_start],
        "loadavg_end": [round(x, 2) for x in load_end],
        "audit_ok": len(rows) == total and len({r["event_id"] for r in rows}) == total,
        "central_rows": len(rows),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--terminals", type=int, default=20)
    parser.add_argument("--events", type=int, default=1000, help="per terminal")
    parser.add_argument(
        "--setups",
        nargs="+",
        default=["sqlite", "pg-1", "pg-2"],
        choices=["sqlite", "pg-1", "pg-2"],
    )
    parser.add_argument("--timeout", type=float, default=300.0)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    ok = True
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        pg = PgCluster().start() if any(s.startswith("pg") for s in args.setups) else None
        try:
            for setup in args.setups:
                figures = run_setup(setup, args, Path(tmp) / setup, pg)
                ok = ok and figures["audit_ok"]
                print(json.dumps(figures), flush=True)
        finally:
            if pg is not None:
                pg.stop()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
