"""``kiosk diag scanner``: wait for one scan on a serial-mode scanner and show it.

Prints ``{"port": "/dev/ttyACM0", "code": "9787020002207", "length": 13}``. An e-card
code carries a patron id, so only its kind is shown (``"code": "LKE1.… (e-card)"``).
"""

from __future__ import annotations

import argparse
import logging

from drivers.diag import DIAG_DEADLINE_S, emit, run_with_deadline
from kiosk.devices import DeviceError

MAX_WAIT_S = DIAG_DEADLINE_S - 1.0


class NoCode(DeviceError):
    """Nothing was scanned while the service command waited."""

    code = "no_code"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "scanner",
        help="read one code from a serial QR/barcode scanner / 扫码测试",
        description=__doc__,
    )
    parser.add_argument("--port", required=True, help="serial port, e.g. /dev/ttyACM0")
    parser.add_argument("--baud", type=int, default=9600)
    parser.add_argument(
        "--timeout",
        type=float,
        default=MAX_WAIT_S,
        help=f"seconds to wait (at most {MAX_WAIT_S:g})",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    # stdout is the JSON result and stderr one line on failure: driver log records
    # (alarms, warnings) would break that contract.
    logging.disable(logging.WARNING)

    def action() -> None:
        from drivers.scanner import open_scanner
        from kiosk.ecard import EcardVerifier

        scanner = open_scanner("serial", args.port, args.baud)
        wait_s = max(0.0, min(args.timeout, MAX_WAIT_S))
        try:
            code = scanner.read_code(wait_s)
        finally:
            scanner.close()
        if code is None:
            raise NoCode(f"nothing scanned on {args.port} within {wait_s:g} s / 未扫描到条码")
        shown = "LKE1.… (e-card)" if EcardVerifier.looks_like_ecard(code) else code
        emit({"port": args.port, "code": shown, "length": len(code)})

    return run_with_deadline(action)
