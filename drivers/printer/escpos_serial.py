"""ESC/POS receipt printers on a serial port (RS-232 or USB-CDC), e.g. Epson TM-T88,
Xprinter XP-58/80, SNBC BTP series.

:class:`EscposSerialPrinter` checks the paper sensor (``DLE EOT 4``) and the offline
cause (``DLE EOT 2``) before printing, sends the rendered receipt, and checks the paper
again afterwards. It raises :class:`~kiosk.devices.PaperOut` when the printer reports
paper end and :class:`~kiosk.devices.PrinterError` when it is missing, silent or
reports the cover open. Every step is bounded by a timeout, so a dead printer costs at
most a few seconds of a worker thread; callers print only after the loan is recorded and
treat a failure as "no receipt", never as a failed loan.

Alarms: on every change of the paper state (ok -> low -> out and back) or of the
printer's reachability, ``on_alarm(code, active, detail)`` is called with
``printer_paper_low``, ``printer_paper_out`` or ``printer_offline``, so the kiosk can
raise and clear a service alarm.

One object per port; calls are serialised by a lock, so the UI's print worker and a
status poller may share it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import serial

from drivers.printer.receipt import DEFAULT_COLUMNS, Receipt, render_receipt
from drivers.printer.status import (
    REQUEST_OFFLINE_CAUSE,
    REQUEST_PAPER,
    Paper,
    PrinterStatus,
    decode_offline_cause,
    decode_paper,
)
from kiosk.devices import PaperOut, PrinterError

log = logging.getLogger(__name__)

AlarmSink = Callable[[str, bool, str], None]

ALARM_PAPER_LOW = "printer_paper_low"
ALARM_PAPER_OUT = "printer_paper_out"
ALARM_OFFLINE = "printer_offline"


class EscposSerialPrinter:
    def __init__(
        self,
        port: str,
        baud: int = 9600,
        *,
        cjk: str = "gb18030",
        columns: int = DEFAULT_COLUMNS,
        status_timeout_s: float = 1.0,
        write_timeout_s: float = 10.0,
        on_alarm: AlarmSink | None = None,
    ):
        self.port = port
        self.name = f"printer@{port}"
        self.cjk = cjk
        self.columns = columns
        self.on_alarm = on_alarm
        self._lock = threading.Lock()
        self._alarms: dict[str, bool] = {}
        try:
            self._serial = serial.Serial(
                port,
                baud,
                bytesize=8,
                parity="N",
                stopbits=1,
                timeout=status_timeout_s,
                write_timeout=write_timeout_s,
            )
        except serial.SerialException as exc:
            self._alarm(ALARM_OFFLINE, True, str(exc))
            raise PrinterError(f"cannot open printer port {port}: {exc}", device=self.name) from exc

    def status(self) -> PrinterStatus:
        """The printer's paper and cover state now. Raises PrinterError if it is silent."""
        with self._lock:
            return self._status()

    def print_receipt(self, receipt: Receipt) -> None:
        """Print one receipt. Raises PaperOut or PrinterError; returns once it is sent."""
        self.print_bytes(render_receipt(receipt, cjk=self.cjk, columns=self.columns))

    def print_bytes(self, data: bytes) -> None:
        with self._lock:
            before = self._status()
            if before.paper is Paper.OUT:
                raise PaperOut("the printer is out of paper / 打印纸已用完", device=self.name)
            if before.cover_open:
                raise PrinterError("the printer cover is open / 打印机盖未关", device=self.name)
            try:
                self._serial.write(data)
                self._serial.flush()
            except (serial.SerialException, OSError) as exc:
                self._alarm(ALARM_OFFLINE, True, str(exc))
                raise PrinterError(
                    f"sending to the printer failed: {exc}", device=self.name
                ) from exc
            after = self._status()
            if after.paper is Paper.OUT:
                raise PaperOut("paper ran out while printing / 打印中缺纸", device=self.name)

    def close(self) -> None:
        with self._lock:
            self._serial.close()

    def _status(self) -> PrinterStatus:
        paper = decode_paper(self._ask(REQUEST_PAPER))
        cover_open, error = decode_offline_cause(self._ask(REQUEST_OFFLINE_CAUSE))
        self._alarm(ALARM_OFFLINE, False, "")
        self._alarm(ALARM_PAPER_LOW, paper is Paper.LOW, "paper near end / 打印纸将尽")
        self._alarm(ALARM_PAPER_OUT, paper is Paper.OUT, "paper end / 打印纸已用完")
        return PrinterStatus(paper, cover_open, error)

    def _ask(self, request: bytes) -> int:
        try:
            self._serial.reset_input_buffer()
            self._serial.write(request)
            answer: bytes = self._serial.read(1)
        except (serial.SerialException, OSError) as exc:
            self._alarm(ALARM_OFFLINE, True, str(exc))
            raise PrinterError(f"printer port failed: {exc}", device=self.name) from exc
        if not answer:
            self._alarm(ALARM_OFFLINE, True, "no answer to a status request")
            raise PrinterError("the printer does not answer / 打印机无响应", device=self.name)
        return answer[0]

    def _alarm(self, code: str, active: bool, detail: str) -> None:
        if self._alarms.get(code, False) == active:
            return
        self._alarms[code] = active
        (log.warning if active else log.info)(
            "alarm %s %s %s", code, "on" if active else "off", detail
        )
        if self.on_alarm is not None:
            try:
                self.on_alarm(code, active, detail)
            except Exception:  # an alarm sink must never break printing
                log.exception("alarm sink failed for %s", code)
