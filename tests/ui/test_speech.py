"""Spoken guidance through the real window, with the recording engine in place of
espeak-ng: what each screen says, refusals twice, doors, the language, the resident's
toggle and its reset, privacy, and the volume that service mode stores."""

from uihelp import WAIT_MS, click, login_card, make_window, open_runtime, place_and_wait, wait_view

from kiosk.reasons import Reason
from ui.navigation import View

OK_CARD, CREDIT_LOW, WITH_HOLD = "3301000000001", "3301000000003", "3301000000005"
HUOZHE, SANTI = "31234000567890", "31234000567891"
REFERENCE_ONLY = "31234000567900"


def said(window):
    return window.speech.engine.said


def wait_said(qtbot, window, predicate):
    qtbot.waitUntil(lambda: any(predicate(u) for u in said(window)), timeout=WAIT_MS)
    return next(u for u in said(window) if predicate(u))


def test_a_borrow_says_each_screen_in_order_with_counts(qtbot, kiosk):
    window, sim = kiosk
    login_card(qtbot, window, sim, OK_CARD)
    menu = wait_said(qtbot, window, lambda u: "选择" in u.text)
    assert window.menu.summary.text() in menu.text  # the loan count, as the menu shows it
    click(qtbot, window.menu.borrow_button)
    wait_view(qtbot, window, View.BORROW)
    hint = window.borrow_screen.hint.text()
    wait_said(qtbot, window, lambda u: u.text == hint)
    place_and_wait(qtbot, window.borrow_screen, sim, [HUOZHE, SANTI])
    click(qtbot, window.borrow_screen.confirm_button)
    wait_view(qtbot, window, View.RESULT)
    result = wait_said(qtbot, window, lambda u: "2本" in u.text)
    assert window.result_screen.summary.text().replace("\n", " ") in result.text
    assert not result.repeat
    texts = [u.text for u in said(window)]
    assert texts.index(menu.text) < texts.index(hint) < texts.index(result.text)
    assert all(u.language == "zh" and u.volume == 70 for u in said(window))


def test_a_refusal_is_said_twice_without_the_residents_figures(qtbot, kiosk):
    window, sim = kiosk
    sim.present_card(CREDIT_LOW)
    wait_view(qtbot, window, View.MESSAGE)
    refusal = wait_said(qtbot, window, lambda u: Reason.CREDIT_TOO_LOW.text("zh") in u.text)
    assert refusal.repeat
    assert Reason.CREDIT_TOO_LOW.advice("zh", window.site) in refusal.text
    assert "512" not in refusal.text  # the credit level is on screen, not said aloud


def test_a_refused_book_on_the_result_is_said_twice(qtbot, kiosk):
    window, sim = kiosk
    login_card(qtbot, window, sim, OK_CARD)
    click(qtbot, window.menu.borrow_button)
    place_and_wait(qtbot, window.borrow_screen, sim, [HUOZHE, REFERENCE_ONLY])
    click(qtbot, window.borrow_screen.confirm_button)
    wait_view(qtbot, window, View.RESULT)
    refused = next(o.reason for o in window.result_screen.outcomes if not o.ok)
    result = wait_said(qtbot, window, lambda u: refused.text("zh") in u.text)
    assert result.repeat and refused.advice("zh", window.site) in result.text


def test_a_wrong_pickup_code_is_said_twice(qtbot, kiosk):
    window, _ = kiosk
    click(qtbot, window.attract.code_button)
    for digit in "111111":
        click(qtbot, window.code_screen.keypad.keys[digit])
    click(qtbot, window.code_screen.ok_button)
    wrong = wait_said(qtbot, window, lambda u: Reason.PICKUP_CODE_WRONG.text("zh") in u.text)
    assert wrong.repeat


def test_a_door_opening_is_said_with_its_door(qtbot, kiosk):
    window, _ = kiosk
    click(qtbot, window.attract.code_button)
    for digit in "246810":
        click(qtbot, window.code_screen.keypad.keys[digit])
    click(qtbot, window.code_screen.ok_button)
    wait_view(qtbot, window, View.PICKUP)
    qtbot.waitUntil(lambda: window.pickup_screen.loaded, timeout=WAIT_MS)
    # said once its holds are known, not "looking for your books"
    instruction = window.pickup_screen.hint.text()
    wait_said(qtbot, window, lambda u: instruction in u.text)
    click(qtbot, window.pickup_screen.open_button)
    wait_view(qtbot, window, View.RESULT)
    door = wait_said(qtbot, window, lambda u: "A01" in u.text)
    assert window.result_screen.heading.text() in door.text
    assert "关" in door.text  # ... then close it


def test_switching_language_says_the_screen_again_in_that_language(qtbot, kiosk):
    window, _ = kiosk
    window.set_language("en")
    english = wait_said(qtbot, window, lambda u: u.language == "en")
    assert english.text == window.attract.how.text().replace("\n", " ")
    assert "library card" in english.text
    window.set_language("zh")
    chinese = wait_said(qtbot, window, lambda u: u.language == "zh")
    assert "读者证" in chinese.text


def test_toggle_off_says_nothing_and_a_new_visit_starts_with_it_on(qtbot, kiosk):
    window, sim = kiosk
    assert window.speak_button.isChecked()
    login_card(qtbot, window, sim, OK_CARD)
    wait_said(qtbot, window, lambda u: "选择" in u.text)
    stops = window.speech.engine.stops
    click(qtbot, window.speak_button)
    assert not window.speak_button.isChecked()
    assert window.speech.engine.stops > stops  # what was being said stops at once
    count = len(said(window))
    click(qtbot, window.menu.borrow_button)
    wait_view(qtbot, window, View.BORROW)
    click(qtbot, window.borrow_screen.back_button)
    wait_view(qtbot, window, View.MENU)
    qtbot.waitUntil(lambda: not window.worker.busy, timeout=WAIT_MS)
    qtbot.wait(50)
    assert len(said(window)) == count

    window.logout("timeout")
    assert window.speak_button.isChecked()
    how = window.attract.how.text().replace("\n", " ")
    wait_said(qtbot, window, lambda u: u.text == how and said(window).index(u) >= count)


def test_no_patron_id_name_or_title_is_ever_said(qtbot, kiosk, runtime):
    window, sim = kiosk
    login_card(qtbot, window, sim, WITH_HOLD)
    click(qtbot, window.menu.borrow_button)
    place_and_wait(qtbot, window.borrow_screen, sim, [HUOZHE, SANTI, REFERENCE_ONLY])
    click(qtbot, window.borrow_screen.confirm_button)
    wait_view(qtbot, window, View.RESULT)
    click(qtbot, window.result_screen.continue_button)
    wait_view(qtbot, window, View.MENU)
    click(qtbot, window.menu.pickup_button)
    qtbot.waitUntil(lambda: window.pickup_screen.loaded, timeout=WAIT_MS)
    click(qtbot, window.pickup_screen.open_button)
    wait_view(qtbot, window, View.RESULT)
    wait_said(qtbot, window, lambda u: "A01" in u.text)
    click(qtbot, window.result_screen.continue_button)
    wait_view(qtbot, window, View.MENU)
    click(qtbot, window.menu.loans_button)
    qtbot.waitUntil(lambda: window.loans_screen.loaded, timeout=WAIT_MS)
    window.set_language("en")
    qtbot.waitUntil(lambda: not window.worker.busy, timeout=WAIT_MS)
    qtbot.wait(50)

    titles = [
        t
        for row in runtime.store.query("SELECT title FROM items")
        for t in (row["title"] or "").split(" / ")
        if t
    ]
    assert len(titles) > 5
    private = [WITH_HOLD, WITH_HOLD[-4:], window.session.masked_id, *titles]
    spoken = [u.text for u in said(window)]
    assert len(spoken) >= 6
    for text in spoken:
        for secret in private:
            assert secret not in text, (secret, text)


def test_service_volume_is_stored_audited_and_survives_a_restart(qtbot, config, tmp_path):
    from test_service import login_service

    runtime = open_runtime(config, tmp_path)
    window, _ = make_window(qtbot, runtime)
    try:
        assert window.speech.volume == 70  # [ui] speech_volume's default
        login_service(qtbot, window)
        voice = window.service_screen.voice
        click(qtbot, voice.louder_button)
        qtbot.waitUntil(lambda: window.speech.volume == 80, timeout=WAIT_MS)
        assert "80" in voice.volume_label.text()
        click(qtbot, voice.test_button)
        assert said(window)[-1].volume == 80
        rows = [r for r in runtime.store.recent_audit(20) if r["action"] == "service.speech_volume"]
        assert rows and rows[0]["outcome"] == "ok" and rows[0]["detail"] == {"volume": 80}
    finally:
        window.allow_close = True
        window.shutdown()
        runtime.close()

    runtime = open_runtime(config, tmp_path)
    window, _ = make_window(qtbot, runtime)
    try:
        qtbot.waitUntil(lambda: window.speech.volume == 80, timeout=WAIT_MS)
    finally:
        window.allow_close = True
        window.shutdown()
        runtime.close()


def test_a_locker_return_says_where_to_put_the_books_and_thanks_when_shut(qtbot, kiosk, runtime):
    from test_locker_return import lend, open_return_screen

    window, sim = kiosk
    lend(runtime, sim, [HUOZHE])
    open_return_screen(qtbot, window, 1)
    click(qtbot, window.return_screen.locker_button)
    wait_view(qtbot, window, View.RESULT)
    wait_said(qtbot, window, lambda u: "请把书放入A02号柜格并关好柜门" in u.text)
    result = window.result_screen
    sim.open_door("A02")
    qtbot.waitUntil(lambda: result.door_opened, timeout=WAIT_MS)
    sim.close_door("A02")
    thanks = wait_said(qtbot, window, lambda u: "A02号柜格已关好" in u.text)
    assert not thanks.repeat
