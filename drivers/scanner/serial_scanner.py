"""QR / barcode scanners in serial mode (RS-232 or USB-CDC): ASCII code + CR.

Most scanners in a kiosk can be set to "serial" (virtual COM port) mode, 9600 8N1 by
default, where each decoded code arrives as its characters followed by CR (or CR LF, or
LF, depending on the suffix setting). There is no checksum and no handshake.

One thread ("scanner-rx") owns the port: it reads byte chunks, splits them into lines
with :class:`CodeFramer` (a pure framer, fed any chunking) and queues the codes;
:meth:`SerialScanner.read_code` takes the next one. Lines that cannot be a code (control
characters, invalid UTF-8, longer than ``max_length``) are dropped with a warning, so a
noisy cable never turns into a login attempt. If the port goes away (USB scanner
unplugged) the next ``read_code`` raises :class:`~kiosk.devices.NoReader`.
"""

from __future__ import annotations

import logging
import queue
import threading

import serial

from kiosk.devices import NoReader

log = logging.getLogger(__name__)

DEFAULT_BAUD = 9600
DEFAULT_MAX_LENGTH = 512
TERMINATORS = b"\r\n"


class CodeFramer:
    """Bytes in, codes out: a code ends at CR or LF; empty lines (CR LF pairs) vanish."""

    def __init__(self, max_length: int = DEFAULT_MAX_LENGTH):
        self.max_length = max_length
        self._buffer = bytearray()
        self._overlong = False
        self.rejected = 0

    def feed(self, data: bytes) -> list[str]:
        codes: list[str] = []
        for byte in data:
            if byte in TERMINATORS:
                code = self._finish()
                if code is not None:
                    codes.append(code)
            elif len(self._buffer) >= self.max_length:
                self._overlong = True
            else:
                self._buffer.append(byte)
        return codes

    def _finish(self) -> str | None:
        raw, overlong = bytes(self._buffer), self._overlong
        self._buffer.clear()
        self._overlong = False
        if not raw and not overlong:
            return None
        reason = None
        if overlong:
            reason = f"longer than {self.max_length} bytes"
        else:
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                reason = "not UTF-8"
            else:
                if not text.isprintable() or text != text.strip():
                    reason = "control characters or surrounding blanks"
        if reason is not None:
            self.rejected += 1
            log.warning("scanner: dropped a %d-byte line: %s", len(raw), reason)
            return None
        return text


class SerialScanner:
    """A serial-mode scanner on ``port``; ``read_code`` from one consumer thread."""

    def __init__(self, port: str, baud: int = DEFAULT_BAUD, max_length: int = DEFAULT_MAX_LENGTH):
        self.port = port
        self.name = f"scanner@{port}"
        try:
            self._serial = serial.Serial(
                port, baud, bytesize=8, parity="N", stopbits=1, timeout=0.2
            )
        except serial.SerialException as exc:
            raise NoReader(f"cannot open scanner port {port}: {exc}", device=self.name) from exc
        self._framer = CodeFramer(max_length)
        self._codes: queue.Queue[str] = queue.Queue()
        self._failure: NoReader | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="scanner-rx", daemon=True)
        self._thread.start()

    @property
    def rejected(self) -> int:
        """Lines dropped as not-a-code since the port was opened."""
        return self._framer.rejected

    def read_code(self, timeout_s: float) -> str | None:
        """The next scanned code, or None if nothing was scanned within ``timeout_s``."""
        try:
            return self._codes.get(timeout=timeout_s) if timeout_s > 0 else self._codes.get_nowait()
        except queue.Empty:
            if self._failure is not None:
                raise self._failure from None
            return None

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2.0)
        self._serial.close()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                chunk = self._serial.read(self._serial.in_waiting or 1)
            except (serial.SerialException, OSError, TypeError) as exc:
                # pyserial raises TypeError from in_waiting on a port closed under it.
                if not self._stop.is_set():
                    log.error("scanner port %s failed: %s", self.port, exc)
                    self._failure = NoReader(
                        f"scanner port {self.port} failed: {exc}", device=self.name
                    )
                return
            for code in self._framer.feed(chunk):
                log.debug("scanner: %d-character code", len(code))
                self._codes.put(code)
