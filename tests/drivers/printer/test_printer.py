"""The serial ESC/POS driver against the printer simulator on a real pty."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path

import pytest
import serial

from drivers.printer import (
    ALARM_OFFLINE,
    ALARM_PAPER_LOW,
    ALARM_PAPER_OUT,
    EscposSerialPrinter,
    Paper,
    PrinterSimulator,
    Receipt,
    open_printer,
)
from kiosk.devices import PaperOut, PrinterError

ROOT = Path(__file__).resolve().parents[3]
RECEIPT = Receipt(
    site_name="杭州图书馆",
    kind="loan",
    patron_masked="****0001",
    lines=(("平凡的世界", date(2026, 12, 21)), ("The Little Prince", date(2026, 12, 21))),
    receipt_id="R-42",
    issued_at=datetime(2026, 11, 21, 14, 3),
    qr_payload="https://lib.example/r/R-42",
)


@pytest.fixture
def rig():
    simulator = PrinterSimulator()
    alarms: list[tuple[str, bool]] = []
    printer = EscposSerialPrinter(
        simulator.path, status_timeout_s=2.0, on_alarm=lambda c, a, _d: alarms.append((c, a))
    )
    yield simulator, printer, alarms
    printer.close()
    simulator.close()
    assert simulator.errors == []


def test_receipt_is_printed_and_parsed_back(rig) -> None:
    simulator, printer, alarms = rig
    printer.print_receipt(RECEIPT)
    (doc,) = simulator.wait_for_documents(1, 10)
    assert "1. 平凡的世界" in doc.lines
    assert "2. The Little Prince" in doc.lines
    assert doc.lines.count("   应还 Due: 2026-12-21") == 2
    assert doc.qr_payloads == ["https://lib.example/r/R-42"]
    assert alarms == []


def test_status_reports_paper_ok_low_out(rig) -> None:
    simulator, printer, alarms = rig
    assert printer.status().paper is Paper.OK
    simulator.set_paper(Paper.LOW)
    assert printer.status().paper is Paper.LOW
    simulator.set_paper(Paper.OUT)
    assert printer.status().paper is Paper.OUT
    simulator.set_paper(Paper.OK)
    assert printer.status().paper is Paper.OK
    assert alarms == [
        (ALARM_PAPER_LOW, True),
        (ALARM_PAPER_LOW, False),
        (ALARM_PAPER_OUT, True),
        (ALARM_PAPER_OUT, False),
    ]


def test_paper_low_still_prints_and_raises_the_alarm(rig) -> None:
    simulator, printer, alarms = rig
    simulator.set_paper(Paper.LOW)
    printer.print_receipt(RECEIPT)
    assert simulator.wait_for_documents(1, 10)[0].qr_payloads == [RECEIPT.qr_payload]
    assert alarms == [(ALARM_PAPER_LOW, True)]


def test_paper_out_raises_paper_out_and_prints_nothing(rig) -> None:
    simulator, printer, alarms = rig
    simulator.set_paper(Paper.OUT)
    with pytest.raises(PaperOut):
        printer.print_receipt(RECEIPT)
    assert simulator.documents == [] and simulator.dropped_events == 0
    assert (ALARM_PAPER_OUT, True) in alarms


def test_paper_running_out_mid_receipt_is_paper_out(rig) -> None:
    simulator, printer, alarms = rig
    simulator.paper_out_after_lines = 4
    with pytest.raises(PaperOut, match="while printing"):
        printer.print_receipt(RECEIPT)
    assert simulator.documents == []
    assert simulator.dropped_events > 0
    assert (ALARM_PAPER_OUT, True) in alarms


def test_cover_open_is_a_printer_error(rig) -> None:
    simulator, printer, _alarms = rig
    simulator.cover_open = True
    with pytest.raises(PrinterError, match="cover"):
        printer.print_receipt(RECEIPT)
    assert printer.status().cover_open


def test_silent_printer_fails_with_a_typed_error_not_a_hang(rig) -> None:
    simulator, printer, alarms = rig
    simulator.silent = True
    with pytest.raises(PrinterError, match="does not answer"):
        printer.print_receipt(RECEIPT)
    assert alarms == [(ALARM_OFFLINE, True)]
    simulator.silent = False
    printer.print_receipt(RECEIPT)
    assert alarms[-1] == (ALARM_OFFLINE, False)
    assert len(simulator.wait_for_documents(1, 10)) == 1


def test_missing_port_and_no_printer() -> None:
    with pytest.raises(PrinterError, match="cannot open"):
        open_printer("escpos-serial", "/dev/null-no-such-printer")
    with pytest.raises(PrinterError):
        open_printer("none").print_receipt(RECEIPT)


def test_simulated_driver_records_through_the_serial_bytes() -> None:
    printer = open_printer("simulated", options={"cjk": "image", "columns": 32})
    try:
        printer.print_receipt(RECEIPT)
        (doc,) = printer.simulator.wait_for_documents(1, 10)
        assert doc.images and doc.qr_payloads == [RECEIPT.qr_payload]
        assert "2. The Little Prince" in doc.lines
    finally:
        printer.close()


@pytest.mark.parametrize(
    ("driver", "options"),
    [("usb", {}), ("escpos-serial", {}), ("simulated", {"cjk": "big5"}), ("none", {"x": 1})],
)
def test_bad_configuration(driver: str, options: dict) -> None:
    with pytest.raises(ValueError):
        open_printer(driver, None, None, options)


def diag_printer(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cli", "diag", "printer", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
    )


def test_diag_printer_status_and_test_page() -> None:
    with PrinterSimulator() as simulator:
        simulator.set_paper(Paper.LOW)
        status = diag_printer("--port", simulator.path, "status")
        page = diag_printer("--port", simulator.path, "test-page")
        (doc,) = simulator.wait_for_documents(1, 10)
        simulator.set_paper(Paper.OUT)
        out = diag_printer("--port", simulator.path, "test-page")
    assert status.returncode == 0, status.stderr
    assert json.loads(status.stdout) == {
        "port": simulator.path,
        "paper": "low",
        "cover_open": False,
        "error": False,
    }
    assert page.returncode == 0, page.stderr
    assert json.loads(page.stdout)["printed"] is True
    assert "1. 测试书名 Test title 活着" in doc.lines
    assert doc.qr_payloads == ["https://lib.example/r/TEST"]
    assert out.returncode == 1 and out.stderr.startswith("paper_out:")


def test_diag_printer_silent_fails_within_the_deadline() -> None:
    with PrinterSimulator() as simulator:
        simulator.silent = True
        done = diag_printer("--port", simulator.path, "status")
    assert done.returncode == 1
    assert done.stderr.startswith("printer_error:")


def test_non_utf8_qr_payload_is_an_escpos_error_and_the_simulator_keeps_serving(rig) -> None:
    simulator, printer, _ = rig
    store = b"\x31\x50\x30" + b"\xff\xfe"  # QR "store data" with bytes that are not UTF-8
    bad_qr = b"\x1d(k" + len(store).to_bytes(2, "little") + store
    bad_qr += b"\x1d(k\x03\x00\x31\x51\x30"  # print the stored symbol
    with serial.Serial(simulator.path, 9600, timeout=1) as line:
        line.write(b"\x1b@" + bad_qr)
        line.flush()
    deadline = time.monotonic() + 5
    while not simulator.errors and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(simulator.errors) == 1 and "not UTF-8" in simulator.errors[0]
    simulator.errors.clear()  # the rig checks that nothing else went wrong
    printer.print_receipt(RECEIPT)  # the simulator thread survived and still parses
    (document,) = simulator.wait_for_documents(1, timeout_s=5)
    assert document.qr_payloads == [RECEIPT.qr_payload]
