"""RFID pad simulators that speak the FEIG and 3M reader protocols on a pseudo-terminal.

:func:`make_simulator` picks one by protocol name. The protocols are in
:mod:`drivers.rfid.sim_feig` and :mod:`drivers.rfid.sim_bibliotheca`; timing, faults, library
tags and the pty server they share (and the whole story of how they work) in
:mod:`drivers.rfid.sim_base`. This module keeps every name tests and tools import.
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
