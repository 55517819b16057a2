"""The idle timeout: warn with a visible countdown, then log the resident out.

Any touch, click or key anywhere in the application (dialogs included) counts as
activity. The monitor runs while a resident (or staff) is logged in; a transaction in
progress holds it, so a slow device never logs someone out halfway through a borrow.
State changes go out as signals; the window decides what a logout clears.
"""

from __future__ import annotations

import time
from enum import Enum

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from ui.qapp import running_application

ACTIVITY_EVENTS = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.TouchBegin,
    QEvent.Type.TouchUpdate,
    QEvent.Type.KeyPress,
    QEvent.Type.Wheel,
}


class IdleState(Enum):
    OFF = "off"  # nobody logged in
    ACTIVE = "active"
    WARNING = "warning"  # the countdown is on screen
    HELD = "held"  # a transaction is running


# The only transitions; anything else is a programming error.
TRANSITIONS: dict[IdleState, set[IdleState]] = {
    IdleState.OFF: {IdleState.ACTIVE},
    IdleState.ACTIVE: {IdleState.WARNING, IdleState.HELD, IdleState.OFF},
    IdleState.WARNING: {IdleState.ACTIVE, IdleState.HELD, IdleState.OFF},
    IdleState.HELD: {IdleState.ACTIVE, IdleState.OFF},
}


class IdleMonitor(QObject):
    warning = Signal(int)  # whole seconds left, emitted each second of the countdown
    cleared = Signal()  # activity during the countdown
    expired = Signal()

    TICK_MS = 200

    def __init__(self, timeout_s: float, warning_s: float, parent: QObject | None = None):
        super().__init__(parent)
        self.timeout_s = timeout_s
        self.warning_s = warning_s
        self.state = IdleState.OFF
        self._last = time.monotonic()
        self._shown = -1
        self._timer = QTimer(self)
        self._timer.setInterval(self.TICK_MS)
        self._timer.timeout.connect(self._tick)
        running_application().installEventFilter(self)

    def _go(self, state: IdleState) -> None:
        if state is self.state:
            return
        if state not in TRANSITIONS[self.state]:
            raise RuntimeError(f"idle: {self.state.value} -> {state.value} not allowed")
        if self.state is IdleState.WARNING:
            self.cleared.emit()
        self.state = state

    def start(self) -> None:
        """Someone logged in: start counting."""
        self._last = time.monotonic()
        if self.state is IdleState.OFF:
            self._go(IdleState.ACTIVE)
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        if self.state is not IdleState.OFF:
            self._go(IdleState.OFF)

    def hold(self, on: bool) -> None:
        """A transaction runs (True) or ended (False, which counts as activity)."""
        if self.state is IdleState.OFF:
            return
        self._last = time.monotonic()
        self._go(IdleState.HELD if on else IdleState.ACTIVE)

    def poke(self) -> None:
        self._last = time.monotonic()
        if self.state is IdleState.WARNING:
            self._go(IdleState.ACTIVE)

    def remaining(self) -> float:
        return max(0.0, self.timeout_s - (time.monotonic() - self._last))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY_EVENTS and self.state in (IdleState.ACTIVE, IdleState.WARNING):
            self.poke()
        return False

    def _tick(self) -> None:
        if self.state not in (IdleState.ACTIVE, IdleState.WARNING):
            return
        left = self.remaining()
        if left <= 0:
            self._timer.stop()
            self._go(IdleState.OFF)
            self.expired.emit()
        elif left <= self.warning_s:
            if self.state is IdleState.ACTIVE:
                self._go(IdleState.WARNING)
                self._shown = -1
            whole = int(left + 0.999)
            if whole != self._shown:
                self._shown = whole
                self.warning.emit(whole)

    def detach(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
