"""A serial-mode scanner on a pseudo-terminal: ``scan(text)`` sends ``text`` + CR.

The driver opens :attr:`ScannerSimulator.path` exactly as it would open the real
scanner's port, so the default kiosk run and the tests go through the real framing code.
"""

from __future__ import annotations

from drivers.pty import PtyEndpoint
from drivers.scanner.serial_scanner import DEFAULT_BAUD


class ScannerSimulator:
    def __init__(self, baud: int = DEFAULT_BAUD, suffix: bytes = b"\r"):
        self._pty = PtyEndpoint(baud=baud)
        self.path = self._pty.path
        self.suffix = suffix

    def scan(self, text: str) -> None:
        """A code as the scanner sends it after decoding: UTF-8 bytes and the suffix."""
        self.send_raw(text.encode("utf-8") + self.suffix)

    def send_raw(self, data: bytes) -> None:
        """Any bytes, e.g. line noise or a code split across writes."""
        self._pty.write(data)

    def close(self) -> None:
        self._pty.close()

    def __enter__(self) -> ScannerSimulator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
