"""The resident's transactions: borrow, return, return into a locker, renew, pick up,
their results, and the receipt at the end.

:class:`TransactionController` implements :class:`ui.screens.host.TransactionActions`.
Every call into the core runs on the core thread (:class:`ui.jobs.JobRunner` for the
transactions themselves, :class:`ui.worker.CoreWorker` for the reads behind a screen:
the pad's tags, the loans, the holds ready); results come back on the UI thread and go
to the result screen or the screen that asked. The last transaction that did something
is kept for a receipt (:attr:`last_receipt`) until the resident finishes or leaves.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from kiosk.circulation import Account, ItemOutcome, Refused, Session
from kiosk.devices import DeviceError, TagRead
from kiosk.lockers import DoorState
from kiosk.model import Hold, Item, Loan
from kiosk.reasons import Reason
from ui.jobs import JobRunner
from ui.navigation import Navigator, View
from ui.overlays import ChoiceDialog
from ui.screens.host import Cues, Outcome, PadEntry, PadScan
from ui.screens.items import ReturnScreen
from ui.screens.loans import LoansScreen
from ui.screens.result import ResultKind, ResultScreen
from ui.session import SessionController
from ui.worker import CoreWorker

if TYPE_CHECKING:
    from drivers.printer.receipt import Receipt

RECEIPT_KINDS = {
    ResultKind.BORROW: "loan",
    ResultKind.RETURN: "return",
    ResultKind.LOCKER_RETURN: "return",
    ResultKind.PICKUP: "pickup",
}


class TransactionController(QObject):
    """What a logged-in resident (or one returning without a card) does at the kiosk."""

    def __init__(
        self,
        runtime: Any,
        worker: CoreWorker,
        cues: Cues,
        sessions: SessionController,
        language: Callable[[], str],
        logout: Callable[[], None],
        dialog_parent: QWidget,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.runtime = runtime
        self.circulation = runtime.circulation
        self.worker = worker
        self.cues = cues
        self.sessions = sessions
        self._language = language
        self._logout = logout
        self._dialog_parent = dialog_parent
        # (receipt kind, outcomes) of the last transaction that did something
        self.last_receipt: tuple[str, Sequence[Outcome]] | None = None
        sessions.started.connect(self.forget_receipt)
        self.runner: JobRunner
        self.navigator: Navigator
        self.result_screen: ResultScreen
        self.return_screen: ReturnScreen
        self.loans_screen: LoansScreen

    def attach(
        self,
        runner: JobRunner,
        navigator: Navigator,
        result_screen: ResultScreen,
        return_screen: ReturnScreen,
        loans_screen: LoansScreen,
    ) -> None:
        """The parts built after the controller: the screens it drives, the navigation."""
        self.runner = runner
        self.navigator = navigator
        self.result_screen = result_screen
        self.return_screen = return_screen
        self.loans_screen = loans_screen

    @property
    def session(self) -> Session | None:
        return self.sessions.session

    def forget_receipt(self) -> None:
        self.last_receipt = None

    # --- reads behind the screens -----------------------------------------------------------

    def read_pad_to_borrow(
        self,
        known: set[str],
        done: Callable[[PadScan], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        circ, session = self.circulation, self.session

        def describe(tag: TagRead) -> PadEntry:
            return PadEntry(tag, circ.describe(tag), circ.check_borrow(session, tag))

        self._read_pad(known, describe, done, failed)

    def read_pad_to_return(
        self,
        known: set[str],
        done: Callable[[PadScan], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        circ = self.circulation

        def describe(tag: TagRead) -> PadEntry:
            item = circ.describe(tag)
            if tag.item_id is None:
                return PadEntry(tag, None, Reason.TAG_UNREADABLE)
            on_loan = circ.store.open_loan_for_item(tag.item_id) is not None
            return PadEntry(tag, item, None, on_loan)

        self._read_pad(known, describe, done, failed)

    def _read_pad(
        self,
        known: set[str],
        describe: Callable[[TagRead], PadEntry],
        done: Callable[[PadScan], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        circ = self.circulation

        def read() -> PadScan:
            """Core thread: the pad's tags now, and entries for the tags not seen before."""
            if circ.pad is None:
                raise DeviceError("no RFID pad configured", device="rfid")
            tags = circ.pad.inventory()
            return tags, {t.uid: describe(t) for t in tags if t.uid not in known}

        self.worker.submit(read, done=done, failed=failed, label="pad_scan")

    def room_this_visit(self) -> tuple[int, Reason] | None:
        """Books past the per-visit limit (or the offline limit) are refused before the
        resident confirms: how many more may go, and the reason for the rest."""
        session = self.session
        if session is None:
            return None
        policy = self.runtime.config.policy
        room = policy.max_items_per_transaction - session.borrowed
        limit_reason = Reason.MAX_ITEMS_PER_TRANSACTION
        if not session.online and policy.offline.max_items_per_session - session.borrowed < room:
            room = policy.offline.max_items_per_session - session.borrowed
            limit_reason = Reason.OFFLINE_ITEM_LIMIT
        return room, limit_reason

    def lockers_offered(self) -> bool:
        return self.runtime.config.lockers.returns_enabled and self.runtime.doors is not None

    def count_loans_and_holds(self, done: Callable[[tuple[int, int]], None]) -> None:
        circ, session = self.circulation, self.session
        self.worker.submit(
            lambda: (len(circ.loans(session)), len(circ.holds_ready(session))),
            done=done,
            failed=lambda exc: None,  # the menu works without its counts
            label="menu_counts",
        )

    def list_loans(self, done: Callable[[list[tuple[Loan, Item | None]]], None]) -> None:
        self.worker.submit(
            self.circulation.loans,
            self.session,
            done=done,
            failed=self.sessions.job_failed,
            label="loans",
        )

    def read_account(self, done: Callable[[Account], None]) -> None:
        self.worker.submit(
            self.circulation.account,
            self.session,
            done=done,
            failed=self.sessions.job_failed,
            label="account",
        )

    def list_holds_ready(self, done: Callable[[list[tuple[Hold, str]]], None]) -> None:
        circ, session = self.circulation, self.session

        def ready() -> list[tuple[Hold, str]]:
            out = []
            for hold in circ.holds_ready(session):
                item = circ.store.get_item(hold.item_id)
                out.append((hold, item.title if item else hold.item_id))
            return out

        self.worker.submit(ready, done=done, failed=self.sessions.job_failed, label="holds")

    # --- transactions -------------------------------------------------------------------------

    def borrow(self, tags: list[TagRead], refused: list[ItemOutcome]) -> None:
        self.runner.run(
            self.circulation.borrow,
            self.session,
            tags,
            done=lambda outcomes: self._show_result(ResultKind.BORROW, [*outcomes, *refused]),
            label="borrow",
            busy_text=lambda: self.tr("Borrowing… please leave the books on the pad."),
            steps=3 * len(tags),
        )

    def return_items(self, tags: list[TagRead], refused: list[ItemOutcome]) -> None:
        self.runner.run(
            self.circulation.return_items,
            tags,
            self.session,
            done=lambda outcomes: self._show_result(ResultKind.RETURN, [*outcomes, *refused]),
            label="return",
            busy_text=lambda: self.tr("Returning… please leave the books on the pad."),
            steps=3 * len(tags),
        )

    def return_to_locker(self, tags: list[TagRead], refused: list[ItemOutcome]) -> None:
        """Check the books in on the pad, then open an empty compartment for them."""

        circ, session, doors = self.circulation, self.session, self.runtime.doors

        def return_and_look() -> tuple[str, list[ItemOutcome], bool]:
            """Core thread: the return, and whether its door is open already (a door left
            standing open stays OPEN when released: no "opened" change comes, only the
            close)."""
            compartment_id, outcomes = circ.return_to_compartment(tags, session)
            open_now = doors.state(compartment_id) is DoorState.OPEN
            return compartment_id, outcomes, open_now

        def returned(result: tuple[str, list[ItemOutcome], bool]) -> None:
            compartment_id, outcomes, open_now = result
            self._show_result(ResultKind.LOCKER_RETURN, [*outcomes, *refused], compartment_id)
            if open_now:
                self.result_screen.door_opened = True

        self.runner.run(
            return_and_look,
            done=returned,
            failed=self._locker_return_refused,
            label="return_to_compartment",
            busy_text=lambda: self.tr("Returning… please leave the books on the pad."),
            steps=3 * len(tags),
        )

    def _locker_return_refused(self, exc: BaseException) -> None:
        if not isinstance(exc, Refused):
            self.sessions.job_failed(exc)
            return
        self.cues.error()
        if exc.reason is Reason.COMPARTMENT_FAULT:
            # The books were checked in before the door was asked to open.
            self.sessions.show_problem(
                lambda: (
                    self.tr("The compartment did not open"),
                    self.tr(
                        "Your books are returned, but the locker door did not open. The "
                        "library has been told."
                    ),
                    self.tr("Please put the books on the returns shelf. For help, press Help."),
                )
            )
        elif exc.reason in (Reason.NO_FREE_COMPARTMENT, Reason.DEVICE_UNAVAILABLE):
            self.return_screen.show_locker_refusal(exc.reason)  # nothing was returned
        else:
            self.sessions.show_reason(exc.reason)

    def pickup(self) -> None:
        self.runner.run(
            self.circulation.pickup,
            self.session,
            done=lambda outcomes: self._show_result(ResultKind.PICKUP, outcomes),
            label="pickup",
            busy_text=lambda: self.tr("Opening your doors…"),
        )

    def renew(self, item_ids: list[str]) -> None:
        def renewed(outcomes: list[ItemOutcome]) -> None:
            (self.cues.success if all(o.ok for o in outcomes) else self.cues.error)()
            renewed_now = [o for o in outcomes if o.ok]
            if renewed_now:
                self.last_receipt = ("renew", renewed_now)
            self.loans_screen.show_outcomes(outcomes)

        self.runner.run(
            self.circulation.renew,
            self.session,
            item_ids,
            done=renewed,
            label="renew",
            busy_text=lambda: self.tr("Renewing…"),
        )

    def _show_result(
        self, kind: ResultKind, outcomes: Sequence[Outcome], compartment_id: str | None = None
    ) -> None:
        (self.cues.success if outcomes and all(o.ok for o in outcomes) else self.cues.error)()
        done = [o for o in outcomes if o.ok]
        if done:
            self.last_receipt = (RECEIPT_KINDS[kind], done)  # the receipt lists what was done
        self.result_screen.show_outcomes(kind, outcomes, compartment_id)
        self.navigator.go(View.RESULT)

    # --- finishing: the receipt -----------------------------------------------------------

    def finish(self) -> None:
        """The resident is done: offer a receipt for the last transaction, then log out."""
        last = self.last_receipt
        if last is None or self.runtime.printer is None:
            self._logout()
            return
        dialog = ChoiceDialog(
            self._dialog_parent,
            lambda: (
                self.tr("Would you like a printed receipt?"),
                [self.tr("Print receipt"), self.tr("No receipt")],
            ),
            lambda index: self.print_receipt(*last) if index == 0 else self._logout(),
        )
        dialog.open()

    def print_receipt(self, kind: str, outcomes: Sequence[Outcome]) -> None:
        receipt = self.build_receipt(kind, outcomes)
        self.last_receipt = None

        def printed(_: Any) -> None:
            self.cues.success()
            self._logout()

        def not_printed(exc: BaseException) -> None:
            self.sessions.after_message = self._logout
            self.cues.error()
            self.sessions.show_problem(self.sessions.printer_problem)

        self.runner.run(
            self.runtime.printer.print_receipt,
            receipt,
            done=printed,
            failed=not_printed,
            label="print",
            busy_text=lambda: self.tr("Printing your receipt…"),
        )

    def build_receipt(self, kind: str, outcomes: Sequence[Outcome]) -> Receipt:
        from drivers.printer.receipt import Receipt

        site = self.runtime.config.site
        receipt_id = uuid.uuid4().hex[:12].upper()
        return Receipt(
            site_name=site.name if self._language() == "zh" or not site.name_en else site.name_en,
            kind=kind,
            patron_masked=self.session.masked_id if self.session else "****",
            lines=tuple(
                (o.title or o.item_id or "?", o.due if o.ok and kind != "return" else None)
                for o in outcomes
            ),
            receipt_id=receipt_id,
            issued_at=self.circulation.clock(),
            qr_payload=f"LKR1.{site.terminal_id}.{receipt_id}",
        )
