"""Entry point of the touchscreen app: ``run_app(runtime, ...)`` for ``kiosk run``.

Creates the QApplication if there is none, compiles the translations if needed, opens
the kiosk window (full screen in kiosk mode) and, with simulated devices, the simulator
control window beside it. Returns the Qt event loop's exit code; the caller closes the
runtime afterwards.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

from PySide6.QtWidgets import QApplication

from ui import i18n
from ui.window import KioskWindow

log = logging.getLogger(__name__)


def application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setApplicationName("library-kiosk")
    return app


def run_app(runtime: Any, *, full_screen: bool, show_simulator: bool) -> int:
    app = application()
    i18n.ensure_compiled()
    window = KioskWindow(runtime, full_screen=full_screen)
    simulator = None
    if show_simulator and runtime.simulators is not None:
        from ui.simulator_window import SimulatorWindow

        simulator = SimulatorWindow(runtime, window)
    if full_screen:
        window.showFullScreen()
    else:
        window.show()
    if simulator is not None:
        simulator.show()
    app.setQuitOnLastWindowClosed(False)
    window.closed.connect(app.quit)
    code = app.exec()
    if simulator is not None:
        simulator.close()
    window.shutdown()
    return code
