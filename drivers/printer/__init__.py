"""Receipt printers: ESC/POS on a serial port, a simulator, or none, behind one interface.

``open_printer(driver, port, baud, options)``:

* ``"escpos-serial"``: :class:`EscposSerialPrinter` on ``port``;
* ``"simulated"``: a :class:`PrinterSimulator` on a pty with the same serial driver on
  it (``printer.simulator`` gives the recorded documents and the paper switch);
* ``"none"``: a site without a printer; ``print_receipt`` raises PrinterError at once.

Options: ``cjk`` ("gb18030" | "image", see :mod:`drivers.printer.receipt`), ``columns``
(characters per line, default 42 for 80 mm paper; 32 for 58 mm), ``status_timeout_s``.
An ``on_alarm(code, active, detail)`` callable receives paper and reachability alarms.
"""

from __future__ import annotations

from typing import Any, Protocol, TypedDict, Unpack

from drivers.printer.escpos_serial import (
    ALARM_OFFLINE,
    ALARM_PAPER_LOW,
    ALARM_PAPER_OUT,
    AlarmSink,
    EscposSerialPrinter,
)
from drivers.printer.receipt import CJK_MODES, Receipt, render_receipt
from drivers.printer.simulator import PrinterSimulator
from drivers.printer.status import Paper, PrinterStatus
from kiosk.devices import PrinterError

DRIVERS = ("escpos-serial", "simulated", "none")
_OPTIONS = {"cjk", "columns", "status_timeout_s"}


class Printer(Protocol):
    name: str

    def print_receipt(self, receipt: Receipt) -> None: ...

    def status(self) -> PrinterStatus: ...

    def close(self) -> None: ...


class _PrinterSettings(TypedDict, total=False):
    """The keyword settings both serial printers take (each has a default in the driver)."""

    cjk: str
    columns: int
    status_timeout_s: float
    on_alarm: AlarmSink | None


class SimulatedPrinter(EscposSerialPrinter):
    """The serial driver talking to a :class:`PrinterSimulator` on a pty."""

    def __init__(self, baud: int, **kwargs: Unpack[_PrinterSettings]) -> None:
        self.simulator = PrinterSimulator(baud=baud)
        super().__init__(self.simulator.path, baud, **kwargs)
        self.name = "simulated printer"

    def close(self) -> None:
        super().close()
        self.simulator.close()


class NoPrinter:
    """A site without a receipt printer."""

    name = "no printer"

    def print_receipt(self, receipt: Receipt) -> None:
        raise PrinterError("this kiosk has no receipt printer / 本机无凭条打印机", device=self.name)

    def status(self) -> PrinterStatus:
        raise PrinterError("this kiosk has no receipt printer / 本机无凭条打印机", device=self.name)

    def close(self) -> None:
        return None


def open_printer(
    driver: str,
    port: str | None = None,
    baud: int | None = None,
    options: dict[str, Any] | None = None,
    on_alarm: AlarmSink | None = None,
) -> Printer:
    options = dict(options or {})
    unknown = sorted(set(options) - _OPTIONS)
    if unknown:
        raise ValueError(f"printer: unknown option(s) {', '.join(unknown)}")
    cjk = str(options.get("cjk", "gb18030"))
    if cjk not in CJK_MODES:
        raise ValueError(f"printer: cjk must be one of {', '.join(CJK_MODES)}, not {cjk!r}")
    columns = int(options.get("columns", 42))
    if not 24 <= columns <= 64:
        raise ValueError("printer: columns must be 24..64")
    kwargs: _PrinterSettings = {
        "cjk": cjk,
        "columns": columns,
        "status_timeout_s": float(options.get("status_timeout_s", 1.0)),
        "on_alarm": on_alarm,
    }
    baud = baud or 9600
    if driver == "none":
        return NoPrinter()
    if driver == "simulated":
        return SimulatedPrinter(baud, **kwargs)
    if driver == "escpos-serial":
        if not port:
            raise ValueError("printer: driver 'escpos-serial' needs a port")
        return EscposSerialPrinter(port, baud, **kwargs)
    raise ValueError(f"printer: driver must be one of {', '.join(DRIVERS)}, not {driver!r}")


__all__ = [
    "ALARM_OFFLINE",
    "ALARM_PAPER_LOW",
    "ALARM_PAPER_OUT",
    "EscposSerialPrinter",
    "NoPrinter",
    "Paper",
    "Printer",
    "PrinterSimulator",
    "PrinterStatus",
    "Receipt",
    "SimulatedPrinter",
    "open_printer",
    "render_receipt",
]
