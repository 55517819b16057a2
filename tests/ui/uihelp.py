"""Helpers shared by the UI tests (imported as ``uihelp``: conftest puts this folder on
sys.path, since the suite runs in importlib mode)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WAIT_MS = 15_000  # generous: the suite must pass on a loaded 2-core machine


def open_runtime(config, data_dir):
    from runtime.build import build_runtime

    return build_runtime(config, data_dir=data_dir)


def make_window(qtbot, runtime, **kwargs):
    from ui.simulator_window import SimulatorWindow
    from ui.window import KioskWindow

    window = KioskWindow(runtime, sound=False, **kwargs)
    qtbot.addWidget(window)
    window.show()
    sim = SimulatorWindow(runtime, window)
    qtbot.addWidget(sim)
    return window, sim


def wait_view(qtbot, window, view):
    qtbot.waitUntil(lambda: window.view is view, timeout=WAIT_MS)


def visible_texts(widget):
    """Every text a person could read in ``widget`` now (labels, buttons, fields, tables)."""
    from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QTableWidget

    texts = []
    for child in widget.findChildren(QLabel) + widget.findChildren(QAbstractButton):
        if child.isVisibleTo(widget) and child.text():
            texts.append(child.text())
    for field in widget.findChildren(QLineEdit):
        if field.isVisibleTo(widget):
            texts.append(field.text())
    for table in widget.findChildren(QTableWidget):
        for r in range(table.rowCount()):
            for c in range(table.columnCount()):
                item = table.item(r, c)
                if item is not None:
                    texts.append(item.text())
    return texts


def click(qtbot, button):
    from PySide6.QtCore import Qt

    assert button.isEnabled(), f"button {button.text()!r} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def lift_card(qtbot, window, sim):
    """Lift the card and wait until the card poller has seen it go: the simulated reader
    reports the card lying there, so a lift followed at once by the next card could slip
    past a poller that had not yet started waiting for the removal."""
    with qtbot.waitSignal(window.identification.card_poller.settled, timeout=WAIT_MS):
        sim.lift_card()


def login_card(qtbot, window, sim, patron_id):
    from ui.navigation import View

    sim.present_card(patron_id)
    wait_view(qtbot, window, View.MENU)
    lift_card(qtbot, window, sim)


def place_and_wait(qtbot, screen, sim, item_ids):
    for item_id in item_ids:
        sim.place_book(item_id)
    qtbot.waitUntil(lambda: len(screen.entries) == len(item_ids), timeout=WAIT_MS)
