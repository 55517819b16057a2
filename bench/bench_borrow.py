"""Benchmark: one durable borrow against a bare one-row SQLite commit, in the same run.

A borrow writes two transactions (the intent, then loan + outbox row + audit row +
statistics + the intent's removal), each committed with WAL and ``synchronous=FULL``.
The baseline is the cheapest durable write there is: one INSERT and COMMIT on a
connection with the same settings, on the same disk, in the same process. The ratio
holds on a noisy machine where the absolute figures do not.

    .venv/bin/python bench/bench_borrow.py [--n 300]
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.circulation import Circulation  # noqa: E402
from kiosk.config import load_config  # noqa: E402
from kiosk.devices import TagRead  # noqa: E402
from kiosk.model import Item, Patron, PatronCheckResult  # noqa: E402
from kiosk.store import Store  # noqa: E402


class InstantPad:
    """A pad whose tags answer at once, so only the store's cost is measured."""

    def __init__(self) -> None:
        self.secured: dict[str, bool] = {}

    def inventory(self) -> list[TagRead]:
        return []

    def read_secured(self, uid: str) -> bool:
        return self.secured.get(uid, True)

    def set_secured(self, uid: str, secured: bool) -> None:
        self.secured[uid] = secured


class CentralFromStore:
    """Answers patron checks from the store, so the session is online (no offline cap)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def check(self, patron_id: str) -> PatronCheckResult:
        return PatronCheckResult(self.store.get_patron(patron_id))


def bare_commits(path: Path, n: int) -> list[float]:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
    times = []
    for i in range(n):
        start = time.perf_counter()
        conn.execute("BEGIN")
        conn.execute("INSERT INTO t (v) VALUES (?)", [f"row {i}"])
        conn.execute("COMMIT")
        times.append(time.perf_counter() - start)
    conn.close()
    return times


def durable_borrows(path: Path, n: int) -> list[float]:
    config = load_config(Path(__file__).resolve().parents[1] / "config" / "default.toml")
    store = Store(path, config.site.terminal_id)
    store.upsert_patrons([Patron("P1")])
    store.upsert_items(Item(f"I{i:06d}", f"Book {i}") for i in range(n))
    circulation = Circulation(store, config, InstantPad(), None, CentralFromStore(store))
    circulation.update_policy({"max_loans": n + 1, "max_items_per_transaction": n + 1})
    session = circulation.start_session("P1", "card")
    times = []
    for i in range(n):
        tag = TagRead(f"E0040100{i:08X}", f"I{i:06d}", True)
        start = time.perf_counter()
        (outcome,) = circulation.borrow(session, [tag])
        times.append(time.perf_counter() - start)
        assert outcome.ok
    store.close()
    return times


def describe(times: list[float]) -> str:
    ms = sorted(t * 1000 for t in times)
    p95 = ms[int(len(ms) * 0.95) - 1]
    return f"median {statistics.median(ms):.3f} ms, p95 {p95:.3f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as tmp:
        # Interleave the two in halves so drift on the machine hits both alike.
        half = args.n // 2
        bare = bare_commits(Path(tmp) / "bare1.db", half)
        borrow = durable_borrows(Path(tmp) / "kiosk1.db", half)
        bare += bare_commits(Path(tmp) / "bare2.db", half)
        borrow += durable_borrows(Path(tmp) / "kiosk2.db", half)
    ratio = statistics.median(borrow) / statistics.median(bare)
    print(f"bare one-row commit (WAL, synchronous=FULL): {describe(bare)}  (n={len(bare)})")
    print(f"durable borrow (intent + loan/outbox/audit):  {describe(borrow)}  (n={len(borrow)})")
    print(f"ratio borrow / bare commit (medians): {ratio:.2f}")


if __name__ == "__main__":
    main()
