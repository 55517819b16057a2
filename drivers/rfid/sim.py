"""RFID pad simulators that speak the FEIG and 3M reader protocols on a pseudo-terminal.

A simulator owns a :class:`~drivers.pty.PtyEndpoint`; the real driver opens
:attr:`PadSimulator.path` with pyserial. Tags on the pad are :class:`~drivers.rfid.tag.Tag`
objects that tests (or the kiosk's simulator window) place and remove at any time.

Timing: the endpoint delays every reply by its wire time at the configured baud rate, and
the simulator adds the ISO 15693 air time a real reader spends talking to the tags
(inventory slots, block reads, EEPROM write time), so benchmarks see realistic figures.

Faults (:class:`Fault`) are queued with :meth:`PadSimulator.inject` and used up one per
affected reply, in order: a corrupt CRC, a dropped reply, a reply split into pieces with
gaps under FEIG's 12 ms inter-character limit, garbage before the reply, a reply cut
short but with a valid CRC (buggy firmware), the tag leaving the field in the middle of
a write, and (3M) a UID listed twice in an inventory. ``bit_flip_rate`` p flips one
random bit of the block data in a read reply with probability p (a weak tag EEPROM, or
air noise the reader did not catch), to measure what the data models let through.

Threads: one per simulator, ``rfid-sim-<protocol>``, serves the pty; the control methods
may be called from any thread (a lock guards the tags and the fault queue).
"""

from __future__ import annotations

from typing import Any

from drivers.rfid.sim_base import (
    AIR_BYTE_UP_S,
    AIR_COMMAND_S,
    AIR_SLOT_S,
    AIR_TAG_REPLY_S,
    AIR_WRITE_S,
    INTER_CHAR_TIMEOUT_S,
    SHORT_REPLY_CUT,
    Fault,
    PadSimulator,
    library_tag,
    uid_for_item,
)
from drivers.rfid.sim_bibliotheca import BibliothecaSimulator
from drivers.rfid.sim_feig import FeigSimulator
from drivers.rfid.tag import Tag

__all__ = [
    "AIR_BYTE_UP_S",
    "AIR_COMMAND_S",
    "AIR_SLOT_S",
    "AIR_TAG_REPLY_S",
    "AIR_WRITE_S",
    "INTER_CHAR_TIMEOUT_S",
    "SHORT_REPLY_CUT",
    "BibliothecaSimulator",
    "Fault",
    "FeigSimulator",
    "PadSimulator",
    "library_tag",
    "make_simulator",
    "uid_for_item",
]


def make_simulator(
    protocol: str, tags: list[Tag] | tuple[Tag, ...] = (), **kwargs: Any
) -> PadSimulator:
    if protocol == "feig":
        return FeigSimulator(tags, **kwargs)
    if protocol == "bibliotheca":
        return BibliothecaSimulator(tags, **kwargs)
    raise ValueError(f"unknown reader protocol {protocol!r} (feig, bibliotheca)")
