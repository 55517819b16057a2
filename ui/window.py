"""The kiosk window: a thin shell that builds the screens and the controllers and routes.

One :class:`KioskWindow` per terminal. It builds

* the top bar (offline banner, help, language, large text, high contrast: on every
  screen, each button as wide as its widest language so none moves);
* the screens in a stack, with the :class:`~ui.navigation.Navigator` that changes them;
* the controllers the screens ask through :class:`~ui.screens.host.ScreenHost`, which
  this window implements: :class:`~ui.session.SessionController` (login, the resident's
  way between screens, messages), :class:`~ui.transactions.TransactionController`
  (borrow, return, renew, pick up, receipts), :class:`~ui.service_mode.ServiceController`
  (staff), :class:`~ui.identification.Identification` (card and scanner pollers) and
  :class:`~ui.door_events.DoorEvents` (locker alarms and doors);
* the core worker and the idle monitor, whose expiry logs out even over an open dialog.

It owns what spans them all: the language and style switches, the status poll (network,
out of service) and :meth:`KioskWindow.logout`, which resets every screen, the language
and the style so nothing of the previous person stays on screen.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, QTranslator, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QScreen, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from drivers.speech import EspeakEngine, RecordingEngine, SpeechEngine
from kiosk.circulation import Circulation, Session
from kiosk.config import Policy, SiteConfig, SiteIdentity
from ui import i18n, theme
from ui.door_events import DoorEvents
from ui.help import HelpController, HelpPanel
from ui.identification import Identification
from ui.idle import IdleMonitor
from ui.jobs import JobRunner
from ui.navigation import Navigator, View
from ui.overlays import BusyPanel, ChoiceDialog, IdleWarning
from ui.qapp import running_application
from ui.screens.account import AccountScreen
from ui.screens.attract import AttractScreen
from ui.screens.base import Screen, button, label
from ui.screens.items import BorrowScreen, ReturnScreen
from ui.screens.loans import LoansScreen
from ui.screens.login import CodeEntryScreen, MessageScreen
from ui.screens.menu import MenuScreen
from ui.screens.pickup import PickupScreen
from ui.screens.pin import PinEntryScreen
from ui.screens.result import ResultScreen
from ui.screens.service import ServiceScreen
from ui.screens.service_login import ServiceLoginScreen
from ui.service_mode import ServiceController
from ui.session import SessionController
from ui.sound import SoundCues
from ui.speech import SpeechController
from ui.transactions import TransactionController
from ui.worker import CoreWorker

log = logging.getLogger(__name__)

STATUS_POLL_MS = 2000


class KioskWindow(QWidget):
    """The resident-facing window. Construct with a :class:`runtime.core.Runtime`."""

    closed = Signal()
    speech: SpeechController  # built after the screens, which reach it through ScreenHost

    def __init__(
        self,
        runtime: Any,
        *,
        sound: bool = True,
        full_screen: bool = False,
        idle_timeout_s: float | None = None,
        idle_warning_s: float | None = None,
        start_pollers: bool = True,
        speech_engine: SpeechEngine | None = None,
    ):
        super().__init__()
        self.runtime = runtime
        self.config: SiteConfig = runtime.config
        self.full_screen = full_screen
        self.language: str = self.config.ui.language
        self.large_text = False
        self.high_contrast = False
        self.allow_close = not full_screen
        self._translator: QTranslator | None = None
        self._catalogues: list[QTranslator] = []  # every language, to size the top bar
        # The offline session asking central again (its answer is dropped at logout).
        self._rechecking: Session | None = None
        self._shut_down = False

        self.worker = CoreWorker(runtime.submit, self)
        circulation: Circulation = runtime.circulation
        previous_hook = circulation.on_step

        def on_step(label_: str) -> None:
            if previous_hook is not None:
                previous_hook(label_)
            self.worker.on_step(label_)

        circulation.on_step = on_step
        self.cues = SoundCues(enabled=sound, parent=self)
        ui_config = self.config.ui
        self.idle = IdleMonitor(
            idle_timeout_s if idle_timeout_s is not None else ui_config.idle_timeout_s,
            idle_warning_s if idle_warning_s is not None else ui_config.idle_warning_s,
            self,
        )
        self.idle.warning.connect(self._idle_warning)
        self.idle.cleared.connect(self._idle_cleared)
        self.idle.expired.connect(lambda: self.logout("timeout"))

        # The controllers first: the screens connect their buttons to them.
        language = self.current_language  # read when needed: the language button changes it
        self.resident = SessionController(
            circulation,
            runtime.ecard_verifier,
            self.worker,
            self.cues,
            self.idle,
            language,
            self.logout,
            self,
        )
        self.transactions = TransactionController(
            runtime, self.worker, self.cues, self.resident, language, self.logout, self, self
        )
        self.service = ServiceController(
            runtime,
            self.worker,
            self.cues,
            self.idle,
            language,
            self.online,
            lambda: self.identification.device_faults,
            self._quit,
            self,
        )
        if speech_engine is None:
            # Without sound (tests, benchmarks) nothing is spoken either.
            speech_engine = EspeakEngine() if sound else RecordingEngine()
        self.speech = SpeechController(speech_engine, self, self.worker, runtime.store, self)
        self._build()
        self.runner = JobRunner(self.worker, self.idle, self.busy, self.resident.job_failed, self)
        self.resident.attach(
            self.runner, self.navigator, self.code_screen, self.message_screen, self.pin_screen
        )
        self.transactions.attach(
            self.runner, self.navigator, self.result_screen, self.return_screen, self.loans_screen
        )
        self.service.attach(self.runner, self.navigator, self.service_login, self.service_screen)
        self.identification = Identification(
            runtime.card_reader,
            runtime.scanner,
            self.worker,
            self.cues,
            self.navigator,
            self.attract,
            self.resident,
            self.service,
            language,
            self,
        )
        self.door_events = DoorEvents(
            runtime, self.navigator, self.result_screen, self.cues, self.service.refresh, self
        )
        self.speech.attach(self.navigator)
        self.speak_button.setChecked(self.speech.enabled)
        self.speak_button.toggled.connect(self.speech.set_enabled)
        self.set_language(self.language)
        self.apply_style()
        if start_pollers:
            self.identification.start()

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
        self._watched_screen: QScreen | None = None
        self._following_screens = False

    # --- construction -------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        bar.setContentsMargins(theme.SPACE["m"], theme.SPACE["s"], theme.SPACE["m"], 0)
        bar.setSpacing(theme.SPACE["s"])
        self.network_label = label(name="banner", wrap=False)
        self.help_button = button(name="help")
        self.language_button = button()
        self.language_button.setAccessibleName("language")
        self.large_button = button()
        self.large_button.setCheckable(True)
        self.contrast_button = button()
        self.contrast_button.setCheckable(True)
        self.speak_button = button()  # spoken guidance on or off (ui/speech.py)
        self.speak_button.setCheckable(True)
        self.speak_button.setAccessibleName("speak")
        bar_buttons = (
            self.help_button,
            self.language_button,
            self.large_button,
            self.contrast_button,
            self.speak_button,
        )
        for b in bar_buttons:
            b.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        self.language_button.clicked.connect(
            lambda: self.set_language("en" if self.language == "zh" else "zh")
        )
        self.large_button.toggled.connect(self.set_large_text)
        self.contrast_button.toggled.connect(self.set_high_contrast)
        bar.addWidget(self.network_label)
        bar.addStretch(1)
        bar.addWidget(self.help_button)
        bar.addWidget(self.language_button)
        bar.addWidget(self.large_button)
        bar.addWidget(self.contrast_button)
        bar.addWidget(self.speak_button)
        outer.addLayout(bar)

        self.stack = QStackedWidget()
        outer.addWidget(self.stack, 1)
        self.attract = AttractScreen(self)
        self.code_screen = CodeEntryScreen(self)
        self.pin_screen = PinEntryScreen(self)
        self.message_screen = MessageScreen(self)
        self.menu = MenuScreen(self)
        self.borrow_screen = BorrowScreen(self)
        self.return_screen = ReturnScreen(self)
        self.loans_screen = LoansScreen(self)
        self.account_screen = AccountScreen(self)
        self.pickup_screen = PickupScreen(self)
        self.result_screen = ResultScreen(self)
        self.service_login = ServiceLoginScreen(self)
        self.service_screen = ServiceScreen(self)
        self.navigator = Navigator(
            self.stack,
            {
                View.ATTRACT: self.attract,
                View.CODE: self.code_screen,
                View.PIN: self.pin_screen,
                View.MESSAGE: self.message_screen,
                View.MENU: self.menu,
                View.BORROW: self.borrow_screen,
                View.RETURN: self.return_screen,
                View.LOANS: self.loans_screen,
                View.ACCOUNT: self.account_screen,
                View.PICKUP: self.pickup_screen,
                View.RESULT: self.result_screen,
                View.SERVICE_LOGIN: self.service_login,
                View.SERVICE: self.service_screen,
            },
            lambda: self.session,
            self,
        )
        self.idle_warning = IdleWarning(self, self.idle.poke)
        self.busy = BusyPanel(self)
        self.help_panel = HelpPanel(self, self.config.site, self.online)
        self.help = HelpController(
            self.runtime,
            self.worker,
            self.help_panel,
            lambda: self.view.name.lower(),
            lambda: self.session is not None,
            self,
        )
        self.help_button.clicked.connect(self.help.ask)

    # --- what a screen may ask (ui.screens.host.ScreenHost) ----------------------------------

    @property
    def session(self) -> Session | None:
        return self.resident.session

    @property
    def site(self) -> SiteIdentity:
        return self.config.site

    @property
    def policy(self) -> Policy:
        return self.config.policy

    def current_language(self) -> str:
        return self.language

    def today(self) -> date:
        circulation: Circulation = self.runtime.circulation
        return circulation.clock().date()

    def report_device_problem(self, device: str, exc: BaseException) -> None:
        self.identification.report_device_problem(device, exc)

    # --- screens ------------------------------------------------------------------------------

    @property
    def view(self) -> View:
        return self.navigator.view

    def go(self, view: View) -> None:
        self.navigator.go(view)

    def open_dialogs(self) -> list[ChoiceDialog]:
        return [d for d in self.findChildren(ChoiceDialog) if d.isVisible()]

    # --- appearance -----------------------------------------------------------------------

    def set_language(self, lang: str) -> None:
        """Switch every screen (and open dialog) to ``lang`` through Qt's translators."""
        app = running_application()
        changed = lang != self.language
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
        retranslated: list[Screen | IdleWarning | BusyPanel | HelpPanel | ChoiceDialog] = [
            *self.navigator.screens.values(),
            self.idle_warning,
            self.busy,
            self.help_panel,
            *self.open_dialogs(),
        ]
        for widget in retranslated:
            widget.retranslate()
        if changed:
            self.speech.language_changed()

    def set_large_text(self, on: bool) -> None:
        self.large_text = on
        self.apply_style()

    def set_high_contrast(self, on: bool) -> None:
        self.high_contrast = on
        self.apply_style()

    def apply_style(self) -> None:
        app = running_application()
        font = app.font()
        font.setFamily(theme.pick_font_family())
        font.setPointSize(theme.base_point_size(self.large_text))
        app.setFont(font)
        app.setStyleSheet(theme.style_sheet(self.large_text, self.high_contrast))
        for overlay in (self.idle_warning, self.busy, self.help_panel):
            if overlay.isVisible():
                overlay.place()
        self._fix_bar_widths()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.help_button.setText(self.tr("Help"))
        self.language_button.setText("English" if self.language == "zh" else "中文")
        self.large_button.setText(self.tr("Large text"))
        self.contrast_button.setText(self.tr("High contrast"))
        self.speak_button.setText(self.tr("Speak"))
        self._fix_bar_widths()
        self._show_network()
        self.identification.update_attract_note()

    def _fix_bar_widths(self) -> None:
        """Each top-bar button as wide as its widest language, so switching the language
        does not move the buttons under a finger."""
        for bar_button, texts in (
            (self.help_button, self._in_every_language("Help")),
            (self.language_button, ["English", "中文"]),
            (self.large_button, self._in_every_language("Large text")),
            (self.contrast_button, self._in_every_language("High contrast")),
            (self.speak_button, self._in_every_language("Speak")),
        ):
            shown = bar_button.text()
            bar_button.ensurePolished()
            widest = 0
            for text in texts:
                bar_button.setText(text)
                widest = max(widest, bar_button.sizeHint().width())
            bar_button.setText(shown)
            bar_button.setFixedWidth(widest)

    def _in_every_language(self, source: str) -> list[str]:
        """One of this window's texts in each language the kiosk speaks."""
        if not self._catalogues:
            for lang in i18n.LANGUAGES:
                catalogue = QTranslator(self)
                if catalogue.load(str(i18n.qm_path(lang))):
                    self._catalogues.append(catalogue)
        return [source] + [c.translate("KioskWindow", source) or source for c in self._catalogues]

    # --- status --------------------------------------------------------------------------

    def online(self) -> bool:
        sync = self.runtime.sync
        if sync is not None:
            return bool(sync.link.connected) if hasattr(sync, "link") else True
        return bool(self.runtime.network.online)

    def _poll_status(self) -> None:
        self._show_network()
        if self.view is View.ATTRACT:
            self.refresh_service_state()
        session = self.session
        back_online = session is not None and not session.online and self.online()
        if back_online and session is not None and self._rechecking is not session:
            self._recheck_session(session)

    def _recheck_session(self, session: Session) -> None:
        """The network came back during an offline visit: its offline notice and rules
        must not outlive the outage."""
        self._rechecking = session

        def answered(online: bool) -> None:
            self._rechecking = None
            if online:
                for screen in (self.menu, self.loans_screen, self.borrow_screen):
                    screen.retranslate()

        def unanswered(exc: BaseException) -> None:
            self._rechecking = None

        circulation: Circulation = self.runtime.circulation
        self.worker.submit(
            circulation.recheck_online,
            session,
            done=answered,
            failed=unanswered,
            label="session_online",
        )

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

    # --- logout ---------------------------------------------------------------------------

    def logout(self, why: str = "logout") -> None:
        """End the session (or service mode) and leave nothing of it on screen."""
        self.worker.new_generation()
        for dialog in self.findChildren(ChoiceDialog):
            dialog.dismiss()
        self.runner.cancel()
        self.idle_warning.hide()
        self.idle.stop()
        self.help.visit_ended()
        self.resident.end(why)
        self.service.end(why)
        self.transactions.forget_receipt()
        for screen in self.navigator.screens.values():
            screen.leave()
            screen.reset()
        self.restore_site_appearance()
        self.go(View.ATTRACT)
        self.refresh_service_state()
        # Keep focus in the kiosk window for the next person (a field complaint).
        self.activateWindow()
        self.setFocus()

    def restore_site_appearance(self) -> None:
        """The next person starts with the site's language and the standard style, not
        with the previous reader's choices."""
        self.large_button.setChecked(False)  # toggled: restyles
        self.contrast_button.setChecked(False)
        self.speak_button.setChecked(self.speech.site_enabled)  # toggled: on or off
        if self.language != self.config.ui.language:
            self.set_language(self.config.ui.language)

    def _idle_warning(self, seconds: int) -> None:
        if seconds == int(self.idle.warning_s + 0.999) or not self.idle_warning.isVisible():
            self.cues.attention()
        dialogs = self.open_dialogs()
        # A window-modal dialog covers the overlay and blocks its button: count down in
        # the dialog instead, where any touch counts as "still here".
        for dialog in dialogs:
            dialog.show_countdown(seconds)
        if not dialogs:
            self.idle_warning.show_seconds(seconds)

    def _idle_cleared(self) -> None:
        self.idle_warning.hide()
        for dialog in self.open_dialogs():
            dialog.show_countdown(None)

    # --- kiosk mode -----------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.full_screen:
            handle = self.windowHandle()
            if handle is not None:
                handle.screenChanged.connect(
                    self._follow_screen, Qt.ConnectionType.UniqueConnection
                )
            self._follow_screen(self.screen())

    def _follow_screen(self, screen: QScreen | None) -> None:
        """Kiosk mode fills the screen the window is on and follows it when it changes
        (moved to another screen, rotated, resized). Without a window manager
        ``showFullScreen()`` is only a wish nobody grants, so the geometry is set here."""
        if screen is None:
            return
        if self._watched_screen is not screen:
            if self._watched_screen is not None:
                self._watched_screen.geometryChanged.disconnect(self._fit_screen)
            screen.geometryChanged.connect(self._fit_screen)
            self._watched_screen = screen
        self._fit_screen()

    def _fit_screen(self) -> None:
        screen = self._watched_screen
        if screen is not None and self.geometry() != screen.geometry():
            self.setGeometry(screen.geometry())

    def _quit(self) -> None:
        """Service mode's "quit the kiosk program" (audited by the service controller)."""
        self.allow_close = True
        self.close()
        running_application().quit()

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
        self.identification.stop()
        self.worker.stop()
        self.door_events.detach()
        self.speech.engine.close()
