"""`Circulation`: the one object the rest of the terminal calls for every flow.

It is the shared core (:class:`~kiosk.circulation.core.CirculationCore`: store, site
configuration, devices, clocks, service state) plus one object per flow, and each public
method hands its call to the flow that does the work. The method list below is the whole
public surface of the circulation, in one place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from kiosk.circulation.core import (
    Account,
    CirculationCore,
    ItemOutcome,
    LoadTicket,
    PickupOutcome,
    RecoveryOutcome,
    Session,
    StepHook,
)
from kiosk.circulation.items import ItemFlows
from kiosk.circulation.lockers import LockerFlows
from kiosk.circulation.recovery import Recovery
from kiosk.circulation.sessions import SessionFlows
from kiosk.config import SiteConfig
from kiosk.devices import CompartmentDoors, RfidPad, TagRead
from kiosk.lockout import GuessThrottle, SteadyClock
from kiosk.model import Hold, Item, ItemLookup, Loan, PatronCheck
from kiosk.pickup_codes import CodeSource
from kiosk.reasons import Reason
from kiosk.store import Store


class Circulation(CirculationCore):
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
        item_lookup: ItemLookup | None = None,
    ):
        super().__init__(
            store, config, pad, doors, patron_check, clock, on_step, steady, item_lookup
        )
        self._sessions = SessionFlows(self)
        self._items = ItemFlows(self)
        self._lockers = LockerFlows(self, self._items)
        self._recovery = Recovery(self, self._items, self._lockers)

    # --- sessions (kiosk.circulation.sessions) ---------------------------------------------

    def start_session(self, patron_id: str, via: str, pin: str | None = None) -> Session:
        """Identify a patron (card, QR e-card; a card with its PIN where the site asks for
        one) and check they may borrow here now."""
        return self._sessions.start_session(patron_id, via, pin)

    def pin_throttle(self) -> GuessThrottle:
        return self._sessions.pin_throttle()

    def code_throttle(self) -> GuessThrottle:
        return self._sessions.code_throttle()

    def start_code_session(self, code: str, source: CodeSource = CodeSource.KEYPAD) -> Session:
        """Log in with a pick-up code: the session sees only the holds of that code."""
        return self._sessions.start_code_session(code, source)

    def end_session(self, session: Session, why: str = "logout") -> None:
        self._sessions.end_session(session, why)

    def recheck_online(self, session: Session) -> bool:
        """An offline session asks central again; True once it is online."""
        return self._sessions.recheck_online(session)

    def loans(self, session: Session) -> list[tuple[Loan, Item | None]]:
        return self._sessions.loans(session)

    def account(self, session: Session) -> Account:
        """The resident's own account (loans, fines, holds), read only."""
        return self._sessions.account(session)

    # --- borrow, return, renew (kiosk.circulation.items) -----------------------------------

    def check_borrow(self, session: Session, tag: TagRead) -> Reason | None:
        """Why this item cannot be borrowed in this session now, or None if it can."""
        return self._items.check_borrow(session, tag)

    def borrow(self, session: Session, tags: Iterable[TagRead]) -> list[ItemOutcome]:
        return self._items.borrow(session, tags)

    def return_items(
        self,
        tags: Iterable[TagRead],
        session: Session | None = None,
        compartment_id: str | None = None,
    ) -> list[ItemOutcome]:
        """Check items in: protect each tag first, then close its loan."""
        return self._items.return_items(tags, session, compartment_id)

    def renew(self, session: Session, item_ids: Iterable[str]) -> list[ItemOutcome]:
        return self._items.renew(session, item_ids)

    # --- lockers (kiosk.circulation.lockers) -----------------------------------------------

    def holds_ready(self, session: Session) -> list[Hold]:
        return self._lockers.holds_ready(session)

    def pickup(self, session: Session) -> list[PickupOutcome]:
        """Open the doors of the patron's ready holds; loans are recorded door by door."""
        return self._lockers.pickup(session)

    def holds_to_load(self) -> list[Hold]:
        return self._lockers.holds_to_load()

    def begin_loading(self, item_id: str, actor: str = "staff") -> LoadTicket:
        """Choose the hold's compartment and open its door for staff."""
        return self._lockers.begin_loading(item_id, actor)

    def confirm_loaded(self, ticket: LoadTicket, actor: str = "staff") -> str | None:
        """The door is closed with the item inside: the new pick-up code, or None if shared."""
        return self._lockers.confirm_loaded(ticket, actor)

    def expire_holds(self) -> list[Hold]:
        return self._lockers.expire_holds()

    def holds_to_remove(self) -> list[Hold]:
        return self._lockers.holds_to_remove()

    def remove_hold(self, hold_id: str, actor: str = "staff", reason: str = "expired") -> None:
        self._lockers.remove_hold(hold_id, actor, reason)

    def test_open(self, compartment_id: str) -> None:
        """Staff open a door to look inside or try a repair, even out of service."""
        self._lockers.test_open(compartment_id)

    def take_compartment_out(self, compartment_id: str) -> None:
        self._lockers.take_compartment_out(compartment_id)

    def put_compartment_back(self, compartment_id: str, actor: str = "staff") -> list[int]:
        """Door shut: clear its fault and alarms, back in service; the alarms cleared."""
        return self._lockers.put_compartment_back(compartment_id, actor)

    def return_to_compartment(
        self, tags: list[TagRead], session: Session | None = None
    ) -> tuple[str, list[ItemOutcome]]:
        """Check items in, then open an empty compartment for them."""
        return self._lockers.return_to_compartment(tags, session)

    # --- start-up (kiosk.circulation.recovery) ---------------------------------------------

    def recover(self) -> list[RecoveryOutcome]:
        """Finish or roll back every intent a crash left behind. Run before the first session."""
        return self._recovery.recover()
