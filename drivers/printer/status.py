"""ESC/POS real-time status (``DLE EOT n``): request bytes and decoding of the answers.

Every answer byte has bit 1 and bit 4 set and bits 0 and 7 clear (``0b0xx1xx10``);
anything else is not a status byte (line noise, or an answer to something else).

* ``DLE EOT 1`` printer status: bit 3 = offline.
* ``DLE EOT 2`` offline cause: bit 2 = cover open, bit 5 = stopped for paper end,
  bit 6 = error.
* ``DLE EOT 4`` paper roll sensor: bits 2-3 = near end (paper low), bits 5-6 = paper end.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from kiosk.devices import PrinterError

REQUEST_PRINTER = b"\x10\x04\x01"
REQUEST_OFFLINE_CAUSE = b"\x10\x04\x02"
REQUEST_PAPER = b"\x10\x04\x04"

_FIXED_MASK, _FIXED_BITS = 0x93, 0x12


class Paper(Enum):
    OK = "ok"
    LOW = "low"
    OUT = "out"


@dataclass(frozen=True)
class PrinterStatus:
    paper: Paper
    cover_open: bool = False
    error: bool = False

    def as_dict(self) -> dict[str, object]:
        return {"paper": self.paper.value, "cover_open": self.cover_open, "error": self.error}


def check_status_byte(value: int, what: str) -> int:
    if value & _FIXED_MASK != _FIXED_BITS:
        raise PrinterError(f"{what}: 0x{value:02X} is not an ESC/POS status byte")
    return value


def decode_paper(value: int) -> Paper:
    check_status_byte(value, "paper status")
    if value & 0x60:
        return Paper.OUT
    if value & 0x0C:
        return Paper.LOW
    return Paper.OK


def decode_offline_cause(value: int) -> tuple[bool, bool]:
    """(cover open, error) from a DLE EOT 2 answer."""
    check_status_byte(value, "offline cause")
    return bool(value & 0x04), bool(value & 0x40)


def encode_paper(paper: Paper) -> int:
    """The DLE EOT 4 answer a printer gives (for the simulator)."""
    return _FIXED_BITS | {Paper.OK: 0x00, Paper.LOW: 0x0C, Paper.OUT: 0x6C}[paper]


def encode_offline_cause(cover_open: bool, paper_out: bool, error: bool) -> int:
    return (
        _FIXED_BITS
        | (0x04 if cover_open else 0)
        | (0x20 if paper_out else 0)
        | (0x40 if error else 0)
    )


def encode_printer_status(offline: bool) -> int:
    return _FIXED_BITS | (0x08 if offline else 0)
