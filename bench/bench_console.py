"""Benchmark: the web console's pages over a fleet of N terminals.

    .venv/bin/python bench/bench_console.py [--terminals 1000] [--rounds 15]

A fresh central store gets N terminals as the central service records them (a birth, one
telemetry report each; every 10th offline, every 7th with a terminal alarm, every 13th with
a central alarm), 20 events on each of 50 of them, and three accounts. Then, in this
process, Starlette's TestClient (the whole ASGI stack: the gate's session lookup, the
endpoint on the thread pool, Jinja2 rendering; no socket) asks each page --rounds times,
one after another; the median and the slowest are printed with the page's size. The
poll endpoint (/api/fleet) is what every open fleet page asks every 5 s. Beside the fleet
page, "fleet data" is the same query without the template (the rows the page shows, read
from the store and shaped, no Jinja2 and no HTTP), so the template's share is the difference.
Figures depend on the machine (CPU, mostly: the store is small and in the page cache);
nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
import uuid
import warnings
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from argon2 import PasswordHasher  # noqa: E402

from central import accounts as accounts_module  # noqa: E402
from central.accounts import Accounts, Role  # noqa: E402
from central.store import CentralStore, Rejected  # noqa: E402
from central.web.app import create_app  # noqa: E402

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient  # noqa: E402

PASSWORD = "correct horse 1"


def fill(store: CentralStore, n: int) -> None:
    now = datetime.now(UTC).isoformat()
    for i in range(n):
        tid = f"HZ-{i:04d}"
        store.apply_state(
            tid,
            {
                "state": "offline" if i % 10 == 0 else "online",
                "boot": 1,
                "conn": 1,
                "at": now,
                "software_version": "1.4.2",
            },
        )
        alarms = (
            [{"alarm_id": 1, "kind": "door_left_open", "subject": "C02", "raised_at": now}]
            if i % 7 == 0
            else []
        )
        store.apply_telemetry(
            tid,
            {
                "terminal_id": tid,
                "at": now,
                "software_version": "1.4.2",
                "boot": 1,
                "conn": 1,
                "devices": {"rfid": "ok", "printer": "ok", "locker": "ok"},
                "alarms": alarms,
                "queue": {
                    "depth": i % 5,
                    "oldest_age_s": 30.0 if i % 5 else None,
                    "last_seq": 20,
                    "in_flight": 0,
                    "last_ack_at": now,
                },
                "counters": {"loans": i % 40, "returns": i % 30},
                "config_version": 3,
                "out_of_service": "",
            },
        )
        if i % 13 == 0:
            store.record_rejected([Rejected(tid, f"kiosk/v1/{tid}/events", b"{", "bad")], 10)
    for i in range(50):
        tid = f"HZ-{i:04d}"
        store.store_events(
            [
                (
                    tid,
                    {
                        "event_id": str(uuid.uuid4()),
                        "seq": seq,
                        "terminal_id": tid,
                        "kind": "loan",
                        "at": now,
                        "data": {"patron_id": "3301000000001", "item_id": f"I{seq}"},
                    },
                )
                for seq in range(1, 21)
            ]
        )


def timed(rounds: int, run: Callable[[], object]) -> list[float]:
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        run()
        times.append(time.perf_counter() - t0)
    return times


def report(label: str, times: list[float], size: int | None) -> None:
    shown = f"  {size / 1024:7.1f} KiB" if size is not None else ""
    print(
        f"{label:<22} median {statistics.median(times) * 1000:7.1f} ms"
        f"  slowest {max(times) * 1000:7.1f} ms{shown}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--terminals", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    # The bench measures pages, not argon2: a cheap hash for its one sign-in.
    accounts_module._hasher = PasswordHasher(1, 64, 1)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "central.db"
        store = CentralStore(db)
        started = time.perf_counter()
        fill(store, args.terminals)
        Accounts(store).add_user("viewer", Role.VIEWER, PASSWORD, "bench")
        print(f"filled {args.terminals} terminals in {time.perf_counter() - started:.1f} s")
        app = create_app(db)
        client = TestClient(app)
        page = client.get("/signin").text
        csrf = re.search(r'id="signin-csrf" value="([^"]*)"', page)
        assert csrf
        client.post(
            "/signin",
            data={"csrf": csrf.group(1), "username": "viewer", "password": PASSWORD},
            follow_redirects=False,
        )
        print(f"load average {os.getloadavg()[0]:.2f}; {args.rounds} rounds per page")
        view = app.state.console.view
        rows = view.filtered(view.fleet(), "", "")
        assert len(rows) == args.terminals
        report(
            "fleet data (no page)",
            timed(args.rounds, lambda: view.filtered(view.fleet(), "", "")),
            None,
        )
        for path in ("/", "/api/fleet", "/?alarm=yes", "/alarms", "/terminals/HZ-0001", "/metrics"):
            answers: list[Any] = []

            def ask(page: str = path, out: list[Any] = answers) -> None:
                out.append(client.get(page))

            times = timed(args.rounds, ask)
            assert all(a.status_code == 200 for a in answers), path
            report(path, times, len(answers[-1].content))
        print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
