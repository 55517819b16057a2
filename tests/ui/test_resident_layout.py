"""Nothing moves under a finger and nothing looks what it is not: disabled buttons look
disabled, a refusal does not push the keypad down, the top bar stays put across
languages, and a locker door that already stood open still gets its "thank you"."""

from uihelp import WAIT_MS, click, visible_texts, wait_view

from ui import theme
from ui.navigation import View
from ui.qapp import running_application
from ui.screens.base import button

OK_CARD = "3301000000001"
HUOZHE = "31234000567890"


def centre_colour(widget):
    image = widget.grab().toImage()
    return image.pixelColor(image.width() // 2, 4).name()


def test_a_disabled_main_button_does_not_look_enabled(qtbot, kiosk):
    window, _ = kiosk
    for contrast in (False, True):
        running_application().setStyleSheet(theme.style_sheet(False, contrast))
        enabled, disabled = button("借出 0 本", primary=True), button("借出 0 本", primary=True)
        for b in (enabled, disabled):
            qtbot.addWidget(b)
            b.resize(300, 80)
            b.show()
        disabled.setEnabled(False)
        palette = theme.HIGH_CONTRAST if contrast else theme.NORMAL
        assert centre_colour(enabled) == palette.accent
        assert centre_colour(disabled) != palette.accent


def key_position(window, key):
    return key.mapTo(window, key.rect().topLeft())


def test_a_refused_code_does_not_move_the_keypad(qtbot, kiosk):
    window, _ = kiosk
    click(qtbot, window.attract.code_button)
    wait_view(qtbot, window, View.CODE)
    screen = window.code_screen
    keys = [screen.keypad.keys[k] for k in ("1", "0", "C")]
    before = [key_position(window, k) for k in keys]
    for digit in "111111":
        click(qtbot, screen.keypad.keys[digit])
    click(qtbot, screen.ok_button)
    qtbot.waitUntil(lambda: screen.reason is not None, timeout=WAIT_MS)
    qtbot.wait(50)  # the layout's pass
    assert screen.error.text()
    assert [key_position(window, k) for k in keys] == before
    screen.show_refusal(screen.reason, 125)  # a refusal with a wait: three lines
    qtbot.wait(50)
    assert [key_position(window, k) for k in keys] == before
    assert keys[2].text() == "清除"


def test_the_top_bar_does_not_move_when_the_language_changes(qtbot, kiosk):
    window, _ = kiosk
    bar = (window.language_button, window.large_button, window.contrast_button)
    qtbot.wait(50)
    zh = [b.geometry() for b in bar]
    window.set_language("en")
    qtbot.wait(50)
    assert [b.geometry() for b in bar] == zh
    window.set_language("zh")
    qtbot.wait(50)
    assert [b.geometry() for b in bar] == zh


def test_a_locker_return_into_a_door_left_open_confirms_when_it_closes(qtbot, kiosk, runtime):
    window, sim = kiosk
    # A02 stands open (opened for someone, not yet shut) when the return picks it.
    runtime.call(runtime.doors.open, "A02")
    sim.open_door("A02")
    qtbot.waitUntil(lambda: runtime.doors.state("A02").value == "open", timeout=WAIT_MS)
    sim.place_book(HUOZHE)
    click(qtbot, window.attract.return_button)
    wait_view(qtbot, window, View.RETURN)
    qtbot.waitUntil(lambda: len(window.return_screen.ready()) == 1, timeout=WAIT_MS)
    click(qtbot, window.return_screen.locker_button)
    wait_view(qtbot, window, View.RESULT)
    result = window.result_screen
    assert result.compartment_id == "A02"
    sim.close_door("A02")
    qtbot.waitUntil(lambda: result.door_closed, timeout=WAIT_MS)
    assert result.summary.text() == "A02号柜格已关好，谢谢！"
    assert "A02" in "".join(visible_texts(result))
