"""Patron card readers: PC/SC contactless readers and a simulator, behind one interface.

:func:`open_card_reader` is the factory the composition root calls with the site's
``[card]`` configuration::

    [card]
    driver = "pcsc"            # or "simulated"
    reader = "ACR122"          # substring of the PC/SC reader name; "" = first reader
    [card.rule]                # see drivers.card.rule.CardUidRule
    byte_order = "msb_first"
    number = "decimal"
    digits = 13
"""

from __future__ import annotations

from typing import Any

from drivers.card.base import CardRead, CardReader
from drivers.card.rule import CardUidRule, UnmappableCard
from drivers.card.simulated import SAMPLE_CARDS, SimulatedCardReader

DRIVERS = ("pcsc", "simulated")
_OPTIONS = {"reader", "rule"}


def open_card_reader(driver: str, options: dict[str, Any] | None = None) -> CardReader:
    """A card reader for ``driver`` ("pcsc" | "simulated"); bad options raise ValueError."""
    options = dict(options or {})
    unknown = sorted(set(options) - _OPTIONS)
    if unknown:
        raise ValueError(f"card reader: unknown option(s) {', '.join(unknown)}")
    rule = CardUidRule.from_options(options.get("rule"))
    if driver == "simulated":
        return SimulatedCardReader(rule)
    if driver == "pcsc":
        # Imported here so that a kiosk configured for the simulator needs no libpcsclite.
        from drivers.card.pcsc import PcscCardReader

        return PcscCardReader(rule, reader_filter=str(options.get("reader", "")))
    raise ValueError(f"card reader: driver must be one of {', '.join(DRIVERS)}, not {driver!r}")


__all__ = [
    "SAMPLE_CARDS",
    "CardRead",
    "CardReader",
    "CardUidRule",
    "SimulatedCardReader",
    "UnmappableCard",
    "open_card_reader",
]
