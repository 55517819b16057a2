"""``kiosk sim ...``: a device simulator on a pseudo-terminal, for trying drivers by hand.

Each command starts one simulator, prints one JSON line naming the pty a driver should
open, and runs until SIGINT or SIGTERM. In another terminal, point a ``kiosk diag``
command (or a site file) at that path:

    kiosk sim rfid --protocol feig --item 31234000567890     -> {"device": "rfid", "port": ...}
    kiosk diag rfid --protocol feig --port /dev/pts/7 inventory

The simulators speak the devices' own bytes (see docs/rfid.md, docs/lockers.md and
docs/identification.md); they are the ones the default kiosk and the tests use.
"""

from __future__ import annotations

import argparse
import signal
import threading
from collections.abc import Callable, Mapping
from typing import Protocol

from drivers.diag import emit
from kiosk.sample_data import BOOKS


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    rfid = subparsers.add_parser("rfid", help="an RFID pad with tags / 模拟RFID读写器")
    rfid.add_argument("--protocol", choices=("feig", "bibliotheca"), default="feig")
    rfid.add_argument(
        "--item", action="append", default=None, help="item id of a tag on the pad (repeat)"
    )
    rfid.add_argument("--on-loan", action="store_true", help="tags start in the on-loan state")
    rfid.set_defaults(handler=run_rfid)

    locker = subparsers.add_parser("locker", help="a bus of lock boards / 模拟锁控板")
    locker.add_argument("--protocol", choices=("8a", "kerong"), default="8a")
    locker.add_argument("--boards", type=int, default=1, help="boards 1..N on the bus")
    locker.set_defaults(handler=run_locker)

    scanner = subparsers.add_parser("scanner", help="a serial QR scanner / 模拟扫码器")
    scanner.add_argument("--code", action="append", default=[], help="code to send once opened")
    scanner.set_defaults(handler=run_scanner)

    printer = subparsers.add_parser("printer", help="an ESC/POS printer / 模拟凭条打印机")
    printer.set_defaults(handler=run_printer)


class _Simulator(Protocol):
    def close(self) -> None: ...


def run_rfid(args: argparse.Namespace) -> int:
    from drivers.rfid import library_tag
    from drivers.rfid.sim import make_simulator

    items = args.item if args.item is not None else [book.item_id for book in BOOKS[:3]]
    tags = [library_tag(item_id, secured=not args.on_loan) for item_id in items]
    sim = make_simulator(args.protocol, tags)
    return _serve("rfid", sim, sim.path, {"protocol": args.protocol, "items": items})


def run_locker(args: argparse.Namespace) -> int:
    from drivers.locker import make_protocol
    from drivers.locker.simulator import LockerSimulator

    protocol = make_protocol(args.protocol)
    sim = LockerSimulator()
    boards = {board: protocol.locks_on(board) for board in range(1, args.boards + 1)}
    path = sim.add_bus("A", protocol, boards)
    return _serve("locker", sim, path, {"protocol": args.protocol, "boards": args.boards})


def run_scanner(args: argparse.Namespace) -> int:
    from drivers.scanner import ScannerSimulator

    sim = ScannerSimulator()

    def send_codes() -> None:
        for code in args.code:
            sim.scan(code)

    return _serve("scanner", sim, sim.path, {}, after_start=send_codes)


def run_printer(args: argparse.Namespace) -> int:
    from drivers.printer.simulator import PrinterSimulator

    sim = PrinterSimulator()
    return _serve("printer", sim, sim.path, {})


def _serve(
    device: str,
    sim: _Simulator,
    path: str,
    detail: Mapping[str, object],
    after_start: Callable[[], None] | None = None,
) -> int:
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    try:
        emit({"device": device, "port": path, **detail})
        if after_start is not None:
            after_start()
        stop.wait()
    finally:
        sim.close()
    return 0
