"""Locker alarms and door changes, carried from the locker bus threads onto the UI thread.

The runtime calls ``alarm_listeners`` and ``door_listeners`` on a ``locker-bus-<name>``
thread; :class:`DoorEvents` turns each call into a queued Qt signal (:class:`_Bridge`) and
handles it on the UI thread: an alarm sounds the attention tone, any change refreshes
the service screen while it is up, and the door of a locker return that opened and shut
again gets its "closed, thank you".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from kiosk.lockers import SHUT_STATES, DoorState
from ui.navigation import Navigator, View
from ui.screens.host import Cues
from ui.screens.result import ResultKind, ResultScreen


class _Bridge(QObject):
    """Signals that carry device-thread callbacks onto the UI thread."""

    alarm = Signal(object)
    door = Signal(str, object)


class DoorEvents(QObject):
    """Listens to the runtime's locker alarms and door changes while attached."""

    def __init__(
        self,
        runtime: Any,
        navigator: Navigator,
        result_screen: ResultScreen,
        cues: Cues,
        refresh_service: Callable[[], None],
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.runtime = runtime
        self.navigator = navigator
        self.result_screen = result_screen
        self.cues = cues
        self._refresh_service = refresh_service
        self._bridge = _Bridge(self)
        self._bridge.alarm.connect(self._on_alarm)
        self._bridge.door.connect(self._on_door)
        self._alarm_listener = self._bridge.alarm.emit
        self._door_listener = self._bridge.door.emit
        runtime.alarm_listeners.append(self._alarm_listener)
        if hasattr(runtime, "door_listeners"):
            runtime.door_listeners.append(self._door_listener)

    def detach(self) -> None:
        for listeners, listener in (
            (self.runtime.alarm_listeners, self._alarm_listener),
            (getattr(self.runtime, "door_listeners", []), self._door_listener),
        ):
            if listener in listeners:
                listeners.remove(listener)

    def _on_alarm(self, alarm: Any) -> None:
        self.cues.attention()
        if self.navigator.view is View.SERVICE:
            self._refresh_service()

    def _on_door(self, compartment_id: str, state: Any) -> None:
        if self.navigator.view is View.SERVICE:
            self._refresh_service()
        result = self.result_screen
        if (
            self.navigator.view is not View.RESULT
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
            self.navigator.words_changed(View.RESULT)
