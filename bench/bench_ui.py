"""UI benchmark: cold start to the attract screen, a 5-book borrow from login to receipt,
and resident memory over 1,000 sessions. Prints figures; asserts nothing.

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
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BOOKS = ["31234000567890", "31234000567891", "31234000567892", "31234000567893", "31234000567894"]
GROWTH_BOUND_MB = 5.0


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
    from ui.window import View

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
    from ui.window import View

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


def bench_sessions(sessions: int) -> tuple[float, float, float, float]:
    """Log in, open My loans and the borrow screen, log out: ``sessions`` times."""
    import gc

    from ui.window import View

    with tempfile.TemporaryDirectory() as data_dir:
        runtime, window, _ = open_kiosk(data_dir)
        marks = {}
        start = time.perf_counter()
        for n in range(1, sessions + 1):
            window.resident.login("3301000000001", "card")
            pump_until(lambda: window.view is View.MENU)
            window.resident.show_loans()
            pump_until(lambda: window.loans_screen.loaded)
            window.resident.back_to_menu()
            window.resident.show_borrow()
            window.logout()
            pump_until(lambda: not window.worker.busy)
            if n in (sessions // 10, sessions):
                gc.collect()
                marks[n] = rss_mb()
        elapsed = time.perf_counter() - start
        close_kiosk(runtime, window)
    first, last = marks[sessions // 10], marks[sessions]
    return first, last, last - first, elapsed / sessions


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cold-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sessions", type=int, default=1000)
    args = parser.parse_args()
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
    first, last, growth, per = bench_sessions(args.sessions)
    verdict = "within" if growth <= GROWTH_BOUND_MB else "ABOVE"
    out(
        f"RSS after {args.sessions // 10} sessions {first:.1f} MB, after {args.sessions} "
        f"{last:.1f} MB: growth {growth:+.1f} MB ({verdict} the {GROWTH_BOUND_MB:.0f} MB bound); "
        f"{per * 1000:.1f} ms per session\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
