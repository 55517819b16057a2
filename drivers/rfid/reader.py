"""What every RFID reader driver offers, and the serial request/response plumbing they share.

A driver speaks one reader's host protocol (FEIG ISO-Host, 3M Model 210) and exposes the
handful of ISO 15693 operations the kiosk needs, in *memory order* and with UIDs MSB
first. Decoding library data and security policy live above, in :mod:`drivers.rfid.pad`.

Threading: a driver is owned by one thread, the first that calls an operation on it (in
the kiosk, the RFID device worker). A call from any other thread raises RuntimeError
instead of interleaving bytes on the wire.

Every exchange clears stale input, sends one request, and collects bytes until a frame
with a valid CRC that answers this request turns up (garbage before it is skipped). A
missing or corrupt reply is retried ``retries`` times, then the reader counts as gone
(:class:`~kiosk.devices.NoReader`).
"""

from __future__ import annotations

import functools
import logging
import termios
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

import serial

from kiosk.devices import DeviceError, NoReader

log = logging.getLogger(__name__)

DEVICE = "rfid"
T = TypeVar("T")

# Bytes kept while looking for a reply: over twice the longest reply the drivers ask for
# (a FEIG inventory page of 64 tags is about 650 bytes). Older bytes are dropped, so a
# reader streaming garbage costs bounded work per received chunk.
MAX_RX_WINDOW = 2048


@dataclass(frozen=True)
class InventoryEntry:
    uid: bytes
    dsfid: int


@dataclass(frozen=True)
class SystemInfo:
    uid: bytes
    dsfid: int
    afi: int
    block_size: int
    block_count: int


class ReaderError(DeviceError):
    """The reader answered with an error status the kiosk has no better name for."""

    code = "rfid_reader_error"


class Link(Protocol):
    """What a driver needs from its line: one request, the bytes that answer it."""

    port: str

    def wire_time(self, n_bytes: int) -> float: ...

    def transact(
        self, request: bytes, match: Callable[[bytearray], T | None], timeout: float
    ) -> T | None: ...

    def close(self) -> None: ...


class SerialLink:
    """One serial port, request/response with a per-exchange deadline."""

    def __init__(
        self,
        port: str,
        baud: int,
        parity: str,
        *,
        bits_per_byte: int,
        min_gap_s: float = 0.0,
    ):
        try:
            self._serial = self._open(port, baud, parity)
        except (OSError, serial.SerialException, termios.error) as exc:
            raise NoReader(f"cannot open {port}: {exc}", device=DEVICE) from exc
        self.port = port
        self.baud = baud
        self._bits_per_byte = bits_per_byte
        self._min_gap_s = min_gap_s
        self._last_rx = 0.0
        # Time spent keeping the quiet gap the reader needs before a request (FEIG PSST),
        # so a benchmark can tell the protocol's waits from the software's work.
        self.quiet_time_s = 0.0

    @staticmethod
    def _open(port: str, baud: int, parity: str) -> serial.Serial:
        def attempt(with_parity: str) -> serial.Serial:
            return serial.Serial(
                port,
                baudrate=baud,
                bytesize=serial.EIGHTBITS,
                parity=with_parity,
                stopbits=serial.STOPBITS_ONE,
                # Fixed for the port's life: a pty refuses some settings changes after
                # opening (EINVAL), so the read loop polls at this granularity instead.
                timeout=0.02,
                write_timeout=2.0,
            )

        try:
            return attempt(parity)
        except termios.error:
            if parity == serial.PARITY_NONE:
                raise
            # A pseudo-terminal has no parity bit and may refuse PARENB outright; a real
            # UART never gets here. Frames carry their own CRC either way.
            log.info("%s refuses parity %s (a pty?); opening without parity", port, parity)
            return attempt(serial.PARITY_NONE)

    def wire_time(self, n_bytes: int) -> float:
        return n_bytes * self._bits_per_byte / self.baud

    def transact(
        self, request: bytes, match: Callable[[bytearray], T | None], timeout: float
    ) -> T | None:
        """Send ``request``; return ``match(buffer)`` once it is not None, or None at timeout."""
        gap = self._min_gap_s - (time.monotonic() - self._last_rx)
        if gap > 0:
            self.quiet_time_s += gap
            time.sleep(gap)
        try:
            self._serial.reset_input_buffer()
            self._serial.write(request)
            self._serial.flush()
            deadline = time.monotonic() + timeout + self.wire_time(len(request))
            buffer = bytearray()
            while time.monotonic() < deadline:
                chunk = self._serial.read(self._serial.in_waiting or 1)
                if not chunk:
                    continue
                buffer += chunk
                del buffer[:-MAX_RX_WINDOW]
                found = match(buffer)
                if found is not None:
                    self._last_rx = time.monotonic()
                    return found
        except (OSError, serial.SerialException, termios.error) as exc:
            raise NoReader(f"{self.port}: {exc}", device=DEVICE) from exc
        if buffer:
            log.warning("%s: no valid reply in %d bytes: %s", self.port, len(buffer), buffer.hex())
        return None

    def close(self) -> None:
        self._serial.close()


def owned(method: Callable[..., T]) -> Callable[..., T]:
    """Run ``method`` only on the driver's owner thread (the first thread that calls it)."""

    @functools.wraps(method)
    def wrapper(self: ReaderDriver, *args: Any, **kwargs: Any) -> T:
        self._check_owner()
        return method(self, *args, **kwargs)

    return wrapper


class ReaderDriver(ABC):
    """One RFID reader on a serial port."""

    protocol: str = ""

    def __init__(self, link: Link, *, timeout: float, retries: int):
        self._link = link
        self._timeout = timeout
        self._retries = retries
        self._owner: threading.Thread | None = None
        self._owner_lock = threading.Lock()

    @property
    def quiet_time_s(self) -> float:
        """Time spent so far keeping the reader's quiet gap before requests (FEIG PSST)."""
        return getattr(self._link, "quiet_time_s", 0.0)

    def _check_owner(self) -> None:
        current = threading.current_thread()
        with self._owner_lock:
            if self._owner is None or not self._owner.is_alive():
                self._owner = current
            elif self._owner is not current:
                raise RuntimeError(
                    f"RFID reader on {self._link.port} is owned by thread {self._owner.name}; "
                    f"called from {current.name}"
                )

    def _exchange(
        self, what: str, request: bytes, match: Callable[[bytearray], T | None], slack: int = 0
    ) -> T:
        """Request/response with retries; ``slack`` extra reply bytes to allow wire time for."""
        timeout = self._timeout + self._link.wire_time(slack)
        for attempt in range(1 + self._retries):
            found = self._link.transact(request, match, timeout)
            if found is not None:
                return found
            log.warning("%s: no valid reply to %s (attempt %d)", self._link.port, what, attempt + 1)
        raise NoReader(
            f"reader on {self._link.port} gave no valid reply to {what} "
            f"after {1 + self._retries} attempts",
            device=DEVICE,
        )

    @abstractmethod
    def probe(self) -> str:
        """Ask the reader who it is; NoReader if it does not answer."""

    @abstractmethod
    def inventory(self) -> list[InventoryEntry]:
        """Every tag in the field (each UID once)."""

    @abstractmethod
    def system_info(self, uid: bytes) -> SystemInfo:
        """DSFID, AFI and memory size of one tag. NoTag if it does not answer."""

    @abstractmethod
    def read_blocks(self, uid: bytes, first: int, count: int) -> bytes:
        """User memory in memory order."""

    @abstractmethod
    def write_blocks(self, uid: bytes, first: int, data: bytes) -> None:
        """Write whole blocks (memory order)."""

    @abstractmethod
    def write_afi(self, uid: bytes, afi: int) -> None: ...

    def uids_with_afi(self, afi: int) -> frozenset[bytes] | None:
        """The tags in the field whose AFI is exactly ``afi``, from one inventory that
        selects by AFI; None where the protocol has no such request or ``afi`` does not
        select exactly (:func:`drivers.rfid.tag.afi_selects_exactly`)."""
        return None

    def read_afi(self, uid: bytes) -> int:
        """The tag's AFI. NoTag if it does not answer. Readers with a shorter request
        for it than the whole system information override this."""
        return self.system_info(uid).afi

    @abstractmethod
    def read_eas(self, uid: bytes) -> bool:
        """The NXP EAS bit; NoTag if the tag is not there at all."""

    @abstractmethod
    def set_eas(self, uid: bytes, on: bool) -> None: ...

    def close(self) -> None:
        self._link.close()
