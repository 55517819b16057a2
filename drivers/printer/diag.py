"""``kiosk diag printer``: the receipt printer's paper state, or a test page.

``kiosk diag printer --port /dev/ttyUSB0 status`` prints
``{"port": .., "paper": "ok", "cover_open": false, "error": false}``;
``... test-page`` prints a sample receipt (Chinese text, a due date, a QR code) and then
``{"port": .., "printed": true, "bytes": 812, "paper": "ok", ...}``. Paper out exits
with ``paper_out``, a silent printer with ``printer_error``.
"""

from __future__ import annotations

import argparse
import logging
from datetime import datetime, timedelta

from drivers.diag import emit, run_with_deadline
from drivers.printer.receipt import CJK_MODES, Receipt, render_receipt


def sample_page(now: datetime) -> Receipt:
    return Receipt(
        site_name="打印测试 Printer test",
        kind="loan",
        patron_masked="****0000",
        lines=(("测试书名 Test title 活着", (now + timedelta(days=30)).date()),),
        receipt_id="TEST-" + now.strftime("%Y%m%d%H%M%S"),
        issued_at=now,
        qr_payload="https://lib.example/r/TEST",
    )


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "printer", help="receipt printer status or test page / 凭条打印机测试", description=__doc__
    )
    parser.add_argument("--port", required=True, help="serial port, e.g. /dev/ttyUSB0")
    parser.add_argument("--baud", type=int, default=9600)
    parser.add_argument("--cjk", choices=CJK_MODES, default="gb18030")
    parser.add_argument("action", nargs="?", choices=("status", "test-page"), default="status")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    # stdout is the JSON result and stderr one line on failure: driver log records
    # (alarms, warnings) would break that contract.
    logging.disable(logging.WARNING)

    def action() -> None:
        from drivers.printer.escpos_serial import EscposSerialPrinter

        printer = EscposSerialPrinter(args.port, args.baud, cjk=args.cjk, status_timeout_s=1.0)
        try:
            if args.action == "test-page":
                data = render_receipt(sample_page(datetime.now()), cjk=args.cjk)
                printer.print_bytes(data)
                emit(
                    {
                        "port": args.port,
                        "printed": True,
                        "bytes": len(data),
                        **printer.status().as_dict(),
                    }
                )
            else:
                emit({"port": args.port, **printer.status().as_dict()})
        finally:
            printer.close()

    return run_with_deadline(action)
