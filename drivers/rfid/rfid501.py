"""Legacy 3M "RFID 501" alphanumeric data model (pre-ISO, still on millions of items).

Block 0 ``04 is 00 tt`` (i = part in set, s = set size, tt = item type), blocks 1-4 the
barcode NUL padded, block 5 branch (12 bits) and library (20 bits) big-endian, block 6 a
signed custom field, block 7 zero (docs/rfid.md §3.5). No checksum: the decoder insists on
every fixed byte so that other data does not pass for it.
"""

from __future__ import annotations

from dataclasses import dataclass

LENGTH = 32
ITEM_TYPES = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 13}


@dataclass(frozen=True)
class Decoded:
    item_id: str
    set_size: int
    set_part: int
    item_type: int
    branch: int
    library: int
    custom: int

    @property
    def owner_library(self) -> str:
        """Library and branch numbers as 3M systems print them."""
        return f"{self.library}/{self.branch}"


def encode(
    item_id: str,
    set_size: int = 1,
    set_part: int = 1,
    item_type: int = 1,
    branch: int = 0,
    library: int = 0,
    custom: int = 0,
) -> bytes:
    raw_id = item_id.encode("ascii")
    if not raw_id or len(raw_id) > 16 or not item_id.isprintable():
        raise ValueError(f"barcode {item_id!r} must be 1..16 printable ASCII characters")
    if not (1 <= set_size <= 15 and 1 <= set_part <= set_size):
        raise ValueError("set size 1..15 and part 1..size")
    if item_type not in ITEM_TYPES or not 0 <= branch < 1 << 12 or not 0 <= library < 1 << 20:
        raise ValueError("item type, branch or library out of range")
    block0 = bytes([0x04, set_part << 4 | set_size, 0x00, item_type])
    block5 = (branch << 20 | library).to_bytes(4, "big")
    return (
        block0
        + raw_id.ljust(16, b"\0")
        + block5
        + custom.to_bytes(4, "big", signed=True)
        + bytes(4)
    )


def decode(memory: bytes) -> Decoded | None:
    if len(memory) < LENGTH:
        return None
    if memory[0] != 0x04 or memory[2] != 0x00 or memory[3] not in ITEM_TYPES:
        return None
    set_part, set_size = memory[1] >> 4, memory[1] & 0x0F
    if not 1 <= set_part <= set_size or any(memory[28:32]):
        return None
    barcode, _, padding = bytes(memory[4:20]).partition(b"\0")
    if not barcode or any(padding) or any(not 0x20 < b < 0x7F for b in barcode):
        return None
    location = int.from_bytes(memory[20:24], "big")
    return Decoded(
        item_id=barcode.decode("ascii"),
        set_size=set_size,
        set_part=set_part,
        item_type=memory[3],
        branch=location >> 20,
        library=location & 0xFFFFF,
        custom=int.from_bytes(memory[24:28], "big", signed=True),
    )
