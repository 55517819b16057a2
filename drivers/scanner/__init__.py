"""QR / barcode scanners: the serial driver and a simulator behind one interface.

``open_scanner("serial", "/dev/ttyACM0", 9600, {})`` for a real scanner in serial mode;
``open_scanner("simulated", ...)`` starts a :class:`ScannerSimulator` on a pty and the
same serial driver on it, and returns an object that also has ``scan(text)`` for the
UI's simulator window. Options: ``max_length`` (longest code accepted, default 512).
"""

from __future__ import annotations

from typing import Any, Protocol

from drivers.scanner.serial_scanner import DEFAULT_BAUD, CodeFramer, SerialScanner
from drivers.scanner.simulator import ScannerSimulator

DRIVERS = ("serial", "simulated")
_OPTIONS = {"max_length"}


class Scanner(Protocol):
    name: str

    def read_code(self, timeout_s: float) -> str | None: ...

    def close(self) -> None: ...


class SimulatedScanner(SerialScanner):
    """The serial driver on a simulator's pty; ``scan`` types a code into the simulator."""

    def __init__(self, baud: int, max_length: int):
        self.simulator = ScannerSimulator(baud=baud)
        super().__init__(self.simulator.path, baud, max_length)
        self.name = "simulated scanner"

    def scan(self, text: str) -> None:
        self.simulator.scan(text)

    def close(self) -> None:
        super().close()
        self.simulator.close()


def open_scanner(
    driver: str,
    port: str | None = None,
    baud: int | None = None,
    options: dict[str, Any] | None = None,
) -> Scanner:
    options = dict(options or {})
    unknown = sorted(set(options) - _OPTIONS)
    if unknown:
        raise ValueError(f"scanner: unknown option(s) {', '.join(unknown)}")
    max_length = int(options.get("max_length", 512))
    if not 1 <= max_length <= 4096:
        raise ValueError("scanner: max_length must be 1..4096")
    baud = baud or DEFAULT_BAUD
    if driver == "simulated":
        return SimulatedScanner(baud, max_length)
    if driver == "serial":
        if not port:
            raise ValueError("scanner: driver 'serial' needs a port")
        return SerialScanner(port, baud, max_length)
    raise ValueError(f"scanner: driver must be one of {', '.join(DRIVERS)}, not {driver!r}")


__all__ = [
    "CodeFramer",
    "Scanner",
    "ScannerSimulator",
    "SerialScanner",
    "SimulatedScanner",
    "open_scanner",
]
