"""Chaos run: terminals make loans and returns while the broker, central and the links fail.

    PYTHONPATH=$PWD .venv/bin/python bench/chaos.py                 # ~1 minute, 20 terminals
    PYTHONPATH=$PWD .venv/bin/python bench/chaos.py --long          # 10 minutes, 100 terminals

The fleet of bench/fleet_sim.py (real ``SyncClient``s with their own credentials and SQLite
stores in a child process, a real mosquitto, the central service in its own process), half
of the terminals connected through the TCP proxy of tests/support/tcp_proxy.py. For
``--seconds`` the terminals make loans and returns (each a loan, later its return) while
the harness, every ``--fault-every`` seconds, injects the next fault of a deck that holds
each kind once, shuffled (seeded) and dealt again when empty, so every kind occurs in each
six faults:

  broker-restart   SIGTERM the broker and start it again (it keeps its persistence file)
  broker-kill      SIGKILL the broker (sessions and in-flight messages since its last save
                   are lost) and start it again
  central-kill     SIGKILL the central service mid-stream and start it again on its database
  link-stall       the proxy stops moving bytes for 2-8 s (longer than the terminals'
                   keepalive: the broker and paho both give the link up)
  link-cut         the proxy resets every link and refuses new ones for 2-6 s
  link-reset       the proxy resets every link once

Then it stops the load, restores everything, lets every outbox drain and audits: every event
a terminal made (loans and returns, outbox and archive) is at central exactly once by event
id, nothing is left in any outbox, nothing is at central that no terminal made, nothing was
quarantined. The last line is the result as JSON; exit status 0 only if the audit passed.
The run is bounded: the load stops after ``--seconds``, the drain after ``--drain-timeout``.
"""

from __future__ import annotations

import argparse
import logging
import random
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fleet_sim import Fleet, emit  # noqa: E402

FAULTS = ("broker-restart", "broker-kill", "central-kill", "link-stall", "link-cut", "link-reset")
# Terminals notice a dead link after 1.5 keepalives; reconnects are quick so that a short run
# sees many faults and still ends drained.
CHAOS_BROKER = {"keepalive_s": 5, "reconnect_min_s": 0.2, "reconnect_max_s": 2.0}
CHAOS_SYNC = {"ack_timeout_s": 5.0, "telemetry_interval_s": 10.0}


def inject(fleet: Fleet, fault: str, rng: random.Random) -> None:
    assert fleet.proxy is not None
    if fault == "broker-restart":
        fleet.broker.stop()
        fleet.broker.start()
    elif fault == "broker-kill":
        fleet.broker.kill()
        fleet.broker.start()
    elif fault == "central-kill":
        fleet.kill_central()
    elif fault == "link-stall":
        fleet.proxy.stall()
        time.sleep(rng.uniform(2, 8))
        fleet.proxy.restore()
    elif fault == "link-cut":
        fleet.proxy.cut()
        time.sleep(rng.uniform(2, 6))
        fleet.proxy.restore()
    elif fault == "link-reset":
        fleet.proxy.reset()


def quarantined(central_db: Path) -> int:
    db = sqlite3.connect(f"file:{central_db}?mode=ro", uri=True)
    try:
        return int(db.execute("SELECT count(*) FROM quarantine").fetchone()[0])
    finally:
        db.close()


def run(args: argparse.Namespace) -> int:
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="chaos-") as tmp:
        fleet = Fleet(
            Path(tmp),
            args.terminals,
            args.processes,
            loans_per_min=args.loans_per_min,
            proxied_share=0.5,
            sync=CHAOS_SYNC,
            reconnect=CHAOS_BROKER,
            central_tick_s=0.1,
            drain_timeout_s=args.drain_timeout,
            seed=args.seed,
        )
        faults: Counter[str] = Counter()
        started = time.monotonic()
        try:
            fleet.start_infrastructure()
            fleet.start_terminals()
            if fleet.wait_all_connected_and_drained(120, time.monotonic()) is None:
                emit("chaos", ok=False, error="the fleet did not come up")
                return 1
            end = time.monotonic() + args.seconds
            deck: list[str] = []
            while time.monotonic() < end:
                time.sleep(min(args.fault_every, max(0.0, end - time.monotonic())))
                if time.monotonic() >= end:
                    break
                if not deck:
                    deck = rng.sample(FAULTS, len(FAULTS))
                fault = deck.pop()
                inject(fleet, fault, rng)
                faults[fault] += 1
                if args.verbose:
                    emit("fault", fault=fault, at_s=round(time.monotonic() - started, 1))
            fleet.stop_terminals()
            audit = fleet.audit()
            central = fleet.central_figures()
            bad = quarantined(fleet.central_db)
        finally:
            fleet.stop()
        ok = audit["ok"] and bad == 0
        emit(
            "chaos",
            ok=ok,
            seconds=round(time.monotonic() - started, 1),
            load_seconds=args.seconds,
            terminals=args.terminals,
            faults=dict(faults),
            quarantined=bad,
            central_events=central["events"],
            duplicates_recognised=central["duplicates_recognised"],
            lag_s_max=central["lag_s_max"],
            **{k: audit[k] for k in ("loans", "returns", "left_in_outboxes", "problems")},
        )
        return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--long", action="store_true", help="10 minutes, 100 terminals")
    parser.add_argument("--terminals", type=int)
    parser.add_argument("--processes", type=int)
    parser.add_argument("--seconds", type=float, help="how long the load and the faults run")
    parser.add_argument("--fault-every", type=float, default=5.0)
    parser.add_argument("--loans-per-min", type=float, default=30.0)
    parser.add_argument("--drain-timeout", type=float, default=120.0)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    args.terminals = args.terminals or (100 if args.long else 20)
    args.processes = args.processes or (2 if args.long else 1)
    args.seconds = args.seconds or (600.0 if args.long else 40.0)
    logging.basicConfig(level=logging.ERROR)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
