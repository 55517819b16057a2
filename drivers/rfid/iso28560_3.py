"""ISO 28560-3 / Danish data model (DS/INF 163): fixed-length basic block and extensions.

Layout (docs/rfid.md §3.1): byte 0 version/usage nibbles, 1 set size, 2 part number, 3-18 item
id (NUL padded), 19-20 CRC-16/IBM-3740 stored LSB first, 21-31 (or 21-33) owner library.
The CRC covers bytes 0-18 and 21-33, with 32-33 read as zero on the 32-byte variant.

Field quirks tolerated on decode, never at the price of accepting a bad CRC:
- blocks written in reversed byte order (FKI writes block bytes 3..0),
- the usage in the high nibble and the version in the low one (Bibliotheca).
"""

from __future__ import annotations

from dataclasses import dataclass

from drivers.crc import CRC16_IBM_3740, xor8

VERSION = 1
BASIC_LEN_SHORT = 32
BASIC_LEN_LONG = 34
ITEM_ID_LEN = 16

USAGE_ACQUISITION = 0
USAGE_CIRCULATING = 1
USAGE_NOT_FOR_CIRCULATION = 2
USAGE_DISCARDED = 7
USAGE_PATRON_CARD = 8

EXT_LIBRARY = 1
EXT_ACQUISITION = 2
EXT_SUPPLEMENT = 3
EXT_TITLE = 4
EXT_ILL = 5


def reverse_blocks(data: bytes, block_size: int = 4) -> bytes:
    """Reverse the byte order inside every block (length is cut to whole blocks)."""
    out = bytearray()
    for start in range(0, len(data) - len(data) % block_size, block_size):
        out += data[start : start + block_size][::-1]
    return bytes(out)


def block_crc(block: bytes) -> int:
    """CRC over bytes 0-18 and 21-33 of a 32- or 34-byte basic block."""
    padded = bytes(block[:BASIC_LEN_LONG]).ljust(BASIC_LEN_LONG, b"\0")
    return CRC16_IBM_3740(padded[:19] + padded[21:])


def owner_as_stored(isil: str, strip_first_hyphen: bool = True) -> str:
    """The owner field for an ISIL: ``CN-330100`` is stored as ``CN330100`` by default.

    Open implementations drop the first hyphen so that bytes 21-22 stay the country
    code (DS/INF 163); whether real ISO 28560-3 tags do is unverified, hence the switch.
    """
    return isil.replace("-", "", 1) if strip_first_hyphen else isil


@dataclass(frozen=True)
class ExtensionBlock:
    block_id: int
    payload: bytes

    def encode(self) -> bytes:
        if not 0 <= self.block_id <= 0xFEFF:
            raise ValueError("extension block id must be 16-bit and not use the 0xFF escape")
        length = 4 + len(self.payload)
        if length > 0xFF:
            raise ValueError("extension block longer than 255 bytes")
        raw = bytearray([length, self.block_id & 0xFF, self.block_id >> 8, 0]) + self.payload
        raw[3] = xor8(raw)
        return bytes(raw)


@dataclass(frozen=True)
class BasicBlock:
    item_id: str
    owner_library: str  # as stored on the tag, NUL padding removed
    set_size: int = 1
    set_part: int = 1
    usage: int = USAGE_CIRCULATING


@dataclass(frozen=True)
class Decoded:
    basic: BasicBlock
    length: int  # 32 or 34
    reversed_blocks: bool
    swapped_nibbles: bool
    extensions: tuple[ExtensionBlock, ...] = ()


def _ascii_field(value: str, size: int, name: str) -> bytes:
    try:
        raw = value.encode("ascii")
    except UnicodeEncodeError:
        raise ValueError(f"{name} {value!r} must be ASCII") from None
    if len(raw) > size:
        raise ValueError(f"{name} {value!r} is longer than {size} bytes")
    if b"\0" in raw or any(not 0x20 <= b < 0x7F for b in raw):
        raise ValueError(f"{name} {value!r} must be printable ASCII")
    return raw.ljust(size, b"\0")


def encode(
    basic: BasicBlock,
    *,
    length: int = BASIC_LEN_SHORT,
    extensions: tuple[ExtensionBlock, ...] = (),
) -> bytes:
    """The basic block (plus extension blocks and end marker on the 34-byte variant)."""
    if length not in (BASIC_LEN_SHORT, BASIC_LEN_LONG):
        raise ValueError("basic block length must be 32 or 34")
    if extensions and length != BASIC_LEN_LONG:
        raise ValueError("extension blocks need the 34-byte basic block")
    if not basic.item_id:
        raise ValueError("item id must not be empty")
    if not 0 <= basic.usage <= 0x0F:
        raise ValueError("type of usage is one nibble")
    for name, value in (("set size", basic.set_size), ("set part", basic.set_part)):
        if not 0 <= value <= 0xFF:
            raise ValueError(f"{name} must be 0..255")
    block = bytearray(length)
    block[0] = (VERSION << 4) | basic.usage
    block[1] = basic.set_size
    block[2] = basic.set_part
    block[3:19] = _ascii_field(basic.item_id, ITEM_ID_LEN, "item id")
    block[21:length] = _ascii_field(basic.owner_library, length - 21, "owner library")
    block[19:21] = block_crc(bytes(block)).to_bytes(2, "little")
    if extensions:
        block += b"".join(ext.encode() for ext in extensions) + b"\0"
    return bytes(block)


def _version_usage(byte0: int) -> tuple[int, bool] | None:
    """(usage, swapped) if byte 0 carries version 1 in either nibble order."""
    if byte0 >> 4 == VERSION:
        return byte0 & 0x0F, False
    if byte0 & 0x0F == VERSION:
        return byte0 >> 4, True
    return None


def claims_iso28560_3(memory: bytes) -> bool:
    """Byte 0 reads as an unswapped version-1 byte: the tag claims to be ISO 28560-3."""
    return len(memory) >= BASIC_LEN_SHORT and memory[0] >> 4 == VERSION


def _text(raw: bytes) -> str | None:
    value = raw.split(b"\0", 1)[0]
    if not value or any(not 0x20 <= b < 0x7F for b in value):
        return None
    return value.decode("ascii")


def _parse_extensions(data: bytes) -> tuple[ExtensionBlock, ...]:
    """Extension blocks from byte 34; stops at the end marker, the end of data or a bad XOR."""
    blocks = []
    pos = BASIC_LEN_LONG
    while pos < len(data):
        length = data[pos]
        if length == 0:
            break
        if length == 1:
            pos += 1
            continue
        raw = data[pos : pos + length]
        if len(raw) < max(length, 4) or xor8(raw) != 0:
            break
        blocks.append(ExtensionBlock(raw[1] | raw[2] << 8, bytes(raw[4:])))
        pos += length
    return tuple(blocks)


def _decode_in_order(data: bytes) -> tuple[BasicBlock, int, bool] | None:
    vu = _version_usage(data[0])
    if vu is None:
        return None
    usage, swapped = vu
    stored = int.from_bytes(data[19:21], "little")
    if block_crc(data[:BASIC_LEN_LONG]) != stored:
        return None
    # With bytes 32-33 zero both variants have the same CRC; only extension blocks
    # after byte 34 tell a 34-byte block from a 32-byte one.
    long_block = any(data[32:34]) or bool(_parse_extensions(data))
    length = BASIC_LEN_LONG if long_block else BASIC_LEN_SHORT
    item_id = _text(data[3:19])
    if item_id is None:
        return None
    owner = data[21:length].split(b"\0", 1)[0]
    basic = BasicBlock(
        item_id=item_id,
        owner_library=owner.decode("latin-1"),
        set_size=data[1],
        set_part=data[2],
        usage=usage,
    )
    return basic, length, swapped


def decode(memory: bytes, block_size: int = 4) -> Decoded | None:
    """Decode a basic block whose CRC matches, in memory or per-block reversed order."""
    if len(memory) < BASIC_LEN_SHORT:
        return None
    for reversed_order in (False, True):
        data = reverse_blocks(memory, block_size) if reversed_order else bytes(memory)
        found = _decode_in_order(data)
        if found is None:
            continue
        basic, length, swapped = found
        extensions = _parse_extensions(data) if length == BASIC_LEN_LONG else ()
        return Decoded(basic, length, reversed_order, swapped, extensions)
    return None
