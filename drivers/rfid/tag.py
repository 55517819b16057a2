"""The ISO 15693 tag model shared by every reader driver and simulator.

A :class:`Tag` is what sits in the reader's field: an 8-byte UID, DSFID, AFI, user memory
in fixed-size blocks and, on NXP ICODE chips, the EAS bit. Memory is kept in *memory
order* (block 0 byte 0 first); how a reader puts those bytes on its wire is the reader
protocol's business (FEIG sends each block MSB first, see :mod:`drivers.rfid.feig`).

UIDs travel through the rest of the program as 16 upper-case hex digits, most
significant byte first (``E004...``), which is how labels, readers and ILS show them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

UID_LEN = 8


def uid_to_hex(uid: bytes) -> str:
    return uid.hex().upper()


def uid_from_hex(text: str) -> bytes:
    """Parse 16 hex digits (MSB first). Raises ValueError with the offending text."""
    cleaned = text.strip().replace(":", "").replace(" ", "")
    try:
        uid = bytes.fromhex(cleaned)
    except ValueError:
        raise ValueError(f"UID {text!r} is not hex") from None
    if len(uid) != UID_LEN:
        raise ValueError(f"UID {text!r} must be {UID_LEN * 2} hex digits")
    return uid


def afi_matches(request_afi: int, tag_afi: int) -> bool:
    """ISO 15693-3 AFI selection: 00 all, X0 whole family X, 0Y sub-family only, XY exact."""
    if request_afi == 0:
        return True
    family, sub = request_afi >> 4, request_afi & 0x0F
    if sub == 0:
        return tag_afi >> 4 == family
    if family == 0:
        return tag_afi & 0x0F == sub
    return tag_afi == request_afi


def afi_selects_exactly(afi: int) -> bool:
    """Whether a request AFI selects only tags with exactly that AFI: both nibbles
    non-zero (``XY``). ``00`` selects all, ``X0`` a whole family, and implementations read
    ``0Y`` differently (docs/rfid.md §2.3)."""
    return afi >> 4 != 0 and afi & 0x0F != 0


class TagMemoryError(Exception):
    """An access outside the tag's memory or to a locked block or AFI.

    ``iso_code`` is the ISO 15693 error code a real tag would answer with.
    """

    def __init__(self, iso_code: int, detail: str):
        super().__init__(detail)
        self.iso_code = iso_code


ISO_ERR_NOT_SUPPORTED = 0x01
ISO_ERR_BLOCK_NOT_AVAILABLE = 0x10
ISO_ERR_BLOCK_LOCKED = 0x12


@dataclass
class Tag:
    """One ISO 15693 transponder. Mutable: simulators write to it as a real chip would."""

    uid: bytes
    memory: bytearray
    block_size: int = 4
    dsfid: int = 0x00
    afi: int = 0x00
    eas: bool | None = False  # None: the chip has no EAS (not an NXP ICODE)
    ic_ref: int = 0x01
    afi_locked: bool = False
    locked_blocks: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        if len(self.uid) != UID_LEN:
            raise ValueError(f"UID must be {UID_LEN} bytes")
        if len(self.memory) % self.block_size:
            raise ValueError("memory must be a whole number of blocks")
        self.memory = bytearray(self.memory)

    @classmethod
    def blank(cls, uid: bytes, blocks: int = 28, block_size: int = 4, **kwargs: Any) -> Tag:
        return cls(uid=uid, memory=bytearray(blocks * block_size), block_size=block_size, **kwargs)

    @property
    def uid_hex(self) -> str:
        return uid_to_hex(self.uid)

    @property
    def block_count(self) -> int:
        return len(self.memory) // self.block_size

    def _check_range(self, first: int, count: int) -> None:
        if count < 1 or first < 0 or first + count > self.block_count:
            raise TagMemoryError(
                ISO_ERR_BLOCK_NOT_AVAILABLE,
                f"blocks {first}..{first + count - 1} outside 0..{self.block_count - 1}",
            )

    def read_blocks(self, first: int, count: int) -> bytes:
        self._check_range(first, count)
        start = first * self.block_size
        return bytes(self.memory[start : start + count * self.block_size])

    def write_block(self, number: int, data: bytes) -> None:
        self._check_range(number, 1)
        if len(data) != self.block_size:
            raise ValueError("block data must be exactly one block")
        if number in self.locked_blocks:
            raise TagMemoryError(ISO_ERR_BLOCK_LOCKED, f"block {number} is locked")
        start = number * self.block_size
        self.memory[start : start + self.block_size] = data

    def write_afi(self, afi: int) -> None:
        if self.afi_locked:
            raise TagMemoryError(ISO_ERR_BLOCK_LOCKED, "AFI is locked")
        self.afi = afi

    def set_eas(self, on: bool) -> None:
        if self.eas is None:
            raise TagMemoryError(ISO_ERR_NOT_SUPPORTED, "tag has no EAS")
        self.eas = on

    def copy(self) -> Tag:
        return Tag(
            uid=self.uid,
            memory=bytearray(self.memory),
            block_size=self.block_size,
            dsfid=self.dsfid,
            afi=self.afi,
            eas=self.eas,
            ic_ref=self.ic_ref,
            afi_locked=self.afi_locked,
            locked_blocks=set(self.locked_blocks),
        )
