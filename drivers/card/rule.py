"""How a site turns what is on a patron card into a patron id: the UID -> patron rule.

Libraries disagree on what the "card number" is. Some print the UID in decimal, most
significant byte first; some reverse the bytes (what many USB keyboard-wedge readers
send); some keep only the low 24 bits (Wiegand-26 controllers); some store the library
number in a MIFARE block or a file on a CPU card. :class:`CardUidRule` describes one
site's convention, is built from the site's configuration at start-up (an unknown or
malformed option is an error then, not at the first card) and is the single mapping used
by the real PC/SC driver and by the simulator alike.

The default rule maps the simulator's sample cards to the seeded patrons: the UID read
MSB first as a decimal number, zero-padded to 13 digits, so UID ``00030092EEB201`` is
patron ``3301000000001``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Any

from kiosk.devices import UnknownCard
from kiosk.privacy import mask_patron_id

SOURCES = ("uid", "mifare_block", "file")
BYTE_ORDERS = ("msb_first", "lsb_first")
NUMBER_FORMATS = ("decimal", "hex")
DATA_FORMATS = ("ascii", "bcd", "binary")

_PATRON_TEXT = re.compile(r"[0-9A-Za-z-]+")
# Blank bytes a card issuer pads a stored number with.
_PADDING = b"\x00\xff \t\r\n"


class UnmappableCard(UnknownCard):
    """The card answered, but its UID or stored number does not fit the site's rule.

    Carries the UID so that a service command can still show it (to set up the rule).
    """

    def __init__(self, detail: str, *, device: str = "", uid_hex: str = ""):
        super().__init__(detail, device=device)
        self.uid_hex = uid_hex


@dataclass(frozen=True)
class CardUidRule:
    """One site's mapping from card contents to patron id.

    ``source`` says where the number comes from: the UID (``FF CA``), a MIFARE Classic
    block (``block``, authenticated with ``key_hex`` as key ``key_type`` loaded into
    reader slot ``key_slot``), or an ISO 7816-4 transparent file ``file_id`` on a CPU card.
    Stored data is decoded per ``data_format``: ``ascii`` (padding and ``strip_prefix``
    removed), ``bcd`` (digits, trailing ``F`` nibbles dropped) or ``binary`` (an unsigned
    integer, like a UID). Binary numbers and UIDs are read in ``byte_order``, cut to the
    lowest ``bits`` bits if set, and written in ``number`` format. The result is
    zero-padded to ``digits`` (0 = no padding; a longer number is an unknown card) and
    ``prefix`` is put in front.
    """

    source: str = "uid"
    byte_order: str = "msb_first"
    number: str = "decimal"
    bits: int | None = None
    digits: int = 13
    prefix: str = ""
    block: int = 4
    key_hex: str = "FFFFFFFFFFFF"
    key_type: str = "A"
    key_slot: int = 0
    file_id: str = ""
    file_length: int = 16
    data_format: str = "ascii"
    strip_prefix: str = ""

    def __post_init__(self) -> None:
        _check_choice("source", self.source, SOURCES)
        _check_choice("byte_order", self.byte_order, BYTE_ORDERS)
        _check_choice("number", self.number, NUMBER_FORMATS)
        _check_choice("data_format", self.data_format, DATA_FORMATS)
        _check_choice("key_type", self.key_type, ("A", "B"))
        if self.bits is not None and not 1 <= self.bits <= 128:
            raise ValueError(f"card rule: bits must be 1..128, not {self.bits}")
        if not 0 <= self.digits <= 32:
            raise ValueError(f"card rule: digits must be 0..32, not {self.digits}")
        if not 0 <= self.block <= 255 or self.block % 4 == 3:
            raise ValueError(f"card rule: block {self.block} is not a MIFARE data block")
        if not re.fullmatch(r"[0-9A-Fa-f]{12}", self.key_hex):
            raise ValueError("card rule: key_hex must be 12 hex digits (a 6-byte MIFARE key)")
        if not 0 <= self.key_slot <= 255:
            raise ValueError(f"card rule: key_slot must be 0..255, not {self.key_slot}")
        if self.source == "file" and not re.fullmatch(r"[0-9A-Fa-f]{4}", self.file_id):
            raise ValueError("card rule: source 'file' needs file_id, 4 hex digits (e.g. 'EF01')")
        if not 1 <= self.file_length <= 255:
            raise ValueError(f"card rule: file_length must be 1..255, not {self.file_length}")

    @classmethod
    def from_options(cls, options: dict[str, Any] | None) -> CardUidRule:
        """Build from a config table; an unknown key raises ValueError naming it."""
        options = dict(options or {})
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(options) - known)
        if unknown:
            raise ValueError(
                f"card rule: unknown option(s) {', '.join(unknown)}; "
                f"known: {', '.join(sorted(known))}"
            )
        try:
            return cls(**options)
        except TypeError as exc:
            raise ValueError(f"card rule: an option has the wrong type ({exc})") from None

    @property
    def reads_stored_number(self) -> bool:
        return self.source != "uid"

    def patron_id(self, uid: bytes, stored: bytes | None = None, *, device: str = "") -> str:
        """The patron id for a card with this UID (and stored data, for stored sources).

        Raises :class:`UnmappableCard` when the card's number does not fit the rule.
        """
        uid_hex = uid.hex().upper()

        def fail(why: str) -> UnmappableCard:
            return UnmappableCard(why, device=device, uid_hex=uid_hex)

        if not uid:
            raise fail("the card reported an empty UID")
        if self.source == "uid":
            number = self._number_from_bytes(uid)
        elif stored is None:
            raise fail(f"the card carries no {self.source} data")
        elif self.data_format == "binary":
            number = self._number_from_bytes(stored)
        elif self.data_format == "bcd":
            number = stored.hex().upper().rstrip("F")
            if not number.isdigit():
                raise fail("the stored number is not BCD digits")
        else:
            number = self._number_from_text(stored, fail)
        if self.digits and len(number) > self.digits:
            raise fail(
                f"card number {mask_patron_id(number)} is longer than the site's "
                f"{self.digits} digits"
            )
        return self.prefix + number.zfill(self.digits)

    def _number_from_bytes(self, data: bytes) -> str:
        ordered = data if self.byte_order == "msb_first" else data[::-1]
        value = int.from_bytes(ordered, "big")
        if self.bits is not None:
            value &= (1 << self.bits) - 1
        return str(value) if self.number == "decimal" else f"{value:X}"

    def _number_from_text(self, data: bytes, fail: Any) -> str:
        try:
            text = data.strip(_PADDING).decode("ascii")
        except UnicodeDecodeError:
            raise fail("the stored number is not ASCII text") from None
        if self.strip_prefix:
            if not text.startswith(self.strip_prefix):
                raise fail(f"the stored number does not start with {self.strip_prefix!r}")
            text = text[len(self.strip_prefix) :]
        if not _PATRON_TEXT.fullmatch(text):
            raise fail("the stored number is empty or has characters a patron id cannot have")
        return text


def _check_choice(name: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ValueError(f"card rule: {name} must be one of {', '.join(choices)}, not {value!r}")
