"""Benchmark: the central store's ingest (``store_events``) on SQLite and on PostgreSQL.

    .venv/bin/python bench/bench_central_store.py [--events 20000] [--batch 100] [--writers 1 2]

Stores N events of 10 terminals in batches, as a worker does after taking a batch from its
inbox, with 1 or more writer threads (each its own store, as separate workers would have),
on an SQLite file and on a throw-away PostgreSQL cluster (tests/support/postgres.py; as
root it runs the server as the ``postgres`` user). Prints events/s per backend and writer
count. The store alone: no MQTT, no validation; the cluster runs with fsync off, SQLite
with ``synchronous=FULL`` as in production, so PostgreSQL's figure is an upper bound.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from central.store import CentralStore  # noqa: E402
from tests.support.hostile_central import event  # noqa: E402
from tests.support.postgres import PgCluster  # noqa: E402

TERMINALS = [f"T{i:02d}" for i in range(10)]


def run(target: str, n: int, batch: int, writers: int) -> float:
    per_terminal = n // len(TERMINALS)
    events = [(t, event(t, seq)) for seq in range(1, per_terminal + 1) for t in TERMINALS]
    stores = [CentralStore(target) for _ in range(writers)]
    shares = [events[i::writers] for i in range(writers)]
    start = threading.Barrier(writers + 1)

    def work(i: int) -> None:
        start.wait()
        share = shares[i]
        for k in range(0, len(share), batch):
            stores[i].store_events(share[k : k + batch])

    threads = [threading.Thread(target=work, args=(i,)) for i in range(writers)]
    for t in threads:
        t.start()
    start.wait()
    began = time.perf_counter()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    stored = stores[0].db.execute("SELECT count(*) FROM events").fetchone()[0]
    assert stored == len(events), (stored, len(events))
    for s in stores:
        s.close()
    return len(events) / elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=20000)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--writers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, PgCluster() as pg:
        for writers in args.writers:
            sqlite_rate = run(
                str(Path(tmp) / f"central-{writers}.db"), args.events, args.batch, writers
            )
            pg_rate = run(pg.database(), args.events, args.batch, writers)
            print(
                f"writers={writers} batch={args.batch}: sqlite {sqlite_rate:,.0f} events/s,"
                f" postgresql {pg_rate:,.0f} events/s"
            )


if __name__ == "__main__":
    main()
