"""The help button's panel and the "help requested" alarm it raises for central.

The top bar's Help button (on every screen, in the same place in every language) opens
:class:`HelpPanel`: what to do, the site's help phone, whether staff work here, and the
terminal id to quote on the phone. It also raises the terminal alarm ``help_requested``
through the same store table every other terminal alarm uses; the sync client's
telemetry carries active alarms to central, and a ``sync_now`` sends it at once instead
of at the next telemetry tick.

:class:`HelpController` owns that alarm. At most one per visit: a second touch of Help
in the same visit opens the panel but raises nothing. The alarm is cleared when the
visit ends (logout, idle timeout, a new card) or after :data:`HELP_ALARM_CLEAR_MS`,
whichever comes first (for someone who never logged in, that timeout is the end of the
visit); a help alarm left over by a crash is cleared at start. Raising
and clearing run on the core thread, in submission order, so a clear never overtakes
the raise it undoes. No patron id goes into the alarm (central sees the screen only).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

from kiosk.config import SiteIdentity
from ui.overlays import Overlay
from ui.screens.base import button, fmt, label
from ui.worker import CoreWorker

HELP_ALARM_KIND = "help_requested"
HELP_ALARM_SUBJECT = "resident"
# Long enough for central to see it and call back or send someone; a resident who
# needed help has left or been helped by then.
HELP_ALARM_CLEAR_MS = 10 * 60 * 1000


class HelpState(Enum):
    """The help alarm of the current visit."""

    NOT_ASKED = "not_asked"  # nobody pressed Help in this visit
    RAISED = "raised"  # the alarm is up (or on its way to the store)
    SPENT = "spent"  # raised in this visit and cleared by the timer: not again


class HelpEvent(Enum):
    ASKED = "asked"
    TIMED_OUT = "timed_out"
    VISIT_ENDED = "visit_ended"


# Every change of HelpState, in one place; a pair not listed leaves the state as it is.
TRANSITIONS: dict[tuple[HelpState, HelpEvent], HelpState] = {
    (HelpState.NOT_ASKED, HelpEvent.ASKED): HelpState.RAISED,
    (HelpState.RAISED, HelpEvent.TIMED_OUT): HelpState.SPENT,
    (HelpState.RAISED, HelpEvent.VISIT_ENDED): HelpState.NOT_ASKED,
    (HelpState.SPENT, HelpEvent.VISIT_ENDED): HelpState.NOT_ASKED,
}


def raise_help_alarm(store: Any, sync: Any, screen: str) -> int | None:
    """Core thread: the alarm (unless one is up already), then telemetry at once."""
    alarm_id: int | None = store.raise_alarm_once(
        HELP_ALARM_KIND, HELP_ALARM_SUBJECT, {"screen": screen}
    )
    if sync is not None:
        sync.sync_now()
    return alarm_id


def clear_help_alarms(store: Any, sync: Any, cleared_by: str) -> int:
    """Core thread: clear every help alarm still up; telemetry at once if any was."""
    cleared = 0
    for alarm in store.active_alarms():
        if alarm.kind == HELP_ALARM_KIND and store.clear_alarm(alarm.alarm_id, cleared_by):
            cleared += 1
    if cleared and sync is not None:
        sync.sync_now()
    return cleared


class HelpPanel(Overlay):
    """What to do, the phone, staff here or not, the terminal id; then Close."""

    def __init__(self, parent: QWidget, site: SiteIdentity, online: Callable[[], bool]):
        super().__init__(parent)
        self.site = site
        self.online = online
        self.setAccessibleName("help")
        self.heading = label(name="title")
        self.what_to_do = label(name="subtitle")
        self.phone = label(name="subtitle")
        self.staff = label()
        self.terminal = label()
        self.told = label(name="muted")
        self.close_button = button(primary=True, name="close help")
        self.close_button.clicked.connect(self.hide)
        for widget in (
            self.heading,
            self.what_to_do,
            self.phone,
            self.staff,
            self.terminal,
            self.told,
            self.close_button,
        ):
            self.layout_.addWidget(widget)
        self.alarm_raised = False
        self.retranslate()

    def show_help(self, alarm_raised: bool) -> None:
        self.alarm_raised = alarm_raised
        self.retranslate()
        self.popup()

    def retranslate(self) -> None:
        site = self.site
        self.heading.setText(self.tr("Help"))
        self.what_to_do.setText(
            self.tr(
                "To borrow: hold your library card to the reader or scan the e-card in the "
                "library app, then put the books on the pad. To return: just put the books "
                "on the pad. To collect a reserved book: enter the pick-up code."
            )
        )
        if site.service_phone:
            self.phone.setText(fmt(self.tr("Help line: %1"), site.service_phone))
        else:
            self.phone.setText(self.tr("Ask the library for help: this terminal has no phone."))
        self.staff.setText(
            self.tr("Staff work here: ask at the service desk.")
            if site.staffed
            else self.tr("No staff work at this site.")
        )
        self.terminal.setText(
            fmt(self.tr("Terminal %1 (tell the library this number)"), site.terminal_id)
        )
        if not self.alarm_raised:
            self.told.setText("")
        elif self.online():
            self.told.setText(self.tr("The library has been told that you need help."))
        else:
            self.told.setText(
                self.tr("The network is down: the library cannot be told now. Please call.")
            )
        self.close_button.setText(self.tr("Close"))
        if self.isVisible():
            self.place()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class HelpController(QObject):
    """Owns the visit's help alarm (:class:`HelpState`) and opens the panel."""

    def __init__(
        self,
        runtime: Any,
        worker: CoreWorker,
        panel: HelpPanel,
        screen_name: Callable[[], str],
        in_session: Callable[[], bool],
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.runtime = runtime
        self.worker = worker
        self.panel = panel
        self.screen_name = screen_name
        self.in_session = in_session
        self.state = HelpState.NOT_ASKED
        self.clear_timer = QTimer(self)
        self.clear_timer.setSingleShot(True)
        self.clear_timer.setInterval(HELP_ALARM_CLEAR_MS)
        self.clear_timer.timeout.connect(self._timed_out)
        self._clear("restart")

    def ask(self) -> None:
        """The Help button: the panel always; the alarm once per visit."""
        self._on(HelpEvent.ASKED)
        self.panel.show_help(alarm_raised=self.state is not HelpState.NOT_ASKED)

    def visit_ended(self) -> None:
        self.panel.hide()
        self._on(HelpEvent.VISIT_ENDED)

    def _timed_out(self) -> None:
        # Someone who never logged in has no logout to end their visit: the alarm's
        # timeout does, so the next person's Help raises a new one.
        self._on(HelpEvent.TIMED_OUT if self.in_session() else HelpEvent.VISIT_ENDED, "timeout")

    def _on(self, event: HelpEvent, cleared_by: str = "visit_end") -> None:
        before = self.state
        after = TRANSITIONS.get((before, event), before)
        self.state = after
        if before is after:
            return
        if after is HelpState.RAISED:
            self.worker.submit(
                raise_help_alarm,
                self.runtime.store,
                self.runtime.sync,
                self.screen_name(),
                failed=lambda exc: None,  # logged by the worker; the panel still helps
                session_bound=False,
                label="help_requested",
            )
            self.clear_timer.start()
        elif before is HelpState.RAISED:
            self.clear_timer.stop()
            self._clear(cleared_by)

    def _clear(self, cleared_by: str) -> None:
        self.worker.submit(
            clear_help_alarms,
            self.runtime.store,
            self.runtime.sync,
            cleared_by,
            failed=lambda exc: None,
            session_bound=False,
            label="help_cleared",
        )
