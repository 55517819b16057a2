"""How values cross the store's boundary: instants as UTC text, rows as model records.

Every instant the store writes is UTC with microseconds (:func:`utc_text`), so text
order is time order and SQL can compare them; a naive datetime is refused. Calendar
values (a loan's ``due``, a statistics day) stay local dates in ISO form.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from kiosk.model import Hold, HoldStatus, Item, Loan, OutboxEvent, Patron, PatronKind
from kiosk.privacy import mask_patron_id

Row = dict[str, Any]


def utc_text(instant: datetime) -> str:
    """How the store writes an instant: UTC, always with microseconds, so that comparing
    two stored instants as text compares them in time. A naive datetime is refused: it
    names no instant."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"naive datetime {instant!r}: the store keeps instants only")
    return instant.astimezone(UTC).isoformat(timespec="microseconds")


def utc_now() -> datetime:
    return datetime.now(UTC)


def stored_text(value: datetime | date) -> str:
    """An instant as :func:`utc_text`, a calendar date as ``YYYY-MM-DD``."""
    if isinstance(value, datetime):
        return utc_text(value)
    return value.isoformat()


def masked_actor(patron_id: str | None) -> str:
    """The audit log's actor for a patron: masked id, or "anonymous"."""
    return f"patron:{mask_patron_id(patron_id)}" if patron_id else "anonymous"


def patron_from(row: Row) -> Patron:
    return Patron(
        patron_id=row["patron_id"],
        kind=PatronKind(row["kind"]),
        credit_level=row["credit_level"],
        blocked=bool(row["blocked"]),
        block_reason=row["block_reason"],
        masked_name=row["masked_name"],
        fines_cents=row["fines_cents"],
        pin_hash=row["pin_hash"],
    )


def item_from(row: Row) -> Item:
    return Item(row["item_id"], row["title"], row["author"], bool(row["loanable"]))


def loan_from(row: Row) -> Loan:
    return Loan(
        loan_id=row["loan_id"],
        item_id=row["item_id"],
        patron_id=row["patron_id"],
        loaned_at=datetime.fromisoformat(row["loaned_at"]),
        due=date.fromisoformat(row["due"]),
        renewals=row["renewals"],
        offline=bool(row["offline"]),
        needs_staff=bool(row["needs_staff"]),
    )


def hold_from(row: Row) -> Hold:
    return Hold(
        hold_id=row["hold_id"],
        item_id=row["item_id"],
        patron_id=row["patron_id"],
        status=HoldStatus(row["status"]),
        compartment_id=row["compartment_id"],
        expires_at=datetime.fromisoformat(row["expires_at"]) if row["expires_at"] else None,
    )


def event_from(row: Row) -> OutboxEvent:
    return OutboxEvent(
        row["seq"], row["event_id"], row["kind"], row["created_at"], json.loads(row["payload"])
    )
