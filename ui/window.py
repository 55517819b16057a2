"""The kiosk window: the screens, the session, and everything that crosses threads.

One :class:`KioskWindow` per terminal. It owns

* the screen state machine (:class:`View`, transitions in :data:`TRANSITIONS`);
* the resident's :class:`~kiosk.circulation.Session` (or the staff actor in service mode);
* the core worker (every Circulation, pad, door, printer and sync call) and the two
  identification pollers (card reader, QR scanner), whose reads arrive as signals;
* the idle monitor, whose expiry logs out even over an open dialog and resets every
  screen so nothing of the previous person stays on screen;
* language, large-text and high-contrast switches, present on every screen.

Device threads (locker alarms and door changes) reach the UI only through
:class:`_Bridge` signals, which Qt queues onto the UI thread.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import date
from enum import Enum
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, QTranslator, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.circulation import LockedOut, Refused, Session
from kiosk.devices import CardRemoved, DeviceError, PrinterError, UnknownCard
from kiosk.ecard import MESSAGES as ECARD_MESSAGES
from kiosk.ecard import EcardError, EcardVerifier
from kiosk.lockers import SHUT_STATES, DoorState
from kiosk.model import PatronKind
from kiosk.pickup_codes import CodeSource
from kiosk.reasons import Reason, wait_text
from kiosk.service_pin import PinCheck, PinGuard
from ui import i18n, theme
from ui.idle import IdleMonitor
from ui.overlays import BusyPanel, ChoiceDialog, IdleWarning
from ui.screens.attract import AttractScreen
from ui.screens.base import Screen, button, fmt, label
from ui.screens.items import BorrowScreen, ReturnScreen
from ui.screens.loans import LoansScreen
from ui.screens.login import CODE_LENGTH, CodeEntryScreen, MessageScreen
from ui.screens.menu import MenuScreen
from ui.screens.pickup import PickupScreen
from ui.screens.result import ResultKind, ResultScreen
from ui.screens.service import ServiceLoginScreen, ServiceScreen
from ui.sound import SoundCues
from ui.worker import CoreWorker, DevicePoller, is_misread, scanner_reads

log = logging.getLogger(__name__)

BUSY_DELAY_MS = 300  # work shorter than this shows no progress panel
STATUS_POLL_MS = 2000


class View(Enum):
    ATTRACT = "attract"
    CODE = "code"
    MESSAGE = "message"
    MENU = "menu"
    BORROW = "borrow"
    RETURN = "return"
    LOANS = "loans"
    PICKUP = "pickup"
    RESULT = "result"
    SERVICE_LOGIN = "service_login"
    SERVICE = "service"


# Every allowed screen change, in one place. Any screen may go back to ATTRACT (logout).
TRANSITIONS: dict[View, set[View]] = {
    View.ATTRACT: {
        View.CODE,
        View.MESSAGE,
        View.MENU,
        View.RETURN,
        View.SERVICE_LOGIN,
        View.SERVICE,
    },
    View.CODE: {View.PICKUP, View.MESSAGE},
    View.MESSAGE: {View.MENU},
    View.MENU: {View.BORROW, View.RETURN, View.LOANS, View.PICKUP, View.MESSAGE, View.RESULT},
    View.BORROW: {View.MENU, View.RESULT, View.MESSAGE},
    View.RETURN: {View.MENU, View.RESULT, View.MESSAGE},
    View.LOANS: {View.MENU, View.MESSAGE},
    View.PICKUP: {View.MENU, View.RESULT, View.MESSAGE},
    View.RESULT: {View.MENU, View.MESSAGE},
    View.SERVICE_LOGIN: {View.SERVICE},
    View.SERVICE: set(),
}

# What a pick-up-code session may see: the code proves only that its holder may collect
# those holds (the core refuses the rest too: Reason.CODE_SESSION_PICKUP_ONLY).
CODE_SESSION_VIEWS = {View.ATTRACT, View.CODE, View.PICKUP, View.RESULT, View.MESSAGE}

RECEIPT_KINDS = {
    ResultKind.BORROW: "loan",
    ResultKind.RETURN: "return",
    ResultKind.LOCKER_RETURN: "return",
    ResultKind.PICKUP: "pickup",
}


class _Bridge(QObject):
    """Signals that carry device-thread callbacks onto the UI thread."""

    alarm = Signal(object)
    door = Signal(str, object)


class KioskWindow(QWidget):
    """The resident-facing window. Construct with a :class:`runtime.core.Runtime`."""

    view_changed = Signal(str)
    closed = Signal()

    def __init__(
        self,
        runtime: Any,
        *,
        sound: bool = True,
        full_screen: bool = False,
        idle_timeout_s: float | None = None,
        idle_warning_s: float | None = None,
        start_pollers: bool = True,
    ):
        super().__init__()
        self.runtime = runtime
        self.config = runtime.config
        self.full_screen = full_screen
        self.language = self.config.ui.language
        self.large_text = False
        self.high_contrast = False
        self.session: Session | None = None
        self.staff_actor: str | None = None
        self.view = View.ATTRACT
        self.allow_close = not full_screen
        self.last_receipt: tuple[str, list] | None = None
        self._after_message: Callable[[], None] | None = None
        self.device_faults: dict[str, str] = {}
        self._translator: QTranslator | None = None
        self._shut_down = False

        self.worker = CoreWorker(runtime.submit, self)
        self.worker.step.connect(self._step)
        circulation = runtime.circulation
        previous_hook = circulation.on_step

        def on_step(label_: str) -> None:
            if previous_hook is not None:
                previous_hook(label_)
            self.worker.on_step(label_)

        circulation.on_step = on_step
        self.cues = SoundCues(enabled=sound, parent=self)
        simulated = runtime.simulators is not None
        self.pin_guard = PinGuard(runtime.store, self.config.ui.service_pin_hash, simulated)
        self.ecards: EcardVerifier = runtime.ecard_verifier

        ui_config = self.config.ui
        self.idle = IdleMonitor(
            idle_timeout_s if idle_timeout_s is not None else ui_config.idle_timeout_s,
            idle_warning_s if idle_warning_s is not None else ui_config.idle_warning_s,
            self,
        )
        self.idle.warning.connect(self._idle_warning)
        self.idle.cleared.connect(self._idle_cleared)
        self.idle.expired.connect(lambda: self.logout("timeout"))

        self._build()
        self.set_language(self.language)
        self.apply_style()

        self._bridge = _Bridge(self)
        self._bridge.alarm.connect(self._on_alarm)
        self._bridge.door.connect(self._on_door)
        self._alarm_listener = self._bridge.alarm.emit
        self._door_listener = self._bridge.door.emit
        runtime.alarm_listeners.append(self._alarm_listener)
        if hasattr(runtime, "door_listeners"):
            runtime.door_listeners.append(self._door_listener)

        self.card_poller = DevicePoller(
            "card", runtime.card_reader.wait_for_card, runtime.card_reader.wait_for_removal, self
        )
        self.card_poller.read.connect(self._on_card)
        self.card_poller.failed.connect(lambda exc: self._poller_failed("card", exc))
        self.card_poller.recovered.connect(lambda: self._device_ok("card"))
        self.scanner_poller = DevicePoller("scanner", scanner_reads(runtime.scanner), None, self)
        self.scanner_poller.read.connect(self._on_scan)
        self.scanner_poller.failed.connect(lambda exc: self._poller_failed("scanner", exc))
        self.scanner_poller.recovered.connect(lambda: self._device_ok("scanner"))
        if start_pollers:
            self.card_poller.start()
            self.scanner_poller.start()

        self.status_timer = QTimer(self)
        self.status_timer.setInterval(STATUS_POLL_MS)
        self.status_timer.timeout.connect(self._poll_status)
        self.status_timer.start()
        self._poll_status()
        self.refresh_service_state()

        if full_screen:
            self.setWindowFlags(
                Qt.WindowType.Window
                | Qt.WindowType.FramelessWindowHint
                | Qt.WindowType.WindowStaysOnTopHint
            )
        self.setWindowTitle(self.config.site.name)
        self.resize(1280, 800)

    # --- construction -------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        bar.setContentsMargins(12, 8, 12, 0)
        self.network_label = label(name="banner", wrap=False)
        self.language_button = button()
        self.language_button.setAccessibleName("language")
        self.large_button = button()
        self.large_button.setCheckable(True)
        self.contrast_button = button()
        self.contrast_button.setCheckable(True)
        for b in (self.language_button, self.large_button, self.contrast_button):
            b.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        self.language_button.clicked.connect(
            lambda: self.set_language("en" if self.language == "zh" else "zh")
        )
        self.large_button.toggled.connect(self.set_large_text)
        self.contrast_button.toggled.connect(self.set_high_contrast)
        bar.addWidget(self.network_label)
        bar.addStretch(1)
        bar.addWidget(self.language_button)
        bar.addWidget(self.large_button)
        bar.addWidget(self.contrast_button)
        outer.addLayout(bar)

        self.stack = QStackedWidget()
        outer.addWidget(self.stack, 1)
        self.attract = AttractScreen(self)
        self.code_screen = CodeEntryScreen(self)
        self.message_screen = MessageScreen(self)
        self.menu = MenuScreen(self)
        self.borrow_screen = BorrowScreen(self)
        self.return_screen = ReturnScreen(self)
        self.loans_screen = LoansScreen(self)
        self.pickup_screen = PickupScreen(self)
        self.result_screen = ResultScreen(self)
        self.service_login = ServiceLoginScreen(self)
        self.service_screen = ServiceScreen(self)
        self.screens: dict[View, Screen] = {
            View.ATTRACT: self.attract,
            View.CODE: self.code_screen,
            View.MESSAGE: self.message_screen,
            View.MENU: self.menu,
            View.BORROW: self.borrow_screen,
            View.RETURN: self.return_screen,
            View.LOANS: self.loans_screen,
            View.PICKUP: self.pickup_screen,
            View.RESULT: self.result_screen,
            View.SERVICE_LOGIN: self.service_login,
            View.SERVICE: self.service_screen,
        }
        for screen in self.screens.values():
            self.stack.addWidget(screen)
        self.idle_warning = IdleWarning(self, self.idle.poke)
        self.busy = BusyPanel(self)
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.timeout.connect(self.busy.popup)

    # --- screens ------------------------------------------------------------------------------

    def go(self, view: View) -> None:
        if view is self.view:
            self.screens[view].enter()
            return
        if view is not View.ATTRACT and view not in TRANSITIONS[self.view]:
            raise RuntimeError(f"screen change {self.view.value} -> {view.value} not allowed")
        if self.session is not None and self.session.pickup_only and view not in CODE_SESSION_VIEWS:
            raise RuntimeError(f"a pick-up-code session may not see {view.value}")
        self.screens[self.view].leave()
        self.view = view
        self.stack.setCurrentWidget(self.screens[view])
        self.screens[view].enter()
        self.view_changed.emit(view.value)

    def current_screen(self) -> Screen:
        return self.screens[self.view]

    def today(self) -> date:
        return self.runtime.circulation.clock().date()

    # --- appearance -----------------------------------------------------------------------

    def set_language(self, lang: str) -> None:
        """Switch every screen (and open dialog) to ``lang`` through Qt's translators."""
        app = QCoreApplication.instance()
        i18n.ensure_compiled()
        translator = QTranslator(self)
        if not translator.load(str(i18n.qm_path(lang))):
            log.error("cannot load translations for %s", lang)
        if self._translator is not None:
            app.removeTranslator(self._translator)
        self.language = lang
        app.installTranslator(translator)
        self._translator = translator
        # Qt also posts LanguageChange to every widget; redrawing now makes the switch
        # immediate rather than on the next pass of the event loop.
        self.retranslate()
        for widget in [*self.screens.values(), self.idle_warning, self.busy, *self.open_dialogs()]:
            widget.retranslate()

    def set_large_text(self, on: bool) -> None:
        self.large_text = on
        self.apply_style()

    def set_high_contrast(self, on: bool) -> None:
        self.high_contrast = on
        self.apply_style()

    def apply_style(self) -> None:
        app = QApplication.instance()
        font = app.font()
        font.setFamily(theme.pick_font_family())
        font.setPointSize(theme.base_point_size(self.large_text))
        app.setFont(font)
        app.setStyleSheet(theme.style_sheet(self.large_text, self.high_contrast))
        for overlay in (self.idle_warning, self.busy):
            if overlay.isVisible():
                overlay.place()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.language_button.setText("English" if self.language == "zh" else "中文")
        self.large_button.setText(self.tr("Large text"))
        self.contrast_button.setText(self.tr("High contrast"))
        self._show_network()
        self._update_attract_note()

    # --- status --------------------------------------------------------------------------

    def online(self) -> bool:
        sync = self.runtime.sync
        if sync is not None:
            return bool(sync.link.connected) if hasattr(sync, "link") else True
        return self.runtime.network.online

    def _poll_status(self) -> None:
        self._show_network()
        if self.view is View.ATTRACT:
            self.refresh_service_state()

    def _show_network(self) -> None:
        online = self.online()
        self.network_label.setVisible(not online)
        self.network_label.setText(
            self.tr("Offline: the central library cannot be reached") if not online else ""
        )

    def refresh_service_state(self) -> None:
        self.worker.submit(
            # the runtime's reason includes a full disk, which the store cannot record
            self.runtime.out_of_service_reason,
            done=self.attract.set_out_of_service,
            failed=lambda exc: None,
            session_bound=False,
            label="out_of_service",
        )

    def report_device_problem(self, device: str, exc: BaseException) -> None:
        code = getattr(exc, "code", type(exc).__name__)
        self.device_faults[device] = code
        log.warning("device %s: %s", device, exc)

    def _device_ok(self, device: str) -> None:
        self.device_faults.pop(device, None)
        self._update_attract_note()

    def _poller_failed(self, device: str, exc: BaseException) -> None:
        if is_misread(exc):
            self._misread(device, exc)
            return
        self.report_device_problem(device, exc)
        self._update_attract_note()

    def _misread(self, device: str, exc: BaseException) -> None:
        """A read the resident can put right: say how, on the attract screen, and leave
        the device's standing alone (it answered, so it works)."""
        if self.view is not View.ATTRACT:
            log.info("%s misread on %s: %s", device, self.view.value, exc.code)
            return
        self.cues.error()
        if isinstance(exc, UnknownCard):
            self.show_reason(Reason.PATRON_UNKNOWN)
        elif isinstance(exc, CardRemoved):
            self.attract.show_hint(
                lambda: QCoreApplication.translate(
                    "KioskWindow", "Keep your card on the reader until you hear the tone."
                )
            )
        else:
            self.attract.show_hint(
                lambda: QCoreApplication.translate(
                    "KioskWindow",
                    "The code could not be read. Hold it flat under the scanner and scan again.",
                )
            )

    def _update_attract_note(self) -> None:
        notes = []
        if "card" in self.device_faults:
            notes.append(
                QCoreApplication.translate(
                    "KioskWindow",
                    "The card reader is not working: log in with the QR e-card or a pick-up code.",
                )
            )
        if "scanner" in self.device_faults:
            notes.append(
                QCoreApplication.translate(
                    "KioskWindow", "The QR scanner is not working: log in with your card."
                )
            )
        self.attract.set_device_note("\n".join(notes))

    # --- identification -----------------------------------------------------------------------

    def _on_card(self, read: Any) -> None:
        if self.view is View.SERVICE:
            self.service_screen.show_card(read.uid_hex, read.patron_id)
            self.service_action("card_test", lambda: None, detail={"uid": read.uid_hex})
            return
        if self.view not in (View.ATTRACT, View.SERVICE_LOGIN):
            return

        def route(is_staff: bool) -> None:
            # The answer arrives later: act only if the screen still waits for a card.
            if self.view in (View.ATTRACT, View.SERVICE_LOGIN) and is_staff:
                self.enter_service(f"staff:card {read.uid_hex[-4:]}")
            elif self.view is View.ATTRACT:
                self.login(read.patron_id, "card")

        # The staff card list is in the store: read it on the core thread, not here.
        self.worker.submit(
            lambda: read.patron_id in self.pin_guard.staff_cards(),
            done=route,
            session_bound=False,
            label="card",
        )

    def _on_scan(self, text: str) -> None:
        text = text.strip()
        if self.view not in (View.ATTRACT, View.CODE):
            return
        if EcardVerifier.looks_like_ecard(text):
            if self.view is View.ATTRACT:
                self.login_with_ecard(text)
        elif text.isdigit() and len(text) == CODE_LENGTH:
            self.login_with_code(text, CodeSource.SCANNER)
        elif self.view is View.ATTRACT:
            self.cues.error()
            self.show_problem(
                lambda: (
                    self.tr("Sorry"),
                    ECARD_MESSAGES["ecard_malformed"][0 if self.language == "zh" else 1],
                    "",
                )
            )

    def login(self, patron_id: str, via: str) -> None:
        circ = self.runtime.circulation

        def start() -> Session:
            try:
                return circ.start_session(patron_id, via)
            except Refused as refusal:
                refusal.patron = circ.store.get_patron(patron_id)
                raise

        self.run(start, done=self._logged_in, failed=self._login_refused, label="login")

    def login_with_ecard(self, text: str) -> None:
        circ = self.runtime.circulation

        def start() -> Session:
            card = self.ecards.verify(text)
            try:
                return circ.start_session(card.patron_id, "ecard")
            except Refused as refusal:
                refusal.patron = circ.store.get_patron(card.patron_id)
                raise

        self.run(start, done=self._logged_in, failed=self._login_refused, label="login")

    def login_with_code(self, code: str, source: CodeSource = CodeSource.KEYPAD) -> None:
        self.run(
            self.runtime.circulation.start_code_session,
            code,
            source,
            done=self._logged_in,
            failed=self._code_refused,
            label="code_login",
        )

    def _logged_in(self, session: Session) -> None:
        self.session = session
        self.last_receipt = None
        self.cues.success()
        self.idle.start()
        if session.via == "code":
            self.go(View.PICKUP)
        else:
            self.go(View.MENU)

    def _login_refused(self, exc: BaseException) -> None:
        self.cues.error()
        if isinstance(exc, EcardError):
            messages = ECARD_MESSAGES.get(exc.code, ECARD_MESSAGES["ecard_malformed"])
            self.show_problem(
                lambda: (self.tr("Sorry"), messages[0 if self.language == "zh" else 1], "")
            )
        elif isinstance(exc, Refused):
            patron = getattr(exc, "patron", None)
            self.show_reason(exc.reason, lambda: self._standing_detail(exc.reason, patron))
        else:
            self.job_failed(exc)

    def _standing_detail(self, reason: Reason, patron: Any) -> str:
        """The numbers behind a credit refusal, and a lost card said plainly."""
        if patron is None:
            return ""
        if reason is Reason.CREDIT_TOO_LOW and patron.kind is PatronKind.CREDIT:
            return fmt(
                self.tr("Your credit level is %1; borrowing on credit here needs %2 or more."),
                patron.credit_level if patron.credit_level is not None else "-",
                self.runtime.circulation.policy.credit_threshold,
            )
        if reason is Reason.PATRON_BLOCKED and patron.block_reason == "lost_card":
            return self.tr(
                "This card was reported lost. If you found it, bring it to a service desk."
            )
        if reason is Reason.PATRON_BLOCKED and patron.block_reason == "overdue":
            return self.tr("Some of your loans are long overdue: returning them lifts the block.")
        return ""

    def _code_refused(self, exc: BaseException) -> None:
        self.cues.error()
        if isinstance(exc, Refused):
            wait_s = exc.wait_s if isinstance(exc, LockedOut) else None
            if self.view is View.CODE:
                self.code_screen.show_refusal(exc.reason, wait_s)
            else:
                self.show_reason(
                    exc.reason, (lambda: wait_text(wait_s, self.language)) if wait_s else None
                )
        else:
            self.job_failed(exc)

    # --- navigation ---------------------------------------------------------------------------

    def show_code_entry(self) -> None:
        self.code_screen.reset()
        self.idle.start()
        self.go(View.CODE)

    def start_return_without_login(self) -> None:
        self.idle.start()
        self.go(View.RETURN)

    def show_borrow(self) -> None:
        self.go(View.BORROW)

    def show_return(self) -> None:
        self.go(View.RETURN)

    def show_loans(self) -> None:
        self.go(View.LOANS)

    def show_pickup(self) -> None:
        self.go(View.PICKUP)

    def back_to_menu(self) -> None:
        if self.session is None or self.session.pickup_only:
            self.logout()
        else:
            self.go(View.MENU)

    def show_reason(self, reason: Reason, extra: Callable[[], str] | None = None) -> None:
        self.message_screen.show_reason(reason, extra)
        self.go(View.MESSAGE)

    def show_problem(self, render: Callable[[], tuple[str, str, str]]) -> None:
        self.message_screen.show_problem(render)
        self.go(View.MESSAGE)

    def message_acknowledged(self) -> None:
        after, self._after_message = self._after_message, None
        if after is not None:
            after()
        elif self.session is not None and not self.session.pickup_only:
            self.go(View.MENU)
        else:
            self.logout()

    # --- running work off the UI thread ------------------------------------------------------

    def run(
        self,
        fn: Callable[..., Any],
        *args: Any,
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None] | None = None,
        label: str = "",
        busy_text: Callable[[], str] | None = None,
        steps: int = 0,
    ) -> None:
        """A transaction: hold the idle timeout, show progress if it takes a while."""
        self.idle.hold(True)
        self.busy.start(busy_text or (lambda: self.tr("One moment, please…")), steps)
        self._busy_timer.start(BUSY_DELAY_MS)

        def finish() -> None:
            self._busy_timer.stop()
            self.busy.hide()
            self.idle.hold(False)

        def on_done(result: Any) -> None:
            finish()
            done(result)

        def on_failed(exc: BaseException) -> None:
            finish()
            (failed or self.job_failed)(exc)

        self.worker.submit(fn, *args, done=on_done, failed=on_failed, label=label)

    def _step(self, label_: str) -> None:
        if self.busy.bar.maximum() > 0:
            self.busy.advance()

    def job_failed(self, exc: BaseException) -> None:
        """A refusal or a device failure the screen did not handle itself."""
        self.cues.error()
        if isinstance(exc, Refused):
            self.show_reason(exc.reason)
        elif isinstance(exc, PrinterError):
            self.show_problem(self._printer_problem)
        elif isinstance(exc, DeviceError):
            self.show_reason(Reason.DEVICE_UNAVAILABLE)
        else:
            self.show_problem(
                lambda: (
                    self.tr("Sorry"),
                    self.tr("Something went wrong. Nothing you did was lost."),
                    self.tr("Please try again, or ask staff for help."),
                )
            )

    def _printer_problem(self) -> tuple[str, str, str]:
        return (
            self.tr("No receipt"),
            self.tr("The receipt printer is not working right now."),
            self.tr(
                "Everything you did is recorded: you can see your loans and due dates "
                "in the library app or on 'My loans'."
            ),
        )

    # --- resident transactions ------------------------------------------------------------------

    def borrow(self, tags: list) -> None:
        session = self.session
        self.run(
            self.runtime.circulation.borrow,
            session,
            tags,
            done=lambda outcomes: self._show_result(ResultKind.BORROW, outcomes),
            label="borrow",
            busy_text=lambda: self.tr("Borrowing… please leave the books on the pad."),
            steps=3 * len(tags),
        )

    def return_items(self, tags: list) -> None:
        self.run(
            self.runtime.circulation.return_items,
            tags,
            self.session,
            done=lambda outcomes: self._show_result(ResultKind.RETURN, outcomes),
            label="return",
            busy_text=lambda: self.tr("Returning… please leave the books on the pad."),
            steps=3 * len(tags),
        )

    def return_to_locker(self, tags: list) -> None:
        """Check the books in on the pad, then open an empty compartment for them."""

        def returned(result: tuple[str, list]) -> None:
            compartment_id, outcomes = result
            self._show_result(ResultKind.LOCKER_RETURN, outcomes, compartment_id)

        self.run(
            self.runtime.circulation.return_to_compartment,
            tags,
            self.session,
            done=returned,
            failed=self._locker_return_refused,
            label="return_to_compartment",
            busy_text=lambda: self.tr("Returning… please leave the books on the pad."),
            steps=3 * len(tags),
        )

    def _locker_return_refused(self, exc: BaseException) -> None:
        if not isinstance(exc, Refused):
            self.job_failed(exc)
            return
        self.cues.error()
        if exc.reason is Reason.COMPARTMENT_FAULT:
            # The books were checked in before the door was asked to open.
            self.show_problem(
                lambda: (
                    self.tr("The compartment did not open"),
                    self.tr(
                        "Your books are returned, but the locker door did not open. Staff "
                        "have been told."
                    ),
                    self.tr("Please put the books on the returns shelf or give them to staff."),
                )
            )
        elif exc.reason in (Reason.NO_FREE_COMPARTMENT, Reason.DEVICE_UNAVAILABLE):
            self.return_screen.show_locker_refusal(exc.reason)  # nothing was returned
        else:
            self.show_reason(exc.reason)

    def pickup(self) -> None:
        self.run(
            self.runtime.circulation.pickup,
            self.session,
            done=lambda outcomes: self._show_result(ResultKind.PICKUP, outcomes),
            label="pickup",
            busy_text=lambda: self.tr("Opening your doors…"),
        )

    def renew(self, item_ids: list[str]) -> None:
        def renewed(outcomes: list) -> None:
            (self.cues.success if all(o.ok for o in outcomes) else self.cues.error)()
            if any(o.ok for o in outcomes):
                self.last_receipt = ("renew", outcomes)
            self.loans_screen.show_outcomes(outcomes)

        self.run(
            self.runtime.circulation.renew,
            self.session,
            item_ids,
            done=renewed,
            label="renew",
            busy_text=lambda: self.tr("Renewing…"),
        )

    def _show_result(
        self, kind: ResultKind, outcomes: list, compartment_id: str | None = None
    ) -> None:
        (self.cues.success if outcomes and all(o.ok for o in outcomes) else self.cues.error)()
        if any(o.ok for o in outcomes):
            self.last_receipt = (RECEIPT_KINDS[kind], outcomes)
        self.result_screen.show_outcomes(kind, outcomes, compartment_id)
        self.go(View.RESULT)

    def finish(self) -> None:
        """The resident is done: offer a receipt for the last transaction, then log out."""
        if self.last_receipt is None or self.runtime.printer is None:
            self.logout()
            return
        self.ask(
            lambda: (
                self.tr("Would you like a printed receipt?"),
                [self.tr("Print receipt"), self.tr("No receipt")],
            ),
            lambda index: self.print_receipt() if index == 0 else self.logout(),
        )

    def ask(
        self, render: Callable[[], tuple[str, list[str]]], chosen: Callable[[int], None]
    ) -> ChoiceDialog:
        dialog = ChoiceDialog(self, render, chosen)
        dialog.open()
        return dialog

    def open_dialogs(self) -> list[ChoiceDialog]:
        return [d for d in self.findChildren(ChoiceDialog) if d.isVisible()]

    def print_receipt(self) -> None:
        receipt = self.build_receipt()
        self.last_receipt = None

        def printed(_: Any) -> None:
            self.cues.success()
            self.logout()

        def not_printed(exc: BaseException) -> None:
            self._after_message = self.logout
            self.cues.error()
            self.show_problem(self._printer_problem)

        self.run(
            self.runtime.printer.print_receipt,
            receipt,
            done=printed,
            failed=not_printed,
            label="print",
            busy_text=lambda: self.tr("Printing your receipt…"),
        )

    def build_receipt(self) -> Any:
        from drivers.printer.receipt import Receipt

        kind, outcomes = self.last_receipt
        site = self.config.site
        receipt_id = uuid.uuid4().hex[:12].upper()
        return Receipt(
            site_name=site.name if self.language == "zh" or not site.name_en else site.name_en,
            kind=kind,
            patron_masked=self.session.masked_id if self.session else "****",
            lines=tuple(
                (o.title or o.item_id or "?", o.due if o.ok and kind != "return" else None)
                for o in outcomes
            ),
            receipt_id=receipt_id,
            issued_at=self.runtime.circulation.clock(),
            qr_payload=f"LKR1.{site.terminal_id}.{receipt_id}",
        )

    # --- logout ---------------------------------------------------------------------------

    def logout(self, why: str = "logout") -> None:
        """End the session (or service mode) and leave nothing of it on screen."""
        self.worker.new_generation()
        for dialog in self.findChildren(ChoiceDialog):
            dialog._chosen = None
            dialog.reject()
        self._busy_timer.stop()
        self.busy.hide()
        self.idle_warning.hide()
        self.idle.stop()
        self._after_message = None
        if self.session is not None:
            self.worker.submit(
                self.runtime.circulation.end_session, self.session, why, session_bound=False
            )
        if self.staff_actor is not None:
            self._audit(self.staff_actor, "service_logout", why)
        self.session = None
        self.staff_actor = None
        self.last_receipt = None
        for screen in self.screens.values():
            screen.leave()
            screen.reset()
        self.go(View.ATTRACT)
        self.refresh_service_state()
        # Keep focus in the kiosk window for the next person (a field complaint).
        self.activateWindow()
        self.setFocus()

    def _idle_warning(self, seconds: int) -> None:
        if seconds == int(self.idle.warning_s + 0.999) or not self.idle_warning.isVisible():
            self.cues.attention()
        self.idle_warning.show_seconds(seconds)

    def _idle_cleared(self) -> None:
        self.idle_warning.hide()

    # --- service mode ---------------------------------------------------------------------

    def show_service_login(self) -> None:
        self.service_login.reset()
        self.idle.start()
        self.go(View.SERVICE_LOGIN)

    def service_login_pin(self, pin: str) -> None:
        guard = self.pin_guard

        def check() -> PinCheck:
            result = guard.check(pin)
            outcome = "ok" if result.ok else ("locked" if result.locked_for_s else "refused")
            self._audit_now("staff:pin", "service_login", outcome)
            return result

        def checked(result: PinCheck) -> None:
            if result.ok:
                self.enter_service("staff:pin", audited=True)
            else:
                self.cues.error()
                self.service_login.show_check(result)

        self.run(check, done=checked, label="service_pin")

    def enter_service(self, actor: str, audited: bool = False) -> None:
        if not audited:
            self._audit(actor, "service_login", "ok")
        self.staff_actor = actor
        self.session = None
        self.idle.start()
        self.service_screen.reset()
        self.go(View.SERVICE)

    def _audit_now(self, actor: str, action: str, outcome: str, detail: dict | None = None) -> None:
        """Worker thread: one audit row for a service action."""
        with self.runtime.store.transaction() as tx:
            tx.audit(self.runtime.circulation.clock(), actor, action, outcome, detail=detail)

    def _audit(self, actor: str, action: str, outcome: str, detail: dict | None = None) -> None:
        self.worker.submit(
            self._audit_now, actor, action, outcome, detail, session_bound=False, label="audit"
        )

    def service_action(
        self,
        name: str,
        fn: Callable[..., Any],
        *args: Any,
        detail: dict | None = None,
        done: Callable[[Any], None] | None = None,
        refresh: bool = True,
    ) -> None:
        """Run a staff action on the worker and audit it as ``service.<name>``."""
        actor = self.staff_actor or "staff"

        def act() -> Any:
            try:
                result = fn(*args)
            except Exception as exc:
                self._audit_now(
                    actor, f"service.{name}", "failed", {**(detail or {}), "error": str(exc)}
                )
                raise
            self._audit_now(actor, f"service.{name}", "ok", detail)
            return result

        def acted(result: Any) -> None:
            if done is not None:
                done(result)
            if refresh:
                self.service_refresh()

        def failed(exc: BaseException) -> None:
            self.cues.error()
            if isinstance(exc, Refused):
                text = f"{exc.reason.text(self.language)} {exc.detail}".strip()
            else:
                text = str(exc)
            self.service_screen.show_message(fmt(self.tr("%1 failed: %2"), name, text))
            self.service_refresh()

        self.run(act, done=acted, failed=failed, label=f"service.{name}")

    def service_refresh(self) -> None:
        self.worker.submit(
            self._service_snapshot, done=self.service_screen.show_snapshot, label="snapshot"
        )

    def _service_snapshot(self) -> dict:
        """Worker thread: everything the service screen shows."""
        rt = self.runtime
        circ = rt.circulation
        store = rt.store
        devices: dict[str, tuple[bool, str]] = {}
        try:
            rt.pad.inventory()
            devices["rfid"] = (True, "")
        except DeviceError as exc:
            devices["rfid"] = (False, exc.code)
        try:
            status = rt.printer.status()
            problem = status.paper.value != "ok" or status.cover_open or status.error
            devices["printer"] = (not problem, "" if not problem else str(status.as_dict()))
        except DeviceError as exc:
            devices["printer"] = (False, exc.code)
        for name in ("card", "scanner"):
            code = self.device_faults.get(name)
            devices[name] = (code is None, code or "")
        compartments = store.compartments()
        if rt.doors is not None and compartments:
            try:
                rt.doors.sensor(compartments[0].compartment_id)
                devices["lockers"] = (True, "")
            except DeviceError as exc:
                devices["lockers"] = (False, exc.code)

        def title(item_id: str) -> str:
            item = store.get_item(item_id)
            return item.title if item else item_id

        sync_status = None
        if rt.sync is not None:
            try:
                sync_status = rt.sync.status()
            except Exception as exc:
                sync_status = f"sync status unavailable: {exc}"
        return {
            "devices": devices,
            "compartment_ids": [c.compartment_id for c in compartments],
            "compartments": compartments,
            "to_load": [(h, title(h.item_id)) for h in circ.holds_to_load()],
            "to_remove": [(h, title(h.item_id)) for h in circ.holds_to_remove()],
            "alarms": store.active_alarms(),
            "outbox": store.outbox_stats(circ.clock()),
            "online": self.online(),
            "sync_status": sync_status,
            "sync_available": rt.sync is not None,
            "audit": store.recent_audit(50),
            "out_of_service": circ.out_of_service_reason(),
        }

    def service_inventory(self) -> None:
        def shown(tags: list) -> None:
            lines = [
                f"{t.uid}  {t.item_id or '?'}  "
                + (self.tr("secured") if t.secured else self.tr("not secured"))
                for t in tags
            ]
            self.service_screen.device_out.setText(
                "\n".join(lines) or self.tr("No tags on the pad.")
            )

        self.service_action("reader_inventory", self.runtime.pad.inventory, done=shown)

    def service_print_test(self) -> None:
        site = self.config.site
        from drivers.printer.receipt import Receipt

        receipt = Receipt(
            site_name=site.name,
            kind="loan",
            patron_masked="****",
            lines=(("TEST 测试页", None),),
            receipt_id="TEST",
            issued_at=self.runtime.circulation.clock(),
            qr_payload=f"LKR1.{site.terminal_id}.TEST",
        )
        self.service_action("printer_test", self.runtime.printer.print_receipt, receipt)

    def service_board_status(self) -> None:
        doors = self.runtime.doors
        if doors is None:
            return

        def status() -> list[str]:
            lines = []
            for c in self.runtime.store.compartments():
                try:
                    sensor = doors.sensor(c.compartment_id).value
                    item = doors.item_present(c.compartment_id)
                    lines.append(f"{c.compartment_id}: {sensor}, item={item}")
                except DeviceError as exc:
                    lines.append(f"{c.compartment_id}: {exc.code}")
            return lines

        self.service_action(
            "board_status",
            status,
            done=lambda lines: self.service_screen.device_out.setText("\n".join(lines)),
        )

    def service_open_door(self, compartment_id: str) -> None:
        if self.runtime.doors is not None:
            self.service_action(
                "open_compartment",
                self.runtime.doors.open,
                compartment_id,
                detail={"compartment_id": compartment_id},
            )

    def service_begin_loading(self, item_id: str) -> None:
        def opened(ticket: Any) -> None:
            self.service_screen.ticket = ticket
            self.service_screen.retranslate()

        self.service_action(
            "begin_loading",
            self.runtime.circulation.begin_loading,
            item_id,
            self.staff_actor or "staff",
            detail={"item_id": item_id},
            done=opened,
        )

    def service_confirm_loaded(self) -> None:
        ticket = self.service_screen.ticket
        if ticket is None:
            return

        def loaded(code: str | None) -> None:
            self.service_screen.ticket = None
            self.service_screen.retranslate()
            self.cues.success()
            self.service_screen.show_message(
                fmt(
                    self.tr("Loaded into %1. Pick-up code for the reader: %2"),
                    ticket.compartment_id,
                    code or self.tr("(same as before)"),
                )
            )

        self.service_action(
            "confirm_loaded",
            self.runtime.circulation.confirm_loaded,
            ticket,
            self.staff_actor or "staff",
            detail={"hold_id": ticket.hold_id, "compartment_id": ticket.compartment_id},
            done=loaded,
        )

    def service_expire_holds(self) -> None:
        self.service_action("expire_holds", self.runtime.circulation.expire_holds)

    def service_remove_hold(self, hold_id: str) -> None:
        self.service_action(
            "remove_hold",
            self.runtime.circulation.remove_hold,
            hold_id,
            self.staff_actor or "staff",
            detail={"hold_id": hold_id},
        )

    def service_clear_alarm(self, alarm_id: int) -> None:
        self.service_action(
            "clear_alarm",
            self.runtime.store.clear_alarm,
            alarm_id,
            self.staff_actor or "staff",
            detail={"alarm_id": alarm_id},
        )

    def service_set_compartment(self, compartment_id: str, out_of_service: bool) -> None:
        self.service_action(
            "compartment_out_of_service" if out_of_service else "compartment_in_service",
            self.runtime.store.set_compartment_in_service,
            compartment_id,
            not out_of_service,
            "staff" if out_of_service else None,
            detail={"compartment_id": compartment_id},
        )

    def service_toggle_terminal(self) -> None:
        out = self.service_screen.snapshot.get("out_of_service")
        self.service_action(
            "terminal_in_service" if out else "terminal_out_of_service",
            self.runtime.circulation.set_out_of_service,
            None if out else "maintenance",
            self.staff_actor or "staff",
        )

    def service_sync_now(self) -> None:
        if self.runtime.sync is not None:
            self.service_action("sync_now", self.runtime.sync.sync_now)

    def quit_kiosk(self) -> None:
        def quit_(_: Any) -> None:
            self.allow_close = True
            self.close()
            QApplication.instance().quit()

        self.service_action("quit", lambda: None, done=quit_, refresh=False)

    # --- device-thread events -------------------------------------------------------------

    def _on_alarm(self, alarm: Any) -> None:
        self.cues.attention()
        if self.view is View.SERVICE:
            self.service_refresh()

    def _on_door(self, compartment_id: str, state: Any) -> None:
        if self.view is View.SERVICE:
            self.service_refresh()
        result = self.result_screen
        if (
            self.view is not View.RESULT
            or result.kind is not ResultKind.LOCKER_RETURN
            or result.compartment_id != compartment_id
        ):
            return
        if state is DoorState.OPEN:
            result.door_opened = True
        elif state in SHUT_STATES and result.door_opened and not result.door_closed:
            # Opened and shut again (a release that ran out unopened is no "thank you").
            self.cues.success()
            result.set_door_closed()

    # --- kiosk mode -----------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.allow_close:
            event.ignore()  # the only way out is service mode's "quit"
            return
        self.shutdown()
        super().closeEvent(event)
        self.closed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.full_screen and event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_F4):
            event.accept()
            return
        super().keyPressEvent(event)

    def shutdown(self) -> None:
        """Stop the threads this window started (the runtime is closed by its owner)."""
        if self._shut_down:
            return
        self._shut_down = True
        self.status_timer.stop()
        self.idle.detach()
        self.card_poller.stop()
        self.scanner_poller.stop()
        self.worker.stop()
        for listeners, listener in (
            (self.runtime.alarm_listeners, self._alarm_listener),
            (getattr(self.runtime, "door_listeners", []), self._door_listener),
        ):
            if listener in listeners:
                listeners.remove(listener)
