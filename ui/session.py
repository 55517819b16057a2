"""The resident's session: logging in, moving between the resident's screens, messages.

:class:`SessionController` holds the :class:`~kiosk.circulation.Session` (None on the
attract screen and in service mode) and implements
:class:`ui.screens.host.ResidentActions`. It logs in with a card's patron id (and its
PIN where the site asks for one: the PIN screen), a QR e-card or a pick-up code (on the
core thread), explains refusals (the numbers behind a credit refusal, a lost card, how
long a locked-out keypad waits) and decides where "back" and "OK" lead: a
pick-up-code session never sees the menu.

A different card during a visit ends it (:meth:`SessionController.request_hand_over`);
while a transaction runs, its result is shown first, for :data:`HANDOVER_AFTER_RESULT_MS`
with a notice, and the hand-over follows.

The message screen is where every problem a resident meets ends up:
:meth:`show_reason`, :meth:`show_problem` and :meth:`job_failed` (the fallback for
failures a screen did not handle itself).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.circulation import Circulation, LockedOut, PinRequired, Refused, Session
from kiosk.devices import DeviceError, PrinterError
from kiosk.ecard import MESSAGES as ECARD_MESSAGES
from kiosk.ecard import EcardError, EcardVerifier
from kiosk.model import Patron, PatronKind
from kiosk.pickup_codes import CodeSource
from kiosk.reasons import Reason, help_line, wait_text
from ui.idle import IdleMonitor
from ui.jobs import JobRunner
from ui.navigation import Navigator, View
from ui.screens.base import fmt
from ui.screens.host import Cues
from ui.screens.login import CodeEntryScreen, MessageScreen
from ui.screens.pin import PinEntryScreen
from ui.worker import CoreWorker

# How long the result of a transaction that was running when a new card came stays on
# screen before the visit is handed over: long enough to read "3 of 3 lent".
HANDOVER_AFTER_RESULT_MS = 6000


class LoginRefused(Refused):
    """A card or e-card login the core refused, with the patron's record (None if there is
    none), read on the core thread so the message can give the numbers behind it."""

    def __init__(self, refusal: Refused, patron: Patron | None):
        super().__init__(refusal.reason, refusal.detail)
        self.patron = patron


class SessionController(QObject):
    """Who is logged in, how they got there, and where they go next."""

    started = Signal()  # a resident logged in

    def __init__(
        self,
        circulation: Circulation,
        ecards: EcardVerifier,
        worker: CoreWorker,
        cues: Cues,
        idle: IdleMonitor,
        language: Callable[[], str],
        logout: Callable[..., None],
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.circulation = circulation
        self.ecards = ecards
        self.worker = worker
        self.cues = cues
        self.idle = idle
        self._language = language
        self._logout = logout
        self.session: Session | None = None
        # This session began when a new card ended someone else's: its first screen says so.
        self.handed_over = False
        # A new card came while a transaction ran: (its patron id, or None for a staff
        # card, and what to do after the logout), done once the result has been shown.
        self.pending_hand_over: tuple[str | None, Callable[[], None] | None] | None = None
        self.hand_over_timer = QTimer(self)
        self.hand_over_timer.setSingleShot(True)
        self.hand_over_timer.setInterval(HANDOVER_AFTER_RESULT_MS)
        self.hand_over_timer.timeout.connect(self._hand_over_now)
        # The card waiting for its PIN (None unless the PIN screen is up for it).
        self.pin_patron: str | None = None
        # What "OK" on the message screen does instead of the usual (e.g. log out).
        self.after_message: Callable[[], None] | None = None
        self.runner: JobRunner
        self.navigator: Navigator
        self.code_screen: CodeEntryScreen
        self.message_screen: MessageScreen
        self.pin_screen: PinEntryScreen

    def attach(
        self,
        runner: JobRunner,
        navigator: Navigator,
        code_screen: CodeEntryScreen,
        message_screen: MessageScreen,
        pin_screen: PinEntryScreen,
    ) -> None:
        """The parts built after the controller: the screens it drives, the navigation."""
        self.runner = runner
        self.navigator = navigator
        self.code_screen = code_screen
        self.message_screen = message_screen
        self.pin_screen = pin_screen
        runner.finished.connect(self._transaction_answered)

    # --- logging in ---------------------------------------------------------------------------

    def login(self, patron_id: str, via: str) -> None:
        circ = self.circulation

        def start() -> Session:
            try:
                return circ.start_session(patron_id, via)
            except LockedOut:
                raise  # its wait is what the resident needs to know
            except Refused as refusal:
                raise LoginRefused(refusal, circ.store.get_patron(patron_id)) from refusal

        self.runner.run(start, done=self._logged_in, failed=self._login_refused, label="login")

    def login_with_pin(self, pin: str) -> None:
        """The PIN typed for the card on the PIN screen."""
        patron_id = self.pin_patron
        if patron_id is None:
            return
        circ = self.circulation

        def start() -> Session:
            try:
                return circ.start_session(patron_id, "card", pin)
            except LockedOut:
                raise
            except Refused as refusal:
                raise LoginRefused(refusal, circ.store.get_patron(patron_id)) from refusal

        self.runner.run(start, done=self._logged_in, failed=self._pin_refused, label="pin_login")

    def _pin_refused(self, exc: BaseException) -> None:
        if isinstance(exc, Refused) and exc.reason in (Reason.PIN_WRONG, Reason.PIN_LOCKED):
            self.cues.error()
            wait_s = exc.wait_s if isinstance(exc, LockedOut) else None
            self.pin_screen.show_refusal(exc.reason, wait_s)
            return
        self.pin_patron = None
        self._login_refused(exc)

    def login_with_ecard(self, text: str) -> None:
        circ = self.circulation

        def start() -> Session:
            card = self.ecards.verify(text)
            try:
                return circ.start_session(card.patron_id, "ecard")
            except Refused as refusal:
                raise LoginRefused(refusal, circ.store.get_patron(card.patron_id)) from refusal

        self.runner.run(start, done=self._logged_in, failed=self._login_refused, label="login")

    def login_with_code(self, code: str, source: CodeSource = CodeSource.KEYPAD) -> None:
        self.runner.run(
            self.circulation.start_code_session,
            code,
            source,
            done=self._logged_in,
            failed=self._code_refused,
            label="code_login",
        )

    def _logged_in(self, session: Session) -> None:
        self.pin_patron = None
        self.session = session
        self.started.emit()
        self.cues.success()
        self.idle.start()
        if session.via == "code":
            self.navigator.go(View.PICKUP)
        else:
            self.navigator.go(View.MENU)

    def _login_refused(self, exc: BaseException) -> None:
        if isinstance(exc, PinRequired):
            self.pin_patron = exc.patron_id
            self.pin_screen.reset()
            self.idle.start()
            self.navigator.go(View.PIN)
            return
        self.cues.error()
        if isinstance(exc, EcardError):
            messages = ECARD_MESSAGES.get(exc.code, ECARD_MESSAGES["ecard_malformed"])
            self.show_problem(
                lambda: (self.tr("Sorry"), messages[0 if self._language() == "zh" else 1], "")
            )
        elif isinstance(exc, LockedOut):
            self.show_reason(exc.reason, lambda: wait_text(exc.wait_s, self._language()))
        elif isinstance(exc, Refused):
            patron = exc.patron if isinstance(exc, LoginRefused) else None
            self.show_reason(exc.reason, lambda: self._standing_detail(exc.reason, patron))
        else:
            self.job_failed(exc)

    def _standing_detail(self, reason: Reason, patron: Patron | None) -> str:
        """The numbers behind a credit refusal, and a lost card said plainly."""
        if patron is None:
            return ""
        if reason is Reason.CREDIT_TOO_LOW and patron.kind is PatronKind.CREDIT:
            return fmt(
                self.tr("Your credit level is %1; borrowing on credit here needs %2 or more."),
                patron.credit_level if patron.credit_level is not None else "-",
                self.circulation.policy.credit_threshold,
            )
        if reason is Reason.PATRON_BLOCKED and patron.block_reason == "lost_card":
            return self.tr("This card was reported lost. If you found it: %1").replace(
                "%1", help_line(self._language(), self.circulation.config.site)
            )
        if reason is Reason.PATRON_BLOCKED and patron.block_reason == "overdue":
            return self.tr("Some of your loans are long overdue: returning them lifts the block.")
        return ""

    def _code_refused(self, exc: BaseException) -> None:
        self.cues.error()
        if isinstance(exc, Refused):
            wait_s = exc.wait_s if isinstance(exc, LockedOut) else None
            if self.navigator.view is View.CODE:
                self.code_screen.show_refusal(exc.reason, wait_s)
                self.navigator.words_changed(View.CODE)
            else:
                self.show_reason(
                    exc.reason, (lambda: wait_text(wait_s, self._language())) if wait_s else None
                )
        else:
            self.job_failed(exc)

    def request_hand_over(
        self,
        patron_id: str | None,
        then: Callable[[], None] | None = None,
        read_mid_transaction: bool = False,
    ) -> None:
        """A different card during a visit (``patron_id`` None: a staff card, and ``then``
        opens service mode). A transaction running when the card was read finishes first
        and its result stays on screen a while, with a notice; then the visit is handed
        over. (The card's check runs on the core thread after the transaction, so it
        usually answers once the result is up: ``read_mid_transaction`` says so.)"""
        self.pending_hand_over = (patron_id, then)
        if self.runner.running:
            return  # _transaction_answered starts the timer
        if read_mid_transaction or self.hand_over_timer.isActive():
            self.hand_over_timer.start()
            self.navigator.screens[self.navigator.view].retranslate()  # shows the notice
            return
        self._hand_over_now()

    @property
    def hand_over_due(self) -> bool:
        return self.pending_hand_over is not None

    def _transaction_answered(self) -> None:
        if self.pending_hand_over is not None and not self.runner.running:
            self.hand_over_timer.start()

    def _hand_over_now(self) -> None:
        pending, self.pending_hand_over = self.pending_hand_over, None
        if pending is None:
            return
        patron_id, then = pending
        self.hand_over(patron_id)
        if then is not None:
            then()

    def hand_over(self, patron_id: str | None) -> None:
        """A different card during a visit: end the visit, then log that card in (None:
        a staff card, which the caller takes to service mode)."""
        had_session = self.session is not None
        self._logout("new_card")
        if patron_id is not None:
            self.handed_over = had_session
            self.login(patron_id, "card")

    def end(self, why: str) -> None:
        """Logout: the core records the session's end; nothing of it stays here. A
        hand-over waiting for its timer stays due: the new card is still on the reader."""
        self.after_message = None
        self.handed_over = False
        self.pin_patron = None
        if why != "new_card" and self.pending_hand_over is not None:
            # the previous reader finished before the timer: hand over at once
            self.hand_over_timer.stop()
            QTimer.singleShot(0, self._hand_over_now)
        if self.session is not None:
            self.worker.submit(self.circulation.end_session, self.session, why, session_bound=False)
        self.session = None

    # --- the resident's screens ----------------------------------------------------------------

    def show_code_entry(self) -> None:
        self.code_screen.reset()
        self.idle.start()
        self.navigator.go(View.CODE)

    def start_return_without_login(self) -> None:
        self.idle.start()
        self.navigator.go(View.RETURN)

    def show_borrow(self) -> None:
        self.navigator.go(View.BORROW)

    def show_return(self) -> None:
        self.navigator.go(View.RETURN)

    def show_loans(self) -> None:
        self.navigator.go(View.LOANS)

    def show_account(self) -> None:
        self.navigator.go(View.ACCOUNT)

    def show_pickup(self) -> None:
        self.navigator.go(View.PICKUP)

    def back_to_menu(self) -> None:
        if self.pending_hand_over is not None:
            # A new card is waiting: nobody goes on as the previous reader, not even
            # through "do something else" on the result screen.
            self.hand_over_timer.stop()
            self._hand_over_now()
        elif self.session is None or self.session.pickup_only:
            self._logout()
        else:
            self.navigator.go(View.MENU)

    # --- messages -------------------------------------------------------------------------------

    def show_reason(self, reason: Reason, extra: Callable[[], str] | None = None) -> None:
        self.message_screen.show_reason(reason, extra)
        self.navigator.go(View.MESSAGE)

    def show_problem(self, render: Callable[[], tuple[str, str, str]]) -> None:
        self.message_screen.show_problem(render)
        self.navigator.go(View.MESSAGE)

    def message_acknowledged(self) -> None:
        after, self.after_message = self.after_message, None
        if after is not None:
            after()
        elif self.session is not None and not self.session.pickup_only:
            self.navigator.go(View.MENU)
        else:
            self._logout()

    def job_failed(self, exc: BaseException) -> None:
        """A refusal or a device failure the screen did not handle itself."""
        self.cues.error()
        if isinstance(exc, Refused):
            self.show_reason(exc.reason)
        elif isinstance(exc, PrinterError):
            self.show_problem(self.printer_problem)
        elif isinstance(exc, DeviceError):
            self.show_reason(Reason.DEVICE_UNAVAILABLE)
        else:
            self.show_problem(
                lambda: (
                    self.tr("Sorry"),
                    self.tr("Something went wrong. Nothing you did was lost."),
                    self.tr("Please try again, or press Help."),
                )
            )

    def printer_problem(self) -> tuple[str, str, str]:
        return (
            self.tr("Receipt not printed"),
            self.tr("The receipt printer is not working right now."),
            self.tr(
                "Everything you did is recorded: you can see your loans and due dates "
                "in the library app or on 'My loans'."
            ),
        )
