"""Benchmark: a stack of books on the RFID pad, from inventory to the last durable loan.

A patron puts N books on the simulated reader (the real FEIG or 3M driver over a pty,
with the simulator's wire time at the baud rate and modelled ISO 15693 air time, as the
default kiosk runs) and the core borrows them all: inventory, then per book the intent,
the security write and its read-back, the loan. Beside each time it prints the device
time the simulator accounts for (reply bytes at the baud rate plus air time) and the
quiet gap the FEIG protocol requires before each request (PSST), so what is left, the
software's share, is visible. Per-phase and per-request figures follow for the largest
stack.

    .venv/bin/python bench/bench_stack.py [--protocol feig|bibliotheca|both] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from drivers.rfid import open_driver  # noqa: E402
from drivers.rfid.pad import ReaderPad, SecurityScheme  # noqa: E402
from drivers.rfid.sim import library_tag, make_simulator  # noqa: E402
from kiosk.circulation import BORROW_STEPS, Circulation  # noqa: E402
from kiosk.config import load_config  # noqa: E402
from kiosk.model import Item, Patron, PatronCheckResult  # noqa: E402
from kiosk.store import Store  # noqa: E402

STACKS = (1, 5, 10, 20)
# The security values each kind of site uses (docs/rfid.md §4).
SCHEMES = {
    "feig": SecurityScheme(afi_in_library=0x07, afi_on_loan=0xC2),
    "bibliotheca": SecurityScheme(afi_in_library=0xD7, afi_on_loan=0xDA),
}
TITLES = {"feig": "FEIG ISO-Host, 38400 8E1", "bibliotheca": "3M/Bibliotheca Model 210, 19200 8N1"}
# Driver operations timed one by one (whichever the driver has).
DRIVER_OPERATIONS = (
    "inventory",
    "uids_with_afi",
    "system_info",
    "read_afi",
    "read_blocks",
    "write_afi",
)


class CentralFromStore:
    """Answers patron checks from the store, so the session is online (no offline cap)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def check(self, patron_id: str) -> PatronCheckResult:
        return PatronCheckResult(self.store.get_patron(patron_id))


@dataclass
class Run:
    books: int
    total_s: float = 0.0
    inventory_s: float = 0.0
    rescan_s: float = 0.0
    device_s: float = 0.0
    quiet_s: float = 0.0
    requests: int = 0
    phases: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    operations: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))

    @property
    def software_s(self) -> float:
        return self.total_s - self.device_s - self.quiet_s


def timed_operations(driver: Any, run: Run) -> None:
    """Wrap the driver's operations on this instance so each call's time is recorded."""

    def wrap(name: str, method: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                run.operations[name].append(time.perf_counter() - start)

        return timed

    for name in DRIVER_OPERATIONS:
        if hasattr(driver, name):
            setattr(driver, name, wrap(name, getattr(driver, name)))


def one_stack(protocol: str, books: int, tmp: Path) -> Run:
    scheme = SCHEMES[protocol]
    item_ids = [f"3123400{i:07d}" for i in range(books)]
    tags = [
        library_tag(item, afi_in_library=scheme.afi_in_library, afi_on_loan=scheme.afi_on_loan)
        for item in item_ids
    ]
    run = Run(books)
    config = load_config(ROOT / "config" / "default.toml")
    store = Store(tmp / f"{protocol}-{books}-{time.monotonic_ns()}.db", config.site.terminal_id)
    simulator = make_simulator(protocol, tags)
    driver = open_driver(protocol, simulator.path, simulator.baud)
    try:
        pad = ReaderPad(driver, scheme)
        store.upsert_patrons([Patron("P1")])
        store.upsert_items(Item(item, f"Book {item}") for item in item_ids)
        marks: list[tuple[str, float]] = []
        circulation = Circulation(
            store,
            config,
            pad,
            None,
            CentralFromStore(store),
            on_step=lambda label: marks.append((label, time.perf_counter())),
        )
        circulation.update_policy({"max_loans": books + 1, "max_items_per_transaction": books + 1})
        session = circulation.start_session("P1", "card")
        timed_operations(driver, run)
        device_before, quiet_before = simulator.device_time_s, driver.quiet_time_s
        requests_before = simulator.requests_seen

        start = time.perf_counter()
        reads = pad.inventory()
        inventoried = time.perf_counter()
        device_rescan, quiet_rescan = simulator.device_time_s, driver.quiet_time_s
        requests_rescan = simulator.requests_seen
        assert pad.inventory() == reads
        rescanned = time.perf_counter()
        device_before += simulator.device_time_s - device_rescan
        quiet_before += driver.quiet_time_s - quiet_rescan
        requests_before += simulator.requests_seen - requests_rescan
        outcomes = circulation.borrow(session, reads)
        end = time.perf_counter()

        run.inventory_s = inventoried - start
        run.rescan_s = rescanned - inventoried
        run.total_s = end - start - run.rescan_s
        run.device_s = simulator.device_time_s - device_before
        run.quiet_s = driver.quiet_time_s - quiet_before
        run.requests = simulator.requests_seen - requests_before
        previous = rescanned
        phase_names = dict(zip(BORROW_STEPS, ("checks + intent", "security", "loan"), strict=True))
        for label, at in marks:
            run.phases[phase_names[label]] += at - previous
            previous = at
        if sorted(o.item_id for o in outcomes if o.ok) != item_ids:
            raise SystemExit(f"{protocol}: not every book was lent: {outcomes}")
        if any(t.afi != scheme.afi_on_loan for t in simulator.tags()):
            raise SystemExit(f"{protocol}: a tag was left secured")
    finally:
        driver.close()
        simulator.close()
        store.close()
    return run


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.0f}"


def report(protocol: str, runs: dict[int, list[Run]]) -> None:
    print(f"\n{TITLES[protocol]} (simulated; median of {len(next(iter(runs.values())))} runs)")
    print(
        "books  total ms  per book  inventory   device  quiet(PSST)  software  requests    rescan"
    )
    for books, group in runs.items():
        run = sorted(group, key=lambda r: r.total_s)[len(group) // 2]
        print(
            f"{books:5d}  {ms(run.total_s)}  {ms(run.total_s / books)}  {ms(run.inventory_s)}"
            f"  {ms(run.device_s)}  {ms(run.quiet_s)}     {ms(run.software_s)}  {run.requests:8d}"
            f"  {ms(run.rescan_s)}"
        )
    print(
        "  device = reply bytes at the baud rate + modelled air time; rescan = a second scan"
        " of the stack (the borrow screen scans every 0.4 s), left out of the other columns"
    )
    largest = max(runs)
    run = sorted(runs[largest], key=lambda r: r.total_s)[len(runs[largest]) // 2]
    print(f"  {largest} books, per book:")
    phases = {"inventory (incl. reading every tag)": run.inventory_s, **run.phases}
    for phase, seconds in phases.items():
        print(f"    {phase:38s} {seconds / largest * 1000:6.1f} ms")
    print("  driver operations (calls, median ms; a FEIG read_afi is a system_info, in both):")
    for name, times in run.operations.items():
        median = statistics.median(times) * 1000
        print(f"    {name:38s} {len(times):4d} x {median:6.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--protocol", choices=("feig", "bibliotheca", "both"), default="both")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    protocols = ("feig", "bibliotheca") if args.protocol == "both" else (args.protocol,)
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as tmp:
        for protocol in protocols:
            runs: dict[int, list[Run]] = {}
            for books in STACKS:
                runs[books] = [one_stack(protocol, books, Path(tmp)) for _ in range(args.runs)]
            report(protocol, runs)


if __name__ == "__main__":
    main()
