"""Each terminal's state history (online, offline, out of service; from, to) and district,
for the console's availability figures and fleet filter.

Written by the central service's worker (the store's one writer) from the messages it already
gets: a birth, clean stop or Will (``state``) and telemetry (``out_of_service``). A state is
recorded at central's clock when the message arrived: a Will's own ``at`` is when its
connection began, not when it ended. Rows never overlap; one open row (``to_at`` NULL) per
terminal is the state it is in now. Instants are ISO-8601 UTC text, compared as text.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from central.store import CentralStore

STATES = ("online", "out_of_service", "offline")


def _text(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="milliseconds")


def record_availability(
    store: CentralStore,
    terminal_id: str,
    state: str,
    at: datetime | None = None,
    district: str | None = None,
) -> bool:
    """Note that a terminal is ``state`` since ``at`` (now by default); True if a row opened.

    The open row is closed and a new one opened only when the state changes, so a repeated
    state (telemetry every interval) costs one read and no write. ``at`` is never earlier
    than the open row's start. ``district``, from a birth, is stored with it.
    """
    when = _text(at or datetime.now(UTC))
    current = store.terminal(terminal_id)
    open_now = store.db.execute(
        "SELECT state FROM terminal_states WHERE terminal_id = ? AND to_at IS NULL",
        [terminal_id],
    ).fetchone()
    same_district = district is None or (current is not None and current["district"] == district)
    if open_now is not None and open_now["state"] == state and same_district:
        return False
    with store.tx() as db:
        db.execute(
            "INSERT INTO terminals (terminal_id) VALUES (?) ON CONFLICT (terminal_id) DO NOTHING",
            [terminal_id],
        )
        if district is not None:
            db.execute(
                "UPDATE terminals SET district = ? WHERE terminal_id = ?", [district, terminal_id]
            )
        row = db.execute(
            "SELECT state, from_at FROM terminal_states WHERE terminal_id = ? AND to_at IS NULL",
            [terminal_id],
        ).fetchone()
        if row is not None and row["state"] == state:
            return False
        if row is not None:
            when = max(when, row["from_at"])
            db.execute(
                "UPDATE terminal_states SET to_at = ? WHERE terminal_id = ? AND from_at = ?",
                [when, terminal_id, row["from_at"]],
            )
        # Two changes in one millisecond: the later state replaces the zero-length one.
        db.execute(
            "INSERT INTO terminal_states (terminal_id, state, from_at, to_at)"
            " VALUES (?, ?, ?, NULL) ON CONFLICT (terminal_id, from_at)"
            " DO UPDATE SET state = excluded.state, to_at = NULL",
            [terminal_id, state, when],
        )
    return True


def record_state(store: CentralStore, terminal_id: str, msg: dict[str, Any]) -> bool:
    """A birth, clean stop or Will that central applied: online or offline, and the district."""
    return record_availability(store, terminal_id, msg["state"], district=msg.get("district"))


def record_serving(store: CentralStore, terminal_id: str, telemetry: dict[str, Any]) -> bool:
    """A terminal's telemetry: it is online, and in or out of service."""
    state = "out_of_service" if telemetry["out_of_service"] else "online"
    return record_availability(store, terminal_id, state)


def state_history(store: CentralStore, start: datetime, end: datetime) -> list[dict[str, Any]]:
    """History rows overlapping [start, end), by terminal and start (open rows: to_at None)."""
    rows = store.db.execute(
        "SELECT terminal_id, state, from_at, to_at FROM terminal_states"
        " WHERE from_at < ? AND (to_at IS NULL OR to_at > ?) ORDER BY terminal_id, from_at",
        [_text(end), _text(start)],
    )
    return [dict(r) for r in rows]
