"""Items on the pad: borrow, return and renew.

Borrow and return follow the crash-safe order of :mod:`kiosk.circulation`: the intent
(with the loan id chosen now) in its own transaction, then the tag's security write,
then the loan or return with its event, audit row and statistics in one transaction. A
write that fails is read back before deciding: the tag, not the error, says what
happened. A return protects the tag before closing the loan (dp2SSL's order), so a book
whose write failed stays charged to its patron. Renewing touches no device.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from kiosk.circulation.core import (
    BORROW_STEPS,
    RETURN_STEPS,
    CirculationCore,
    ItemOutcome,
    Payload,
    Session,
    new_loan_id,
)
from kiosk.devices import DeviceError, RfidPad, TagRead
from kiosk.model import Loan
from kiosk.reasons import Reason
from kiosk.store import Tx, masked_actor


class ItemFlows:
    """Borrow, return and renew, one item at a time."""

    def __init__(self, core: CirculationCore):
        self.core = core

    # --- borrow ----------------------------------------------------------------------------

    def check_borrow(self, session: Session, tag: TagRead) -> Reason | None:
        """Why this item cannot be borrowed in this session now, or None if it can."""
        core, store = self.core, self.core.store
        if session.pickup_only:
            return Reason.CODE_SESSION_PICKUP_ONLY
        if tag.item_id is None:
            return Reason.TAG_UNREADABLE
        item = store.get_item(tag.item_id)
        if item is None and core.item_lookup is None:
            return Reason.ITEM_UNKNOWN
        if item is not None and not item.loanable:
            return Reason.ITEM_NOT_LOANABLE
        loan = store.open_loan_for_item(tag.item_id)
        if loan is not None and loan.patron_id == session.patron_id:
            return Reason.ITEM_ALREADY_YOURS
        holds = store.active_holds_for_item(tag.item_id)
        if any(h.patron_id != session.patron_id for h in holds):
            return Reason.ITEM_RESERVED_FOR_OTHER
        if session.borrowed >= core.policy.max_items_per_transaction:
            return Reason.MAX_ITEMS_PER_TRANSACTION
        if not session.online and session.borrowed >= core.policy.offline.max_items_per_session:
            return Reason.OFFLINE_ITEM_LIMIT
        if store.count_open_loans(session.patron_id) >= core.policy.max_loans:
            return Reason.MAX_LOANS_REACHED
        return None

    def borrow(self, session: Session, tags: Iterable[TagRead]) -> list[ItemOutcome]:
        self.core.require_in_service()
        self.core.require_full_session(session, "borrow")
        return [self._borrow_one(session, tag) for tag in tags]

    def _borrow_one(self, session: Session, tag: TagRead) -> ItemOutcome:
        core = self.core
        item = core.describe(tag)
        title, author = (item.title, item.author) if item else ("", "")
        reason = self.check_borrow(session, tag)
        if reason is not None:
            core.record_refusal(
                session.patron_id, "borrow", reason, {"item_id": tag.item_id, "uid": tag.uid}
            )
            return ItemOutcome(tag.item_id, tag.uid, title, author, False, reason)
        if core.pad is None:
            return ItemOutcome(
                tag.item_id, tag.uid, title, author, False, Reason.DEVICE_UNAVAILABLE
            )
        now = core.clock()
        payload: Payload = {
            "loan_id": new_loan_id(),
            "item_id": tag.item_id,
            "uid": tag.uid,
            "patron_id": session.patron_id,
            "due": (now.date() + timedelta(days=core.loan_days(session))).isoformat(),
            "offline": not session.online,
        }
        with core.store.transaction() as tx:
            intent_id = tx.begin_intent("borrow", now, payload)
        core.step(BORROW_STEPS[0])
        needs_staff = False
        try:
            core.pad.set_secured(tag.uid, False)
        except DeviceError as exc:
            state = core.read_secured(tag.uid)
            if state is True:
                # The write did not take: the book is still protected, nothing to record.
                with core.store.transaction() as tx:
                    tx.finish_intent(intent_id)
                    core.refusal_rows(
                        tx,
                        session.patron_id,
                        "borrow",
                        Reason.SECURITY_WRITE_FAILED,
                        {"item_id": tag.item_id, "error": exc.code},
                    )
                return ItemOutcome(
                    tag.item_id, tag.uid, title, author, False, Reason.SECURITY_WRITE_FAILED
                )
            # Unsecured after all (state False), or unknown because the book left the
            # pad: it is charged to the patron, and staff check it when unknown.
            needs_staff = state is None
        core.step(BORROW_STEPS[1])
        with core.store.transaction() as tx:
            core.record_loan(tx, payload, needs_staff, hold_id=None, compartment_id=None)
            tx.finish_intent(intent_id)
        core.step(BORROW_STEPS[2])
        session.borrowed += 1
        return ItemOutcome(
            tag.item_id,
            tag.uid,
            title,
            author,
            True,
            due=date.fromisoformat(payload["due"]),
            needs_staff=needs_staff,
        )

    # --- return ----------------------------------------------------------------------------

    def return_items(
        self,
        tags: Iterable[TagRead],
        session: Session | None = None,
        compartment_id: str | None = None,
    ) -> list[ItemOutcome]:
        """Check items in: protect each tag first, then close its loan (dp2SSL's order)."""
        self.core.require_in_service()
        return [self._return_one(tag, session, compartment_id) for tag in tags]

    def _return_one(
        self, tag: TagRead, session: Session | None, compartment_id: str | None
    ) -> ItemOutcome:
        core = self.core
        item = core.describe(tag)
        title, author = (item.title, item.author) if item else ("", "")
        actor_id = session.patron_id if session else None
        if tag.item_id is None:
            core.record_refusal(actor_id, "return", Reason.TAG_UNREADABLE, {"uid": tag.uid})
            return ItemOutcome(None, tag.uid, ok=False, reason=Reason.TAG_UNREADABLE)
        if core.pad is None:
            return ItemOutcome(
                tag.item_id, tag.uid, title, author, False, Reason.DEVICE_UNAVAILABLE
            )
        loan = core.store.open_loan_for_item(tag.item_id)
        now = core.clock()
        payload: Payload = {
            "item_id": tag.item_id,
            "uid": tag.uid,
            "loan_id": loan.loan_id if loan else None,
            "patron_id": loan.patron_id if loan else None,
            "compartment_id": compartment_id,
        }
        with core.store.transaction() as tx:
            intent_id = tx.begin_intent("return", now, payload)
        core.step(RETURN_STEPS[0])
        if not self._secure(core.pad, tag, intent_id, actor_id):
            return ItemOutcome(
                tag.item_id, tag.uid, title, author, False, Reason.SECURITY_WRITE_FAILED
            )
        core.step(RETURN_STEPS[1])
        with core.store.transaction() as tx:
            self.finish_return(tx, payload)
            tx.finish_intent(intent_id)
        core.step(RETURN_STEPS[2])
        if session is not None:
            session.returned += 1
        reason = None if loan else Reason.NOT_ON_LOAN
        return ItemOutcome(tag.item_id, tag.uid, title, author, True, reason)

    def _secure(self, pad: RfidPad, tag: TagRead, intent_id: str, actor_id: str | None) -> bool:
        """Protect a returned tag; False (intent settled, refusal recorded) if it is not.

        Not protected: the loan stays open (the patron remains responsible) and staff
        are told when the tag can no longer be read at all."""
        core = self.core
        try:
            pad.set_secured(tag.uid, True)
        except DeviceError as exc:
            state = core.read_secured(tag.uid)
            if state is True:
                return True
            with core.store.transaction() as tx:
                tx.finish_intent(intent_id)
                core.refusal_rows(
                    tx,
                    actor_id,
                    "return",
                    Reason.SECURITY_WRITE_FAILED,
                    {"item_id": tag.item_id, "error": exc.code},
                )
                if state is None:
                    tx.raise_alarm(
                        "security_state_unknown",
                        tag.item_id or "",
                        {"action": "return", "uid": tag.uid},
                    )
            return False
        return True

    def finish_return(self, tx: Tx, payload: Payload) -> None:
        """Record the return an intent describes, unless that loan is already closed."""
        loan_id = payload["loan_id"]
        if loan_id is not None and tx.loan_returned(loan_id):
            return
        self.core.close_loan(
            tx, loan_id, payload["item_id"], payload["patron_id"], payload["compartment_id"], False
        )

    # --- renew -----------------------------------------------------------------------------

    def renew(self, session: Session, item_ids: Iterable[str]) -> list[ItemOutcome]:
        self.core.require_in_service()
        self.core.require_full_session(session, "renew")
        return [self._renew_one(session, item_id) for item_id in item_ids]

    def _renew_one(self, session: Session, item_id: str) -> ItemOutcome:
        core, store = self.core, self.core.store
        item = store.get_item(item_id)
        title, author = (item.title, item.author) if item else ("", "")
        loan = store.open_loan_for_item(item_id)
        reason: Reason | None
        if loan is None or loan.patron_id != session.patron_id:
            reason = Reason.LOAN_NOT_FOUND
        elif not session.online:
            # Only the central library knows whether someone reserved it meanwhile.
            reason = Reason.RENEW_OFFLINE
        elif loan.renewals >= core.policy.max_renewals:
            reason = Reason.RENEWAL_LIMIT
        elif (loan.due - core.clock().date()).days > core.policy.renew_window_days:
            # Too early: renewing twice in one visit must not stack two periods.
            reason = Reason.RENEW_TOO_SOON
        elif store.active_holds_for_item(item_id):
            reason = Reason.RENEW_RESERVED
        else:
            return self._record_renewal(session, loan, item_id, title, author)
        core.record_refusal(session.patron_id, "renew", reason, {"item_id": item_id})
        return ItemOutcome(item_id, None, title, author, False, reason)

    def _record_renewal(
        self, session: Session, loan: Loan, item_id: str, title: str, author: str
    ) -> ItemOutcome:
        core, store = self.core, self.core.store
        now = core.clock()
        due = max(loan.due, now.date()) + timedelta(days=core.policy.renew_days)
        with store.transaction() as tx:
            tx.renew_loan(loan.loan_id, due)
            tx.add_event(
                "renew",
                now,
                {
                    "patron_id": session.patron_id,
                    "item_id": item_id,
                    "loan_id": loan.loan_id,
                    "due": due.isoformat(),
                    "offline": False,
                },
            )
            tx.audit(
                now, masked_actor(session.patron_id), "renew", "ok", detail={"item_id": item_id}
            )
            tx.bump_stat(now.date(), "renewals")
        session.renewed += 1
        return ItemOutcome(item_id, None, title, author, True, due=due)
