"""Borrow and return: books appear as the pad reads them, each with its status.

While the screen is up, the pad is read every :data:`SCAN_INTERVAL_MS` through the
host's transactions (on the core thread, never on the UI thread). Each new tag is
described and checked once: a book that can be borrowed says so, a refused one says why
and what to do. Lifting a book off the pad removes it from the list. A reader failure
shows a message and the polling goes on, so the screen recovers by itself when the
reader answers again.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer

from kiosk.circulation import ItemOutcome
from kiosk.devices import DeviceError
from kiosk.reasons import Reason
from ui.screens.base import Flow, RowList, Screen, button, keep_lines, label, reason_row
from ui.screens.host import PadEntry, PadScan, ScreenHost
from ui.screens.parts import Mark, StepIndicator

SCAN_INTERVAL_MS = 400
ERROR_LINES = 3  # the reader's or a locker refusal's line, wrapped on a narrow screen


class PadScreen(Screen):
    """Common part of the borrow and return screens."""

    def __init__(self, host: ScreenHost):
        super().__init__(host)
        self.heading = label(name="title")
        self.steps = StepIndicator()
        self.hint = label(name="subtitle")
        # Room for the reader's failure kept (hidden or not), so the list does not jump.
        self.device_error = keep_lines(label(name="error"), ERROR_LINES)
        self.rows = RowList()
        self.confirm_button = button(primary=True)
        self.back_button = button()
        self.confirm_button.clicked.connect(self.confirm)
        self.back_button.clicked.connect(self.back)
        self.body.addWidget(self.steps)
        self.body.addWidget(self.heading)
        self.body.addWidget(self.hint)
        self.body.addWidget(self.device_error)
        self.body.addWidget(self.rows)
        self.body.addLayout(self.button_row(self.back_button, self.confirm_button))
        self.entries: dict[str, PadEntry] = {}
        self.reader_failed: DeviceError | None = None
        self._scanning = False
        self.timer = QTimer(self)
        self.timer.setInterval(SCAN_INTERVAL_MS)
        self.timer.timeout.connect(self.scan)
        self.reset()

    # --- polling ------------------------------------------------------------------------

    def enter(self) -> None:
        self.reset()
        self.timer.start()
        self.scan()

    def leave(self) -> None:
        self.timer.stop()

    def scan(self) -> None:
        if self._scanning:
            return
        self._scanning = True
        self.read_pad(set(self.entries), self._scanned, self._scan_failed)

    def read_pad(
        self,
        known: set[str],
        done: Callable[[PadScan], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        """Ask for the pad's tags, with entries for the tags in none of ``known``."""
        raise NotImplementedError

    def _scanned(self, result: PadScan) -> None:
        self._scanning = False
        tags, new = result
        present = {t.uid for t in tags}
        changed = self.reader_failed is not None or bool(new) or bool(set(self.entries) - present)
        self.reader_failed = None
        self.entries = {uid: e for uid, e in self.entries.items() if uid in present}
        self.entries.update(new)
        if changed:
            self.retranslate()
            if any(
                e.reason is not None and e.reason is not Reason.NOT_ON_LOAN for e in new.values()
            ):
                self.host.cues.error()

    def _scan_failed(self, exc: BaseException) -> None:
        self._scanning = False
        if self.reader_failed is None:
            self.reader_failed = exc if isinstance(exc, DeviceError) else DeviceError(str(exc))
            self.host.cues.error()
            self.host.report_device_problem("rfid", self.reader_failed)
            self.retranslate()

    # --- actions ------------------------------------------------------------------------

    def ready(self) -> list[PadEntry]:
        return [e for e in self.entries.values() if e.reason is None]

    def refused(self) -> list[ItemOutcome]:
        """The books on the pad that will not be sent, for the result screen to list too."""
        return [e.left_on_pad() for e in self.entries.values() if e.reason is not None]

    def confirm(self) -> None:
        raise NotImplementedError

    def back(self) -> None:
        self.host.resident.back_to_menu()

    def reset(self) -> None:
        self.timer.stop()
        self._scanning = False
        self.entries = {}
        self.reader_failed = None
        self.rows.clear()
        self.retranslate()

    def flow(self) -> Flow:
        return Flow.BORROW

    def mark(self, entry: PadEntry) -> Mark | None:
        """The status mark of a book the pad read (None: what its reason implies)."""
        return None

    def render_rows(self, ok_text: Callable[[PadEntry], str]) -> None:
        self.steps.show_steps(self.flow().steps(), len(self.flow().steps()) - 2)
        self.rows.clear()
        for entry in self.entries.values():
            title = entry.item.title if entry.item else self.tr("Unknown item")
            self.rows.add(
                reason_row(
                    title, entry.reason, ok_text(entry), self.lang, self.host.site, self.mark(entry)
                )
            )
        self.device_error.setVisible(self.reader_failed is not None)
        self.device_error.setText(
            self.tr(
                "The book reader is not responding. Please wait a moment; if it does not come "
                "back, press Help. You can still pick up reserved books."
            )
        )


class BorrowScreen(PadScreen):
    def read_pad(
        self,
        known: set[str],
        done: Callable[[PadScan], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        self.host.transactions.read_pad_to_borrow(known, done, failed)

    def _scanned(self, result: PadScan) -> None:
        super()._scanned(result)
        self._apply_limits()

    def _apply_limits(self) -> None:
        """Books past the per-visit limit are refused before the resident confirms."""
        allowance = self.host.transactions.room_this_visit()
        if allowance is None:
            return
        room, limit_reason = allowance
        changed = False
        for entry in self.entries.values():
            if entry.reason in (None, Reason.MAX_ITEMS_PER_TRANSACTION, Reason.OFFLINE_ITEM_LIMIT):
                wanted = None if room > 0 else limit_reason
                if wanted is None:
                    room -= 1
                changed = changed or entry.reason is not wanted
                entry.reason = wanted
        if changed:
            self.retranslate()

    def confirm(self) -> None:
        tags = [e.tag for e in self.ready()]
        if tags:
            self.timer.stop()
            self.host.transactions.borrow(tags, self.refused())

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Borrow"))
        self.hint.setText(
            self.tr("Put the books on the pad. Each book appears here as it is read.")
        )
        self.render_rows(lambda e: self.tr("Ready to borrow"))
        count = len(self.ready())
        self.confirm_button.setText(self.tr("Borrow %n book(s)", "", count))
        self.confirm_button.setEnabled(count > 0)
        self.back_button.setText(self.tr("Back"))


class ReturnScreen(PadScreen):
    """Return on the pad, or (where the site offers it) into an empty locker compartment:
    the books are checked in on the pad, then a compartment opens for them."""

    def __init__(self, host: ScreenHost):
        self.locker_button = button(name="return into a locker")
        # Why a locker return could not start (the books are untouched, still on the pad).
        self.locker_refusal: Reason | None = None
        super().__init__(host)
        self.locker_button.clicked.connect(self.confirm_locker)
        self.body.insertWidget(self.body.indexOf(self.rows) + 1, self.locker_button)

    def read_pad(
        self,
        known: set[str],
        done: Callable[[PadScan], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        self.host.transactions.read_pad_to_return(known, done, failed)

    def flow(self) -> Flow:
        return Flow.RETURN if self.host.session is not None else Flow.RETURN_WITHOUT_CARD

    def mark(self, entry: PadEntry) -> Mark | None:
        # A book that was not on loan is checked in all the same: worth a look, not a refusal.
        return Mark.WARNING if entry.reason is None and not entry.on_loan else None

    def confirm(self) -> None:
        tags = [e.tag for e in self.ready()]
        if tags:
            self.timer.stop()
            self.host.transactions.return_items(tags, self.refused())

    def confirm_locker(self) -> None:
        tags = [e.tag for e in self.ready()]
        if tags:
            self.timer.stop()
            self.locker_refusal = None
            self.host.transactions.return_to_locker(tags, self.refused())

    def show_locker_refusal(self, reason: Reason) -> None:
        """No locker this time: say why, keep the books listed for a return on the pad."""
        self.locker_refusal = reason
        self.retranslate()
        self.timer.start()

    def reset(self) -> None:
        self.locker_refusal = None
        super().reset()

    def back(self) -> None:
        if self.host.session is None:
            self.host.logout()
        else:
            self.host.resident.back_to_menu()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Return"))
        self.hint.setText(self.tr("Put the books you are returning on the pad."))
        self.render_rows(
            lambda e: (
                self.tr("On loan: will be returned")
                if e.on_loan
                else self.tr("Not on loan: will be checked in")
            )
        )
        count = len(self.ready())
        self.confirm_button.setText(self.tr("Return %n book(s)", "", count))
        self.confirm_button.setEnabled(count > 0)
        self.back_button.setText(self.tr("Back"))
        self.locker_button.setVisible(self.host.transactions.lockers_offered())
        self.locker_button.setText(self.tr("Return %n book(s) into a locker", "", count))
        self.locker_button.setEnabled(count > 0 and self.locker_refusal is None)
        if self.locker_refusal is not None and self.reader_failed is None:
            self.device_error.setVisible(True)
            self.device_error.setText(
                self.locker_refusal.text(self.lang)
                + " "
                + self.tr("You can still return the books here on the pad.")
            )
