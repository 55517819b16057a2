"""A card reader without hardware, for the default kiosk run and the UI's simulator window.

``present(uid_hex)`` puts a card on the "reader", ``remove()`` takes it off; the card is
mapped to a patron with the same :class:`~drivers.card.rule.CardUidRule` code as the real
PC/SC driver, so a simulated card behaves exactly like a real one of that site.
"""

from __future__ import annotations

import logging
import threading
import time

from drivers.card.base import CardRead
from drivers.card.rule import CardUidRule
from kiosk.privacy import mask_patron_id

log = logging.getLogger(__name__)

# Sample cards of the default site (default rule: UID MSB first, decimal, 13 digits).
SAMPLE_CARDS = {
    "00030092EEB201": "3301000000001",
    "00030092EEB202": "3301000000002",
    "00030092EEB203": "3301000000003",
    "00030092EEB204": "3301000000004",
    "00030092EEB205": "3301000000005",
}


class SimulatedCardReader:
    """Thread-safe: present/remove from the UI thread, wait_for_card from a worker."""

    def __init__(self, rule: CardUidRule | None = None, name: str = "Simulated card reader"):
        self.rule = rule or CardUidRule()
        self.name = name
        self._cond = threading.Condition()
        self._card: tuple[bytes, bytes | None] | None = None
        self._closed = False
        # Each present() is a new placement: lifting one card and laying the next at once
        # must still count as a removal, as it does on a real reader.
        self._placement = 0
        self._read_placement = 0

    def present(self, uid_hex: str, stored: bytes | None = None) -> None:
        """Place a card (UID, and the stored number for sites that read one)."""
        uid = bytes.fromhex(uid_hex)
        with self._cond:
            self._card = (uid, stored)
            self._placement += 1
            self._cond.notify_all()

    def remove(self) -> None:
        with self._cond:
            self._card = None
            self._cond.notify_all()

    def wait_for_card(self, timeout_s: float) -> CardRead | None:
        deadline = time.monotonic() + timeout_s
        with self._cond:
            while self._card is None and not self._closed:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return None
                self._cond.wait(remaining)
            if self._card is None:
                return None
            uid, stored = self._card
            self._read_placement = self._placement
        patron_id = self.rule.patron_id(uid, stored, device=self.name)
        log.info(
            "simulated card %s -> patron %s",
            mask_patron_id(uid.hex().upper()),
            mask_patron_id(patron_id),
        )
        return CardRead(reader=self.name, uid_hex=uid.hex().upper(), patron_id=patron_id)

    def wait_for_removal(self, timeout_s: float) -> bool:
        with self._cond:
            return self._cond.wait_for(
                lambda: (
                    self._card is None or self._placement != self._read_placement or self._closed
                ),
                timeout_s,
            )

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()
