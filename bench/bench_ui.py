"""UI benchmark: cold start to the attract screen, a 5-book borrow from login to receipt,
and resident memory over 1,000 sessions. Prints figures; asserts nothing.

Each of the 1,000 sessions does a resident's whole visit on the real drivers: card login
(the card lifted and seen gone), borrow one book from the pad, My loans, return the book,
a printed receipt (the printer simulator's copy is checked, then dropped), logout. Every
loan and return is checked in the store; resident set size is read after a tenth, half
and all of the sessions, after a garbage collection.

Runs on the simulated default site (real drivers over ptys with wire and air time),
Qt offscreen unless QT_QPA_PLATFORM is set:

    .venv/bin/python bench/bench_ui.py [--sessions 1000] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BOOKS = ["31234000567890", "31234000567891", "31234000567892", "31234000567893", "31234000567894"]
SESSION_CARD = "3301000000001"
SESSION_BOOK = "31234000567890"
GROWTH_BOUND_MB = 5.0
OFFSCREEN_SIZE_HINTS_WARNING = "This plugin does not support propagateSizeHints()"


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def pump_until(condition, timeout_s: float = 30.0) -> None:
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("kiosk did not reach the expected state")
        app.processEvents()
        # What exec() would do between events: free the widgets a screen let go of.
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        time.sleep(0.002)


def drop_offscreen_size_hint_warnings() -> None:
    """The offscreen platform warns once per dialog shown; a thousand receipt prompts would
    bury the figures. Every other Qt message still goes to stderr."""
    from PySide6.QtCore import qInstallMessageHandler

    def handler(_mode, _context, message: str) -> None:
        if message != OFFSCREEN_SIZE_HINTS_WARNING:
            sys.stderr.write(message + "\n")

    qInstallMessageHandler(handler)


def open_kiosk(data_dir: str):
    from kiosk.config import load_config
    from runtime.build import build_runtime
    from ui.app import application
    from ui.simulator_window import SimulatorWindow
    from ui.window import KioskWindow

    application()
    runtime = build_runtime(load_config(ROOT / "config" / "default.toml"), data_dir=data_dir)
    window = KioskWindow(runtime, sound=False)
    window.show()
    return runtime, window, SimulatorWindow(runtime, window)


def close_kiosk(runtime, window) -> None:
    window.allow_close = True
    window.close()
    runtime.close()


def cold_child() -> None:
    """In a fresh process: from interpreter start to the attract screen painted."""
    from ui.navigation import View

    with tempfile.TemporaryDirectory() as data_dir:
        runtime, window, _ = open_kiosk(data_dir)
        pump_until(lambda: window.view is View.ATTRACT and window.attract.isVisible())
        window.attract.grab()  # one real paint of the screen
        elapsed = time.time() - float(os.environ["BENCH_T0"])
        sys.stdout.write(f"{elapsed:.4f}\n")
        close_kiosk(runtime, window)


def bench_cold_start(runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        env = dict(os.environ, BENCH_T0=repr(time.time()))
        out = subprocess.run(
            [sys.executable, __file__, "--cold-child"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        times.append(float(out.strip().splitlines()[-1]))
    return times


def borrow_once(data_dir: str) -> float:
    from ui.navigation import View

    runtime, window, sim = open_kiosk(data_dir)
    printer = runtime.simulators.printer.simulator
    start = time.perf_counter()
    sim.present_card("3301000000001")
    pump_until(lambda: window.view is View.MENU)
    sim.lift_card()
    window.resident.show_borrow()
    for item_id in BOOKS:
        sim.place_book(item_id)
    pump_until(lambda: len(window.borrow_screen.ready()) == 5)
    window.borrow_screen.confirm()
    pump_until(lambda: window.view is View.RESULT)
    window.transactions.finish()
    pump_until(lambda: bool(window.open_dialogs()))
    window.open_dialogs()[0].answer_buttons[0].click()
    pump_until(lambda: window.view is View.ATTRACT and len(printer.documents) == 1)
    elapsed = time.perf_counter() - start
    loans = len(runtime.store.open_loans("3301000000001"))
    close_kiosk(runtime, window)
    if loans != 5:
        raise RuntimeError(f"expected 5 loans, got {loans}")
    return elapsed


def bench_borrow(runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as data_dir:
            times.append(borrow_once(data_dir))
    return times


class SessionRig:
    """Drives whole resident sessions on one kiosk and checks that each did its work."""

    def __init__(self, runtime, window, sim) -> None:
        self.runtime, self.window, self.sim = runtime, window, sim
        self.printer = runtime.simulators.printer.simulator
        self.settled = 0
        window.identification.card_poller.settled.connect(self._card_settled)

    def _card_settled(self) -> None:
        self.settled += 1

    def one_session(self) -> None:
        """Card login, borrow one book, My loans, return it, printed receipt, logout."""
        from ui.navigation import View

        window, sim, store = self.window, self.sim, self.runtime.store
        settled = self.settled
        sim.present_card(SESSION_CARD)
        pump_until(lambda: window.view is View.MENU)
        sim.lift_card()
        # The next card must not reach a poller still waiting for this one to go.
        pump_until(lambda: self.settled > settled)
        window.resident.show_borrow()
        sim.place_book(SESSION_BOOK)
        pump_until(lambda: len(window.borrow_screen.ready()) == 1)
        window.borrow_screen.confirm()
        pump_until(lambda: window.view is View.RESULT)
        if store.open_loan_for_item(SESSION_BOOK) is None:
            raise RuntimeError("the borrow was not recorded")
        window.resident.back_to_menu()
        window.resident.show_loans()
        pump_until(lambda: window.loans_screen.loaded)
        window.resident.back_to_menu()
        window.resident.show_return()
        pump_until(lambda: len(window.return_screen.ready()) == 1)
        window.return_screen.confirm()
        pump_until(lambda: window.view is View.RESULT)
        if store.open_loan_for_item(SESSION_BOOK) is not None:
            raise RuntimeError("the return was not recorded")
        window.transactions.finish()
        pump_until(lambda: bool(window.open_dialogs()))
        window.open_dialogs()[0].answer_buttons[0].click()  # print a receipt
        pump_until(lambda: window.view is View.ATTRACT and len(self.printer.documents) == 1)
        pump_until(lambda: not window.worker.busy)
        # The simulator keeps every printed document; the kiosk itself keeps none.
        self.printer.documents.clear()
        sim.remove_book(SESSION_BOOK)


@dataclass(frozen=True)
class Mark:
    """The process after some sessions: what the OS sees, and what Python holds."""

    rss_mb: float
    python_objects: int


def bench_sessions(sessions: int) -> tuple[dict[int, Mark], float, float]:
    """``sessions`` whole sessions (see SessionRig.one_session): a Mark after a tenth, half
    and all of them, the seconds per session, and the store's size on disk in MB."""
    import gc

    with tempfile.TemporaryDirectory() as data_dir:
        runtime, window, sim = open_kiosk(data_dir)
        rig = SessionRig(runtime, window, sim)
        marks = {}
        start = time.perf_counter()
        for n in range(1, sessions + 1):
            rig.one_session()
            if n in (sessions // 10, sessions // 2, sessions):
                gc.collect()
                marks[n] = Mark(rss_mb(), len(gc.get_objects()))
        elapsed = time.perf_counter() - start
        loans = runtime.store.query("SELECT count(*) AS n FROM loans")[0]["n"]
        store_mb = sum(p.stat().st_size for p in Path(data_dir).rglob("*.db*")) / 2**20
        close_kiosk(runtime, window)
    if loans != sessions:
        raise RuntimeError(f"expected {sessions} loans, found {loans}")
    return marks, elapsed / sessions, store_mb


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cold-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sessions", type=int, default=1000)
    args = parser.parse_args()
    drop_offscreen_size_hint_warnings()
    if args.cold_child:
        cold_child()
        return 0
    out = sys.stdout.write
    cold = bench_cold_start(args.runs)
    out(
        f"cold start to attract screen: median {statistics.median(cold) * 1000:.0f} ms "
        f"(runs: {', '.join(f'{t * 1000:.0f}' for t in cold)} ms)\n"
    )
    borrow = bench_borrow(args.runs)
    out(
        f"borrow 5 books, login to printed receipt: median {statistics.median(borrow):.2f} s "
        f"(runs: {', '.join(f'{t:.2f}' for t in borrow)} s)\n"
    )
    marks, per, store_mb = bench_sessions(args.sessions)
    first, last = marks[min(marks)], marks[max(marks)]
    growth = last.rss_mb - first.rss_mb
    verdict = "within" if growth <= GROWTH_BOUND_MB else "ABOVE"
    out(
        "sessions (login, borrow, My loans, return, printed receipt, logout), "
        f"{per * 1000:.0f} ms each:\n"
        + "".join(
            f"  after {n:>5}: RSS {m.rss_mb:.1f} MB, {m.python_objects:,} Python objects\n"
            for n, m in sorted(marks.items())
        )
        + f"  RSS growth {growth:+.1f} MB from {min(marks)} to {max(marks)} sessions"
        f" ({verdict} the {GROWTH_BOUND_MB:.0f} MB bound), Python objects"
        f" {last.python_objects - first.python_objects:+,}; store files {store_mb:.1f} MB\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
