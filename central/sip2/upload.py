"""Applying the terminals' loans, returns and renewals in the library system over SIP2.

Ingest stores an event, commits and acknowledges it as before; this module applies it
afterwards, on its own thread (``central-sip2-apply``), from a durable apply state per event
in the central store (``sip2_apply``: pending, applied or refused, attempts, last error, the
earliest next attempt). So neither the MQTT network thread nor the ingest worker ever waits
for the library system, and a library system that is down only leaves events pending:
retried with a doubling backoff, resumed after a restart, never lost.

The rules (docs/sip2.md, "Applying events"):
  - loan: Checkout 11; an offline loan as ``no block`` with the loan's own time and the due
    date the terminal gave (end of that day in the library's time zone). "Already on loan" to
    the same patron is success (the ACS answers ``renewal ok`` Y, spec p. 9). Refused while
    the item is on loan (17 says charged or recalled) means someone else has it on the
    library's records: check it in, check it out again, and log it.
  - return: Checkin 09 with the return's own time.
  - renew: Renew 29.
  - per item, events apply in the order they happened; one waits while an earlier event of
    the same item is pending (the store's ``ready_sip2_events``).
  - a refusal is final: the event is ``refused``, the terminal gets a ``sip2_refused`` central
    alarm (item, masked patron, the library's words) and a signed ``loan_refused`` notice, all
    in one transaction.
  - a re-sent event is the same event id: stored once, so applied once; a checkout repeated
    after a lost answer is answered as a renewal of the same patron's loan, so a retry never
    makes a second loan.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from central.db import Db
from central.sip2.client import Sip2Client
from central.sip2.connection import Sip2Error
from central.sip2.messages import Circulation
from central.store import CentralStore
from kiosk.privacy import mask_patron_id
from sync import contract

log = logging.getLogger(__name__)

APPLIED_KINDS = ("loan", "return", "renew")
# The item statuses (item information 18) that mean "on loan to someone".
ON_LOAN_STATUSES = ("charged", "charged_not_recallable", "recalled")
# How long a terminal may still take a refusal notice: a week, like a patron block.
REFUSAL_NOTICE_VALIDITY_S = 7 * 24 * 3600
REFUSAL_REASON_CHARS = 200


@dataclass
class Outcome:
    """What the library system made of one event."""

    applied: bool
    reason: str = ""
    steps: list[str] = field(default_factory=list)
    due: str | None = None
    title: str | None = None

    def as_detail(self) -> dict[str, Any]:
        return {"steps": self.steps, "due": self.due, "title": self.title}


def nb_due_instant(due: str, library_utc_offset_hours: float) -> datetime:
    """The terminal's due date (a local calendar date) as the end of that day in the library."""
    zone = timezone(timedelta(hours=library_utc_offset_hours))
    day = date.fromisoformat(due)
    return datetime(day.year, day.month, day.day, 23, 59, 59, tzinfo=zone)


def _said(answer: Circulation) -> str:
    return (answer.message or "refused without a reason")[:REFUSAL_REASON_CHARS]


def apply_event(
    client: Sip2Client, event: dict[str, Any], library_utc_offset_hours: float, deadline: float
) -> Outcome:
    """Apply one stored event; raises :class:`Sip2Error` when the library cannot be asked."""
    data, kind = event["data"], event["kind"]
    at = contract.parse_time(event["at"])
    item_id = data["item_id"]
    if kind == "return":
        answer = client.checkin(item_id, at=at, deadline=deadline)
        outcome = Outcome(answer.ok, "" if answer.ok else _said(answer), ["checkin"])
        if answer.ok and answer.message:
            outcome.steps.append(f"library said: {answer.message}")
        outcome.title = answer.title
        return outcome
    patron_id = data["patron_id"]
    if kind == "renew":
        answer = client.renew(patron_id, item_id, deadline=deadline)
        return Outcome(
            answer.ok, "" if answer.ok else _said(answer), ["renew"], answer.due, answer.title
        )
    offline = bool(data["offline"])
    nb_due = nb_due_instant(data["due"], library_utc_offset_hours) if offline else None

    def checkout() -> Circulation:
        return client.checkout(
            patron_id, item_id, no_block=offline, at=at, nb_due=nb_due, deadline=deadline
        )

    outcome = Outcome(False, steps=["checkout no-block" if offline else "checkout"])
    answer = checkout()
    if not answer.ok:
        info = client.item_information(item_id, deadline=deadline)
        if info.status in ON_LOAN_STATUSES:
            # On loan on the library's records, and the first checkout would have succeeded
            # had it been this patron's: someone else's. The book is with this patron.
            log.warning(
                "item %s on loan to another patron in the library system: checked in, then"
                " checked out to %s",
                item_id,
                mask_patron_id(patron_id),
            )
            outcome.steps.append(f"refused ({_said(answer)}): on loan to another patron")
            outcome.steps.append("checkin")
            client.checkin(item_id, at=at, deadline=deadline)
            outcome.steps.append("checkout again")
            answer = checkout()
    elif answer.renewal_ok:
        outcome.steps.append("already on loan to this patron")
    outcome.applied = answer.ok
    outcome.reason = "" if answer.ok else _said(answer)
    outcome.due, outcome.title = answer.due, answer.title
    return outcome


class EventUploader:
    """Applies pending events until stopped; the thread ``central-sip2-apply`` runs :meth:`run`."""

    def __init__(
        self,
        store: CentralStore,
        client: Sip2Client,
        stop: threading.Event,
        *,
        poll_s: float = 1.0,
        batch: int = 50,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.store, self.client, self._stop = store, client, stop
        self.settings = client.pool.settings
        self.poll_s, self.batch, self._clock = poll_s, batch, clock
        s = self.settings
        # One event's whole exchange (up to four requests, each with its re-sends).
        self.event_deadline_s = s.connect_timeout_s + 4 * s.timeout_s * (s.retries + 1)

    def run(self) -> None:
        self.store.discover_sip2_events(APPLIED_KINDS, self.batch, everything=True)
        while not self._stop.is_set():
            try:
                handled = self.run_once()
            except Exception:
                # The store failing (disk, lock); everything stays pending and is tried again.
                log.exception("applying events to the library system failed; retrying")
                handled = 0
            if not handled:
                self._stop.wait(self.poll_s)

    def run_once(self) -> int:
        """Find new events, apply the ready ones; returns how many were applied or refused.

        Stops at the first event the library system could not be asked about: the others
        would fail the same way, and each keeps its place in its item's order.
        """
        self.store.discover_sip2_events(APPLIED_KINDS, self.batch * 10)
        handled = 0
        # Each look gives at most one event per item (the earliest); the next look gives
        # the next one, so an item's events go one after another.
        while not self._stop.is_set() and (rows := self.store.ready_sip2_events(self.batch)):
            for row in rows:
                if self._stop.is_set() or not self._apply(row):
                    return handled
                handled += 1
        return handled

    def _apply(self, row: dict[str, Any]) -> bool:
        """Apply one event and record the outcome; False if the library could not be asked."""
        deadline = time.monotonic() + self.event_deadline_s
        try:
            outcome = apply_event(
                self.client, row["event"], self.settings.library_utc_offset_hours, deadline
            )
        except Sip2Error as exc:
            wait = min(self.settings.retry_max_s, self.settings.retry_min_s * 2 ** row["attempts"])
            log.warning(
                "library system unavailable for %s %s (attempt %d): %s; next in %.0f s",
                row["kind"],
                row["event_id"],
                row["attempts"] + 1,
                exc,
                wait,
            )
            self.store.sip2_retry_later(
                row["event_id"], str(exc), self._clock() + timedelta(seconds=wait)
            )
            return False
        self._record(row, outcome)
        return True

    def _record(self, row: dict[str, Any], outcome: Outcome) -> None:
        event = row["event"]
        item_id = event["data"]["item_id"]
        if outcome.title:
            self.store.remember_item_title(item_id, outcome.title)
        if outcome.applied:
            self.store.sip2_applied(row["event_id"], outcome.as_detail())
            return
        patron = event["data"].get("patron_id")
        masked = mask_patron_id(patron) if patron else None
        log.warning(
            "library system refused %s of %s (%s) from %s: %s",
            row["kind"],
            item_id,
            masked,
            row["terminal_id"],
            outcome.reason,
        )
        notice = {
            "event_id": row["event_id"],
            "event_kind": row["kind"],
            "item_id": item_id,
            "patron": masked,
            "reason": outcome.reason,
        }
        alarm = {
            "event_id": row["event_id"],
            "event_kind": row["kind"],
            "item_id": item_id,
            "patron": masked,
            **outcome.as_detail(),
        }

        def refuse(db: Db, _command_id: str) -> None:
            self.store.sip2_refused(db, row["event_id"], row["terminal_id"], outcome.reason, alarm)

        self.store.enqueue_job(
            row["terminal_id"], "loan_refused", notice, REFUSAL_NOTICE_VALIDITY_S, also=refuse
        )
