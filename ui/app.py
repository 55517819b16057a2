"""Entry point of the touchscreen app: ``run_app(runtime, ...)`` for ``kiosk run``.

Creates the QApplication if there is none, compiles the translations if needed, opens
the kiosk window (full screen in kiosk mode) and, with simulated devices, the simulator
control window beside it. Returns the Qt event loop's exit code; the caller closes the
runtime afterwards.

SIGTERM (systemd stopping the kiosk) and SIGINT (Ctrl-C) end the event loop cleanly, even
in kiosk mode where the window refuses to close: Python runs a signal handler only between
bytecodes, which never happen while Qt waits in its C++ event loop, so the signal is
carried into the loop through ``signal.set_wakeup_fd`` on a socket pair that a
``QSocketNotifier`` watches (no polling timer). Once the window is on screen the log says
so (``kiosk window up``), with its native window id, for supervisors and the tests, and
``on_up`` is called (systemd's READY=1). A ``heartbeat`` is beaten every second from the
event loop, so the watchdog (:mod:`runtime.watchdog`) notices a window that hangs.
"""

from __future__ import annotations

import logging
import signal
import socket
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSocketNotifier, QTimer
from PySide6.QtWidgets import QApplication

from runtime.watchdog import Heartbeat
from ui import i18n
from ui.qapp import running_application
from ui.window import KioskWindow

log = logging.getLogger(__name__)

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def application() -> QApplication:
    """The process's QApplication, created (as ``library-kiosk``) if there is none yet."""
    if QApplication.instance() is None:
        app = QApplication(sys.argv[:1])
        app.setApplicationName("library-kiosk")
    return running_application()


class StopOnSignal(QObject):
    """Turns SIGINT/SIGTERM into a call of ``stop(signal_name)`` on the UI thread."""

    def __init__(self, stop: Any, parent: QObject | None = None):
        super().__init__(parent)
        self._stop = stop
        self._read, self._write = socket.socketpair()
        self._read.setblocking(False)
        self._write.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._write.fileno(), warn_on_full_buffer=False)
        # A Python-level handler is needed for the wakeup fd to be written; it has nothing
        # to do itself, the notifier below does the work in the event loop.
        self._previous = {s: signal.signal(s, lambda *_: None) for s in STOP_SIGNALS}
        self._notifier = QSocketNotifier(self._read.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._woken)

    def _woken(self) -> None:
        try:
            data = self._read.recv(64)
        except BlockingIOError:
            return
        for signum in data:
            if signum in STOP_SIGNALS:
                self._stop(signal.Signals(signum).name)
                return

    def restore(self) -> None:
        self._notifier.setEnabled(False)
        signal.set_wakeup_fd(self._previous_fd)
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)
        self._read.close()
        self._write.close()


class _AnnounceExposed(QObject):
    """Logs once when the window is really on screen (first Expose with isExposed())."""

    def __init__(self, window: KioskWindow, on_up: Callable[[], object] | None = None):
        super().__init__(window)
        self._window = window
        self._on_up = on_up
        self._handle = window.windowHandle()
        self._handle.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Expose and self._handle.isExposed():
            self._handle.removeEventFilter(self)
            size = self._window.size()
            log.info(
                "kiosk window up: id 0x%x, %dx%d, platform %s",
                int(self._window.winId()),
                size.width(),
                size.height(),
                QApplication.platformName(),
            )
            if self._on_up is not None:
                self._on_up()
        return False


def run_app(
    runtime: Any,
    *,
    full_screen: bool,
    show_simulator: bool,
    on_up: Callable[[], object] | None = None,
    heartbeat: Heartbeat | None = None,
) -> int:
    app = application()
    i18n.ensure_compiled()
    window = KioskWindow(runtime, full_screen=full_screen)
    simulator = None
    if show_simulator and runtime.simulators is not None:
        from ui.simulator_window import SimulatorWindow

        simulator = SimulatorWindow(runtime, window)

    def stop(why: str) -> None:
        log.info("stopping the kiosk on %s", why)
        window.allow_close = True  # kiosk mode refuses a close from the desktop, not this
        window.close()
        app.quit()

    stopper = StopOnSignal(stop)
    window.winId()  # create the native window now, so the expose filter sits on it
    _AnnounceExposed(window, on_up)
    if heartbeat is not None:
        beat = QTimer(window)
        beat.setInterval(1000)
        beat.timeout.connect(heartbeat.beat)
        beat.start()
    if full_screen:
        window.showFullScreen()
    else:
        window.show()
    if simulator is not None:
        simulator.show()
    app.setQuitOnLastWindowClosed(False)
    window.closed.connect(app.quit)
    try:
        code = app.exec()
    finally:
        stopper.restore()
    if simulator is not None:
        simulator.close()
    window.shutdown()
    return code
