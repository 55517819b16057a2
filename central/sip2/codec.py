"""The SIP2 wire format, pure: build request frames, parse response frames, the checksum.

No sockets here (the transport is :mod:`central.sip2.connection`), so every rule of the
format is testable and fuzzable on bytes alone. Every fact used is stated in
``docs/sip2.md`` with its section of "3M Standard Interchange Protocol Version 2.00,
rev. 2.10". Parsing anything a library system (or a man in the middle) can send raises
only :class:`Sip2FormatError` (and its subclasses), never anything else.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from enum import Enum

CR = b"\r"
# A frame longer than this is refused before parsing: memory for one response is bounded
# whatever the library system sends (a patron with hundreds of loans fits easily).
MAX_FRAME_BYTES = 65_536
# Variable-length fields carry "0 to 255 characters" (Standard Protocol Rules, p. 15).
MAX_FIELD_BYTES = 255
ENCODINGS = ("utf-8", "gb18030")


class Sip2FormatError(ValueError):
    """Bytes that are not a valid SIP2 response (the one error parsing may raise)."""


class ChecksumMismatch(Sip2FormatError):
    """A frame whose AZ checksum does not verify (or is missing where required)."""


class UnknownCommand(Sip2FormatError):
    """A well-framed message whose command identifier this client does not know."""


class Fixed(Enum):
    """What a fixed-length field may contain (Field Definitions, pp. 18-26)."""

    YN = "YN"
    YNU = "YNU"
    OK = "01"
    DIGITS = "digits"
    COUNT = "count"  # four digits, or four blanks when the ACS does not know
    DATE = "date"  # YYYYMMDDZZZZHHMMSS
    STATUS = "status"  # Y or blank in each position (patron status, summary)
    VERSION = "version"  # x.xx


# Fixed-length fields of each response, in the order the specification gives them
# ("Response Messages from the ACS", pp. 8-13).
RESPONSE_LAYOUTS: dict[str, tuple[tuple[str, int, Fixed], ...]] = {
    "24": (
        ("patron_status", 14, Fixed.STATUS),
        ("language", 3, Fixed.DIGITS),
        ("transaction_date", 18, Fixed.DATE),
    ),
    "12": (
        ("ok", 1, Fixed.OK),
        ("renewal_ok", 1, Fixed.YN),
        ("magnetic_media", 1, Fixed.YNU),
        ("desensitize", 1, Fixed.YNU),
        ("transaction_date", 18, Fixed.DATE),
    ),
    "10": (
        ("ok", 1, Fixed.OK),
        ("resensitize", 1, Fixed.YN),
        ("magnetic_media", 1, Fixed.YNU),
        ("alert", 1, Fixed.YN),
        ("transaction_date", 18, Fixed.DATE),
    ),
    "98": (
        ("online", 1, Fixed.YN),
        ("checkin_ok", 1, Fixed.YN),
        ("checkout_ok", 1, Fixed.YN),
        ("renewal_policy", 1, Fixed.YN),
        ("status_update_ok", 1, Fixed.YN),
        ("offline_ok", 1, Fixed.YN),
        ("timeout_period", 3, Fixed.DIGITS),
        ("retries_allowed", 3, Fixed.DIGITS),
        ("date_time_sync", 18, Fixed.DATE),
        ("protocol_version", 4, Fixed.VERSION),
    ),
    "96": (),
    "94": (("ok", 1, Fixed.OK),),
    "64": (
        ("patron_status", 14, Fixed.STATUS),
        ("language", 3, Fixed.DIGITS),
        ("transaction_date", 18, Fixed.DATE),
        ("hold_items_count", 4, Fixed.COUNT),
        ("overdue_items_count", 4, Fixed.COUNT),
        ("charged_items_count", 4, Fixed.COUNT),
        ("fine_items_count", 4, Fixed.COUNT),
        ("recall_items_count", 4, Fixed.COUNT),
        ("unavailable_holds_count", 4, Fixed.COUNT),
    ),
    "36": (("end_session", 1, Fixed.YN), ("transaction_date", 18, Fixed.DATE)),
    "18": (
        ("circulation_status", 2, Fixed.DIGITS),
        ("security_marker", 2, Fixed.DIGITS),
        ("fee_type", 2, Fixed.DIGITS),
        ("transaction_date", 18, Fixed.DATE),
    ),
    "30": (
        ("ok", 1, Fixed.OK),
        ("renewal_ok", 1, Fixed.YN),
        ("magnetic_media", 1, Fixed.YNU),
        ("desensitize", 1, Fixed.YNU),
        ("transaction_date", 18, Fixed.DATE),
    ),
    "66": (
        ("ok", 1, Fixed.OK),
        ("renewed_count", 4, Fixed.DIGITS),
        ("unrenewed_count", 4, Fixed.DIGITS),
        ("transaction_date", 18, Fixed.DATE),
    ),
}

# Identified fields a response must carry ("required field" in each table).
REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {
    "24": ("AO", "AA", "AE"),
    "12": ("AO", "AA", "AB", "AJ", "AH"),
    "10": ("AO", "AB", "AQ"),
    "98": ("AO", "BX"),
    "64": ("AO", "AA", "AE"),
    "36": ("AO", "AA"),
    "18": ("AB", "AJ"),
    "30": ("AO", "AA", "AB", "AJ", "AH"),
    "66": ("AO",),
}


@dataclass(frozen=True)
class Frame:
    """One parsed response: its command, fixed fields by name, identified fields by id."""

    command: str
    fixed: dict[str, str]
    fields: dict[str, tuple[str, ...]]
    sequence: int | None
    checksum: str | None

    def first(self, field_id: str) -> str | None:
        values = self.fields.get(field_id)
        return values[0] if values else None

    def all(self, field_id: str) -> tuple[str, ...]:
        return self.fields.get(field_id, ())


def checksum(prefix: bytes) -> str:
    """The AZ value for ``prefix`` (every byte from the first through "AZ"): the two's
    complement of the low 16 bits of the byte sum, as four uppercase hex digits."""
    return f"{-sum(prefix) & 0xFFFF:04X}"


def checksum_verifies(frame_without_cr: bytes) -> bool:
    """True if the byte sum of the frame plus its checksum's value is 0 modulo 2**16."""
    digits = frame_without_cr[-4:]
    if len(digits) != 4 or not all(chr(b) in "0123456789ABCDEFabcdef" for b in digits):
        return False
    return (sum(frame_without_cr[:-4]) + int(digits, 16)) & 0xFFFF == 0


def sip_datetime(instant: datetime) -> str:
    """An aware instant as an 18-character SIP2 date in universal time ("   Z" zone)."""
    if instant.tzinfo is None:
        raise ValueError("naive datetime: SIP2 dates are built from aware instants only")
    utc = instant.astimezone(UTC)
    return utc.strftime("%Y%m%d") + "   Z" + utc.strftime("%H%M%S")


def parse_sip_datetime(text: str, local_utc_offset_hours: float) -> datetime | None:
    """An 18-character SIP2 date as an aware UTC instant, or None if it is not one.

    A blank zone is the library system's local time (``local_utc_offset_hours``), "Z" in the
    last zone position is universal time; other zone letters are not interpreted.
    """
    if len(text) != 18 or not (text[:8] + text[12:]).isdigit():
        return None
    zone = text[8:12]
    if zone == "    ":
        tz = timezone(timedelta(hours=local_utc_offset_hours))
    elif zone[:3] == "   " and zone[3] == "Z":
        tz = UTC
    else:
        return None
    try:
        local = datetime.strptime(text[:8] + text[12:], "%Y%m%d%H%M%S")
    except ValueError:
        return None
    return local.replace(tzinfo=tz).astimezone(UTC)


def _check_value(field_id: str, value: str, encoding: str, delimiter: str) -> bytes:
    """A field value as bytes; refuses what would break the framing (field injection)."""
    if delimiter in value or "\r" in value or "\x00" in value:
        raise ValueError(f"field {field_id} contains the delimiter, CR or NUL")
    data = value.encode(encoding)
    if len(data) > MAX_FIELD_BYTES:
        raise ValueError(f"field {field_id} is longer than {MAX_FIELD_BYTES} bytes")
    return data


def encode_request(
    command: str,
    fixed: Sequence[str],
    fields: Sequence[tuple[str, str | None]],
    *,
    sequence: int | None,
    error_detection: bool,
    encoding: str = "utf-8",
    delimiter: str = "|",
) -> bytes:
    """A complete request frame: command, fixed fields, identified fields, AY/AZ, CR.

    ``fields`` whose value is None are left out. With ``error_detection`` the frame ends in
    AY (the sequence number, 0-9) and AZ (the checksum); 97 carries AZ without AY.
    """
    body = bytearray(command.encode("ascii"))
    for fixed_value in fixed:
        body += fixed_value.encode("ascii")
    for field_id, value in fields:
        if value is not None:
            body += field_id.encode("ascii") + _check_value(field_id, value, encoding, delimiter)
            body += delimiter.encode("ascii")
    if error_detection:
        if command != "97":
            if sequence is None or not 0 <= sequence <= 9:
                raise ValueError("a sequence number 0-9 is required with error detection")
            body += b"AY" + str(sequence).encode("ascii")
        body += b"AZ"
        body += checksum(bytes(body)).encode("ascii")
    return bytes(body) + CR


def _split_trailer(body: bytes, require_checksum: bool) -> tuple[bytes, int | None, str | None]:
    """The payload without AY/AZ, the sequence number and the checksum text."""
    if len(body) >= 6 and body[-6:-4] == b"AZ":
        if not checksum_verifies(body):
            raise ChecksumMismatch("checksum does not verify")
        rest, text = body[:-6], body[-4:].decode("ascii")
        if len(rest) >= 3 and rest[-3:-1] == b"AY" and rest[-1:].isdigit():
            return rest[:-3], int(rest[-1:]), text
        return rest, None, text
    if require_checksum:
        raise ChecksumMismatch("no checksum where error detection is on")
    return body, None, None


def _check_fixed(name: str, value: str, kind: Fixed) -> None:
    ok = {
        Fixed.YN: value in ("Y", "N"),
        Fixed.YNU: value in ("Y", "N", "U"),
        Fixed.OK: value in ("0", "1"),
        Fixed.DIGITS: value.isdigit() and value.isascii(),
        Fixed.COUNT: (value.isdigit() and value.isascii()) or value == "    ",
        Fixed.DATE: len(value) == 18 and (value[:8] + value[12:]).isdigit() and value.isascii(),
        Fixed.STATUS: set(value) <= {"Y", " "},
        Fixed.VERSION: len(value) == 4 and value[1] == "." and (value[0] + value[2:]).isdigit(),
    }[kind]
    if not ok:
        raise Sip2FormatError(f"fixed field {name} is not {kind.value}: {value!r}")


def parse_response(
    frame: bytes,
    *,
    encoding: str = "utf-8",
    delimiter: str = "|",
    require_checksum: bool = False,
) -> Frame:
    """Parse one CR-terminated response frame.

    Raises :class:`ChecksumMismatch` for a checksum that does not verify (the caller asks
    for a re-send), :class:`UnknownCommand` for a command it does not know (to be ignored),
    :class:`Sip2FormatError` for anything else that is not a valid response.
    """
    if len(frame) > MAX_FRAME_BYTES:
        raise Sip2FormatError(f"frame longer than {MAX_FRAME_BYTES} bytes")
    if not frame.endswith(CR) or CR in frame[:-1]:
        raise Sip2FormatError("a frame is one message ending in one CR")
    if b"\x00" in frame:
        raise Sip2FormatError("NUL in frame")
    payload, sequence, check = _split_trailer(frame[:-1], require_checksum)
    command_bytes = payload[:2]
    if len(command_bytes) != 2 or not command_bytes.isdigit():
        raise Sip2FormatError("no command identifier")
    command = command_bytes.decode("ascii")
    layout = RESPONSE_LAYOUTS.get(command)
    if layout is None:
        raise UnknownCommand(command)
    cursor = 2
    fixed: dict[str, str] = {}
    for name, width, kind in layout:
        piece = payload[cursor : cursor + width]
        if len(piece) != width or not piece.isascii():
            raise Sip2FormatError(f"fixed field {name} missing or not ASCII")
        value = piece.decode("ascii")
        _check_fixed(name, value, kind)
        fixed[name] = value
        cursor += width
    fields = _parse_identified(payload[cursor:], encoding, delimiter.encode("ascii"))
    missing = [f for f in REQUIRED_FIELDS.get(command, ()) if f not in fields]
    if missing:
        raise Sip2FormatError(f"response {command} lacks required fields {missing}")
    return Frame(command, fixed, fields, sequence, check)


def _parse_identified(data: bytes, encoding: str, delimiter: bytes) -> dict[str, tuple[str, ...]]:
    fields: dict[str, list[str]] = {}
    cursor = 0
    while cursor < len(data):
        field_id = data[cursor : cursor + 2]
        if len(field_id) != 2 or not field_id.isalpha() or not field_id.isupper():
            raise Sip2FormatError(f"bad field identifier {field_id!r}")
        end = data.find(delimiter, cursor + 2)
        # The last field's delimiter is sometimes left out by library systems; the value then
        # runs to the end of the payload.
        if end == -1:
            end = len(data)
        raw = data[cursor + 2 : end]
        try:
            value = raw.decode(encoding)
        except UnicodeDecodeError as exc:
            raise Sip2FormatError(f"field {field_id!r} is not {encoding}") from exc
        fields.setdefault(field_id.decode("ascii"), []).append(value)
        cursor = end + 1
    return {k: tuple(v) for k, v in fields.items()}
