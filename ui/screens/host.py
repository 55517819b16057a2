"""What a screen may ask of the kiosk: the narrow interface between screens and controllers.

Screens show things and pass on what the person touched; they never reach the core, the
devices or the runtime. Everything else they need is named here, as Protocols the
controllers implement:

* :class:`ResidentActions` (``ui.session.SessionController``): log in with a code, move
  between the resident's screens, acknowledge a message;
* :class:`TransactionActions` (``ui.transactions.TransactionController``): read the pad,
  list loans and holds, borrow, return, renew, pick up, finish with a receipt;
* :class:`ServiceActions` (``ui.service_mode.ServiceController``): staff login and every
  service action;
* :class:`ScreenHost` (``ui.window.KioskWindow``): the language, the session, the site,
  the sounds, logout, and the three groups above.

Reads that need the core (``list_loans``, ``read_pad_to_borrow`` ...) answer later on the
UI thread through ``done``: the work itself runs on the core thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from kiosk.circulation import Account, ItemOutcome, PickupOutcome, Session
from kiosk.config import Policy, SiteIdentity
from kiosk.devices import TagRead
from kiosk.model import Hold, Item, Loan
from kiosk.reasons import Reason


@dataclass
class PadEntry:
    """One tag on the pad as a screen lists it: the book, and why it cannot go (or None)."""

    tag: TagRead
    item: Item | None
    reason: Reason | None
    on_loan: bool = False

    def left_on_pad(self) -> ItemOutcome:
        """This refused book as a result line: not done, why, and (by its reason) what to do."""
        title, author = (self.item.title, self.item.author) if self.item else ("", "")
        return ItemOutcome(self.tag.item_id, self.tag.uid, title, author, False, self.reason)


# What one item of a transaction came to: the result screen and the receipt list them.
Outcome = ItemOutcome | PickupOutcome

# The pad's tags now, and entries for the tags a screen had not seen before.
PadScan = tuple[list[TagRead], dict[str, PadEntry]]

# Everything the service screen shows, by name (devices, holds, alarms, outbox, audit...),
# read on the core thread by ServiceActions.refresh.
ServiceSnapshot = dict[str, Any]


class Cues(Protocol):
    def success(self) -> None: ...

    def error(self) -> None: ...

    def attention(self) -> None: ...


class ResidentActions(Protocol):
    # This session began when a new card ended the previous reader's.
    handed_over: bool

    @property
    def hand_over_due(self) -> bool:
        """A new card came during a transaction: the visit ends once its result was shown."""
        ...

    def show_code_entry(self) -> None: ...

    def start_return_without_login(self) -> None: ...

    def show_borrow(self) -> None: ...

    def show_return(self) -> None: ...

    def show_loans(self) -> None: ...

    def show_account(self) -> None: ...

    def show_pickup(self) -> None: ...

    def back_to_menu(self) -> None: ...

    def login_with_code(self, code: str) -> None: ...

    def login_with_pin(self, pin: str) -> None: ...

    def message_acknowledged(self) -> None: ...


class TransactionActions(Protocol):
    def read_pad_to_borrow(
        self,
        known: set[str],
        done: Callable[[PadScan], None],
        failed: Callable[[BaseException], None],
    ) -> None: ...

    def read_pad_to_return(
        self,
        known: set[str],
        done: Callable[[PadScan], None],
        failed: Callable[[BaseException], None],
    ) -> None: ...

    def room_this_visit(self) -> tuple[int, Reason] | None:
        """How many more books this session may borrow now and the reason past that."""
        ...

    def lockers_offered(self) -> bool: ...

    # ``refused``: the books the pad saw that were not sent, so the result lists every one.
    def borrow(self, tags: list[TagRead], refused: list[ItemOutcome]) -> None: ...

    def return_items(self, tags: list[TagRead], refused: list[ItemOutcome]) -> None: ...

    def return_to_locker(self, tags: list[TagRead], refused: list[ItemOutcome]) -> None: ...

    def count_loans_and_holds(self, done: Callable[[tuple[int, int]], None]) -> None: ...

    def list_loans(self, done: Callable[[list[tuple[Loan, Item | None]]], None]) -> None: ...

    def read_account(self, done: Callable[[Account], None]) -> None: ...

    def renew(self, item_ids: list[str]) -> None: ...

    def list_holds_ready(self, done: Callable[[list[tuple[Hold, str]]], None]) -> None: ...

    def pickup(self) -> None: ...

    def finish(self) -> None: ...


class ServiceActions(Protocol):
    @property
    def demo_pin(self) -> bool: ...

    def show_login(self) -> None: ...

    def login_pin(self, pin: str) -> None: ...

    def refresh(self) -> None: ...

    def inventory(self) -> None: ...

    def print_test(self) -> None: ...

    def board_status(self) -> None: ...

    def open_door(self, compartment_id: str) -> None: ...

    def begin_loading(self, item_id: str) -> None: ...

    def confirm_loaded(self) -> None: ...

    def expire_holds(self) -> None: ...

    def remove_hold(self, hold_id: str) -> None: ...

    def clear_alarm(self, alarm_id: int) -> None: ...

    def acknowledge_alarm(self, alarm_id: int) -> None: ...

    def set_compartment(self, compartment_id: str, out_of_service: bool) -> None: ...

    def toggle_terminal(self) -> None: ...

    def sync_now(self) -> None: ...

    def quit_kiosk(self) -> None: ...


class SpeechActions(Protocol):
    """Spoken guidance's settings, for service mode (ui/speech.py)."""

    @property
    def volume(self) -> int: ...

    def set_volume(self, volume: int, done: Callable[[], None]) -> None:
        """Store the volume (0..100, audited); ``done`` once it is stored."""

    def test_voice(self) -> None: ...


class ScreenHost(Protocol):
    @property
    def language(self) -> str: ...

    @property
    def session(self) -> Session | None: ...

    @property
    def cues(self) -> Cues: ...

    @property
    def site(self) -> SiteIdentity: ...

    @property
    def policy(self) -> Policy: ...

    @property
    def resident(self) -> ResidentActions: ...

    @property
    def transactions(self) -> TransactionActions: ...

    @property
    def service(self) -> ServiceActions: ...

    @property
    def speech(self) -> SpeechActions: ...

    def today(self) -> date: ...

    def logout(self, why: str = "logout") -> None: ...

    def report_device_problem(self, device: str, exc: BaseException) -> None:
        """A device failed on a screen: the service view and the attract screen show it."""
        ...
