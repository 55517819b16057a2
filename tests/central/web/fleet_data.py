"""Terminals as the central service records them, written through its own store methods."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from central.store import CentralStore, Rejected

NOW = "2026-11-28T08:00:00.000000+00:00"


def birth(store: CentralStore, terminal_id: str, state: str = "online", boot: int = 1) -> None:
    store.apply_state(
        terminal_id,
        {"state": state, "boot": boot, "conn": 1, "at": NOW, "software_version": "1.4.2"},
    )


def telemetry(
    store: CentralStore,
    terminal_id: str,
    *,
    depth: int = 0,
    alarms: list[dict[str, Any]] | None = None,
    devices: dict[str, str] | None = None,
) -> None:
    store.apply_telemetry(
        terminal_id,
        {
            "terminal_id": terminal_id,
            "at": datetime.now(UTC).isoformat(),
            "software_version": "1.4.2",
            "boot": 1,
            "conn": 1,
            "devices": devices or {"rfid": "ok", "printer": "ok"},
            "alarms": alarms or [],
            "queue": {
                "depth": depth,
                "oldest_age_s": 120.0 if depth else None,
                "last_seq": 3,
                "in_flight": 0,
                "last_ack_at": NOW,
            },
            "counters": {"loans": 7, "returns": 3},
            "config_version": 2,
            "out_of_service": "",
        },
    )


def event(store: CentralStore, terminal_id: str, seq: int, kind: str, data: dict) -> None:
    store.store_events(
        [
            (
                terminal_id,
                {
                    "event_id": str(uuid.uuid4()),
                    "seq": seq,
                    "terminal_id": terminal_id,
                    "kind": kind,
                    "at": NOW,
                    "data": data,
                },
            )
        ]
    )


def central_alarm(store: CentralStore, terminal_id: str) -> None:
    store.record_rejected(
        [Rejected(terminal_id, f"kiosk/v1/{terminal_id}/events", b"{", "not JSON")], 10
    )
