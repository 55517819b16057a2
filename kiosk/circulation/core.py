"""The shared core of the flows: results, step labels, service state and common records.

Everything more than one flow needs lives here, once: what a flow returns
(:class:`Session`, :class:`ItemOutcome`, ...), why it refuses (:class:`Refused`), the
labelled steps the crash tests kill at, and :class:`CirculationCore`, which holds the
terminal's state (store, site configuration, devices, clocks) and writes the records
several flows share: a loan, a return, a refusal, a compartment that failed.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any

from kiosk import pickup_codes
from kiosk.config import Policy, SiteConfig, replace_section
from kiosk.devices import CompartmentDoors, DeviceError, RfidPad, TagRead
from kiosk.lockout import SteadyClock, system_steady_clock
from kiosk.model import Hold, Item, ItemLookup, Loan, Patron, PatronCheck
from kiosk.privacy import mask_patron_id
from kiosk.reasons import Reason
from kiosk.store import Store, Tx, masked_actor

StepHook = Callable[[str], None]
Payload = dict[str, Any]

# The labelled steps, in order, of each device flow (the crash tests kill at each one).
BORROW_STEPS = ("borrow.intent_recorded", "borrow.security_written", "borrow.loan_recorded")
RETURN_STEPS = ("return.intent_recorded", "return.security_written", "return.recorded")
PICKUP_STEPS = ("pickup.intent_recorded", "pickup.door_opened", "pickup.loan_recorded")
LOAD_STEPS = ("load.intent_recorded", "load.door_opened", "load.recorded")

# Staff must look into this compartment: a load into it was rolled back after a crash.
CHECK_COMPARTMENT_ALARM = "check_compartment"
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


class PinRequired(Exception):
    """A card login where the site asks for the patron's PIN: nothing was refused yet;
    ask for the PIN and call ``start_session`` again with it."""

    def __init__(self, patron_id: str):
        super().__init__("patron PIN required")
        self.patron_id = patron_id


@dataclass(frozen=True)
class AccountLoan:
    """One loan as the account screen lists it."""

    loan: Loan
    title: str
    renewals_left: int
    overdue: bool


@dataclass(frozen=True)
class AccountHold:
    """One hold at this terminal as the account screen lists it (never its pick-up code)."""

    hold: Hold
    title: str


@dataclass(frozen=True)
class Account:
    """What a logged-in resident may see of their own account here (read only)."""

    masked_name: str  # "" when central sent no name
    masked_id: str
    loans: tuple[AccountLoan, ...]
    fines_cents: int | None  # None: central did not say
    ready: tuple[AccountHold, ...]  # in a compartment here, with the pick-up code's expiry
    waiting: tuple[AccountHold, ...]  # reserved for this terminal, not loaded yet

    @property
    def overdue(self) -> int:
        return sum(1 for loan in self.loans if loan.overdue)


@dataclass
class Session:
    """One resident at the terminal, from login to logout (or idle timeout)."""

    session_id: str
    patron: Patron
    via: str
    online: bool
    started_at: datetime
    borrowed: int = 0
    # What the visit did, for the ``session`` event sent when it ends (counts, no ids).
    returned: int = 0
    renewed: int = 0
    picked_up: int = 0
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
    detail: dict[str, Any] = field(default_factory=dict)


# How often a terminal may ask central about an item it could not name.
TITLE_ASK_INTERVAL = timedelta(days=1)


def site_clock(config: SiteConfig) -> Callable[[], datetime]:
    """The site's wall clock: aware datetimes at the site's UTC offset."""
    tz = timezone(timedelta(hours=config.site.utc_offset_hours))
    return lambda: datetime.now(tz)


def new_loan_id() -> str:
    return str(uuid.uuid4())


class CirculationCore:
    """The terminal's state and the records several flows write. One worker thread only."""

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
        item_lookup: ItemLookup | None = None,
    ):
        self.store = store
        self.config = config
        self.pad = pad
        self.doors = doors
        self.patron_check = patron_check
        # With a central library to ask, the items table is a cache of titles, not the
        # catalogue: an item it does not hold is the library system's to judge (docs/sip2.md).
        self.item_lookup = item_lookup
        self.clock = clock or site_clock(config)
        self.on_step = on_step
        self.steady = steady or system_steady_clock()
        self._apply_stored_policy()
        if store.get_setting(pickup_codes.SECRET_SETTING) is None:
            store.set_setting(pickup_codes.SECRET_SETTING, pickup_codes.new_secret())
        store.sync_compartments((c.id, c.size) for c in config.lockers.compartments)

    # --- policy and service state ----------------------------------------------------------

    @property
    def policy(self) -> Policy:
        return self.config.policy

    def _apply_stored_policy(self) -> None:
        stored = self.store.get_setting(POLICY_OVERRIDES_SETTING)
        if stored:
            self.config = replace_section(self.config, "policy", json.loads(stored))

    def update_policy(self, changes: dict[str, Any]) -> None:
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

    def require_in_service(self) -> None:
        if self.out_of_service_reason():
            raise Refused(Reason.TERMINAL_OUT_OF_SERVICE)

    def require_full_session(self, session: Session, action: str) -> None:
        """A pick-up-code session proves only that its holder may collect those holds."""
        if session.pickup_only:
            self.record_refusal(
                session.patron_id, action, Reason.CODE_SESSION_PICKUP_ONLY, {"via": session.via}
            )
            raise Refused(Reason.CODE_SESSION_PICKUP_ONLY)

    def require_doors(self) -> CompartmentDoors:
        if self.doors is None:
            raise Refused(Reason.DEVICE_UNAVAILABLE)
        return self.doors

    def step(self, label: str) -> None:
        """Report a labelled step (progress for the UI, the kill point for crash tests)."""
        if self.on_step is not None:
            self.on_step(label)

    def loan_days(self, session: Session) -> int:
        """The loan period for this session: online, or under the offline policy."""
        return self.policy.loan_days if session.online else self.policy.offline.loan_days

    def pickup_secret(self) -> str:
        return self.store.get_setting(pickup_codes.SECRET_SETTING) or ""

    # --- what the tags say -----------------------------------------------------------------

    def read_secured(self, uid: str) -> bool | None:
        """The tag's security state, or None when it cannot be read (gone, no pad)."""
        if self.pad is None:
            return None
        try:
            return self.pad.read_secured(uid)
        except DeviceError:
            return None

    def describe(self, tag: TagRead) -> Item | None:
        """The item on a tag; one the terminal cannot name is asked of central first."""
        if not tag.item_id:
            return None
        item = self.store.get_item(tag.item_id)
        if (item is None or not item.title) and self.item_lookup is not None:
            return self._learn_title(tag.item_id) or item
        return item

    def _learn_title(self, item_id: str) -> Item | None:
        """Ask central for a title at most once a day per item, bounded by the lookup's
        time-out; the answer (or that none came) is kept in the items table. Offline nothing
        is asked and nothing kept, so the item is asked about once central is back."""
        assert self.item_lookup is not None
        now = self.clock()
        asked = self.store.title_asked_at(item_id)
        if asked is not None and now - asked < TITLE_ASK_INTERVAL:
            return None
        answer = self.item_lookup.look_up(item_id)
        if answer is None:
            return None
        title = answer.title or ""
        author = answer.author or ""
        with self.store.transaction() as tx:
            tx.remember_item_title(item_id, title, author, now)
        return self.store.get_item(item_id)

    def title(self, item_id: str) -> str:
        item = self.store.get_item(item_id)
        return item.title if item and item.title else item_id

    # --- records several flows write -------------------------------------------------------

    def record_refusal(
        self, patron_id: str | None, action: str, reason: Reason, detail: dict[str, Any]
    ) -> None:
        with self.store.transaction() as tx:
            self.refusal_rows(tx, patron_id, action, reason, detail)

    def refusal_rows(
        self, tx: Tx, patron_id: str | None, action: str, reason: Reason, detail: dict[str, Any]
    ) -> None:
        now = self.clock()
        tx.audit(now, masked_actor(patron_id), action, "refused", reason.value, detail)
        tx.bump_stat(now.date(), "refusals")
        item_id = detail.get("item_id")
        # For central's figures: the masked patron only (privacy), never the id itself.
        tx.add_event(
            "refusal",
            now,
            {
                "reason": reason.value,
                "flow": action,
                "patron": mask_patron_id(patron_id) if patron_id else None,
                "item_id": item_id if isinstance(item_id, str) else None,
            },
        )

    def rolled_back_rows(
        self, tx: Tx, action: str, patron_id: str | None, detail: dict[str, Any]
    ) -> None:
        tx.audit(self.clock(), masked_actor(patron_id), action, "rolled_back", detail=detail)

    def record_loan(
        self,
        tx: Tx,
        payload: Payload,
        needs_staff: bool,
        hold_id: str | None,
        compartment_id: str | None,
    ) -> bool:
        """Insert the loan chosen in the intent; False if that very loan is already there.

        ``payload`` carries loan_id, item_id, patron_id, due (ISO date), offline and, for
        a borrow, the tag's uid. An item still open on someone else's loan is returned
        first (the earlier return was missed, yet the book is physically here): the
        field's "return, then borrow".
        """
        now = self.clock()
        if tx.loan_exists(payload["loan_id"]):
            return False
        stale = tx.open_loan_for_item(payload["item_id"])
        if stale is not None:
            self.close_loan(tx, stale.loan_id, payload["item_id"], stale.patron_id, None, False)
        tx.insert_loan(
            payload["loan_id"],
            payload["item_id"],
            payload["patron_id"],
            now,
            date.fromisoformat(payload["due"]),
            bool(payload["offline"]),
            needs_staff,
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
                tx.raise_alarm("pickup_unconfirmed", compartment_id or "", {"hold_id": hold_id})
            else:
                tx.raise_alarm(
                    "security_state_unknown",
                    payload["item_id"],
                    {"action": "borrow", "uid": payload.get("uid")},
                )
        return True

    def close_loan(
        self,
        tx: Tx,
        loan_id: str | None,
        item_id: str,
        patron_id: str | None,
        compartment_id: str | None,
        needs_staff: bool,
    ) -> None:
        """Record a return: the loan closed (if the item was on one), its event and audit."""
        now = self.clock()
        if loan_id is not None:
            tx.close_loan(loan_id, now)
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

    def compartment_fault(
        self, tx: Tx, compartment_id: str, exc: DeviceError, patron_id: str | None
    ) -> None:
        """A door that failed: out of service with the error's code, an alarm, audited.

        The door supervision of a real lock bank has already raised its own alarm for the
        same failure (``lock_did_not_release``) by the time ``open`` raises: staff get one
        alarm for one jam, so this one is raised only when the compartment has none yet."""
        tx.set_compartment_in_service(compartment_id, False, exc.code)
        if not any(a.subject == compartment_id for a in self.store.active_alarms()):
            tx.raise_alarm(exc.code, compartment_id, {"detail": exc.detail})
        tx.audit(
            self.clock(),
            masked_actor(patron_id),
            "open_compartment",
            "failed",
            Reason.COMPARTMENT_FAULT.value,
            {"compartment_id": compartment_id, "error": exc.code},
        )
