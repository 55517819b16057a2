"""Benchmark: drain N queued outbox events to the central service, next to plain paho.

    .venv/bin/python bench/bench_sync_drain.py [--sizes 10000 100000] [--window 200]

For each size, in the same run and against the same mosquitto:
  kiosk sync   the terminal's SyncClient drains a pre-filled outbox to a CentralService; the
               clock stops when the last row has been acknowledged by the central service
               (stored durably there, acknowledged, and archived on the terminal).
  plain paho   one paho client publishes the same payloads at QoS 1 to a topic nobody reads,
               with at most --window unacknowledged; the clock stops at the last PUBACK.
Prints events/s for both and the ratio, and the CPU time this process spent per event on
each path (all its threads; the broker is another process): on a shared, loaded machine the
throughput swings by a third from run to run, the CPU per event much less. Figures depend on
the machine; nothing is asserted.
"""

from __future__ import annotations

import argparse
import logging
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

from central.service import CentralService  # noqa: E402
from kiosk.store import Store  # noqa: E402
from sync import contract  # noqa: E402
from sync.client import SyncClient, SyncSettings  # noqa: E402
from sync.mqtt import BrokerSettings  # noqa: E402
from sync.signing import Signer, public_key_to_b64  # noqa: E402
from tests.support.broker import Broker  # noqa: E402


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


@dataclass(frozen=True)
class Run:
    wall_s: float
    cpu_s: float


def drain_with_sync(workdir: Path, broker: Broker, n: int, window: int) -> tuple[Run, list]:
    key = Ed25519PrivateKey.generate()
    store = Store(workdir / f"terminal-{n}.db", "T1")
    payloads = fill(store, n)
    settings = BrokerSettings(host=broker.host, port=broker.port)
    central = CentralService(workdir / f"central-{n}.db", settings, Signer("k", key)).start()
    central.link.wait_subscribed(30)
    client = SyncClient(
        store,
        "T1",
        settings,
        {"k": public_key_to_b64(key.public_key())},
        settings=SyncSettings(window=window, telemetry_interval_s=3600),
    )
    start, cpu = time.perf_counter(), time.process_time()
    client.start()
    while client.status().queue_depth:
        time.sleep(0.2)
    elapsed = Run(time.perf_counter() - start, time.process_time() - cpu)
    client.stop()
    stored = central.store.db.execute("SELECT count(*) FROM events").fetchone()[0]
    central.stop()
    store.close()
    if stored != n:
        raise SystemExit(f"central stored {stored} of {n} events")
    return elapsed, payloads


def drain_with_paho(broker: Broker, payloads: list[bytes], window: int) -> Run:
    """Plain paho with the same bound on unacknowledged messages as the sync window.

    Without a bound paho keeps every message in its own queue and scans that queue on each
    PUBACK, which is quadratic: 100,000 queued messages take many minutes.
    """
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
    client.on_publish = on_publish
    client.connect(broker.host, broker.port)
    client.loop_start()
    start, cpu = time.perf_counter(), time.process_time()
    for payload in payloads:
        room.acquire()
        client.publish("bench/plain", payload, qos=1)
    done.wait(600)
    elapsed = Run(time.perf_counter() - start, time.process_time() - cpu)
    client.disconnect()
    client.loop_stop()
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--window", type=int, default=SyncSettings.window)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp, Broker(Path(tmp) / "broker") as broker:
        print(
            f"{'events':>8} {'kiosk sync ev/s':>16} {'plain paho ev/s':>16} {'ratio':>7}"
            f" {'sync CPU us/ev':>15} {'paho CPU us/ev':>15}"
        )
        for n in args.sizes:
            sync, payloads = drain_with_sync(Path(tmp), broker, n, args.window)
            plain = drain_with_paho(broker, payloads, args.window)
            print(
                f"{n:>8} {n / sync.wall_s:>16,.0f} {n / plain.wall_s:>16,.0f}"
                f" {plain.wall_s / sync.wall_s:>7.2f}"
                f" {sync.cpu_s / n * 1e6:>15,.0f} {plain.cpu_s / n * 1e6:>15,.0f}"
            )
            print(
                f"         ({sync.wall_s:.2f} s vs {plain.wall_s:.2f} s;"
                " ratio = sync / plain throughput)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
