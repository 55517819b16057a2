"""Fleet simulation: many terminals running the real sync code against one mosquitto and central.

    PYTHONPATH=$PWD .venv/bin/python bench/fleet_sim.py --terminals 1000 --processes 8 \\
        --minutes 5 [--loans-per-min 1] [--restart-broker-at 120] [--cut-share 0.2 --cut-at 200]
        [--no-jitter]

A bench tool, not a ``kiosk`` command: it starts a throw-away mosquitto with a password file
and the fleet ACL generated for the run (tests/support/broker.py), which no site runs, and
puts the terminals' databases in a temporary directory.

Processes: this one (the orchestrator, and the TCP proxy of tests/support/tcp_proxy.py that
the cut share of the terminals connects through), the broker, the central service
(``CentralService``, production settings, its own SQLite file) and ``--processes`` terminal
processes, each running its share of ``SyncClient``s, each with its own credentials and its
own SQLite store, plus one thread that makes loans and returns (exponential gaps, on average
``--loans-per-min`` per terminal, each a loan then its return) through the store exactly as
the circulation core does (event and loan in one transaction).

It prints, as JSON lines: time for all terminals to be connected at start and after a broker
restart (the connection storm) with the backlog drained, events/s stored at central, central
lag (stored minus made, from central's table), the deepest outbox seen, CPU and RSS of every
process; after a broker restart, the spread of the terminals' reconnects (each terminal's
first CONNACK after it, from a hook on its link's connected callback) and CONNACKs per
second; ``--no-jitter`` replaces the back-off's jitter by its cap in the terminal processes,
to compare; then the audit: every terminal's events (outbox and archive) equal central's, by
event id, each stored once. Exit status 1 if the audit fails.
"""

from __future__ import annotations

import argparse
import heapq
import json
import logging
import os
import random
import re
import secrets
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cryptography.hazmat.primitives import serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402

from central.service import CentralService, CentralSettings  # noqa: E402
from kiosk.store import Store  # noqa: E402
from sync.client import SyncClient, SyncSettings  # noqa: E402
from sync.mqtt import Backoff, BrokerSettings  # noqa: E402
from sync.signing import Signer, public_key_to_b64  # noqa: E402
from tests.support.broker import Broker  # noqa: E402
from tests.support.tcp_proxy import TcpProxy  # noqa: E402

KEY_ID = "fleet-sim"
CLOCK_TICK_S = 1 / os.sysconf("SC_CLK_TCK")
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")
REPORT_EVERY_S = 1.0
# paho's network loop waits with select(), which cannot watch a file descriptor above 1023,
# and a terminal holds six (its socket, paho's wake-up pair, SQLite's database, WAL and shared
# memory): at 250 terminals a process had 1,500 and paho dropped every link it made. 125 per
# process stays under 800.
MAX_TERMINALS_PER_PROCESS = 150
BACKLOG_DRAINED_AGE_S = 5.0  # "drained": no terminal has an event waiting longer than this
# mosquitto's notice of a connection, its time in whole seconds since the epoch.
BROKER_CONNECT_LINE = re.compile(rb"^(\d+): New client connected from \S+ as (FS\d{4})", re.M)


def terminal_ids(n: int) -> list[str]:
    return [f"FS{i:04d}" for i in range(n)]


def process_usage(pid: int) -> tuple[float, float]:
    """(CPU seconds so far, RSS in MB) of a process, from /proc."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) * CLOCK_TICK_S
    return cpu, int(fields[21]) * PAGE_BYTES / 1e6


# --- the terminal processes ------------------------------------------------------------------
@dataclass
class TerminalSpec:
    terminal_id: str
    password: str
    port: int


def make_event(tx: Any, kind: str, terminal_index: int, item: int, loan_id: str) -> None:
    at = datetime.now(UTC)
    patron = f"3301{terminal_index:05d}{item % 10000:04d}"
    if kind == "loan":
        data = {
            "patron_id": patron,
            "item_id": f"I{terminal_index:05d}-{item}",
            "loan_id": loan_id,
            "due": (at + timedelta(days=30)).date().isoformat(),
            "offline": False,
            "hold_id": None,
            "compartment_id": None,
            "needs_staff": False,
        }
    else:
        data = {
            "item_id": f"I{terminal_index:05d}-{item}",
            "loan_id": loan_id,
            "patron_id": patron,
            "compartment_id": None,
            "needs_staff": False,
        }
    tx.add_event(kind, at, data)


def _back_off_without_jitter(self: Backoff) -> float:
    """``Backoff.next`` without its jitter: every wait is the cap (--no-jitter, to compare)."""
    cap: float = min(self.max_s, self.min_s * 2.0**self._attempt)
    self._attempt = min(self._attempt + 1, 30)
    return cap


def _record_connects(client: SyncClient, connects: list[tuple[str, float]]) -> None:
    """Append (terminal id, wall time) to ``connects`` at every CONNACK of the client."""
    callbacks = client.link._cb
    announce = callbacks.on_connected

    def on_connected(session_present: bool) -> None:
        connects.append((client.terminal_id, time.time()))
        announce(session_present)

    callbacks.on_connected = on_connected


def terminals_child(config_path: Path) -> int:
    """Run this process's terminals until "stop" on stdin; then drain, report, exit."""
    config = json.loads(config_path.read_text())
    logging.basicConfig(level=logging.ERROR)
    if not config["jitter"]:
        Backoff.next = _back_off_without_jitter  # type: ignore[method-assign]
    connects: list[tuple[str, float]] = []
    settings = SyncSettings(**config["sync"])
    trust = {KEY_ID: config["public_key"]}
    clients: list[SyncClient] = []
    for spec in config["terminals"]:
        store = Store(Path(config["dir"]) / f"{spec['terminal_id']}.db", spec["terminal_id"])
        broker = BrokerSettings(
            host="127.0.0.1",
            port=spec["port"],
            username=spec["terminal_id"],
            password=spec["password"],
            **config["reconnect"],
        )
        clients.append(SyncClient(store, spec["terminal_id"], broker, trust, settings=settings))
        _record_connects(clients[-1], connects)
    for client in clients:
        client.start()
    made = Counter[str]()
    loading = threading.Event()
    loading.set()
    load = threading.Thread(
        target=_make_load, args=(clients, config, loading, made), name="load", daemon=True
    )
    load.start()
    stop = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.readline(), stop.set()), daemon=True).start()
    max_depth = 0
    reported = 0
    while not stop.wait(REPORT_EVERY_S):
        # Connections made since the last report (appended by the network threads).
        fresh = connects[reported:]
        reported += len(fresh)
        max_depth = max(max_depth, _report(clients, made, max_depth, final=False, connects=fresh))
    loading.clear()
    load.join(10)
    deadline = time.monotonic() + config["drain_timeout_s"]
    while time.monotonic() < deadline:
        max_depth = max(max_depth, _report(clients, made, max_depth, final=False))
        if all(c.store.outbox_stats(datetime.now(UTC)).depth == 0 for c in clients):
            break
        time.sleep(REPORT_EVERY_S)
    _report(clients, made, max_depth, final=True)
    for client in clients:
        client.stop()
        client.store.close()
    return 0


def _make_load(
    clients: list[SyncClient], config: dict, loading: threading.Event, made: Counter[str]
) -> None:
    """Loans and returns at ``loans_per_min`` per terminal, each loan followed by its return."""
    rng = random.Random(config["seed"])
    mean_gap_s = 60.0 / config["loans_per_min"] / 2  # a loan and a return per "loan"
    due: list[tuple[float, int]] = [
        (time.monotonic() + rng.expovariate(1 / mean_gap_s), i) for i in range(len(clients))
    ]
    heapq.heapify(due)
    open_loans: dict[int, tuple[int, str]] = {}
    items = Counter[int]()
    while loading.is_set():
        when, i = due[0]
        wait = when - time.monotonic()
        if wait > 0:
            time.sleep(min(wait, 0.5))
            continue
        heapq.heapreplace(due, (when + rng.expovariate(1 / mean_gap_s), i))
        index = config["first_index"] + i
        with clients[i].store.transaction() as tx:
            if i in open_loans:
                item, loan_id = open_loans.pop(i)
                make_event(tx, "return", index, item, loan_id)
                kind = "return"
            else:
                items[i] += 1
                open_loans[i] = (items[i], str(uuid.uuid4()))
                make_event(tx, "loan", index, items[i], open_loans[i][1])
                kind = "loan"
        made[kind] += 1


def _report(
    clients: list[SyncClient],
    made: Counter[str],
    max_depth: int,
    final: bool,
    connects: list[tuple[str, float]] | None = None,
) -> int:
    now = datetime.now(UTC)
    depths, ages, connected, conns = [], [], 0, {}
    for client in clients:
        stats = client.store.outbox_stats(now)
        depths.append(stats.depth)
        ages.append(stats.oldest_age_s or 0.0)
        connected += client.link.connected
        # A terminal's connection counter, negative while it is not connected.
        conns[client.terminal_id] = client._conn if client.link.connected else -client._conn
    deepest = max([max_depth, *depths])
    report = {
        "kind": "final" if final else "stats",
        "t": time.time(),
        "connected": connected,
        "depth": sum(depths),
        "max_depth": deepest,
        "oldest_age_s": max(ages),
        "made": dict(made),
        "conns": conns,
        "connects": connects or [],
    }
    print(json.dumps(report), flush=True)
    return deepest


# --- the central process --------------------------------------------------------------------
def central_child(db: Path, port: int, password: str, key_path: Path, tick_s: float) -> int:
    logging.basicConfig(level=logging.ERROR)
    key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
    assert isinstance(key, Ed25519PrivateKey)
    broker = BrokerSettings(
        host="127.0.0.1", port=port, username="central", password=password, reconnect_max_s=2.0
    )
    central = CentralService(db, broker, Signer(KEY_ID, key), CentralSettings(tick_s=tick_s))
    central.start()
    if not central.link.wait_subscribed(60):
        raise SystemExit("central did not connect")
    print("ready", flush=True)
    sys.stdin.read()
    central.stop()
    return 0


# --- the orchestrator -----------------------------------------------------------------------
@dataclass
class TerminalProcess:
    proc: subprocess.Popen[str]
    ids: list[str]
    last: dict[str, Any] = field(default_factory=dict)
    # Every connection's CONNACK: (terminal id, wall time).
    connects: list[tuple[str, float]] = field(default_factory=list)
    final: dict[str, Any] | None = None
    reader: threading.Thread | None = None


class Fleet:
    """A broker, a central service and terminal processes in a temporary directory."""

    def __init__(
        self,
        workdir: Path,
        terminals: int,
        processes: int,
        *,
        loans_per_min: float = 1.0,
        proxied_share: float = 0.0,
        sync: dict[str, Any] | None = None,
        reconnect: dict[str, float] | None = None,
        central_tick_s: float = 0.25,
        drain_timeout_s: float = 300.0,
        seed: int = 1,
        jitter: bool = True,
    ) -> None:
        self.dir = workdir
        self.ids = terminal_ids(terminals)
        self.passwords = {t: secrets.token_urlsafe(12) for t in [*self.ids, "central"]}
        self.broker = Broker(workdir / "broker", users=self.passwords)
        self.proxy: TcpProxy | None = None
        self.proxied = set(self.ids[: round(terminals * proxied_share)])
        self.processes = processes
        self.loans_per_min = loans_per_min
        self.sync = sync or {}
        self.reconnect = reconnect or {}
        self.central_tick_s = central_tick_s
        self.drain_timeout_s = drain_timeout_s
        self.seed = seed
        self.jitter = jitter
        self.key = Ed25519PrivateKey.generate()
        self.key_path = workdir / "central-key.pem"
        self.central_db = workdir / "central.db"
        self.central: subprocess.Popen[str] | None = None
        self.children: list[TerminalProcess] = []
        self.central_restarts = 0
        # CPU seconds of broker processes stopped so far (a restart starts a new process).
        self.retired_broker_cpu_s = 0.0

    # lifecycle
    def start_infrastructure(self) -> None:
        self.key_path.write_bytes(
            self.key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        self.broker.start()
        if self.proxied:
            self.proxy = TcpProxy(self.broker.host, self.broker.port).start()
        self.start_central()

    def start_central(self) -> None:
        self.central = subprocess.Popen(
            [
                sys.executable,
                __file__,
                "--central-child",
                str(self.central_db),
                str(self.broker.port),
                self.passwords["central"],
                str(self.key_path),
                str(self.central_tick_s),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.central.stdout is not None
        if self.central.stdout.readline().strip() != "ready":
            raise SystemExit("the central service did not start")

    def restart_broker(self) -> None:
        """SIGTERM the broker and start it again (same port, same persistence)."""
        assert self.broker.proc is not None
        self.retired_broker_cpu_s += process_usage(self.broker.proc.pid)[0]
        self.broker.stop()
        self.broker.start()

    def kill_central(self) -> None:
        """SIGKILL the central service (nothing flushed, nothing said) and start it again."""
        assert self.central is not None
        self.central.send_signal(signal.SIGKILL)
        self.central.wait(30)
        self.central_restarts += 1
        self.start_central()

    def start_terminals(self) -> None:
        public = public_key_to_b64(self.key.public_key())
        per = -(-len(self.ids) // self.processes)
        for p in range(self.processes):
            ids = self.ids[p * per : (p + 1) * per]
            if not ids:
                continue
            specs = [
                {
                    "terminal_id": t,
                    "password": self.passwords[t],
                    "port": self.port_for(t),
                }
                for t in ids
            ]
            config = {
                "dir": str(self.dir / "terminals"),
                "terminals": specs,
                "first_index": p * per,
                "public_key": public,
                "sync": self.sync,
                "reconnect": self.reconnect,
                "loans_per_min": self.loans_per_min,
                "seed": self.seed * 1000 + p,
                "drain_timeout_s": self.drain_timeout_s,
                "jitter": self.jitter,
            }
            (self.dir / "terminals").mkdir(exist_ok=True)
            path = self.dir / f"terminals-{p}.json"
            path.write_text(json.dumps(config))
            proc = subprocess.Popen(
                [sys.executable, __file__, "--terminals-child", str(path)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            child = TerminalProcess(proc, ids)
            child.reader = threading.Thread(target=self._read, args=(child,), daemon=True)
            child.reader.start()
            self.children.append(child)

    def port_for(self, terminal_id: str) -> int:
        if self.proxy is not None and terminal_id in self.proxied:
            return self.proxy.port
        return self.broker.port

    def _read(self, child: TerminalProcess) -> None:
        assert child.proc.stdout is not None
        for line in child.proc.stdout:
            report = json.loads(line)
            child.connects.extend(report["connects"])
            if report["kind"] == "final":
                child.final = report
            child.last = report

    def stop_terminals(self) -> None:
        """Stop making loans, let every outbox drain (bounded), stop the terminals."""
        for child in self.children:
            assert child.proc.stdin is not None
            child.proc.stdin.write("stop\n")
            child.proc.stdin.flush()
        for child in self.children:
            child.proc.wait(self.drain_timeout_s + 60)
            if child.reader is not None:
                child.reader.join(10)

    def stop(self) -> None:
        for child in self.children:
            if child.proc.poll() is None:
                child.proc.kill()
                child.proc.wait(10)
        if self.central is not None and self.central.poll() is None:
            assert self.central.stdin is not None
            self.central.stdin.close()
            self.central.wait(30)
        if self.proxy is not None:
            self.proxy.stop()
        self.broker.stop()

    # observations
    def totals(self) -> dict[str, Any]:
        reports = [c.last for c in self.children if c.last]
        return {
            "connected": sum(r["connected"] for r in reports),
            "depth": sum(r["depth"] for r in reports),
            "max_depth": max((r["max_depth"] for r in reports), default=0),
            "oldest_age_s": max((r["oldest_age_s"] for r in reports), default=0.0),
            "reports": len(reports),
        }

    def conns(self) -> dict[str, int]:
        """Each terminal's connection counter as last reported (negative: not connected)."""
        return {t: n for c in self.children for t, n in c.last.get("conns", {}).items()}

    def wait_all_connected_and_drained(
        self, timeout: float, since: float, before: dict[str, int] | None = None
    ) -> float | None:
        """Seconds from ``since`` until every terminal is connected, with the backlog drained.

        With ``before`` (conns() taken before a fault), the terminals listed there must be on
        a newer connection than then: the reconnect after the fault, not the old link.
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            totals, conns = self.totals(), self.conns()
            newer = before is None or all(conns.get(t, 0) > abs(n) for t, n in before.items())
            if (
                newer
                and totals["reports"] == len(self.children)
                and totals["connected"] == len(self.ids)
                and totals["oldest_age_s"] < BACKLOG_DRAINED_AGE_S
            ):
                return time.monotonic() - since
            time.sleep(0.2)
        return None

    def reconnects(self, down: float, up: float) -> dict[str, Any]:
        """The spread of the first reconnect of each terminal after the broker went ``down``
        and came back ``up`` (wall times): seconds after ``up``, and CONNACKs per second."""
        first: dict[str, float] = {}
        for child in self.children:
            for terminal_id, at in child.connects:
                if at > down and at < first.get(terminal_id, float("inf")):
                    first[terminal_id] = at
        delays = sorted(at - up for at in first.values())
        per_second = Counter(int(at - up) for at in first.values())
        if not delays:
            return {"reconnected": 0}
        # The broker's view (whole seconds): each terminal's first CONNECT it accepted.
        at_broker: dict[str, int] = {}
        for second, terminal in BROKER_CONNECT_LINE.findall(self.broker.log_path.read_bytes()):
            if int(second) >= int(down):
                at_broker.setdefault(terminal.decode(), int(second))
        broker_seconds = Counter(at_broker.values())
        return {
            "broker_accepted": len(at_broker),
            "broker_connects_per_s": [
                broker_seconds.get(s, 0)
                for s in range(min(broker_seconds, default=0), max(broker_seconds, default=-1) + 1)
            ],
            "reconnected": len(delays),
            "broker_down_s": round(up - down, 2),
            "after_up_s": {
                "min": round(delays[0], 2),
                "p10": round(delays[int(len(delays) * 0.1)], 2),
                "p50": round(delays[len(delays) // 2], 2),
                "p90": round(delays[int(len(delays) * 0.9)], 2),
                "max": round(delays[-1], 2),
            },
            "peak_connacks_per_s": max(per_second.values()),
            "peak_connacks_per_100ms": max(Counter(int(d * 10) for d in delays).values()),
            "connacks_per_s": [per_second.get(s, 0) for s in range(int(delays[-1]) + 1)],
        }

    def usage(self) -> dict[str, tuple[float, float]]:
        pids = {"broker": self.broker.proc.pid if self.broker.proc else None}
        pids["central"] = self.central.pid if self.central else None
        for i, child in enumerate(self.children):
            pids[f"terminals-{i}"] = child.proc.pid
        pids["orchestrator+proxy"] = os.getpid()
        usage = {}
        for name, pid in pids.items():
            if pid is None:
                continue
            try:
                usage[name] = process_usage(pid)
            except OSError:
                continue
        if "broker" in usage:
            cpu, rss = usage["broker"]
            usage["broker"] = (cpu + self.retired_broker_cpu_s, rss)
        return usage

    # the audit
    def audit(self) -> dict[str, Any]:
        """Every terminal's events equal central's, by event id; each stored exactly once."""
        central = sqlite3.connect(f"file:{self.central_db}?mode=ro", uri=True)
        rows = central.execute("SELECT event_id, terminal_id, seq, kind FROM events").fetchall()
        central.close()
        by_terminal: dict[str, set[str]] = {}
        seqs: Counter[tuple[str, int]] = Counter()
        for event_id, terminal_id, seq, _kind in rows:
            by_terminal.setdefault(terminal_id, set()).add(event_id)
            seqs[(terminal_id, seq)] += 1
        problems: list[str] = []
        if len({r[0] for r in rows}) != len(rows):
            problems.append("an event id stored twice")
        if any(n > 1 for n in seqs.values()):
            problems.append("a (terminal, seq) stored twice")
        made = Counter[str]()
        pending = 0
        for t in self.ids:
            db = sqlite3.connect(f"file:{self.dir / 'terminals' / f'{t}.db'}?mode=ro", uri=True)
            local = {
                r[0]: r[1]
                for r in db.execute(
                    "SELECT event_id, kind FROM outbox UNION ALL"
                    " SELECT event_id, kind FROM outbox_archive"
                )
            }
            pending += db.execute("SELECT count(*) FROM outbox").fetchone()[0]
            db.close()
            made.update(local.values())
            stored = by_terminal.get(t, set())
            if set(local) != stored:
                problems.append(
                    f"{t}: {len(set(local) - stored)} not at central,"
                    f" {len(stored - set(local))} unknown to the terminal"
                )
        return {
            "ok": not problems and pending == 0,
            "terminal_events": sum(made.values()),
            "loans": made["loan"],
            "returns": made["return"],
            "central_events": len(rows),
            "left_in_outboxes": pending,
            "problems": problems[:20],
        }

    def central_figures(self) -> dict[str, Any]:
        central = sqlite3.connect(f"file:{self.central_db}?mode=ro", uri=True)
        rows = central.execute("SELECT at, received_at FROM events").fetchall()
        limited, duplicates = central.execute(
            "SELECT coalesce(sum(rate_limited), 0), coalesce(sum(duplicates), 0) FROM terminals"
        ).fetchone()
        central.close()
        lags = sorted(
            (datetime.fromisoformat(r) - datetime.fromisoformat(a)).total_seconds() for a, r in rows
        )
        per_second = Counter(r[:19] for _, r in rows)
        return {
            "events": len(rows),
            "lag_s_median": round(statistics.median(lags), 3) if lags else None,
            "lag_s_p99": round(lags[int(len(lags) * 0.99)], 3) if lags else None,
            "lag_s_max": round(lags[-1], 3) if lags else None,
            "peak_events_per_s": max(per_second.values(), default=0),
            "rate_limited": limited,
            "duplicates_recognised": duplicates,
        }


def emit(what: str, **figures: Any) -> None:
    print(json.dumps({"what": what, **figures}), flush=True)


def run(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="fleet-sim-") as tmp:
        fleet = Fleet(
            Path(tmp),
            args.terminals,
            args.processes,
            loans_per_min=args.loans_per_min,
            proxied_share=args.cut_share,
            seed=args.seed,
            jitter=not args.no_jitter,
        )
        try:
            fleet.start_infrastructure()
            started = time.monotonic()
            fleet.start_terminals()
            took = fleet.wait_all_connected_and_drained(args.storm_timeout, started)
            emit("start: all connected", seconds=took, terminals=args.terminals)
            usage_start, t_start = fleet.usage(), time.monotonic()
            end = t_start + args.minutes * 60
            pending = sorted(
                [(t, name) for t, name in ((args.restart_broker_at, "restart"),
                                           (args.cut_at, "cut")) if t is not None]
            )  # fmt: skip
            while time.monotonic() < end:
                if pending and time.monotonic() - t_start >= pending[0][0]:
                    _, name = pending.pop(0)
                    if name == "restart":
                        before = fleet.conns()
                        storm_usage = fleet.usage()
                        down = time.time()
                        fleet.restart_broker()
                        up, restarted = time.time(), time.monotonic()
                        took = fleet.wait_all_connected_and_drained(
                            args.storm_timeout, restarted, before
                        )
                        storm_cpu = {
                            name: round(cpu - storm_usage[name][0], 1)
                            for name, (cpu, _rss) in fleet.usage().items()
                            if name in storm_usage
                        }
                        emit(
                            "broker restart: all connected, backlog drained",
                            seconds=took,
                            cpu_s_meanwhile=storm_cpu,
                        )
                        time.sleep(2 * REPORT_EVERY_S)  # the last connections' reports
                        emit(
                            "broker restart: reconnect spread",
                            jitter=not args.no_jitter,
                            **fleet.reconnects(down, up),
                        )
                    elif fleet.proxy is not None:
                        before = {t: n for t, n in fleet.conns().items() if t in fleet.proxied}
                        fleet.proxy.cut()
                        time.sleep(args.cut_seconds)
                        fleet.proxy.restore()
                        restored = time.monotonic()
                        took = fleet.wait_all_connected_and_drained(
                            args.storm_timeout, restored, before
                        )
                        emit(
                            "network cut: all connected, backlog drained",
                            seconds=took,
                            cut_terminals=len(fleet.proxied),
                            cut_seconds=args.cut_seconds,
                        )
                time.sleep(1.0)
                totals = fleet.totals()
                if args.verbose:
                    emit("tick", **totals)
            usage_end, t_end = fleet.usage(), time.monotonic()
            wall = t_end - t_start
            emit(
                "resources over the steady run",
                seconds=round(wall, 1),
                per_process={
                    name: {
                        "cpu_percent": round(
                            (usage_end[name][0] - usage_start[name][0]) / wall * 100, 1
                        ),
                        "rss_mb": round(usage_end[name][1], 1),
                    }
                    for name in usage_end
                    if name in usage_start
                },
            )
            fleet.stop_terminals()
            emit("central", **fleet.central_figures(), max_outbox_depth=fleet.totals()["max_depth"])
            emit(
                "made at the terminals",
                **{
                    k: sum(c.final["made"].get(k, 0) for c in fleet.children if c.final)
                    for k in ("loan", "return")
                },
            )
            audit = fleet.audit()
            emit("audit", **audit)
            return 0 if audit["ok"] else 1
        finally:
            fleet.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--terminals", type=int, default=1000)
    parser.add_argument("--processes", type=int, default=8)
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--loans-per-min", type=float, default=1.0)
    parser.add_argument("--restart-broker-at", type=float, help="seconds into the run")
    parser.add_argument("--cut-share", type=float, default=0.0, help="share behind the proxy")
    parser.add_argument("--cut-at", type=float, help="seconds into the run")
    parser.add_argument("--cut-seconds", type=float, default=30.0)
    parser.add_argument("--storm-timeout", type=float, default=300.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--no-jitter",
        action="store_true",
        help="terminals back off without jitter (each wait the cap), to compare",
    )
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--terminals-child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--central-child", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.terminals_child:
        return terminals_child(args.terminals_child)
    if args.central_child:
        db, port, password, key, tick = args.central_child
        return central_child(Path(db), int(port), password, Path(key), float(tick))
    if -(-args.terminals // args.processes) > MAX_TERMINALS_PER_PROCESS:
        parser.error(f"at most {MAX_TERMINALS_PER_PROCESS} terminals per process (paho's select())")
    logging.basicConfig(level=logging.WARNING)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
