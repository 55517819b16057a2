"""How long central takes to mark a terminal offline when its link goes silent or is cut.

    PYTHONPATH=$PWD .venv/bin/python bench/bench_offline.py [--keepalives 30 10] [--terminals 8]

A terminal's link can die two ways. A **silent** link (a router losing power, a NAT
dropping its state, a cable pulled two hops away) sends nothing, no FIN, no RST: the
broker's side of the TCP connection stays open and only MQTT's keepalive ends it, the
broker publishing the terminal's Will once it has heard nothing for 1.5 x the keepalive.
A **clean cut** (the terminal's own link going down, a reset) closes the socket and the
broker publishes the Will at once.

For each keepalive this bench starts ``--terminals`` real ``SyncClient`` terminals, each
behind its own TCP proxy (tests/support/tcp_proxy.py), against one mosquitto (the fleet
ACL) and the central service (production settings, its own SQLite store) in this process.
Once central's fleet state shows them all online, each terminal's proxy is stalled
(``stall()``: bytes stop both ways, sockets stay open) at a random moment within one
keepalive, so the stall falls anywhere in the terminal's PINGREQ cycle, as it would in the
field. Measured per terminal, from its stall: when the terminal itself notices (its link
reports disconnected) and when central's store says ``offline`` (the Will stored by
central's worker: what the console and ``kiosk central status`` show). Then the same with
``cut()`` (RST both ways, new connections refused).

Central's state is read from its SQLite file on a read-only connection every 20 ms, so each
figure is good to about 20 ms. The printed bounds: the broker's check is 1.5 x keepalive
after the last packet it received, which was at most one keepalive before the stall (paho
sends PINGREQ after a keepalive of silence), so offline comes between 0.5 and 1.5
keepalives after the stall, plus central's handling.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import secrets
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402

from central.service import CentralService  # noqa: E402
from kiosk.store import Store  # noqa: E402
from sync.client import SyncClient  # noqa: E402
from sync.mqtt import BrokerSettings  # noqa: E402
from sync.signing import Signer, public_key_to_b64  # noqa: E402
from tests.support.broker import Broker  # noqa: E402
from tests.support.tcp_proxy import TcpProxy  # noqa: E402

KEY_ID = "bench-offline"
POLL_S = 0.02


@dataclass
class Terminal:
    terminal_id: str
    proxy: TcpProxy
    client: SyncClient
    faulted_at: float = 0.0
    # The terminal's last packet out before the fault (paho's own monotonic record): the
    # broker's keepalive clock runs from the last packet it received.
    quiet_before_s: float = 0.0
    noticed_s: float | None = None
    offline_s: float | None = None


def central_states(db_path: Path) -> dict[str, str]:
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5)
    try:
        return dict(db.execute("SELECT terminal_id, state FROM terminals").fetchall())
    finally:
        db.close()


def wait_for(cond: object, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():  # type: ignore[operator]
            return
        time.sleep(0.1)
    raise SystemExit(f"timed out waiting for {what}")


def trial(
    name: str,
    ids: list[str],
    fault: str,
    keepalive_s: int,
    broker: Broker,
    passwords: dict[str, str],
    trust: dict[str, str],
    central_db: Path,
    workdir: Path,
    rng: random.Random,
) -> dict[str, object]:
    terminals: list[Terminal] = []
    for t in ids:
        proxy = TcpProxy(broker.host, broker.port).start()
        settings = BrokerSettings(
            host=proxy.host,
            port=proxy.port,
            username=t,
            password=passwords[t],
            keepalive_s=keepalive_s,
        )
        store = Store(workdir / f"{t}.db", t)
        terminals.append(Terminal(t, proxy, SyncClient(store, t, settings, trust).start()))
    try:
        wait_for(
            lambda: all(central_states(central_db).get(t) == "online" for t in ids),
            60,
            f"{name}: every terminal online at central",
        )
        start = time.monotonic()
        # Each terminal's fault at a random moment within one keepalive.
        schedule = sorted((start + rng.uniform(0, keepalive_s), i) for i in range(len(ids)))
        pending = list(range(len(ids)))
        deadline = start + keepalive_s * 3 + 60
        while pending and time.monotonic() < deadline:
            now = time.monotonic()
            while schedule and schedule[0][0] <= now:
                _, i = schedule.pop(0)
                term = terminals[i]
                term.faulted_at = time.monotonic()
                getattr(term.proxy, fault)()
                term.quiet_before_s = term.faulted_at - term.client.link._client._last_msg_out
            states = central_states(central_db)
            now = time.monotonic()
            for i in list(pending):
                term = terminals[i]
                if not term.faulted_at:
                    continue
                if term.noticed_s is None and not term.client.link.connected:
                    term.noticed_s = now - term.faulted_at
                if term.offline_s is None and states.get(term.terminal_id) == "offline":
                    term.offline_s = now - term.faulted_at
                if term.offline_s is not None and term.noticed_s is not None:
                    pending.remove(i)
            time.sleep(POLL_S)
    finally:
        for term in terminals:
            term.proxy.restore()
        for term in terminals:
            term.client.stop()
            term.client.store.close()
            term.proxy.stop()
    offline = sorted(t.offline_s for t in terminals if t.offline_s is not None)
    noticed = sorted(t.noticed_s for t in terminals if t.noticed_s is not None)
    since_last = sorted(
        t.offline_s + t.quiet_before_s for t in terminals if t.offline_s is not None
    )
    return {
        "what": name,
        "fault": fault,
        "keepalive_s": keepalive_s,
        "terminals": len(ids),
        "marked_offline": len(offline),
        "offline_s": _spread(offline),
        "offline_after_last_packet_s": _spread(since_last),
        "terminal_noticed_s": _spread(noticed),
        "bound_s": [0.5 * keepalive_s, 1.5 * keepalive_s] if fault == "stall" else [0, 0],
    }


def _spread(values: list[float]) -> dict[str, float] | None:
    if not values:
        return None
    return {
        "min": round(values[0], 2),
        "median": round(statistics.median(values), 2),
        "max": round(values[-1], 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keepalives", type=int, nargs="+", default=[30, 10])
    parser.add_argument("--terminals", type=int, default=8, help="per trial")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    rng = random.Random(args.seed)
    trials = [(f"stall, keepalive {k} s", "stall", k) for k in args.keepalives]
    trials.append((f"RST, keepalive {args.keepalives[0]} s", "cut", args.keepalives[0]))
    ids = {name: [f"OFF{n}{i:02d}" for i in range(args.terminals)] for n, (name, _, _) in
           enumerate(trials)}  # fmt: skip
    passwords = {t: secrets.token_urlsafe(12) for group in ids.values() for t in group}
    passwords["central"] = secrets.token_urlsafe(12)
    key = Ed25519PrivateKey.generate()
    trust = {KEY_ID: public_key_to_b64(key.public_key())}
    print(json.dumps({"what": "load average at start", "loadavg": os.getloadavg()}), flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-offline-") as tmp:
        workdir = Path(tmp)
        central_db = workdir / "central.db"
        with Broker(workdir / "broker", users=passwords) as broker:
            central_broker = BrokerSettings(
                host=broker.host,
                port=broker.port,
                username="central",
                password=passwords["central"],
            )
            central = CentralService(central_db, central_broker, Signer(KEY_ID, key)).start()
            try:
                if not central.link.wait_subscribed(60):
                    raise SystemExit("central did not connect")
                for name, fault, keepalive in trials:
                    figures = trial(
                        name,
                        ids[name],
                        fault,
                        keepalive,
                        broker,
                        passwords,
                        trust,
                        central_db,
                        workdir,
                        rng,
                    )
                    print(json.dumps(figures), flush=True)
            finally:
                central.stop()
    print(json.dumps({"what": "load average at end", "loadavg": os.getloadavg()}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
