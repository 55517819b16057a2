"""ISO 28560-2 decoding (ISO/IEC 15962 "no-directory" data sets), the model behind China's
WH/T 43/44-2012 and the Dutch, Finnish and German library tags.

User memory is a run of data sets, each ``precursor [OID ext] [offset] length data [pad]``,
ended by 0x00. The precursor holds the offset flag (bit 7), the compaction code (bits 6-4)
and the relative OID (bits 3-0; 15 = an extension byte follows). There is no checksum, so
the parser is strict instead: every length must stay inside memory, the primary item id
must come first and be printable, and anything odd makes the whole tag "not -2".

The standard is paywalled; the compaction rules below follow ISO/IEC 15962 as described
in docs/rfid.md §3.4, and the ISIL 4/5-bit code tables are the public ones (see docs/rfid.md
for what is unverified). The small encoder exists for sample tags and tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field

DSFID_ISO28560_2 = 0x06

OID_PRIMARY_ITEM_ID = 1
OID_CONTENT_PARAMETER = 2
OID_OWNER_ISIL = 3
OID_SET_INFORMATION = 4
OID_TYPE_OF_USAGE = 5
OID_ILL_BORROWING_ISIL = 11
OID_ALT_OWNER_ISIL = 23
OID_ALT_ILL_ISIL = 25
_ISIL_OIDS = {OID_OWNER_ISIL, OID_ILL_BORROWING_ISIL, OID_ALT_OWNER_ISIL, OID_ALT_ILL_ISIL}

COMPACT_APPLICATION = 0
COMPACT_INTEGER = 1
COMPACT_NUMERIC = 2
COMPACT_5BIT = 3
COMPACT_6BIT = 4
COMPACT_7BIT = 5
COMPACT_OCTET = 6
COMPACT_UTF8 = 7

# ISIL application-defined compaction: 5-bit upper/lower and 4-bit numeric code sets with
# latch (L) and shift (S) codes to the other sets.
_LATCH_UPPER, _SHIFT_UPPER = "<LU>", "<SU>"
_LATCH_LOWER, _SHIFT_LOWER = "<LL>", "<SL>"
_LATCH_NUMERIC, _SHIFT_NUMERIC = "<LN>", "<SN>"
_ISIL_UPPER = ["-", *"ABCDEFGHIJKLMNOPQRSTUVWXYZ", ":"]
_ISIL_UPPER += [_LATCH_LOWER, _SHIFT_LOWER, _LATCH_NUMERIC, _SHIFT_NUMERIC]
_ISIL_LOWER = ["-", *"abcdefghijklmnopqrstuvwxyz", "/"]
_ISIL_LOWER += [_LATCH_UPPER, _SHIFT_UPPER, _LATCH_NUMERIC, _SHIFT_NUMERIC]
_ISIL_NUMERIC_SET = [
    *"0123456789-:",
    _LATCH_UPPER,
    _SHIFT_UPPER,
    _LATCH_LOWER,
    _SHIFT_LOWER,
]
_ISIL_SETS = {
    "upper": (_ISIL_UPPER, 5),
    "lower": (_ISIL_LOWER, 5),
    "numeric": (_ISIL_NUMERIC_SET, 4),
}
_SWITCH = {
    _LATCH_UPPER: ("upper", False),
    _SHIFT_UPPER: ("upper", True),
    _LATCH_LOWER: ("lower", False),
    _SHIFT_LOWER: ("lower", True),
    _LATCH_NUMERIC: ("numeric", False),
    _SHIFT_NUMERIC: ("numeric", True),
}


class Invalid(ValueError):
    """The bytes are not a well-formed ISO 28560-2 data set sequence."""


class _Bits:
    def __init__(self, data: bytes):
        self.value = int.from_bytes(data, "big") if data else 0
        self.total = len(data) * 8
        self.pos = 0

    @property
    def remaining(self) -> int:
        return self.total - self.pos

    def rest_is_padding(self) -> bool:
        """Fewer than 8 bits left and all zero: the encoder's pad, not another character."""
        left = self.remaining
        return left < 8 and self.value & ((1 << left) - 1) == 0

    def take(self, width: int) -> int:
        self.pos += width
        return (self.value >> (self.total - self.pos)) & ((1 << width) - 1)


def _packed(data: bytes, width: int, to_char: dict[int, str] | None) -> str:
    bits = _Bits(data)
    out = []
    while bits.remaining >= width and not bits.rest_is_padding():
        value = bits.take(width)
        if to_char is None:
            out.append(chr(value))
        elif value in to_char:
            out.append(to_char[value])
        else:
            raise Invalid(f"code {value} not in the {width}-bit set")
    return "".join(out)


_5BIT = {v: chr(0x40 + v) for v in range(1, 32)}
_6BIT = {v: chr(v + 0x40 if v < 0x20 else v) for v in range(64)}


def _numeric(data: bytes) -> str:
    digits = []
    nibbles = [n for byte in data for n in (byte >> 4, byte & 0x0F)]
    for index, nibble in enumerate(nibbles):
        if nibble <= 9:
            digits.append(str(nibble))
        elif nibble == 0x0F and index == len(nibbles) - 1:
            break
        else:
            raise Invalid("numeric compaction holds a non-digit")
    return "".join(digits)


def _isil(data: bytes) -> str:
    bits = _Bits(data)
    latched = "upper"
    shifted: str | None = None
    out = []
    while not bits.rest_is_padding():
        codes, width = _ISIL_SETS[shifted or latched]
        if bits.remaining < width:
            break
        symbol = codes[bits.take(width)]
        shifted = None
        if symbol in _SWITCH:
            target, is_shift = _SWITCH[symbol]
            if is_shift:
                shifted = target
            else:
                latched = target
        else:
            out.append(symbol)
    return "".join(out)


def _decode_value(compaction: int, oid: int, data: bytes) -> str | int | bytes | tuple[int, ...]:
    if compaction == COMPACT_APPLICATION:
        if oid in _ISIL_OIDS:
            return _isil(data)
        if oid == OID_CONTENT_PARAMETER:
            bits = _Bits(data)
            return tuple(3 + i for i in range(bits.total) if bits.take(1))
        if oid == OID_TYPE_OF_USAGE and len(data) == 1:
            return data[0]
        return bytes(data)
    if compaction == COMPACT_INTEGER:
        if not data:
            raise Invalid("empty integer")
        return str(int.from_bytes(data, "big"))
    if compaction == COMPACT_NUMERIC:
        return _numeric(data)
    if compaction == COMPACT_5BIT:
        return _packed(data, 5, _5BIT)
    if compaction == COMPACT_6BIT:
        return _packed(data, 6, _6BIT)
    if compaction == COMPACT_7BIT:
        return _packed(data, 7, None)
    if compaction == COMPACT_OCTET:
        return data.decode("latin-1")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise Invalid("bad UTF-8") from None


@dataclass(frozen=True)
class Decoded:
    item_id: str
    owner_library: str | None
    set_size: int | None
    set_part: int | None
    usage: int | None
    fields: dict[int, object] = field(default_factory=dict)


def _printable(text: object) -> bool:
    return isinstance(text, str) and bool(text) and text.isprintable()


def _set_information(value: object) -> tuple[int | None, int | None]:
    """Set information as a digit string: first half the set size, second half the part.

    [unverified] against real tags: ISO 28560-2 is paywalled. Anything else is ignored.
    Only ASCII digits count: octet-compacted data decodes as Latin-1, where 0xB2, 0xB3
    and 0xB9 (superscript digits) pass ``str.isdigit()`` but not ``int()``.
    """
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) % 2 == 0:
        half = len(value) // 2
        return int(value[:half]), int(value[half:])
    return None, None


def parse_data_sets(memory: bytes) -> dict[int, object]:
    """Relative OID -> decoded value. Raises Invalid on anything malformed."""
    fields: dict[int, object] = {}
    pos = 0
    while pos < len(memory):
        precursor = memory[pos]
        if precursor == 0:
            break
        pos += 1
        compaction = (precursor >> 4) & 0x07
        oid = precursor & 0x0F
        if oid == 0:
            raise Invalid(f"relative OID 0 at byte {pos - 1}")
        if oid == 0x0F:
            if pos >= len(memory):
                raise Invalid("truncated OID extension")
            oid = 15 + memory[pos]
            pos += 1
        pad = 0
        if precursor & 0x80:
            if pos >= len(memory):
                raise Invalid("truncated offset byte")
            pad = memory[pos]
            pos += 1
        if pos >= len(memory):
            raise Invalid("truncated length byte")
        length = memory[pos]
        pos += 1
        if length == 0 or pos + length + pad > len(memory):
            raise Invalid(f"data set for OID {oid} runs past memory")
        if oid in fields:
            raise Invalid(f"OID {oid} appears twice")
        if not fields and oid != OID_PRIMARY_ITEM_ID:
            raise Invalid("primary item id must come first")
        fields[oid] = _decode_value(compaction, oid, bytes(memory[pos : pos + length]))
        pos += length + pad
    return fields


def decode(memory: bytes) -> Decoded | None:
    """The tag's ISO 28560-2 content, or None if the bytes are not a valid data set run."""
    try:
        fields = parse_data_sets(memory)
    except Invalid:
        return None
    item_id = fields.get(OID_PRIMARY_ITEM_ID)
    if not _printable(item_id):
        return None
    owner = fields.get(OID_OWNER_ISIL)
    set_size, set_part = _set_information(fields.get(OID_SET_INFORMATION))
    usage = fields.get(OID_TYPE_OF_USAGE)
    return Decoded(
        item_id=str(item_id),
        owner_library=owner if isinstance(owner, str) else None,
        set_size=set_size,
        set_part=set_part,
        usage=usage if isinstance(usage, int) else None,
        fields=fields,
    )


def encode_data_set(oid: int, data: bytes, compaction: int = COMPACT_OCTET) -> bytes:
    """One data set, without offset padding (for sample tags and tests)."""
    if not 1 <= oid <= 15 + 0xFF or not 0 <= compaction <= 7:
        raise ValueError("bad OID or compaction")
    if not 1 <= len(data) <= 0xFF:
        raise ValueError("data set data must be 1..255 bytes")
    head = bytes([compaction << 4 | oid]) if oid < 15 else bytes([compaction << 4 | 15, oid - 15])
    return head + bytes([len(data)]) + data


def encode(
    item_id: str,
    owner_isil: str | None = None,
    set_size: int | None = None,
    set_part: int | None = None,
    usage: int | None = 0x10,
) -> bytes:
    """Item id, ISIL and set information as octet strings, usage as one byte, terminator."""
    out = encode_data_set(OID_PRIMARY_ITEM_ID, item_id.encode("latin-1"))
    if owner_isil:
        out += encode_data_set(OID_OWNER_ISIL, owner_isil.encode("ascii"))
    if set_size is not None and set_part is not None:
        width = max(2, len(str(set_size)), len(str(set_part)))
        info = f"{set_size:0{width}d}{set_part:0{width}d}"
        out += encode_data_set(OID_SET_INFORMATION, info.encode("ascii"))
    if usage is not None:
        out += encode_data_set(OID_TYPE_OF_USAGE, bytes([usage]), COMPACT_APPLICATION)
    return out + b"\0"
