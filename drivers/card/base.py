"""What every patron card reader gives the kiosk: :class:`CardRead` and :class:`CardReader`.

The UI calls :meth:`CardReader.wait_for_card` from a worker thread, never from the UI
thread; one reader object belongs to that one thread (the simulator's ``present`` and
``remove`` are the exception: they may be called from any thread).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class CardRead:
    """A card identified: the reader it was on, its UID (hex, as the reader gives it,
    upper case) and the patron id the site's :class:`~drivers.card.rule.CardUidRule`
    maps it to."""

    reader: str
    uid_hex: str
    patron_id: str


class CardReader(Protocol):
    name: str

    def wait_for_card(self, timeout_s: float) -> CardRead | None:
        """Wait until a card is on the reader, read and map it.

        Returns None when no card came within ``timeout_s``. A card already lying on the
        reader is returned at once. Raises NoReader, CardRemoved, UnknownCard.
        """
        ...

    def wait_for_removal(self, timeout_s: float) -> bool:
        """Wait until no card is on the reader; False if one is still there at timeout."""
        ...

    def close(self) -> None: ...
