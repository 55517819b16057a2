"""The device side of a pseudo-terminal, for simulators that speak a device's bytes.

A simulator opens a :class:`PtyEndpoint`, hands :attr:`PtyEndpoint.path` to the driver
(which opens it with pyserial exactly as it would open ``/dev/ttyUSB0``) and reads and
writes raw bytes on the other side. ptys ignore baud rate and parity, so the endpoint
emulates wire time itself: each write is delayed by ``bytes x bits-per-byte / baud``.
"""

from __future__ import annotations

import os
import select
import termios
import time
import tty


class PtyEndpoint:
    """One pty pair; the simulator owns the master, the driver opens ``path``."""

    def __init__(self, baud: int = 9600, bits_per_byte: int = 10, emulate_wire_time: bool = True):
        self._master, self._slave = os.openpty()
        # Keep the slave open for the endpoint's lifetime: if every slave fd closes, reads
        # on the master fail with EIO between the driver's close and its next open.
        tty.setraw(self._slave, termios.TCSANOW)
        tty.setraw(self._master, termios.TCSANOW)
        self.path = os.ttyname(self._slave)
        self.baud = baud
        self.bits_per_byte = bits_per_byte
        self.emulate_wire_time = emulate_wire_time
        self._closed = False

    def wire_time(self, n_bytes: int) -> float:
        return n_bytes * self.bits_per_byte / self.baud if self.emulate_wire_time else 0.0

    def read(self, timeout: float | None = None, max_bytes: int = 4096) -> bytes:
        """Whatever the driver has sent, waiting up to ``timeout`` (None = forever)."""
        ready, _, _ = select.select([self._master], [], [], timeout)
        if not ready or self._closed:
            return b""
        try:
            return os.read(self._master, max_bytes)
        except OSError:
            return b""

    def write(self, data: bytes) -> None:
        """Send bytes to the driver after the time they would take on the wire."""
        delay = self.wire_time(len(data))
        if delay:
            time.sleep(delay)
        os.write(self._master, data)

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            os.close(self._master)
            os.close(self._slave)

    def __enter__(self) -> PtyEndpoint:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
