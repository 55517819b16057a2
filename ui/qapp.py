"""The process's QApplication, typed as one.

``QApplication.instance()`` is typed ``QCoreApplication | None``: there may be no
application yet, or a non-GUI one. Widgets need a QApplication, so every place that uses
the application's GUI side (fonts, style sheet, translators, the event filter of the idle
monitor, quit) asks :func:`running_application`, which says plainly when there is none
instead of failing later on an attribute of ``None``.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication


def running_application() -> QApplication:
    """The QApplication of this process; RuntimeError if none, or a non-GUI one, exists."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        raise RuntimeError("no QApplication in this process: create one (ui.app.application) first")
    return app
