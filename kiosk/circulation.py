"""The transaction flows: sessions, borrow, return, renew, locker pick-up and loading.

Every flow that touches a device follows one order, so that a crash at any instant
leaves something the next start-up can finish or undo (:meth:`Circulation.recover`):

1. record the intent durably (an ``intents`` row, own transaction);
2. act on the device (write the tag's security state, open the door);
3. record the outcome: loan/return/hold change, outbox event, audit row, statistics and
   the intent's removal, all in ONE transaction.

The invariant: no book leaves with its security state disagreeing with the records
without the system knowing (an alarm for staff), and no loan is recorded twice or lost
(loan ids are chosen in step 1 and the store refuses a second open loan of an item).
When the outcome cannot be established, the item stays charged to the patron and staff
are alerted: a resident is never silently let off, and a book never silently vanishes.

The flows run on one worker thread (the UI's transaction worker); they block on devices
and must never be called from the UI thread. ``on_step`` is called after each labelled
step: the UI uses it for progress, the crash tests to kill the process at that point.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from kiosk import pickup_codes
from kiosk.config import Policy, SiteConfig, replace_section
from kiosk.devices import CompartmentDoors, DeviceError, DoorSensor, RfidPad, TagRead
from kiosk.lockout import GuessThrottle, SteadyClock, system_steady_clock
from kiosk.model import Hold, HoldStatus, Item, Loan, Patron, PatronCheck, PatronKind
from kiosk.pickup_codes import CodeSource
from kiosk.privacy import mask_patron_id
from kiosk.reasons import Reason
from kiosk.store import Store, Tx, masked_actor, utc_text

log = logging.getLogger(__name__)

StepHook = Callable[[str], None]

# The labelled steps, in order, of each device flow (the crash tests kill at each one).
BORROW_STEPS = ("borrow.intent_recorded", "borrow.security_written", "borrow.loan_recorded")
RETURN_STEPS = ("return.intent_recorded", "return.security_written", "return.recorded")
PICKUP_STEPS = ("pickup.intent_recorded", "pickup.door_opened", "pickup.loan_recorded")
LOAD_STEPS = ("load.intent_recorded", "load.door_opened", "load.recorded")

MAX_ITEMS_PER_COMPARTMENT = 3
POLICY_OVERRIDES_SETTING = "policy_overrides"
OUT_OF_SERVICE_SETTING = "terminal_out_of_service"


class Refused(Exception):
    """A request the policy or the situation does not allow; ``reason`` says why."""

    def __init__(self, reason: Reason, detail: str = ""):
        super().__init__(f"{reason.value}{': ' + detail if detail else ''}")
        self.reason = reason
        self.detail = detail


class LockedOut(Refused):
    """Refused until ``wait_s`` seconds have passed (too many wrong guesses)."""

    def __init__(self, reason: Reason, wait_s: int):
        super().__init__(reason, f"wait {wait_s} s")
        self.wait_s = wait_s


@dataclass
class Session:
    """One resident at the terminal, from login to logout (or idle timeout)."""

    session_id: str
    patron: Patron
    via: str
    online: bool
    started_at: datetime
    borrowed: int = 0
    hold_ids: tuple[str, ...] | None = None  # a pick-up-code session sees only these holds

    @property
    def pickup_only(self) -> bool:
        """A pick-up-code session: it may collect its holds and nothing else."""
        return self.hold_ids is not None

    @property
    def patron_id(self) -> str:
        return self.patron.patron_id

    @property
    def masked_id(self) -> str:
        return mask_patron_id(self.patron.patron_id)


@dataclass(frozen=True)
class ItemOutcome:
    """What happened to one item in a borrow, return or renew."""

    item_id: str | None
    uid: str | None
    title: str = ""
    author: str = ""
    ok: bool = False
    reason: Reason | None = None
    due: date | None = None
    needs_staff: bool = False


@dataclass(frozen=True)
class PickupOutcome:
    hold_id: str
    item_id: str
    title: str
    compartment_id: str
    ok: bool
    reason: Reason | None = None
    due: date | None = None


@dataclass(frozen=True)
class LoadTicket:
    """A hold whose compartment door is open for staff to put the item in."""

    intent_id: str
    hold_id: str
    item_id: str
    compartment_id: str


@dataclass(frozen=True)
class RecoveryOutcome:
    intent_id: str
    kind: str
    resolution: str  # "completed", "rolled_back" or "needs_staff"
    detail: dict = field(default_factory=dict)


def site_clock(config: SiteConfig) -> Callable[[], datetime]:
    tz = timezone(timedelta(hours=config.site.utc_offset_hours))
    return lambda: datetime.now(tz)


class Circulation:
    """The circulation service of one terminal. Call from one worker thread only."""

    def __init__(
        self,
        store: Store,
        config: SiteConfig,
        pad: RfidPad | None = None,
        doors: CompartmentDoors | None = None,
        patron_check: PatronCheck | None = None,
        clock: Callable[[], datetime] | None = None,
        on_step: StepHook | None = None,
        steady: SteadyClock | None = None,
    ):
        self.store = store
        self.config = config
        self.pad = pad
        self.doors = doors
        self.patron_check = patron_check
        self.clock = clock or site_clock(config)
        self.on_step = on_step
        self.steady = steady or system_steady_clock()
        self._apply_stored_policy()
        if store.get_setting(pickup_codes.SECRET_SETTING) is None:
            store.set_setting(pickup_codes.SECRET_SETTING, pickup_codes.new_secret())
        store.sync_compartments((c.id, c.size) for c in config.lockers.compartments)

    # --- policy and service state ----------------------------------------------------------------

    @property
    def policy(self) -> Policy:
        return self.config.policy

    def _apply_stored_policy(self) -> None:
        stored = self.store.get_setting(POLICY_OVERRIDES_SETTING)
        if stored:
            self.config = replace_section(self.config, "policy", json.loads(stored))

    def update_policy(self, changes: dict) -> None:
        """Change policy keys (a central command); validated like the site file, persisted."""
        updated = replace_section(self.config, "policy", changes)
        stored = json.loads(self.store.get_setting(POLICY_OVERRIDES_SETTING) or "{}")
        stored.update(changes)
        self.store.set_setting(POLICY_OVERRIDES_SETTING, json.dumps(stored, sort_keys=True))
        self.config = updated

    def out_of_service_reason(self) -> str | None:
        return self.store.get_setting(OUT_OF_SERVICE_SETTING) or None

    def set_out_of_service(self, reason: str | None, actor: str = "staff") -> None:
        with self.store.transaction() as tx:
            tx.set_setting(OUT_OF_SERVICE_SETTING, reason or "")
            tx.audit(
                self.clock(),
                actor,
                "terminal_out_of_service" if reason else "terminal_in_service",
                "ok",
                detail={"reason": reason} if reason else None,
            )

    def _require_in_service(self) -> None:
        if self.out_of_service_reason():
            raise Refused(Reason.TERMINAL_OUT_OF_SERVICE)

    def _step(self, label: str) -> None:
        if self.on_step is not None:
            self.on_step(label)

    def _today(self) -> date:
        return self.clock().date()

    # --- sessions --------------------------------------------------------------------------------

    def start_session(self, patron_id: str, via: str) -> Session:
        """Identify a patron (card, QR e-card) and check they may borrow here now.

        Online, the central library's answer decides and refreshes the local copy;
        without an answer in time, the local copy decides under the offline policy.
        """
        self._require_in_service()
        answer = self.patron_check.check(patron_id) if self.patron_check else None
        online = answer is not None
        patron: Patron | None
        if online:
            patron = answer.patron
            if patron is not None:
                self.store.upsert_patrons([patron], self.clock())
        else:
            patron = self.store.get_patron(patron_id)
        try:
            if patron is None:
                raise Refused(Reason.PATRON_UNKNOWN)
            if not online and not self.policy.offline.allow_new_sessions:
                raise Refused(Reason.OFFLINE_NO_NEW_SESSIONS)
            self._check_patron_standing(patron)
        except Refused as refusal:
            self._record_refusal(patron_id, "login", refusal.reason, {"via": via})
            raise
        session = Session(str(uuid.uuid4()), patron, via, online, self.clock())
        self._record_session(session)
        return session

    def _check_patron_standing(self, patron: Patron) -> None:
        if patron.blocked:
            raise Refused(Reason.PATRON_BLOCKED, patron.block_reason or "")
        if patron.kind is PatronKind.CREDIT and (patron.credit_level or 0) < (
            self.policy.credit_threshold
        ):
            raise Refused(Reason.CREDIT_TOO_LOW)

    def code_throttle(self) -> GuessThrottle:
        """Wrong pick-up codes per source, with waits from the policy (kiosk.pickup_codes)."""
        free, max_delay = (
            self.policy.pickup_code_attempts,
            self.policy.pickup_code_lockout_minutes * 60,
        )
        return GuessThrottle(
            self.store,
            pickup_codes.THROTTLE_SETTING,
            lambda failures: pickup_codes.delay_after(failures, free, max_delay),
            self.steady,
            forget_after_s=pickup_codes.FORGET_AFTER_MAX_DELAYS * max_delay,
        )

    def start_code_session(self, code: str, source: CodeSource = CodeSource.KEYPAD) -> Session:
        """Log in with a pick-up code: the session sees only the holds of that code.

        Refuses with PICKUP_CODE_WRONG (also for text that is not six digits, which is
        not counted as a guess) or, while ``source`` must wait after wrong codes, with
        :class:`LockedOut` (PICKUP_CODE_LOCKED) before the code is even looked at.
        """
        self._require_in_service()
        source = CodeSource(source)
        throttle = self.code_throttle()
        verdict = throttle.check(source.value)
        if verdict.wait_s:
            self._record_refusal(
                None, "code_login", Reason.PICKUP_CODE_LOCKED, {"source": source.value}
            )
            raise LockedOut(Reason.PICKUP_CODE_LOCKED, verdict.wait_s)
        normalised = pickup_codes.normalise(code)
        if normalised is None:
            self._record_refusal(
                None, "code_login", Reason.PICKUP_CODE_WRONG, {"source": source.value}
            )
            raise Refused(Reason.PICKUP_CODE_WRONG, "not six digits")
        now = self.clock()
        secret = self.store.get_setting(pickup_codes.SECRET_SETTING) or ""
        digest = pickup_codes.code_hash(secret, normalised)
        rows = self.store.query(
            "SELECT hold_id, patron_id FROM holds"
            " WHERE pickup_code_hash = ? AND status = ? AND (expires_at IS NULL OR expires_at > ?)",
            [digest, HoldStatus.READY.value, utc_text(now)],
        )
        if not rows:
            wait_s = self._code_failed(throttle, source)
            if wait_s:
                raise LockedOut(Reason.PICKUP_CODE_WRONG, wait_s)
            raise Refused(Reason.PICKUP_CODE_WRONG)
        patron_id = rows[0]["patron_id"]
        # Ask central as for a card login: its answer says whether this session is online
        # (loan period, limits) and may carry a block the local copy has not seen yet.
        answer = self.patron_check.check(patron_id) if self.patron_check else None
        online = answer is not None
        if online and answer.patron is not None:
            self.store.upsert_patrons([answer.patron], now)
        patron = self.store.get_patron(patron_id) or Patron(patron_id)
        if patron.blocked:
            self._record_refusal(patron_id, "code_login", Reason.PATRON_BLOCKED, {})
            raise Refused(Reason.PATRON_BLOCKED, patron.block_reason or "")
        session = Session(
            str(uuid.uuid4()),
            patron,
            "code",
            online,
            now,
            hold_ids=tuple(sorted(r["hold_id"] for r in rows)),
        )
        self._record_session(session)
        return session

    def _code_failed(self, throttle: GuessThrottle, source: CodeSource) -> int:
        """Count a wrong code against its source; the wait it now owes, in seconds."""
        verdict = throttle.failed(source.value)
        detail = {"source": source.value, "failures": verdict.failures, "wait_s": verdict.wait_s}
        self._record_refusal(None, "code_login", Reason.PICKUP_CODE_WRONG, detail)
        if verdict.failures >= self.policy.pickup_code_attempts + pickup_codes.ALARM_AFTER_EXTRA:
            self.store.raise_alarm_once(pickup_codes.ALARM_KIND, source.value, detail)
        return verdict.wait_s

    def end_session(self, session: Session, why: str = "logout") -> None:
        with self.store.transaction() as tx:
            tx.audit(self.clock(), masked_actor(session.patron_id), "session_end", why)

    def _record_session(self, session: Session) -> None:
        with self.store.transaction() as tx:
            tx.audit(
                session.started_at,
                masked_actor(session.patron_id),
                "session_start",
                "ok",
                detail={"via": session.via, "online": session.online},
            )
            tx.bump_stat(session.started_at.date(), "sessions")

    def _record_refusal(
        self, patron_id: str | None, action: str, reason: Reason, detail: dict
    ) -> None:
        with self.store.transaction() as tx:
            self._refusal_rows(tx, patron_id, action, reason, detail)

    def _refusal_rows(
        self, tx: Tx, patron_id: str | None, action: str, reason: Reason, detail: dict
    ) -> None:
        now = self.clock()
        tx.audit(now, masked_actor(patron_id), action, "refused", reason.value, detail)
        tx.bump_stat(now.date(), "refusals")

    def _rolled_back_rows(self, tx: Tx, action: str, patron_id: str | None, detail: dict) -> None:
        tx.audit(self.clock(), masked_actor(patron_id), action, "rolled_back", detail=detail)

    # --- what the patron has ---------------------------------------------------------------------

    def _require_full_session(self, session: Session, action: str) -> None:
        """A pick-up-code session proves only that its holder may collect those holds."""
        if session.pickup_only:
            self._record_refusal(
                session.patron_id, action, Reason.CODE_SESSION_PICKUP_ONLY, {"via": session.via}
            )
            raise Refused(Reason.CODE_SESSION_PICKUP_ONLY)

    def loans(self, session: Session) -> list[tuple[Loan, Item | None]]:
        self._require_full_session(session, "loans")
        return [
            (loan, self.store.get_item(loan.item_id))
            for loan in self.store.open_loans(session.patron_id)
        ]

    def describe(self, tag: TagRead) -> Item | None:
        return self.store.get_item(tag.item_id) if tag.item_id else None

    # --- borrow ----------------------------------------------------------------------------------

    def check_borrow(self, session: Session, tag: TagRead) -> Reason | None:
        """Why this item cannot be borrowed in this session now, or None if it can."""
        if session.pickup_only:
            return Reason.CODE_SESSION_PICKUP_ONLY
        if tag.item_id is None:
            return Reason.TAG_UNREADABLE
        item = self.store.get_item(tag.item_id)
        if item is None:
            return Reason.ITEM_UNKNOWN
        if not item.loanable:
            return Reason.ITEM_NOT_LOANABLE
        loan = self.store.open_loan_for_item(tag.item_id)
        if loan is not None and loan.patron_id == session.patron_id:
            return Reason.ITEM_ALREADY_YOURS
        holds = self.store.active_holds_for_item(tag.item_id)
        if any(h.patron_id != session.patron_id for h in holds):
            return Reason.ITEM_RESERVED_FOR_OTHER
        if session.borrowed >= self.policy.max_items_per_transaction:
            return Reason.MAX_ITEMS_PER_TRANSACTION
        if not session.online and session.borrowed >= self.policy.offline.max_items_per_session:
            return Reason.OFFLINE_ITEM_LIMIT
        if self.store.count_open_loans(session.patron_id) >= self.policy.max_loans:
            return Reason.MAX_LOANS_REACHED
        return None

    def borrow(self, session: Session, tags: Iterable[TagRead]) -> list[ItemOutcome]:
        self._require_in_service()
        self._require_full_session(session, "borrow")
        return [self._borrow_one(session, tag) for tag in tags]

    def _borrow_one(self, session: Session, tag: TagRead) -> ItemOutcome:
        item = self.describe(tag)
        title, author = (item.title, item.author) if item else ("", "")
        reason = self.check_borrow(session, tag)
        if reason is not None:
            self._record_refusal(
                session.patron_id, "borrow", reason, {"item_id": tag.item_id, "uid": tag.uid}
            )
            return ItemOutcome(tag.item_id, tag.uid, title, author, False, reason)
        if self.pad is None:
            return ItemOutcome(
                tag.item_id, tag.uid, title, author, False, Reason.DEVICE_UNAVAILABLE
            )
        now = self.clock()
        days = self.policy.loan_days if session.online else self.policy.offline.loan_days
        payload = {
            "loan_id": str(uuid.uuid4()),
            "item_id": tag.item_id,
            "uid": tag.uid,
            "patron_id": session.patron_id,
            "due": (now.date() + timedelta(days=days)).isoformat(),
            "offline": not session.online,
        }
        with self.store.transaction() as tx:
            intent_id = tx.begin_intent("borrow", now, payload)
        self._step(BORROW_STEPS[0])
        needs_staff = False
        try:
            self.pad.set_secured(tag.uid, False)
        except DeviceError as exc:
            state = self._read_secured(tag.uid)
            if state is True:
                # The write did not take: the book is still protected, nothing to record.
                with self.store.transaction() as tx:
                    tx.finish_intent(intent_id)
                    self._refusal_rows(
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
        self._step(BORROW_STEPS[1])
        with self.store.transaction() as tx:
            self._record_loan(tx, payload, needs_staff, hold_id=None, compartment_id=None)
            tx.finish_intent(intent_id)
        self._step(BORROW_STEPS[2])
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

    def _record_loan(
        self,
        tx: Tx,
        payload: dict,
        needs_staff: bool,
        hold_id: str | None,
        compartment_id: str | None,
    ) -> bool:
        """Insert the loan chosen in the intent; False if that very loan is already there.

        An item still open on someone else's loan is returned first (the earlier return
        was missed, yet the book is physically here): the field's "return, then borrow".
        """
        now = self.clock()
        if tx.one("SELECT 1 FROM loans WHERE loan_id = ?", [payload["loan_id"]]):
            return False
        stale = tx.one(
            "SELECT loan_id, patron_id FROM loans WHERE item_id = ? AND returned_at IS NULL",
            [payload["item_id"]],
        )
        if stale is not None:
            self._close_loan(
                tx, stale["loan_id"], payload["item_id"], stale["patron_id"], None, False
            )
        tx.execute(
            "INSERT INTO loans (loan_id, item_id, patron_id, loaned_at, due, offline, needs_staff)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                payload["loan_id"],
                payload["item_id"],
                payload["patron_id"],
                utc_text(now),
                payload["due"],
                int(payload["offline"]),
                int(needs_staff),
            ],
        )
        tx.add_event(
            "loan",
            now,
            {
                "patron_id": payload["patron_id"],
                "item_id": payload["item_id"],
                "loan_id": payload["loan_id"],
                "due": payload["due"],
                "offline": payload["offline"],
                "hold_id": hold_id,
                "compartment_id": compartment_id,
                "needs_staff": needs_staff,
            },
        )
        tx.audit(
            now,
            masked_actor(payload["patron_id"]),
            "pickup" if hold_id else "borrow",
            "ok",
            detail={"item_id": payload["item_id"], "needs_staff": needs_staff},
        )
        tx.bump_stat(now.date(), "loans")
        if hold_id:
            tx.bump_stat(now.date(), "pickups")
        if needs_staff:
            if hold_id:
                tx.raise_alarm("pickup_unconfirmed", compartment_id, {"hold_id": hold_id})
            else:
                tx.raise_alarm(
                    "security_state_unknown",
                    payload["item_id"],
                    {"action": "borrow", "uid": payload.get("uid")},
                )
        return True

    def _close_loan(
        self,
        tx: Tx,
        loan_id: str | None,
        item_id: str,
        patron_id: str | None,
        compartment_id: str | None,
        needs_staff: bool,
    ) -> None:
        now = self.clock()
        if loan_id is not None:
            tx.execute(
                "UPDATE loans SET returned_at = ? WHERE loan_id = ? AND returned_at IS NULL",
                [utc_text(now), loan_id],
            )
        tx.add_event(
            "return",
            now,
            {
                "item_id": item_id,
                "loan_id": loan_id,
                "patron_id": patron_id,
                "compartment_id": compartment_id,
                "needs_staff": needs_staff,
            },
        )
        tx.audit(
            now,
            masked_actor(patron_id),
            "return",
            "ok" if loan_id else "not_on_loan",
            detail={"item_id": item_id, "compartment_id": compartment_id},
        )
        tx.bump_stat(now.date(), "returns")

    def _read_secured(self, uid: str) -> bool | None:
        if self.pad is None:
            return None
        try:
            return self.pad.read_secured(uid)
        except DeviceError:
            return None

    # --- return ----------------------------------------------------------------------------------

    def return_items(
        self,
        tags: Iterable[TagRead],
        session: Session | None = None,
        compartment_id: str | None = None,
    ) -> list[ItemOutcome]:
        """Check items in: protect each tag first, then close its loan (dp2SSL's order)."""
        self._require_in_service()
        return [self._return_one(tag, session, compartment_id) for tag in tags]

    def _return_one(
        self, tag: TagRead, session: Session | None, compartment_id: str | None
    ) -> ItemOutcome:
        item = self.describe(tag)
        title, author = (item.title, item.author) if item else ("", "")
        actor_id = session.patron_id if session else None
        if tag.item_id is None:
            self._record_refusal(actor_id, "return", Reason.TAG_UNREADABLE, {"uid": tag.uid})
            return ItemOutcome(None, tag.uid, ok=False, reason=Reason.TAG_UNREADABLE)
        if self.pad is None:
            return ItemOutcome(
                tag.item_id, tag.uid, title, author, False, Reason.DEVICE_UNAVAILABLE
            )
        loan = self.store.open_loan_for_item(tag.item_id)
        now = self.clock()
        payload = {
            "item_id": tag.item_id,
            "uid": tag.uid,
            "loan_id": loan.loan_id if loan else None,
            "patron_id": loan.patron_id if loan else None,
            "compartment_id": compartment_id,
        }
        with self.store.transaction() as tx:
            intent_id = tx.begin_intent("return", now, payload)
        self._step(RETURN_STEPS[0])
        try:
            self.pad.set_secured(tag.uid, True)
        except DeviceError as exc:
            state = self._read_secured(tag.uid)
            if state is not True:
                # Not protected: the loan stays open (the patron remains responsible)
                # and staff are told when the tag can no longer be read at all.
                with self.store.transaction() as tx:
                    tx.finish_intent(intent_id)
                    self._refusal_rows(
                        tx,
                        actor_id,
                        "return",
                        Reason.SECURITY_WRITE_FAILED,
                        {"item_id": tag.item_id, "error": exc.code},
                    )
                    if state is None:
                        tx.raise_alarm(
                            "security_state_unknown",
                            tag.item_id,
                            {"action": "return", "uid": tag.uid},
                        )
                return ItemOutcome(
                    tag.item_id, tag.uid, title, author, False, Reason.SECURITY_WRITE_FAILED
                )
        self._step(RETURN_STEPS[1])
        with self.store.transaction() as tx:
            self._finish_return(tx, payload)
            tx.finish_intent(intent_id)
        self._step(RETURN_STEPS[2])
        reason = None if loan else Reason.NOT_ON_LOAN
        return ItemOutcome(tag.item_id, tag.uid, title, author, True, reason)

    def _finish_return(self, tx: Tx, payload: dict) -> None:
        loan_id = payload["loan_id"]
        if loan_id is not None and tx.one(
            "SELECT 1 FROM loans WHERE loan_id = ? AND returned_at IS NOT NULL", [loan_id]
        ):
            return
        self._close_loan(
            tx, loan_id, payload["item_id"], payload["patron_id"], payload["compartment_id"], False
        )

    # --- renew -----------------------------------------------------------------------------------

    def renew(self, session: Session, item_ids: Iterable[str]) -> list[ItemOutcome]:
        self._require_in_service()
        self._require_full_session(session, "renew")
        return [self._renew_one(session, item_id) for item_id in item_ids]

    def _renew_one(self, session: Session, item_id: str) -> ItemOutcome:
        item = self.store.get_item(item_id)
        title, author = (item.title, item.author) if item else ("", "")
        loan = self.store.open_loan_for_item(item_id)
        reason = None
        if loan is None or loan.patron_id != session.patron_id:
            reason = Reason.LOAN_NOT_FOUND
        elif not session.online:
            # Only the central library knows whether someone reserved it meanwhile.
            reason = Reason.RENEW_OFFLINE
        elif loan.renewals >= self.policy.max_renewals:
            reason = Reason.RENEWAL_LIMIT
        elif self.store.active_holds_for_item(item_id):
            reason = Reason.RENEW_RESERVED
        if reason is not None:
            self._record_refusal(session.patron_id, "renew", reason, {"item_id": item_id})
            return ItemOutcome(item_id, None, title, author, False, reason)
        now = self.clock()
        due = max(loan.due, now.date()) + timedelta(days=self.policy.renew_days)
        with self.store.transaction() as tx:
            tx.execute(
                "UPDATE loans SET due = ?, renewals = renewals + 1 WHERE loan_id = ?",
                [due.isoformat(), loan.loan_id],
            )
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
        return ItemOutcome(item_id, None, title, author, True, due=due)

    # --- locker pick-up --------------------------------------------------------------------------

    def holds_ready(self, session: Session) -> list[Hold]:
        now = self.clock()
        holds = [
            h
            for h in self.store.holds(HoldStatus.READY, session.patron_id)
            if h.compartment_id and (h.expires_at is None or h.expires_at > now)
        ]
        if session.hold_ids is not None:
            holds = [h for h in holds if h.hold_id in session.hold_ids]
        return holds

    def pickup(self, session: Session) -> list[PickupOutcome]:
        """Open the doors of the patron's ready holds; each loan is recorded once its door
        has opened. A door that will not open leaves its holds waiting, out of service."""
        self._require_in_service()
        holds = self.holds_ready(session)
        if not holds:
            self._record_refusal(session.patron_id, "pickup", Reason.NO_HOLDS_READY, {})
            raise Refused(Reason.NO_HOLDS_READY)
        if self.doors is None:
            raise Refused(Reason.DEVICE_UNAVAILABLE)
        by_compartment: dict[str, list[Hold]] = {}
        for hold in holds:
            by_compartment.setdefault(hold.compartment_id, []).append(hold)
        outcomes: list[PickupOutcome] = []
        for compartment_id, compartment_holds in sorted(by_compartment.items()):
            outcomes.extend(self._pickup_compartment(session, compartment_id, compartment_holds))
        return outcomes

    def _pickup_compartment(
        self, session: Session, compartment_id: str, holds: list[Hold]
    ) -> list[PickupOutcome]:
        now = self.clock()
        days = self.policy.loan_days if session.online else self.policy.offline.loan_days
        due = now.date() + timedelta(days=days)
        payload = {
            "compartment_id": compartment_id,
            "patron_id": session.patron_id,
            "offline": not session.online,
            "loans": [
                {"hold_id": h.hold_id, "item_id": h.item_id, "loan_id": str(uuid.uuid4())}
                for h in holds
            ],
            "due": due.isoformat(),
        }
        titles = {h.hold_id: self._title(h.item_id) for h in holds}
        with self.store.transaction() as tx:
            intent_id = tx.begin_intent("pickup", now, payload)
        self._step(PICKUP_STEPS[0])
        try:
            self.doors.open(compartment_id)
        except DeviceError as exc:
            with self.store.transaction() as tx:
                tx.finish_intent(intent_id)
                self._compartment_fault(tx, compartment_id, exc, session.patron_id)
            return [
                PickupOutcome(
                    h.hold_id,
                    h.item_id,
                    titles[h.hold_id],
                    compartment_id,
                    False,
                    Reason.COMPARTMENT_FAULT,
                )
                for h in holds
            ]
        self._step(PICKUP_STEPS[1])
        with self.store.transaction() as tx:
            self._record_pickup(tx, payload, needs_staff=False)
            tx.finish_intent(intent_id)
        self._step(PICKUP_STEPS[2])
        return [
            PickupOutcome(h.hold_id, h.item_id, titles[h.hold_id], compartment_id, True, due=due)
            for h in holds
        ]

    def _record_pickup(self, tx: Tx, payload: dict, needs_staff: bool) -> None:
        for entry in payload["loans"]:
            loan = {
                "loan_id": entry["loan_id"],
                "item_id": entry["item_id"],
                "patron_id": payload["patron_id"],
                "due": payload["due"],
                "offline": payload["offline"],
            }
            self._record_loan(tx, loan, needs_staff, entry["hold_id"], payload["compartment_id"])
            tx.execute(
                "UPDATE holds SET status = ?, updated_at = ? WHERE hold_id = ?",
                [HoldStatus.PICKED_UP.value, utc_text(self.clock()), entry["hold_id"]],
            )

    def _compartment_fault(
        self, tx: Tx, compartment_id: str, exc: DeviceError, patron_id: str | None
    ) -> None:
        now = self.clock()
        tx.execute(
            "UPDATE compartments SET in_service = 0, out_of_service_reason = ?"
            " WHERE compartment_id = ?",
            [exc.code, compartment_id],
        )
        tx.raise_alarm(exc.code, compartment_id, {"detail": exc.detail})
        tx.audit(
            now,
            masked_actor(patron_id),
            "open_compartment",
            "failed",
            Reason.COMPARTMENT_FAULT.value,
            {"compartment_id": compartment_id, "error": exc.code},
        )

    def _title(self, item_id: str) -> str:
        item = self.store.get_item(item_id)
        return item.title if item else item_id

    # --- staff: loading holds, expired holds, returns into a compartment ------------------

    def holds_to_load(self) -> list[Hold]:
        return self.store.holds(HoldStatus.AWAITING_LOAD)

    def begin_loading(self, item_id: str, actor: str = "staff") -> LoadTicket:
        """Staff put a reserved item on the pad: choose its compartment and open the door."""
        hold = next((h for h in self.holds_to_load() if h.item_id == item_id), None)
        if hold is None:
            raise Refused(Reason.NO_HOLDS_READY, f"no hold waits for item {item_id}")
        if self.doors is None:
            raise Refused(Reason.DEVICE_UNAVAILABLE)
        compartment_id = self._choose_compartment(hold.patron_id)
        now = self.clock()
        with self.store.transaction() as tx:
            intent_id = tx.begin_intent(
                "load", now, {"hold_id": hold.hold_id, "compartment_id": compartment_id}
            )
        self._step(LOAD_STEPS[0])
        try:
            self.doors.open(compartment_id)
        except DeviceError as exc:
            with self.store.transaction() as tx:
                tx.finish_intent(intent_id)
                self._compartment_fault(tx, compartment_id, exc, None)
            raise Refused(Reason.COMPARTMENT_FAULT, exc.code) from exc
        self._step(LOAD_STEPS[1])
        return LoadTicket(intent_id, hold.hold_id, hold.item_id, compartment_id)

    def _choose_compartment(self, patron_id: str) -> str:
        """The patron's own compartment if it has room, else the first empty one."""
        compartments = [c for c in self.store.compartments() if c.in_service]
        patron_holds = {h.hold_id for h in self.store.holds(HoldStatus.READY, patron_id)}
        for c in compartments:
            if (
                c.holds
                and set(c.holds) <= patron_holds
                and len(c.holds) < MAX_ITEMS_PER_COMPARTMENT
            ):
                return c.compartment_id
        for c in compartments:
            if not c.holds:
                return c.compartment_id
        raise Refused(Reason.NO_FREE_COMPARTMENT)

    def confirm_loaded(self, ticket: LoadTicket, actor: str = "staff") -> str | None:
        """The door is closed again with the item inside: the hold is ready for pick-up.

        Returns the new pick-up code, or None when the compartment already holds this
        patron's items and so keeps its code. Raises DoorNotClosed via Refused if open.
        """
        if self.doors.sensor(ticket.compartment_id) is not DoorSensor.CLOSED:
            raise Refused(Reason.COMPARTMENT_FAULT, "door_not_closed")
        now = self.clock()
        hold = self.store.get_hold(ticket.hold_id)
        sharing = [
            h
            for h in self.store.holds(HoldStatus.READY, hold.patron_id)
            if h.compartment_id == ticket.compartment_id
        ]
        code: str | None = None
        if sharing:
            digest = self.store.query(
                "SELECT pickup_code_hash FROM holds WHERE hold_id = ?", [sharing[0].hold_id]
            )[0]["pickup_code_hash"]
        else:
            code = self._unused_code()
            digest = pickup_codes.code_hash(
                self.store.get_setting(pickup_codes.SECRET_SETTING), code
            )
        expires = now + timedelta(days=self.policy.hold_days)
        with self.store.transaction() as tx:
            tx.execute(
                "UPDATE holds SET status = ?, compartment_id = ?, expires_at = ?,"
                " pickup_code_hash = ?, updated_at = ? WHERE hold_id = ?",
                [
                    HoldStatus.READY.value,
                    ticket.compartment_id,
                    utc_text(expires),
                    digest,
                    utc_text(now),
                    ticket.hold_id,
                ],
            )
            tx.add_event(
                "hold_loaded",
                now,
                {
                    "hold_id": ticket.hold_id,
                    "item_id": ticket.item_id,
                    "patron_id": hold.patron_id,
                    "compartment_id": ticket.compartment_id,
                    "expires_at": utc_text(expires),
                    "pickup_code": code,
                    "same_code_as": sharing[0].hold_id if sharing else None,
                },
            )
            tx.audit(
                now,
                actor,
                "load_hold",
                "ok",
                detail={"hold_id": ticket.hold_id, "compartment_id": ticket.compartment_id},
            )
            tx.finish_intent(ticket.intent_id)
        self._step(LOAD_STEPS[2])
        return code

    def _unused_code(self) -> str:
        secret = self.store.get_setting(pickup_codes.SECRET_SETTING)
        while True:
            code = pickup_codes.new_code()
            clash = self.store.query(
                "SELECT 1 FROM holds WHERE pickup_code_hash = ? AND status = ?",
                [pickup_codes.code_hash(secret, code), HoldStatus.READY.value],
            )
            if not clash:
                return code

    def expire_holds(self) -> list[Hold]:
        """Mark ready holds past their date as expired and report them for removal."""
        now = self.clock()
        expired = [
            h
            for h in self.store.holds(HoldStatus.READY)
            if h.expires_at is not None and h.expires_at <= now
        ]
        for hold in expired:
            with self.store.transaction() as tx:
                tx.execute(
                    "UPDATE holds SET status = ?, updated_at = ? WHERE hold_id = ? AND status = ?",
                    [
                        HoldStatus.EXPIRED.value,
                        utc_text(now),
                        hold.hold_id,
                        HoldStatus.READY.value,
                    ],
                )
                tx.add_event(
                    "hold_expired",
                    now,
                    {
                        "hold_id": hold.hold_id,
                        "item_id": hold.item_id,
                        "compartment_id": hold.compartment_id,
                    },
                )
                tx.audit(now, "system", "hold_expired", "ok", detail={"hold_id": hold.hold_id})
        return [dataclasses.replace(h, status=HoldStatus.EXPIRED) for h in expired]

    def holds_to_remove(self) -> list[Hold]:
        return [h for h in self.store.holds(HoldStatus.EXPIRED) if h.compartment_id]

    def remove_hold(self, hold_id: str, actor: str = "staff", reason: str = "expired") -> None:
        """Staff open the compartment and take an expired or cancelled hold out."""
        hold = self.store.get_hold(hold_id)
        if hold is None or hold.compartment_id is None:
            raise Refused(Reason.NO_HOLDS_READY, f"hold {hold_id} is in no compartment")
        try:
            self.doors.open(hold.compartment_id)
        except DeviceError as exc:
            with self.store.transaction() as tx:
                self._compartment_fault(tx, hold.compartment_id, exc, None)
            raise Refused(Reason.COMPARTMENT_FAULT, exc.code) from exc
        now = self.clock()
        with self.store.transaction() as tx:
            tx.execute(
                "UPDATE holds SET compartment_id = NULL, pickup_code_hash = NULL, updated_at = ?"
                " WHERE hold_id = ?",
                [utc_text(now), hold_id],
            )
            tx.add_event(
                "hold_removed", now, {"hold_id": hold_id, "item_id": hold.item_id, "reason": reason}
            )
            tx.audit(now, actor, "remove_hold", "ok", detail={"hold_id": hold_id})

    def return_to_compartment(
        self, tags: list[TagRead], session: Session | None = None
    ) -> tuple[str, list[ItemOutcome]]:
        """Returns into a locker where the site offers it: check the items in on the pad,
        then open an empty compartment for them; it stays out of service until staff
        empty it."""
        self._require_in_service()
        if not self.config.lockers.returns_enabled or self.doors is None:
            raise Refused(Reason.DEVICE_UNAVAILABLE)
        compartment_id = next(
            (c.compartment_id for c in self.store.compartments() if c.in_service and not c.holds),
            None,
        )
        if compartment_id is None:
            raise Refused(Reason.NO_FREE_COMPARTMENT)
        outcomes = self.return_items(tags, session, compartment_id)
        if any(o.ok for o in outcomes):
            try:
                self.doors.open(compartment_id)
            except DeviceError as exc:
                with self.store.transaction() as tx:
                    self._compartment_fault(tx, compartment_id, exc, None)
                raise Refused(Reason.COMPARTMENT_FAULT, exc.code) from exc
            self.store.set_compartment_in_service(compartment_id, False, "returns_to_empty")
        return compartment_id, outcomes

    # --- start-up reconciliation -----------------------------------------------------------------

    def recover(self) -> list[RecoveryOutcome]:
        """Finish or roll back every intent a crash left behind. Run before the first session."""
        outcomes = []
        for intent in self.store.pending_intents():
            handler = {
                "borrow": self._recover_borrow,
                "return": self._recover_return,
                "pickup": self._recover_pickup,
                "load": self._recover_load,
            }[intent["kind"]]
            resolution, detail = handler(intent)
            log.info("recovered %s intent: %s", intent["kind"], resolution)
            outcomes.append(
                RecoveryOutcome(intent["intent_id"], intent["kind"], resolution, detail)
            )
        return outcomes

    def _recover_borrow(self, intent: dict) -> tuple[str, dict]:
        payload = intent["payload"]
        state = self._read_secured(payload["uid"])
        detail = {"item_id": payload["item_id"]}
        with self.store.transaction() as tx:
            tx.finish_intent(intent["intent_id"])
            if state is True:
                self._rolled_back_rows(tx, "borrow", payload["patron_id"], detail)
                return "rolled_back", detail
            self._record_loan(tx, payload, state is None, hold_id=None, compartment_id=None)
        return ("needs_staff" if state is None else "completed"), detail

    def _recover_return(self, intent: dict) -> tuple[str, dict]:
        payload = intent["payload"]
        state = self._read_secured(payload["uid"])
        detail = {"item_id": payload["item_id"]}
        with self.store.transaction() as tx:
            tx.finish_intent(intent["intent_id"])
            if state is True:
                self._finish_return(tx, payload)
                return "completed", detail
            self._rolled_back_rows(tx, "return", payload["patron_id"], detail)
            if state is None:
                tx.raise_alarm(
                    "security_state_unknown",
                    payload["item_id"],
                    {"action": "return", "uid": payload["uid"]},
                )
                return "needs_staff", detail
        return "rolled_back", detail

    def _recover_pickup(self, intent: dict) -> tuple[str, dict]:
        payload = intent["payload"]
        compartment_id = payload["compartment_id"]
        opened = self._door_was_opened(compartment_id)
        detail = {"compartment_id": compartment_id}
        with self.store.transaction() as tx:
            tx.finish_intent(intent["intent_id"])
            if opened is False:
                self._rolled_back_rows(tx, "pickup", payload["patron_id"], detail)
                return "rolled_back", detail
            self._record_pickup(tx, payload, needs_staff=opened is None)
        return ("needs_staff" if opened is None else "completed"), detail

    def _door_was_opened(self, compartment_id: str) -> bool | None:
        """True if the door is open or its item is gone, False if provably untouched."""
        if self.doors is None:
            return None
        try:
            if self.doors.sensor(compartment_id) is DoorSensor.OPEN:
                return True
            present = self.doors.item_present(compartment_id)
        except DeviceError:
            return None
        if present is None:
            return None
        return not present

    def _recover_load(self, intent: dict) -> tuple[str, dict]:
        payload = intent["payload"]
        detail = dict(payload)
        with self.store.transaction() as tx:
            tx.finish_intent(intent["intent_id"])
            # The hold is still awaiting load; staff were at the machine and load it again.
            tx.raise_alarm(
                "check_compartment", payload["compartment_id"], {"hold_id": payload["hold_id"]}
            )
            tx.audit(self.clock(), "staff", "load_hold", "rolled_back", detail=detail)
        return "rolled_back", detail
