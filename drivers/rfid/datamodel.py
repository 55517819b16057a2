"""Which library data model a tag's user memory holds, decoded into one shape.

Decision order, and why:
1. blank (all zero, or the 3M manufacturing pattern ``55``x24 then zeros);
2. ISO 28560-3, in memory or reversed block order: only if its CRC matches;
3. a tag whose byte 0 claims ISO 28560-3 (version 1 in the high nibble) but whose CRC
   fails is "unknown": a damaged -3 tag must never turn into some other item id;
4. ISO 28560-2, only when the DSFID (system memory, outside the user data that can be
   damaged) says so: 0x06 by the standard, plus any values a site configures. The data
   sets carry no checksum, and a single flipped bit in byte 0 of an ISO 28560-3 block
   can make it parse as a short, wrong -2 item id, so the parse alone is not trusted;
5. 3M RFID 501 (every fixed byte checked);
6. otherwise "unknown".
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from drivers.rfid import iso28560_2, iso28560_3, rfid501


class Model(StrEnum):
    ISO28560_3 = "iso28560-3"
    ISO28560_2 = "iso28560-2"
    RFID501 = "3m-rfid501"
    BLANK = "blank"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class ItemData:
    """What the rest of the kiosk needs from a tag's memory, whatever the model."""

    model: Model
    item_id: str | None = None
    owner_library: str | None = None
    set_size: int | None = None
    set_part: int | None = None
    usage: int | None = None
    quirks: tuple[str, ...] = ()


BLANK_3M = b"\x55" * 24 + b"\0" * 4


def is_blank(memory: bytes) -> bool:
    if not any(memory):
        return True
    return len(memory) >= len(BLANK_3M) and memory.startswith(BLANK_3M)


def decode_memory(
    memory: bytes,
    dsfid: int = 0x00,
    block_size: int = 4,
    iso28560_2_dsfids: frozenset[int] = frozenset({iso28560_2.DSFID_ISO28560_2}),
) -> ItemData:
    """Decode user memory (memory order, from block 0). Never raises on any bytes."""
    memory = bytes(memory)
    if is_blank(memory):
        return ItemData(Model.BLANK)
    danish = iso28560_3.decode(memory, block_size)
    if danish is not None:
        quirks = []
        if danish.reversed_blocks:
            quirks.append("reversed-blocks")
        if danish.swapped_nibbles:
            quirks.append("swapped-usage-nibble")
        basic = danish.basic
        return ItemData(
            Model.ISO28560_3,
            item_id=basic.item_id,
            owner_library=basic.owner_library,
            set_size=basic.set_size,
            set_part=basic.set_part,
            usage=basic.usage,
            quirks=tuple(quirks),
        )
    oid_dsfid = dsfid in iso28560_2_dsfids
    if iso28560_3.claims_iso28560_3(memory) and not oid_dsfid:
        return ItemData(Model.UNKNOWN, quirks=("iso28560-3-crc-mismatch",))
    oid_model = iso28560_2.decode(memory) if oid_dsfid else None
    if oid_model is not None:
        return ItemData(
            Model.ISO28560_2,
            item_id=oid_model.item_id,
            owner_library=oid_model.owner_library,
            set_size=oid_model.set_size,
            set_part=oid_model.set_part,
            usage=oid_model.usage,
        )
    legacy = rfid501.decode(memory)
    if legacy is not None:
        return ItemData(
            Model.RFID501,
            item_id=legacy.item_id,
            owner_library=legacy.owner_library,
            set_size=legacy.set_size,
            set_part=legacy.set_part,
        )
    return ItemData(Model.UNKNOWN)
