"""Messages a misbehaving terminal sends, and a central service driven without a broker.

Shared by tests/central/test_hostile_terminal.py and tests/fuzz/test_fuzz_mqtt.py: the handlers
run directly (the real central store on a temp SQLite file), so thousands of messages take
seconds.
"""

from __future__ import annotations

import itertools
import uuid
from pathlib import Path
from typing import Any

from central.service import CentralService, CentralSettings
from sync import contract, topics
from sync.mqtt import BrokerSettings, Incoming
from sync.signing import Signer

NESTED = b"[" * 5000
LONE_SURROGATE = b'{"terminal_id": "T1", "x": "\\ud800"}'

# Packet ids as a broker hands them out: 1..65535, then round again (paho refuses more).
_mids = itertools.cycle(range(1, 65536))


def event(terminal_id: str, seq: int, **changes: Any) -> dict[str, Any]:
    ev = {
        "event_id": str(uuid.uuid4()),
        "seq": seq,
        "terminal_id": terminal_id,
        "kind": "return",
        "at": contract.now_iso(),
        "data": {
            "item_id": f"B{seq}",
            "loan_id": None,
            "patron_id": None,
            "compartment_id": None,
            "needs_staff": False,
        },
    }
    ev.update(changes)
    return ev


def incoming(terminal_id: str, leaf: str, payload: bytes | dict, qos: int = 1) -> Incoming:
    if isinstance(payload, dict):
        payload = contract.encode(payload)
    return Incoming(topics.topic(terminal_id, leaf), payload, qos, next(_mids), False)


def offline_central(db: Path, signer: Signer, **settings: Any) -> CentralService:
    """A central service whose handlers are called directly: never connected, never started.

    paho queues what it would publish or acknowledge until a connection that never comes.
    """
    return CentralService(
        db, BrokerSettings(username="central"), signer, CentralSettings(**settings)
    )
