"""The simulator control window: nothing clipped at 560 px, its own style whatever the
kiosk's switches, a reader fault the kiosk really sees (and its end), and a place that
does not cover the kiosk's controls in landscape or portrait."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtWidgets import QLabel, QPushButton
from uihelp import WAIT_MS, click, login_card, wait_view

from ui.navigation import View
from ui.simulator_window import WIDTH, placement

OK_CARD = "3301000000001"
LANDSCAPE = QRect(0, 0, 1920, 1080)
PORTRAIT = QRect(0, 0, 1080, 1920)


def controls_of(sim):
    return [w for w in sim.content.findChildren(QPushButton) + sim.content.findChildren(QLabel)]


def test_nothing_is_clipped_at_560_px(qtbot, kiosk):
    _, sim = kiosk
    sim.show()
    sim.set_expanded(True)
    assert sim.width() == WIDTH == 560
    qtbot.waitUntil(lambda: sim.controls.viewport().width() > 0, timeout=WAIT_MS)
    viewport = sim.controls.viewport()
    assert sim.content.minimumSizeHint().width() <= viewport.width()
    for widget in controls_of(sim):
        if isinstance(widget, QLabel) and widget.wordWrap():
            continue
        text = widget.text()
        assert widget.width() >= widget.sizeHint().width(), (text, widget.width())
        right = widget.mapTo(viewport, QPoint(widget.width(), 0)).x()
        assert right <= viewport.width(), (text, right)


def test_the_kiosks_large_text_and_contrast_leave_it_alone(qtbot, kiosk):
    window, sim = kiosk
    sim.set_expanded(True)
    sim.show()

    def looks():
        return [(w.font().pointSizeF(), w.sizeHint()) for w in controls_of(sim)]

    before = looks()
    window.large_button.setChecked(True)
    window.contrast_button.setChecked(True)
    assert window.large_text and window.high_contrast
    assert looks() == before


def test_reader_fault_is_seen_by_the_kiosk_and_cleared_again(qtbot, kiosk):
    window, sim = kiosk
    login_card(qtbot, window, sim, OK_CARD)
    click(qtbot, window.menu.borrow_button)
    wait_view(qtbot, window, View.BORROW)
    sim.set_expanded(True)
    sim.show()
    click(qtbot, sim.reader_button)
    assert sim.sims.rfid.silent
    qtbot.waitUntil(lambda: window.borrow_screen.device_error.isVisible(), timeout=WAIT_MS)
    assert "图书感应器暂无响应" in window.borrow_screen.device_error.text()
    click(qtbot, sim.reader_button)
    assert not sim.sims.rfid.silent
    qtbot.waitUntil(lambda: not window.borrow_screen.device_error.isVisible(), timeout=WAIT_MS)


def kiosk_controls(window):
    """The top bar's buttons and the visible primary buttons, in window coordinates."""
    buttons = [
        window.help_button,
        window.language_button,
        window.large_button,
        window.contrast_button,
    ]
    screen = window.stack.currentWidget()
    buttons += [
        b for b in screen.findChildren(QPushButton) if b.objectName() == "primary" and b.isVisible()
    ]
    return {
        b.text(): QRect(b.mapTo(window, QPoint(0, 0)), b.size()) for b in buttons if b.isVisible()
    }


def test_alone_on_one_screen_it_folds_into_a_corner_clear_of_the_kiosks_buttons(qtbot, kiosk):
    window, sim = kiosk
    sim.show()
    handle = sim.sizeHint()
    assert not sim.expanded and handle.width() < 300 and handle.height() < 60
    for area in (LANDSCAPE, PORTRAIT):
        window.resize(area.size())
        qtbot.waitUntil(lambda a=area: window.size() == a.size(), timeout=WAIT_MS)
        where, expanded = placement(area, [], handle)
        assert not expanded and where.topLeft() == area.topLeft()
        for view in (View.ATTRACT, View.MENU, View.BORROW):
            if view is View.MENU and window.session is None:
                login_card(qtbot, window, sim, OK_CARD)
            window.go(view)
            controls = kiosk_controls(window)
            assert len(controls) >= 4
            for text, rect in controls.items():
                assert not rect.intersects(where), (area, view, text, rect, where)
        window.logout()


def test_with_a_second_screen_it_opens_there_expanded() -> None:
    second = QRect(1920, 0, 1280, 1024)
    where, expanded = placement(LANDSCAPE, [second], QSize(200, 40))
    assert expanded and second.contains(where) and not where.intersects(LANDSCAPE)
    assert where.size() == QSize(WIDTH, 900)
