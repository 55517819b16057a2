"""For everyone: idle timeout (also over dialogs), languages, large text, high contrast,
touch-target size, audible cues, kiosk mode."""

import shiboken6
from uihelp import WAIT_MS, click, login_card, place_and_wait, visible_texts, wait_view

from kiosk.reasons import Reason
from ui import theme
from ui.navigation import View

OK_CARD = "3301000000001"
HUOZHE, SANTI = "31234000567890", "31234000567891"
REFERENCE_ONLY = "31234000567900"


def shorten_idle(window, timeout_s=2.0, warning_s=1.5):
    window.idle.timeout_s = timeout_s
    window.idle.warning_s = warning_s
    window.idle.poke()


def test_timeout_while_receipt_dialog_is_open_logs_out_and_clears_everything(qtbot, kiosk, runtime):
    window, sim = kiosk
    login_card(qtbot, window, sim, OK_CARD)
    click(qtbot, window.menu.borrow_button)
    place_and_wait(qtbot, window.borrow_screen, sim, [HUOZHE, SANTI])
    click(qtbot, window.borrow_screen.confirm_button)
    wait_view(qtbot, window, View.RESULT)
    click(qtbot, window.result_screen.finish_button)
    qtbot.waitUntil(lambda: len(window.open_dialogs()) == 1, timeout=WAIT_MS)
    dialog = window.open_dialogs()[0]
    warnings = []
    window.idle.warning.connect(warnings.append)
    shorten_idle(window)
    wait_view(qtbot, window, View.ATTRACT)
    assert warnings, "the countdown was shown before the logout"
    assert window.session is None
    assert window.open_dialogs() == []
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog), timeout=WAIT_MS)  # closed, freed
    assert not window.idle_warning.isVisible()
    texts = "\n".join(visible_texts(window))
    for private in ("活着", "三体", "****0001"):
        assert private not in texts
    # every screen forgot the resident, not only the one on top
    assert window.result_screen.outcomes == [] and window.borrow_screen.entries == {}
    assert window.menu.counts is None
    # no receipt was printed behind the resident's back, and the session end was audited
    assert runtime.simulators.printer.simulator.documents == []
    qtbot.waitUntil(
        lambda: any(
            r["action"] == "session_end" and r["outcome"] == "timeout"
            for r in runtime.store.recent_audit(10)
        ),
        timeout=WAIT_MS,
    )


def test_idle_countdown_is_visible_and_touch_keeps_the_session(qtbot, kiosk):
    window, sim = kiosk
    login_card(qtbot, window, sim, OK_CARD)
    shorten_idle(window, timeout_s=4.0, warning_s=3.5)
    qtbot.waitUntil(lambda: window.idle_warning.isVisible(), timeout=WAIT_MS)
    assert "秒" in window.idle_warning.countdown.text()
    click(qtbot, window.idle_warning.continue_button)
    assert not window.idle_warning.isVisible()
    assert window.view is View.MENU and window.session is not None
    shorten_idle(window, timeout_s=600, warning_s=20)


def test_language_switch_mid_session_redraws_everything(qtbot, kiosk):
    window, sim = kiosk
    login_card(qtbot, window, sim, OK_CARD)
    click(qtbot, window.menu.borrow_button)
    place_and_wait(qtbot, window.borrow_screen, sim, [HUOZHE, REFERENCE_ONLY])
    assert Reason.ITEM_NOT_LOANABLE.text("zh") in visible_texts(window.borrow_screen)
    click(qtbot, window.language_button)
    assert window.language == "en"
    texts = visible_texts(window)
    assert Reason.ITEM_NOT_LOANABLE.text("en") in texts
    assert Reason.ITEM_NOT_LOANABLE.advice("en", window.site) in texts
    assert Reason.ITEM_NOT_LOANABLE.text("zh") not in texts
    assert window.borrow_screen.confirm_button.text() == "Borrow 1 book"
    assert "Ready to borrow" in texts and "活着" in texts
    # the session and the books on the pad are untouched by the switch
    assert window.session is not None and len(window.borrow_screen.entries) == 2
    # screens not on top were redrawn too
    assert window.menu.borrow_button.text() == "Borrow"
    click(qtbot, window.language_button)
    assert window.borrow_screen.confirm_button.text() == "借出1本"
    assert window.menu.borrow_button.text() == "借书"


def test_language_switch_while_a_dialog_is_open(qtbot, kiosk):
    window, sim = kiosk
    login_card(qtbot, window, sim, OK_CARD)
    window.transactions.last_receipt = ("loan", [])
    click(qtbot, window.menu.logout_button)
    qtbot.waitUntil(lambda: len(window.open_dialogs()) == 1, timeout=WAIT_MS)
    dialog = window.open_dialogs()[0]
    assert dialog.answer_buttons[0].text() == "打印凭条"
    window.set_language("en")
    assert dialog.answer_buttons[0].text() == "Print receipt"
    assert dialog.question.text() == "Would you like a printed receipt?"
    click(qtbot, dialog.answer_buttons[1])
    wait_view(qtbot, window, View.ATTRACT)


def test_large_text_mode_makes_text_and_targets_bigger(qtbot, kiosk):
    window, _ = kiosk
    title = window.attract.site_name
    normal_font = title.fontInfo().pointSize()
    normal_button = window.attract.code_button.height()
    click(qtbot, window.large_button)
    qtbot.waitUntil(lambda: title.fontInfo().pointSize() > normal_font, timeout=WAIT_MS)
    assert window.attract.how.fontInfo().pointSize() >= theme.base_point_size(True)
    qtbot.waitUntil(lambda: window.attract.code_button.height() > normal_button, timeout=WAIT_MS)
    click(qtbot, window.large_button)
    qtbot.waitUntil(lambda: title.fontInfo().pointSize() == normal_font, timeout=WAIT_MS)


def test_high_contrast_mode_switches_colours(qtbot, kiosk):
    from PySide6.QtWidgets import QApplication

    window, _ = kiosk
    click(qtbot, window.contrast_button)
    sheet = QApplication.instance().styleSheet()
    assert theme.HIGH_CONTRAST.window in sheet and theme.HIGH_CONTRAST.button_text in sheet
    qtbot.waitUntil(
        lambda: window.attract.grab().toImage().pixelColor(5, 5).name() == "#000000",
        timeout=WAIT_MS,
    )
    click(qtbot, window.contrast_button)
    assert theme.NORMAL.window in QApplication.instance().styleSheet()


def _small_buttons(window):
    from PySide6.QtWidgets import QAbstractButton

    minimum = theme.mm_to_px(theme.MIN_TOUCH_MM)
    return [
        (b.text(), b.width(), b.height())
        for b in window.findChildren(QAbstractButton)
        if b.isVisible() and (b.height() < minimum or b.width() < minimum)
    ]


def test_touch_targets_are_at_least_9_mm_on_every_screen(qtbot, kiosk):
    window, sim = kiosk
    seen = []

    def check():
        qtbot.wait(50)
        assert _small_buttons(window) == [], window.view
        seen.append(window.view)

    check()  # attract
    click(qtbot, window.attract.code_button)
    wait_view(qtbot, window, View.CODE)
    check()
    window.logout()
    click(qtbot, window.attract.service_button)
    wait_view(qtbot, window, View.SERVICE_LOGIN)
    check()
    window.logout()
    login_card(qtbot, window, sim, OK_CARD)
    check()  # menu
    click(qtbot, window.menu.borrow_button)
    place_and_wait(qtbot, window.borrow_screen, sim, [HUOZHE])
    check()
    click(qtbot, window.borrow_screen.confirm_button)
    wait_view(qtbot, window, View.RESULT)
    check()
    click(qtbot, window.result_screen.continue_button)
    click(qtbot, window.menu.loans_button)
    qtbot.waitUntil(lambda: window.loans_screen.loaded, timeout=WAIT_MS)
    check()
    click(qtbot, window.loans_screen.back_button)
    click(qtbot, window.menu.pickup_button)
    qtbot.waitUntil(lambda: window.pickup_screen.loaded, timeout=WAIT_MS)
    check()
    click(qtbot, window.pickup_screen.back_button)
    click(qtbot, window.menu.return_button)
    wait_view(qtbot, window, View.RETURN)
    check()
    assert len(set(seen)) == 9


def test_audible_cues_for_success_and_error(qtbot, kiosk):
    window, sim = kiosk
    cues = []
    window.cues.played.connect(cues.append)
    login_card(qtbot, window, sim, OK_CARD)
    assert cues[-1] == "success"
    window.logout()
    sim.present_card("3301000000004")  # blocked
    wait_view(qtbot, window, View.MESSAGE)
    assert cues[-1] == "error"


def test_cue_tones_are_valid_wav_files(tmp_path):
    import wave

    from ui.sound import _TONES, Cue, write_tone

    path = tmp_path / "ok.wav"
    write_tone(path, _TONES[Cue.SUCCESS])
    with wave.open(str(path)) as w:
        assert w.getframerate() == 22050 and w.getnframes() > 22050 * 0.3


def test_full_screen_kiosk_window_cannot_be_closed_except_via_service(qtbot, runtime):
    from PySide6.QtCore import Qt

    from ui.window import KioskWindow

    window = KioskWindow(runtime, sound=False, full_screen=True)
    qtbot.addWidget(window)
    window.showFullScreen()
    assert window.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert window.close() is False
    assert window.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.isVisible()
    window.service.enter("staff:test")
    wait_view(qtbot, window, View.SERVICE)
    click(qtbot, window.service_screen.quit_button)
    qtbot.waitUntil(lambda: window.service.quit_dialog.isVisible(), timeout=WAIT_MS)
    click(qtbot, window.service.quit_dialog.answer_buttons[1])  # "Quit", after the question
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=WAIT_MS)
    qtbot.waitUntil(
        lambda: any(r["action"] == "service.quit" for r in runtime.store.recent_audit(5)),
        timeout=WAIT_MS,
    )
