"""The device interfaces the transaction flows talk to, and the typed device errors.

Real drivers and simulators in ``drivers/`` implement these protocols; the flows in
:mod:`kiosk.circulation` never see a serial port or a card reader. Each error carries a
stable ``code`` that the UI maps to a message a resident understands (see
:mod:`kiosk.messages`), so a driver only has to raise the right class.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Protocol


class DeviceError(Exception):
    """A device could not do what was asked. ``code`` keys the bilingual message."""

    code = "device_error"

    def __init__(self, detail: str = "", *, device: str = ""):
        super().__init__(detail or self.code)
        self.detail = detail
        self.device = device


class NoReader(DeviceError):
    """The reader (RFID, card, scanner) does not answer or is not connected."""

    code = "no_reader"


class NoTag(DeviceError):
    """No tag with that UID answered in the reader's field."""

    code = "no_tag"


class TagLeftField(DeviceError):
    """The tag answered, then left the field before the operation finished."""

    code = "tag_left_field"


class TagWriteFailed(DeviceError):
    """A write to the tag failed or did not read back as written."""

    code = "tag_write_failed"


class BoardNotAnswering(DeviceError):
    """A locker control board does not answer on its bus."""

    code = "board_not_answering"


class LockDidNotOpen(DeviceError):
    """The board answered but reports the lock still closed after an open command."""

    code = "lock_did_not_open"


class DoorNotClosed(DeviceError):
    """A compartment door is still open when it should have been closed."""

    code = "door_not_closed"


class CardRemoved(DeviceError):
    """The patron card left the reader before it could be read completely."""

    code = "card_removed"


class UnknownCard(DeviceError):
    """A card was read but it is not a library card this site recognises."""

    code = "unknown_card"


class PrinterError(DeviceError):
    """The receipt printer is missing, out of paper or failed to print."""

    code = "printer_error"


class PaperOut(PrinterError):
    code = "paper_out"


@dataclass(frozen=True)
class TagRead:
    """One tag on the RFID pad as the reader decoded it.

    ``uid`` is 16 hex digits, most significant byte first (``E004...``). ``item_id`` is
    None for blank tags and tags whose data does not decode with a valid checksum.
    ``secured`` is True when the security state is "in library" (gate alarms), False
    for "on loan", None when the reader could not tell.
    """

    uid: str
    item_id: str | None
    secured: bool | None = None
    set_size: int | None = None
    set_part: int | None = None


class RfidPad(Protocol):
    """The RFID reader under the pad where residents put their books."""

    def inventory(self) -> list[TagRead]:
        """Tags on the pad now, decoded. Raises NoReader."""
        ...

    def read_secured(self, uid: str) -> bool:
        """The tag's security state now (True = in library). Raises NoTag, NoReader."""
        ...

    def set_secured(self, uid: str, secured: bool) -> None:
        """Write the security state and read it back; return only once it is verified.

        Raises NoTag, TagLeftField, TagWriteFailed, NoReader.
        """
        ...


class DoorSensor(Enum):
    """What a lock board reports about one compartment door."""

    OPEN = "open"
    CLOSED = "closed"


class CompartmentDoors(Protocol):
    """The locker bank's doors, addressed by compartment id (the bank maps ids to locks)."""

    def open(self, compartment_id: str) -> None:
        """Unlock the door and return once the board confirms it released.

        Raises LockDidNotOpen, BoardNotAnswering.
        """
        ...

    def sensor(self, compartment_id: str) -> DoorSensor:
        """The door's state now. Raises BoardNotAnswering."""
        ...

    def item_present(self, compartment_id: str) -> bool | None:
        """The compartment's item sensor, or None where the board has none."""
        ...
