"""The circulation records: patrons, items, loans, holds, and the outbox event shape.

Plain frozen dataclasses, shared by the store, the flows, sync and the UI. Only what
offline work and the account screen need is kept for a patron: status, credit level,
loans, fines owed, the PIN's slow hash and a masked name, never the name itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any, Protocol


class PatronKind(Enum):
    CARD = "card"
    CREDIT = "credit"


@dataclass(frozen=True)
class Patron:
    patron_id: str
    kind: PatronKind = PatronKind.CARD
    credit_level: int | None = None
    blocked: bool = False
    block_reason: str | None = None
    masked_name: str | None = None  # as central sent it, masked again here (kiosk.privacy)
    fines_cents: int | None = None  # fines owed, as central knows them (None: not known)
    pin_hash: str | None = field(default=None, repr=False)  # kiosk.patron_pin


@dataclass(frozen=True)
class Item:
    item_id: str
    title: str
    author: str = ""
    loanable: bool = True


@dataclass(frozen=True)
class Loan:
    loan_id: str
    item_id: str
    patron_id: str
    loaned_at: datetime
    due: date
    renewals: int = 0
    offline: bool = False
    needs_staff: bool = False


class HoldStatus(Enum):
    AWAITING_LOAD = "awaiting_load"
    READY = "ready"
    PICKED_UP = "picked_up"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Hold:
    hold_id: str
    item_id: str
    patron_id: str
    status: HoldStatus
    compartment_id: str | None = None
    expires_at: datetime | None = None


@dataclass(frozen=True)
class Compartment:
    compartment_id: str
    size: str
    in_service: bool = True
    out_of_service_reason: str | None = None
    holds: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class OutboxEvent:
    """One row of the durable outbox; ``payload`` is exactly what is published."""

    seq: int
    event_id: str
    kind: str
    created_at: str
    payload: dict[str, Any]  # a JSON object


@dataclass(frozen=True)
class OutboxStats:
    depth: int
    oldest_age_s: float | None
    last_seq: int


@dataclass(frozen=True)
class Alarm:
    alarm_id: int
    kind: str
    subject: str
    raised_at: str
    detail: dict[str, Any]  # a JSON object


@dataclass(frozen=True)
class PatronCheckResult:
    """The central library's answer about a patron; ``patron`` None means unknown there."""

    patron: Patron | None


class PatronCheck(Protocol):
    """Asks the central library about a patron while online."""

    def check(self, patron_id: str) -> PatronCheckResult | None:
        """The answer, or None when none came in time (the terminal then works offline)."""
        ...


@dataclass(frozen=True)
class ItemLookupResult:
    """What the central library knows of an item's title; ``source`` is ``cache`` (central's
    copy of the library system's answer), ``library`` (asked just now), ``none`` (nobody
    knows it) or ``unanswered`` (asked, and no answer came in time)."""

    title: str | None
    author: str | None
    source: str


class ItemLookup(Protocol):
    """Asks the central library for an item's title and author while online."""

    def look_up(self, item_id: str) -> ItemLookupResult | None:
        """The answer (``unanswered`` when none came in time), or None when central could not
        be asked at all (offline): the item then goes without a title, and is asked about
        again once central can be."""
        ...
