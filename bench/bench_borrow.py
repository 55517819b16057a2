"""Benchmark: what one durable borrow costs, split into CPU and flush, on a named disk.

A borrow writes two transactions (the intent, then loan + outbox row + audit row +
statistics + the intent's removal), each committed with WAL and ``synchronous=FULL``,
which in WAL mode means one fdatasync of the WAL per commit. Its time is therefore

    borrow ≈ CPU part + commits per borrow × flush latency of the disk (for its pages)

The commits and WAL pages of one borrow are counted first (from the WAL's commit frames),
then these are timed in the same run, one call of each in turn, so that contention on the
disk and the CPU hits every variant alike:

  flush probe        rewrite 1 page, or as many pages as one borrow commit writes, in place
                     in a file in the temp dir, then fdatasync: what a WAL commit waits for
  bare commit        one INSERT and COMMIT, WAL, synchronous=FULL (the cheapest durable write)
  bare commit, OFF   the same with synchronous=OFF: its CPU part
  borrow             the product's borrow (kiosk.store.Store, synchronous=FULL)
  borrow, OFF        the same borrow on a store switched to synchronous=OFF after opening:
                     the same statements and page writes without the flushes, its CPU part

Every database is warmed up first until a checkpoint has reset its WAL, so commits rewrite
the WAL in place as in a kiosk's long-open store (a fresh WAL grows on every commit, and
growing a file makes each flush a journal commit of the filesystem too, several times
slower). Each line gives the wall time and the CPU time of the calling thread (everything
runs in it: the RFID pad is an in-process stand-in that answers at once). The flush part
of a borrow (borrow minus borrow OFF) is also given in units of the probe, which is what
carries over to another disk. The old headline, borrow / bare commit, is printed with the
bounds it moves between, to show why it swings from machine to machine: towards the CPU
ratio where a flush is nearly free, towards 2 (two flushes against one) where it dominates.

    .venv/bin/python bench/bench_borrow.py [--n 300] [--dir DIR]

The files go in a temp dir under --dir (default: the current directory); the disk behind
it is named in the output, from /proc/self/mountinfo and /sys/dev/block. Nothing is
asserted.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kiosk.circulation import Circulation  # noqa: E402
from kiosk.config import load_config  # noqa: E402
from kiosk.devices import TagRead  # noqa: E402
from kiosk.model import Item, Patron, PatronCheckResult  # noqa: E402
from kiosk.store import Store  # noqa: E402

PAGE = 4096  # SQLite's default page size, which the kiosk's store keeps
WAL_HEADER = 32
WAL_FRAME_HEADER = 24
# Enough for sqlite's automatic checkpoint (1,000 pages) at one page per commit.
WARM_UP_LIMIT = 3000
PROBE_FILE_PAGES = 1024


class InstantPad:
    """A pad whose tags answer at once, so only the store's and the flow's cost is measured."""

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


@dataclass
class Samples:
    """Wall and thread-CPU seconds of each timed call of one variant."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    def time(self, call: Callable[[], None]) -> None:
        wall, cpu = time.perf_counter(), time.thread_time()
        call()
        self.cpu.append(time.thread_time() - cpu)
        self.wall.append(time.perf_counter() - wall)


class FlushProbe:
    """Rewrite ``pages`` contiguous pages of a preallocated file in turn, fdatasync each time.

    This is what a WAL commit does in steady state, once a checkpoint has reset the WAL:
    write its pages in place, one after the other, and wait for the flush.
    """

    def __init__(self, path: Path, pages: int) -> None:
        self.pages = pages
        self.fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        os.write(self.fd, b"\0" * PAGE * PROBE_FILE_PAGES)
        os.fsync(self.fd)
        self.data = os.urandom(PAGE * pages)
        self.slots = PROBE_FILE_PAGES // pages
        self.done = 0

    def once(self) -> None:
        os.pwrite(self.fd, self.data, (self.done % self.slots) * self.pages * PAGE)
        os.fdatasync(self.fd)
        self.done += 1

    def close(self) -> None:
        os.close(self.fd)


def warm_up(wal: Path, operation: Callable[[], None]) -> None:
    """Repeat ``operation`` until the WAL stops growing: a checkpoint has reset it and
    commits now rewrite it in place, as in a store that has been open for a while."""
    for _ in range(WARM_UP_LIMIT):
        before = wal.stat().st_size
        operation()
        if wal.stat().st_size == before:
            return


class BareCommits:
    """One INSERT and COMMIT per call on its own WAL database."""

    def __init__(self, path: Path, synchronous: str) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute(f"PRAGMA synchronous={synchronous}")
        self.conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
        warm_up(Path(f"{path}-wal"), self.once)

    def once(self) -> None:
        self.conn.execute("BEGIN")
        self.conn.execute("INSERT INTO t (v) VALUES ('a row of some forty bytes of text')")
        self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()


class Borrows:
    """The product's borrow of one book per call, through Circulation and Store."""

    def __init__(self, path: Path, synchronous: str, books: int) -> None:
        config = load_config(ROOT / "config" / "default.toml")
        self.store = Store(path, config.site.terminal_id)
        # Store opens with synchronous=FULL; OFF keeps every statement and page write.
        self.store.db.execute(f"PRAGMA synchronous={synchronous}")
        self.store.upsert_patrons([Patron("P1")])
        self.store.upsert_items(Item(f"I{i:06d}", f"Book {i}") for i in range(books))
        self.circulation = Circulation(
            self.store, config, InstantPad(), None, CentralFromStore(self.store)
        )
        self.circulation.update_policy({"max_loans": books, "max_items_per_transaction": books})
        self.session = self.circulation.start_session("P1", "card")
        self.books = books
        self.lent = 0

    def once(self) -> None:
        if self.lent == self.books:
            raise SystemExit("out of books: raise Borrows(books=...)")
        i, self.lent = self.lent, self.lent + 1
        tag = TagRead(f"E0040100{i:08X}", f"I{i:06d}", True)
        (outcome,) = self.circulation.borrow(self.session, [tag])
        if not outcome.ok:
            raise SystemExit(f"borrow {i} refused: {outcome}")

    def close(self) -> None:
        self.store.close()


@dataclass(frozen=True)
class Footprint:
    """What one borrow writes: WAL commits (one flush each under FULL) and WAL pages."""

    commits: float
    pages: float


def borrow_footprint(path: Path, n: int) -> Footprint:
    """Borrow ``n`` books with checkpoints held off, then read the commit frames of the WAL."""
    borrows = Borrows(path, "FULL", n)
    borrows.store.db.execute("PRAGMA wal_autocheckpoint=0")
    borrows.store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = borrows.store.db.execute("PRAGMA page_size").fetchone()[0]
    for _ in range(n):
        borrows.once()
    wal = Path(f"{path}-wal").read_bytes()
    borrows.close()
    frame = WAL_FRAME_HEADER + page_size
    headers = [wal[at : at + WAL_FRAME_HEADER] for at in range(WAL_HEADER, len(wal), frame)]
    # Bytes 4-7 of a frame header: the database size after a commit, 0 in other frames.
    commits = sum(1 for h in headers if int.from_bytes(h[4:8], "big") != 0)
    return Footprint(commits / n, len(headers) / n)


def disk_of(directory: Path) -> str:
    """The filesystem and block device behind ``directory``, as the kernel reports them."""
    st = os.stat(directory)
    dev = f"{os.major(st.st_dev)}:{os.minor(st.st_dev)}"
    found = None
    with open("/proc/self/mountinfo") as mountinfo:
        for line in mountinfo:
            fields = line.split()
            if fields[2] != dev:
                continue
            rest = fields[fields.index("-") + 1 :]
            mount_point = fields[4]
            # Several mounts can share a device (bind mounts): the longest prefix is ours.
            if directory.resolve().is_relative_to(mount_point) and (
                found is None or len(mount_point) > len(found[0])
            ):
                found = (mount_point, rest[0], rest[1], fields[5])
    if found is None:
        return f"device {dev} (not in /proc/self/mountinfo)"
    mount_point, fs_type, source, options = found
    block = Path("/sys/dev/block") / dev
    detail = ""
    if block.exists():
        sys_dir = block.resolve()
        if (sys_dir / "partition").exists():
            sys_dir = sys_dir.parent
        rotational = sys_dir / "queue" / "rotational"
        bus = "virtual" if "/virtual/" in str(sys_dir) else sys_dir.parent.parent.name
        detail = f", block device {sys_dir.name} on {bus}"
        if rotational.exists():
            detail += f", rotational={rotational.read_text().strip()}"
    return f"{fs_type} on {source} mounted at {mount_point} ({options}){detail}"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.3f}"


def row(name: str, samples: Samples) -> str:
    wall = sorted(samples.wall)
    p95 = wall[max(0, int(len(wall) * 0.95) - 1)]
    return (
        f"{name:<38} {ms(statistics.median(wall)):>9} {ms(p95):>9}"
        f" {ms(statistics.median(samples.cpu)):>9} {len(wall):>6}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300, help="timed calls per variant")
    parser.add_argument("--dir", type=Path, default=Path.cwd(), help="where the files go")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        work = Path(tmp)
        disk = disk_of(work)
        footprint = borrow_footprint(work / "footprint.db", 100)
        commit_pages = max(1, round(footprint.pages / footprint.commits))
        books = args.n + WARM_UP_LIMIT
        variants = {
            "probe 1": FlushProbe(work / "probe-1.bin", 1),
            "probe k": FlushProbe(work / f"probe-{commit_pages}.bin", commit_pages),
            "bare": BareCommits(work / "bare.db", "FULL"),
            "bare OFF": BareCommits(work / "bare-off.db", "OFF"),
            "borrow": Borrows(work / "kiosk.db", "FULL", books),
            "borrow OFF": Borrows(work / "kiosk-off.db", "OFF", books),
        }
        for name in ("borrow", "borrow OFF"):
            warm_up(Path(f"{variants[name].store.path}-wal"), variants[name].once)
        results = {name: Samples() for name in variants}
        names = list(variants)
        for i in range(args.n):
            # One call of each in turn, so all see the same disk and CPU contention; the
            # order rotates so none always runs right after the same neighbour.
            for name in names[i % len(names) :] + names[: i % len(names)]:
                results[name].time(variants[name].once)
        for variant in variants.values():
            variant.close()

    def median(name: str) -> float:
        return statistics.median(results[name].wall)

    print(f"temp dir: {disk}")
    print(f"sqlite {sqlite3.sqlite_version}, python {sys.version.split()[0]}, n={args.n}")
    print(
        f"one borrow writes {footprint.commits:.2f} WAL commits (one flush each),"
        f" {footprint.pages:.1f} pages: {commit_pages} pages per commit"
    )
    print(f"{'':<38} {'median':>9} {'p95':>9} {'CPU med':>9} {'n':>6}   (ms)")
    print(row("flush probe: 1 page + fdatasync", results["probe 1"]))
    print(row(f"flush probe: {commit_pages} pages + fdatasync", results["probe k"]))
    print(row("bare commit, synchronous=FULL", results["bare"]))
    print(row("bare commit, synchronous=OFF", results["bare OFF"]))
    print(row("durable borrow, synchronous=FULL", results["borrow"]))
    print(row("same borrow, synchronous=OFF", results["borrow OFF"]))
    for name, full, off, probe, pages in (
        ("borrow", "borrow", "borrow OFF", "probe k", commit_pages),
        ("bare commit", "bare", "bare OFF", "probe 1", 1),
    ):
        cpu_part, flush_part = median(off), median(full) - median(off)
        print(
            f"{name} = CPU part {ms(cpu_part)} ms + flush part {ms(flush_part)} ms"
            f" = {flush_part / median(probe):.2f} flushes of {pages} page(s)"
        )
    ratio = median("borrow") / median("bare")
    cpu_ratio = median("borrow OFF") / median("bare OFF")
    print(
        f"ratio borrow / bare commit (medians, FULL): {ratio:.2f}. It is set by flush"
        f" latency against CPU speed: near the CPU ratio {cpu_ratio:.0f} where a flush is"
        f" free, near {footprint.commits:.0f} (or more, the borrow's flushes carry"
        f" {commit_pages} pages) where flushing dominates."
    )


if __name__ == "__main__":
    main()
