"""What both RFID pad simulators share: timing, faults, library tags and the pty server.

The protocols themselves are in :mod:`drivers.rfid.sim_feig` and
:mod:`drivers.rfid.sim_bibliotheca`; :mod:`drivers.rfid.sim` picks one.

A simulator owns a :class:`~drivers.pty.PtyEndpoint`; the real driver opens
:attr:`PadSimulator.path` with pyserial. Tags on the pad are :class:`~drivers.rfid.tag.Tag`
objects that tests (or the kiosk's simulator window) place and remove at any time.

Timing: the endpoint delays every reply by its wire time at the configured baud rate, and
the simulator adds the ISO 15693 air time a real reader spends talking to the tags
(inventory slots, block reads, EEPROM write time), so benchmarks see realistic figures.

Faults (:class:`Fault`) are queued with :meth:`PadSimulator.inject` and used up one per
affected reply, in order: a corrupt CRC, a dropped reply, a reply split into pieces with
gaps under FEIG's 12 ms inter-character limit, garbage before the reply, a reply cut
short but with a valid CRC (buggy firmware), the tag leaving the field in the middle of
a write, and (3M) a UID listed twice in an inventory. ``bit_flip_rate`` p flips one
random bit of the block data in a read reply with probability p (a weak tag EEPROM, or
air noise the reader did not catch), to measure what the data models let through.

Threads: one per simulator, ``rfid-sim-<protocol>``, serves the pty; the control methods
may be called from any thread (a lock guards the tags and the fault queue).
"""

from __future__ import annotations

import hashlib
import logging
import random
import threading
import time
from abc import ABC, abstractmethod
from enum import Enum

from drivers.crc import CRC16_X25
from drivers.pty import PtyEndpoint
from drivers.rfid import iso28560_2, iso28560_3, rfid501
from drivers.rfid.tag import Tag, uid_from_hex

log = logging.getLogger(__name__)

INTER_CHAR_TIMEOUT_S = 0.012  # FEIG: a frame whose bytes pause longer than this is dropped

# ISO 15693 high data rate air timing (26.48 kbit/s down, 26.69 kbit/s up), rounded.
AIR_SLOT_S = 0.00032  # an empty inventory slot
AIR_TAG_REPLY_S = 0.0045  # one tag's inventory answer incl. SOF/EOF
AIR_COMMAND_S = 0.002  # an addressed request
AIR_BYTE_UP_S = 0.0003  # one byte from tag to reader
AIR_WRITE_S = 0.0095  # one EEPROM block or AFI write, incl. the tag's write time


class Fault(Enum):
    CORRUPT_REPLY = "corrupt_reply"
    DROP_REPLY = "drop_reply"
    SPLIT_REPLY = "split_reply"
    GARBAGE = "garbage"
    SHORT_REPLY = "short_reply"
    REMOVE_MID_WRITE = "remove_mid_write"
    DUPLICATE_UID = "duplicate_uid"


_REPLY_FAULTS = (
    Fault.CORRUPT_REPLY,
    Fault.DROP_REPLY,
    Fault.SPLIT_REPLY,
    Fault.GARBAGE,
    Fault.SHORT_REPLY,
)
SHORT_REPLY_CUT = 3  # payload bytes a SHORT_REPLY drops


def uid_for_item(item_id: str, manufacturer: int = 0x04) -> bytes:
    """A stable ISO 15693 UID for an item id: the same book keeps its UID across runs."""
    serial = hashlib.sha256(item_id.encode("utf-8")).digest()[:6]
    return bytes([0xE0, manufacturer]) + serial


def library_tag(
    item_id: str,
    owner_isil: str = "CN-330100",
    secured: bool = True,
    model: str = "iso28560-3",
    *,
    set_size: int = 1,
    set_part: int = 1,
    afi_in_library: int = 0x07,
    afi_on_loan: int = 0xC2,
    eas: bool | None = None,
    blocks: int = 28,
    reversed_blocks: bool = False,
    swapped_nibble: bool = False,
) -> Tag:
    """A sample book label (NXP ICODE SLIX, 28 x 4 bytes) carrying ``item_id``.

    ``model`` is "iso28560-3", "iso28560-2", "3m-rfid501" or "blank". ``eas`` defaults to
    following ``secured``. ``reversed_blocks`` / ``swapped_nibble`` reproduce field quirks.
    """
    dsfid = 0x00
    if model == "iso28560-3":
        owner = iso28560_3.owner_as_stored(owner_isil)
        basic = iso28560_3.BasicBlock(item_id, owner, set_size, set_part)
        data = bytearray(iso28560_3.encode(basic))
        if swapped_nibble:
            data[0] = (data[0] & 0x0F) << 4 | data[0] >> 4
            crc = iso28560_3.block_crc(bytes(data))
            data[19:21] = crc.to_bytes(2, "little")
        content = bytes(data)
        if reversed_blocks:
            content = iso28560_3.reverse_blocks(content)
    elif model == "iso28560-2":
        content = iso28560_2.encode(item_id, owner_isil, set_size, set_part)
        dsfid = iso28560_2.DSFID_ISO28560_2
    elif model == "3m-rfid501":
        content = rfid501.encode(item_id, set_size, set_part)
    elif model == "blank":
        content = b""
    else:
        raise ValueError(f"unknown data model {model!r}")
    memory = bytearray(blocks * 4)
    memory[: len(content)] = content
    return Tag(
        uid=uid_for_item(item_id),
        memory=memory,
        dsfid=dsfid,
        afi=afi_in_library if secured else afi_on_loan,
        eas=secured if eas is None else eas,
    )


class PadSimulator(ABC):
    """A reader with a pad of tags, serving its protocol on a pty until closed."""

    protocol = ""
    bits_per_byte = 10

    def __init__(
        self,
        baud: int,
        tags: tuple[Tag, ...] | list[Tag] = (),
        *,
        wire_time: bool = True,
        air_time: bool = True,
        seed: int = 0,
        bit_flip_rate: float = 0.0,
    ):
        if not 0.0 <= bit_flip_rate <= 1.0:
            raise ValueError("bit_flip_rate must be 0..1")
        self.bit_flip_rate = bit_flip_rate
        self.bits_flipped = 0
        # Device time this simulator has spent: reply bytes at the baud rate plus modelled
        # air time. Benchmarks set it beside the time measured at the driver.
        self.device_time_s = 0.0
        self._endpoint = PtyEndpoint(baud, self.bits_per_byte, emulate_wire_time=wire_time)
        self._air_time = air_time
        self._lock = threading.Lock()
        self._tags: dict[bytes, Tag] = {}
        self._faults: list[Fault] = []
        # A reader that has stopped answering (broken, unplugged) until set back.
        self._silent = False
        self._random = random.Random(seed)
        self._stop = threading.Event()
        self.requests_seen = 0
        for tag in tags:
            self.place(tag)
        self._thread = threading.Thread(
            target=self._serve, name=f"rfid-sim-{self.protocol}", daemon=True
        )
        self._thread.start()

    @property
    def path(self) -> str:
        return self._endpoint.path

    @property
    def baud(self) -> int:
        return self._endpoint.baud

    # -- control API (any thread) --

    def place(self, tag: Tag) -> None:
        with self._lock:
            self._tags[tag.uid] = tag

    def remove(self, uid: str | bytes) -> Tag | None:
        key = uid_from_hex(uid) if isinstance(uid, str) else uid
        with self._lock:
            return self._tags.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._tags.clear()

    def tags(self) -> list[Tag]:
        """Copies of the tags on the pad now, in the order they were placed."""
        with self._lock:
            return [tag.copy() for tag in self._tags.values()]

    def tag(self, uid: str | bytes) -> Tag | None:
        key = uid_from_hex(uid) if isinstance(uid, str) else uid
        with self._lock:
            tag = self._tags.get(key)
            return tag.copy() if tag else None

    def inject(self, fault: Fault, count: int = 1) -> None:
        with self._lock:
            self._faults.extend([fault] * count)

    def set_silent(self, silent: bool) -> None:
        """Stop answering every request (True) until answering again (False)."""
        with self._lock:
            self._silent = silent

    @property
    def silent(self) -> bool:
        with self._lock:
            return self._silent

    def pending_faults(self) -> list[Fault]:
        with self._lock:
            return list(self._faults)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2.0)
        self._endpoint.close()

    def __enter__(self) -> PadSimulator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- serving (simulator thread) --

    def _take_fault(self, kinds: tuple[Fault, ...]) -> Fault | None:
        for index, fault in enumerate(self._faults):
            if fault in kinds:
                return self._faults.pop(index)
        return None

    def _air(self, seconds: float) -> None:
        if self._air_time and seconds > 0:
            self.device_time_s += seconds
            time.sleep(seconds)

    def _emit(self, data: bytes) -> None:
        self.device_time_s += self._endpoint.wire_time(len(data))
        self._endpoint.write(data)

    def _inventory_air_time(self, n_tags: int) -> float:
        rounds = 1 + n_tags // 6  # anticollision rounds of 16 slots
        return rounds * 16 * AIR_SLOT_S + n_tags * AIR_TAG_REPLY_S

    def _serve(self) -> None:
        buffer = bytearray()
        while not self._stop.is_set():
            chunk = self._endpoint.read(timeout=INTER_CHAR_TIMEOUT_S if buffer else 0.1)
            if not chunk:
                if buffer:
                    log.debug(
                        "%s sim: dropping %d bytes without a frame", self.protocol, len(buffer)
                    )
                    buffer.clear()
                continue
            buffer += chunk
            while (found := self._find_request(buffer)) is not None:
                request, end = found
                del buffer[:end]
                self.requests_seen += 1
                try:
                    reply = self._handle(request)
                except Exception:
                    log.exception("%s sim: handler failed", self.protocol)
                    continue
                if reply is not None:
                    self._send(reply)

    def _send(self, reply: bytes) -> None:
        with self._lock:
            if self._silent:
                return
            fault = self._take_fault(_REPLY_FAULTS)
        if fault is Fault.DROP_REPLY:
            return
        if fault is Fault.CORRUPT_REPLY:
            damaged = bytearray(reply)
            damaged[-1] ^= 0x5A
            reply = bytes(damaged)
        elif fault is Fault.SHORT_REPLY:
            reply = self._shortened(reply)
        elif fault is Fault.GARBAGE:
            junk = bytes(self._random.randrange(256) for _ in range(7))
            self._emit(junk)
        elif fault is Fault.SPLIT_REPLY:
            cut1, cut2 = len(reply) // 3 or 1, 2 * len(reply) // 3 or 1
            for piece in (reply[:cut1], reply[cut1:cut2], reply[cut2:]):
                if piece:
                    self._emit(piece)
                    time.sleep(0.004)
            return
        self._emit(reply)

    def _flip_maybe(self, data: bytes) -> bytes:
        """Block data as read, with one bit flipped at ``bit_flip_rate`` (seeded)."""
        if not data or self._random.random() >= self.bit_flip_rate:
            return data
        bit = self._random.randrange(len(data) * 8)
        damaged = bytearray(data)
        damaged[bit // 8] ^= 0x80 >> (bit % 8)
        self.bits_flipped += 1
        return bytes(damaged)

    def _write_interrupted(self, tag: Tag) -> bool:
        """Consume a REMOVE_MID_WRITE fault: the tag leaves the pad (caller holds the lock)."""
        if self._take_fault((Fault.REMOVE_MID_WRITE,)) is None:
            return False
        self._tags.pop(tag.uid, None)
        return True

    def _write_blocks(self, tag: Tag, first: int, data: bytes) -> bool:
        """Write block by block; False if the tag left the field part way (fault)."""
        count = len(data) // tag.block_size
        interrupted = self._write_interrupted(tag)
        written = count // 2 if interrupted else count
        for index in range(written):
            chunk = data[index * tag.block_size : (index + 1) * tag.block_size]
            tag.write_block(first + index, chunk)
        self._air(AIR_COMMAND_S + AIR_WRITE_S * max(written, 1))
        return not interrupted

    @abstractmethod
    def _find_request(self, buffer: bytearray) -> tuple[object, int] | None: ...

    @abstractmethod
    def _shortened(self, reply: bytes) -> bytes:
        """``reply`` without its last SHORT_REPLY_CUT payload bytes, CRC still valid."""

    @abstractmethod
    def _handle(self, request: object) -> bytes | None: ...


def air_reply(payload: bytes) -> bytes:
    """An ISO 15693 tag reply with its X-25 CRC (what FEIG's 0xBF passes through)."""
    return payload + CRC16_X25.lsb_first(payload)
