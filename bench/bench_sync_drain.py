"""Benchmark: drain N queued outbox events to the central service, next to plain paho.

    .venv/bin/python bench/bench_sync_drain.py [--sizes 10000 100000] [--window 200]

For each size, against a fresh mosquitto (its own process) used by every path in turn:
  sync batched this process is the terminal: its SyncClient drains a pre-filled outbox to a
               CentralService running in a child process (this script with --central-child).
               The clock starts when the terminal's connection is up (CONNACK: the moment
               MqttLink reports it connected; the outbox was filled before) and stops when the
               store's outbox_ack has removed the N-th row, seen through an event set by it:
               the central service has committed every event, acknowledged it, and the
               terminal has moved it to its archive. Central announces envelope 2, so the
               terminal sends up to 50 events per message, window SyncSettings.batch_window.
  sync v1      the same with central announcing only envelope 1 (an older central): one event
               per message, window --window, as before batching.
  plain paho   one paho client in this process publishes the same payloads at QoS 1 to a topic
               nobody reads, with at most --window unacknowledged. The clock starts at its
               CONNACK (on_connect) and stops at the last PUBACK (on_publish, an event).

CPU time over the same interval, per process: this process (the terminal, or the plain paho
client; time.process_time, all its threads, user + system), the central service and the
broker (utime + stime from /proc/<pid>/stat, 10 ms ticks). Figures depend on the machine;
nothing is asserted. Like for like and not: both clocks start after connect and stop on an
event; the sync path also carries what plain paho does not do: validation on both sides,
the broker's delivery to a subscriber, central's durable commits and acknowledgements, and
the terminal's archive of acknowledged rows.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import paho.mqtt.client as paho

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402

from central.service import CentralService, CentralSettings  # noqa: E402
from kiosk.store import Store  # noqa: E402
from sync import contract  # noqa: E402
from sync.client import SyncClient, SyncSettings  # noqa: E402
from sync.mqtt import BrokerSettings  # noqa: E402
from sync.signing import Signer, public_key_to_b64  # noqa: E402
from tests.support.broker import Broker  # noqa: E402

CLOCK_TICK_S = 1 / os.sysconf("SC_CLK_TCK")
DRAIN_TIMEOUT_S = 1800


class AckCountingStore(Store):
    """The terminal's store, telling the bench when its ``expect``-th row is acknowledged.

    Only the sync worker calls outbox_ack, after the central ack arrived; the count is of
    rows actually moved out of the outbox, so a repeated ack is not counted twice.
    """

    def __init__(self, path: Path, terminal_id: str, expect: int) -> None:
        super().__init__(path, terminal_id)
        self.expect = expect
        self.acked = 0
        self.all_acked = threading.Event()

    def outbox_ack(self, event_ids, now=None) -> int:
        moved = super().outbox_ack(event_ids, now)
        self.acked += moved
        if self.acked >= self.expect:
            self.all_acked.set()
        return moved


def fill(store: Store, n: int) -> list[bytes]:
    at = datetime.now().astimezone()
    with store.transaction() as tx:
        for i in range(n):
            tx.add_event(
                "loan",
                at,
                {
                    "patron_id": f"3301{i:09d}",
                    "item_id": f"I{i:08d}",
                    "loan_id": str(uuid.uuid4()),
                    "due": (at + timedelta(days=30)).date().isoformat(),
                    "offline": True,
                    "hold_id": None,
                    "compartment_id": None,
                    "needs_staff": False,
                },
            )
    return [contract.encode(ev.payload) for ev in store.outbox_replay(1)]


def process_cpu_s(pid: int) -> float:
    """User + system CPU seconds of another process so far."""
    with open(f"/proc/{pid}/stat") as stat:
        # Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * CLOCK_TICK_S


@dataclass(frozen=True)
class Run:
    wall_s: float
    cpu_s: float  # this process
    central_cpu_s: float | None
    broker_cpu_s: float


class Stopwatch:
    """Wall time and CPU of this process and of other processes, over one interval."""

    def __init__(self, others: dict[str, int]) -> None:
        self.others = others
        self.wall = time.perf_counter()
        self.cpu = time.process_time()
        self.other_cpu = {name: process_cpu_s(pid) for name, pid in others.items()}

    def stop(self) -> Run:
        wall, cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu
        other = {n: process_cpu_s(pid) - self.other_cpu[n] for n, pid in self.others.items()}
        return Run(wall, cpu, other.get("central"), other["broker"])


def central_child(db: Path, port: int, accepts: tuple[int, ...]) -> int:
    """The central service alone in this process, until the parent closes our stdin."""
    logging.basicConfig(level=logging.WARNING)
    settings = BrokerSettings(host="127.0.0.1", port=port)
    # What the sync path can carry, not the per-terminal share central grants by default
    # (CentralSettings.rate_per_s): one terminal here has the whole service to itself.
    unlimited = CentralSettings(rate_per_s=1e9, rate_burst=10**9, accepts=accepts)
    signer = Signer("k", Ed25519PrivateKey.generate())
    central = CentralService(db, settings, signer, unlimited).start()
    if not central.link.wait_subscribed(30):
        raise SystemExit("central service did not connect")
    print("ready", flush=True)
    sys.stdin.read()
    central.stop()
    with sqlite3.connect(db) as conn:
        stored = conn.execute("SELECT count(*) FROM events").fetchone()[0]
        quarantined = conn.execute("SELECT count(*) FROM quarantine").fetchone()[0]
    print(json.dumps({"stored": stored, "quarantined": quarantined}), flush=True)
    return 0


def drain_with_sync(
    workdir: Path, broker: Broker, n: int, window: int, batched: bool, batch_window: int
) -> tuple[Run, list]:
    workdir.mkdir()
    store = AckCountingStore(workdir / "terminal.db", "T1", n)
    payloads = fill(store, n)
    central = subprocess.Popen(
        [
            sys.executable,
            __file__,
            "--central-child",
            str(workdir / "central.db"),
            str(broker.port),
            "1,2" if batched else "1",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    if central.stdout.readline().strip() != "ready":
        raise SystemExit("the central service child did not start")
    settings = BrokerSettings(host=broker.host, port=broker.port)
    # No commands are sent in this bench: the trusted key only has to be well formed.
    trust = {"k": public_key_to_b64(Ed25519PrivateKey.generate().public_key())}
    client = SyncClient(
        store,
        "T1",
        settings,
        trust,
        settings=SyncSettings(window=window, batch_window=batch_window, telemetry_interval_s=3600),
    )
    client.start()
    if not client.link.wait_connected(30):
        raise SystemExit("the terminal did not connect")
    # The retained contract message is delivered right after the subscription: the first
    # window already goes out as central announced (a window sent before would still be
    # delivered, one event per message).
    watch = Stopwatch({"central": central.pid, "broker": broker.proc.pid})
    drained = store.all_acked.wait(DRAIN_TIMEOUT_S)
    run = watch.stop()
    client.stop()
    store.close()
    out, _ = central.communicate(timeout=60)
    result = json.loads(out.strip().splitlines()[-1])
    if not drained or result != {"stored": n, "quarantined": 0}:
        raise SystemExit(f"drain incomplete: {store.acked} of {n} acknowledged, central {result}")
    return run, payloads


def drain_with_paho(broker: Broker, payloads: list[bytes], window: int) -> Run:
    """Plain paho with the same bound on unacknowledged messages as the sync window.

    Without a bound paho keeps every message in its own queue and scans that queue on each
    PUBACK, which is quadratic: 100,000 queued messages take many minutes.
    """
    connected = threading.Event()
    done = threading.Event()
    room = threading.Semaphore(window)
    acked = 0

    def on_publish(_c, _u, _mid, _rc, _p) -> None:
        nonlocal acked
        acked += 1
        room.release()
        if acked == len(payloads):
            done.set()

    client = paho.Client(
        paho.CallbackAPIVersion.VERSION2, client_id="bench-plain", protocol=paho.MQTTv5
    )
    client.on_connect = lambda *_: connected.set()
    client.on_publish = on_publish
    client.connect(broker.host, broker.port)
    client.loop_start()
    if not connected.wait(30):
        raise SystemExit("plain paho did not connect")
    watch = Stopwatch({"broker": broker.proc.pid})
    for payload in payloads:
        room.acquire()
        client.publish("bench/plain", payload, qos=1)
    done.wait(DRAIN_TIMEOUT_S)
    run = watch.stop()
    client.disconnect()
    client.loop_stop()
    if acked != len(payloads):
        raise SystemExit(f"plain paho: {acked} of {len(payloads)} acknowledged")
    return run


def us_per(seconds: float | None, n: int) -> str:
    return "-" if seconds is None else f"{seconds / n * 1e6:,.0f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--window", type=int, default=SyncSettings.window)
    parser.add_argument("--batch-window", type=int, default=SyncSettings.batch_window)
    parser.add_argument("--skip-v1", action="store_true", help="only batched and plain paho")
    parser.add_argument(
        "--central-child", nargs=3, metavar=("DB", "PORT", "ACCEPTS"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.central_child:
        db, port, accepts = args.central_child
        return central_child(Path(db), int(port), tuple(int(v) for v in accepts.split(",")))
    logging.basicConfig(level=logging.WARNING)
    print(
        f"{'events':>8} {'path':<12} {'wall s':>8} {'events/s':>9}"
        f" {'CPU us/event:':>14} {'this proc':>9} {'central':>8} {'broker':>7}"
    )
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp, Broker(Path(tmp) / "broker") as broker:
            work, window, batch_window = Path(tmp), args.window, args.batch_window
            batched, payloads = drain_with_sync(work / "v2", broker, n, window, True, batch_window)
            single = None
            if not args.skip_v1:
                single, _ = drain_with_sync(work / "v1", broker, n, window, False, batch_window)
            plain = drain_with_paho(broker, payloads, args.window)
        runs = [("sync batched", batched), ("sync v1", single), ("plain paho", plain)]
        for name, run in ((name, run) for name, run in runs if run is not None):
            print(
                f"{n:>8} {name:<12} {run.wall_s:>8.2f} {n / run.wall_s:>9,.0f} {'':>14}"
                f" {us_per(run.cpu_s, n):>9} {us_per(run.central_cpu_s, n):>8}"
                f" {us_per(run.broker_cpu_s, n):>7}"
            )
        v1 = f", v1 {plain.wall_s / single.wall_s:.2f}" if single is not None else ""
        ratio = plain.wall_s / batched.wall_s
        print(f"{n:>8} throughput ratio to plain paho: batched {ratio:.2f}{v1}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
