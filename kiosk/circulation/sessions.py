"""Sessions: who is at the terminal (card, QR e-card or pick-up code) and may they be served.

A card or e-card login asks the central library when it can (its answer decides and
refreshes the local copy) and otherwise decides from the local copy under the offline
policy. Where the site asks for a patron PIN, a card login needs it too
(:mod:`kiosk.patron_pin`, limited per card). A pick-up-code login sees only the holds
of that code; wrong codes are limited per source (:mod:`kiosk.pickup_codes`) on the
steady clock.
"""

from __future__ import annotations

import uuid
from typing import Any

from kiosk import patron_pin, pickup_codes
from kiosk.circulation.core import (
    Account,
    AccountHold,
    AccountLoan,
    CirculationCore,
    LockedOut,
    PinRequired,
    Refused,
    Session,
)
from kiosk.lockout import GuessThrottle
from kiosk.model import HoldStatus, Item, Loan, Patron, PatronKind
from kiosk.pickup_codes import CodeSource
from kiosk.privacy import mask_name, mask_patron_id
from kiosk.reasons import Reason
from kiosk.store import masked_actor, utc_text

# How a visit began and ended, as the ``session`` event names them (sync/schemas/event.json).
SESSION_VIA = frozenset({"card", "ecard", "code"})
SESSION_ENDED_BY = {"logout": "done", "timeout": "timeout", "new_card": "new_card"}


class SessionFlows:
    """Log in, log out, and what a logged-in patron has."""

    def __init__(self, core: CirculationCore):
        self.core = core

    def start_session(self, patron_id: str, via: str, pin: str | None = None) -> Session:
        """Identify a patron (card, QR e-card) and check they may borrow here now.

        Online, the central library's answer decides and refreshes the local copy;
        without an answer in time, the local copy decides under the offline policy.
        Where the site asks for a patron PIN, a card login without ``pin`` raises
        :class:`PinRequired` (nothing recorded); a wrong PIN is refused and counted
        against the card (:mod:`kiosk.patron_pin`); a card that must wait is refused
        with :class:`LockedOut` before its PIN is even looked at.
        """
        core = self.core
        core.require_in_service()
        asks_pin = via == "card" and core.config.identification.patron_pin == patron_pin.REQUIRED
        throttle = self.pin_throttle() if asks_pin else None
        if throttle is not None:
            waiting = throttle.check(patron_pin.throttle_source(patron_id)).wait_s
            if waiting:
                core.record_refusal(patron_id, "login", Reason.PIN_LOCKED, {"via": via})
                raise LockedOut(Reason.PIN_LOCKED, waiting)
        answer = core.patron_check.check(patron_id) if core.patron_check else None
        online = answer is not None
        patron: Patron | None
        if answer is not None:
            patron = answer.patron
            if patron is not None:
                core.store.upsert_patrons([patron], core.clock())
        else:
            patron = core.store.get_patron(patron_id)
        try:
            if patron is None:
                raise Refused(Reason.PATRON_UNKNOWN)
            if not online and not core.policy.offline.allow_new_sessions:
                raise Refused(Reason.OFFLINE_NO_NEW_SESSIONS)
            if throttle is not None:
                self._check_pin(patron, pin, throttle)
            self._check_patron_standing(patron)
        except Refused as refusal:
            core.record_refusal(patron_id, "login", refusal.reason, {"via": via})
            raise
        session = Session(str(uuid.uuid4()), patron, via, online, core.clock())
        self._record_session(session)
        return session

    def _check_patron_standing(self, patron: Patron) -> None:
        if patron.blocked:
            raise Refused(Reason.PATRON_BLOCKED, patron.block_reason or "")
        if patron.kind is PatronKind.CREDIT and (patron.credit_level or 0) < (
            self.core.policy.credit_threshold
        ):
            raise Refused(Reason.CREDIT_TOO_LOW)

    def pin_throttle(self) -> GuessThrottle:
        """Wrong patron PINs per card, with growing waits (kiosk.patron_pin)."""
        return GuessThrottle(
            self.core.store,
            patron_pin.THROTTLE_SETTING,
            patron_pin.delay_after,
            self.core.steady,
            forget_after_s=patron_pin.FORGET_AFTER_S,
        )

    def _check_pin(self, patron: Patron, pin: str | None, throttle: GuessThrottle) -> None:
        """The PIN step of a card login; raises unless ``pin`` is this patron's PIN."""
        if not patron_pin.usable(patron.pin_hash):
            raise Refused(Reason.PIN_NOT_SET)
        if pin is None:
            raise PinRequired(patron.patron_id)
        source = patron_pin.throttle_source(patron.patron_id)
        # usable() checked the hash's form and cost, so verify() cannot raise here
        if patron.pin_hash is not None and patron_pin.verify(pin, patron.pin_hash):
            throttle.succeeded(source)
            return
        verdict = throttle.failed(source)
        if verdict.failures >= patron_pin.ALARM_AFTER:
            self.core.store.raise_alarm_once(
                patron_pin.ALARM_KIND,
                mask_patron_id(patron.patron_id),
                {"failures": verdict.failures, "wait_s": verdict.wait_s},
            )
        if verdict.wait_s:
            raise LockedOut(Reason.PIN_WRONG, verdict.wait_s)
        raise Refused(Reason.PIN_WRONG)

    def code_throttle(self) -> GuessThrottle:
        """Wrong pick-up codes per source, with waits from the policy (kiosk.pickup_codes)."""
        policy = self.core.policy
        free, max_delay = (
            policy.pickup_code_attempts,
            policy.pickup_code_lockout_minutes * 60,
        )
        return GuessThrottle(
            self.core.store,
            pickup_codes.THROTTLE_SETTING,
            lambda failures: pickup_codes.delay_after(failures, free, max_delay),
            self.core.steady,
            forget_after_s=pickup_codes.FORGET_AFTER_MAX_DELAYS * max_delay,
        )

    def start_code_session(self, code: str, source: CodeSource = CodeSource.KEYPAD) -> Session:
        """Log in with a pick-up code: the session sees only the holds of that code.

        Refuses with PICKUP_CODE_WRONG (also for text that is not six digits, which is
        not counted as a guess) or, while ``source`` must wait after wrong codes, with
        :class:`LockedOut` (PICKUP_CODE_LOCKED) before the code is even looked at.
        """
        core = self.core
        core.require_in_service()
        source = CodeSource(source)
        throttle = self.code_throttle()
        verdict = throttle.check(source.value)
        if verdict.wait_s:
            core.record_refusal(
                None, "code_login", Reason.PICKUP_CODE_LOCKED, {"source": source.value}
            )
            raise LockedOut(Reason.PICKUP_CODE_LOCKED, verdict.wait_s)
        normalised = pickup_codes.normalise(code)
        if normalised is None:
            core.record_refusal(
                None, "code_login", Reason.PICKUP_CODE_WRONG, {"source": source.value}
            )
            raise Refused(Reason.PICKUP_CODE_WRONG, "not six digits")
        now = core.clock()
        digest = pickup_codes.code_hash(core.pickup_secret(), normalised)
        holds = core.store.ready_holds_with_code(digest, now)
        if not holds:
            wait_s = self._code_failed(throttle, source)
            if wait_s:
                raise LockedOut(Reason.PICKUP_CODE_WRONG, wait_s)
            raise Refused(Reason.PICKUP_CODE_WRONG)
        patron_id = holds[0].patron_id
        # Ask central as for a card login: its answer says whether this session is online
        # (loan period, limits) and may carry a block the local copy has not seen yet.
        answer = core.patron_check.check(patron_id) if core.patron_check else None
        online = answer is not None
        if answer is not None and answer.patron is not None:
            core.store.upsert_patrons([answer.patron], now)
        patron = core.store.get_patron(patron_id) or Patron(patron_id)
        if patron.blocked:
            core.record_refusal(patron_id, "code_login", Reason.PATRON_BLOCKED, {})
            raise Refused(Reason.PATRON_BLOCKED, patron.block_reason or "")
        session = Session(
            str(uuid.uuid4()),
            patron,
            "code",
            online,
            now,
            hold_ids=tuple(sorted(h.hold_id for h in holds)),
        )
        self._record_session(session)
        return session

    def _code_failed(self, throttle: GuessThrottle, source: CodeSource) -> int:
        """Count a wrong code against its source; the wait it now owes, in seconds."""
        verdict = throttle.failed(source.value)
        detail: dict[str, Any] = {
            "source": source.value,
            "failures": verdict.failures,
            "wait_s": verdict.wait_s,
        }
        self.core.record_refusal(None, "code_login", Reason.PICKUP_CODE_WRONG, detail)
        attempts = self.core.policy.pickup_code_attempts
        if verdict.failures >= attempts + pickup_codes.ALARM_AFTER_EXTRA:
            self.core.store.raise_alarm_once(pickup_codes.ALARM_KIND, source.value, detail)
        return verdict.wait_s

    def recheck_online(self, session: Session) -> bool:
        """The network is back: an offline session asks central and, if central answers
        and the patron is in good standing, continues online (the usual limits, renewals).
        False while it stays offline; a refusal now keeps the offline rules, which are the
        stricter ones."""
        core = self.core
        if session.online:
            return True
        answer = core.patron_check.check(session.patron_id) if core.patron_check else None
        if answer is None or answer.patron is None:
            return False
        core.store.upsert_patrons([answer.patron], core.clock())
        if session.pickup_only:
            if answer.patron.blocked:
                return False
        else:
            try:
                self._check_patron_standing(answer.patron)
            except Refused:
                return False
        session.patron = answer.patron
        session.online = True
        with core.store.transaction() as tx:
            tx.audit(core.clock(), masked_actor(session.patron_id), "session_online", "ok")
        return True

    def end_session(self, session: Session, why: str = "logout") -> None:
        """Audit the end and send central the visit's ``session`` event, in one transaction.

        ``why`` is ``logout`` (the resident finished), ``timeout`` (the idle timeout) or
        ``new_card`` (another card was presented); the event carries counts, no patron id.
        """
        now = self.core.clock()
        with self.core.store.transaction() as tx:
            tx.audit(now, masked_actor(session.patron_id), "session_end", why)
            tx.add_event(
                "session",
                now,
                {
                    "via": session.via if session.via in SESSION_VIA else "card",
                    "started_at": utc_text(session.started_at),
                    "ended_at": utc_text(now),
                    "ended_by": SESSION_ENDED_BY.get(why, "done"),
                    "online": session.online,
                    "loans": session.borrowed,
                    "returns": session.returned,
                    "renewals": session.renewed,
                    "pickups": session.picked_up,
                },
            )

    def _record_session(self, session: Session) -> None:
        with self.core.store.transaction() as tx:
            tx.audit(
                session.started_at,
                masked_actor(session.patron_id),
                "session_start",
                "ok",
                detail={"via": session.via, "online": session.online},
            )
            tx.bump_stat(session.started_at.date(), "sessions")

    # --- what the patron has ---------------------------------------------------------------

    def loans(self, session: Session) -> list[tuple[Loan, Item | None]]:
        self.core.require_full_session(session, "loans")
        store = self.core.store
        return [
            (loan, store.get_item(loan.item_id)) for loan in store.open_loans(session.patron_id)
        ]

    def account(self, session: Session) -> Account:
        """The resident's own account as this terminal knows it: loans with due dates and
        renewals left, fines owed (central's figure), holds ready here and holds still to
        come. Read only; refreshes the patron record from central when it answers."""
        core = self.core
        core.require_full_session(session, "account")
        answer = core.patron_check.check(session.patron_id) if core.patron_check else None
        if answer is not None and answer.patron is not None:
            core.store.upsert_patrons([answer.patron], core.clock())
        patron = core.store.get_patron(session.patron_id) or session.patron
        today = core.clock().date()
        max_renewals = core.policy.max_renewals
        loans = tuple(
            AccountLoan(
                loan,
                item.title if item else loan.item_id,
                max(0, max_renewals - loan.renewals),
                loan.due < today,
            )
            for loan, item in self.loans(session)
        )
        now = core.clock()
        ready, waiting = [], []
        for hold in core.store.holds(patron_id=session.patron_id):
            listed = AccountHold(hold, core.title(hold.item_id))
            if hold.status is HoldStatus.READY and (
                hold.expires_at is None or hold.expires_at > now
            ):
                ready.append(listed)
            elif hold.status is HoldStatus.AWAITING_LOAD:
                waiting.append(listed)
        return Account(
            mask_name(patron.masked_name),
            session.masked_id,
            loans,
            patron.fines_cents,
            tuple(ready),
            tuple(waiting),
        )
