"""A visit ends cleanly: a second card hands the kiosk over, the next person starts with
the site's language and style, the idle countdown stays in sight over a dialog, the
offline notice ends with the outage, and renewals are refused once, not per book."""

from datetime import timedelta

import pytest
from uihelp import (
    WAIT_MS,
    click,
    lift_card,
    login_card,
    make_window,
    place_and_wait,
    visible_texts,
    wait_view,
)

from kiosk.reasons import Reason
from ui import theme
from ui.navigation import View
from ui.qapp import running_application

OK_CARD, CREDIT_OK = "3301000000001", "3301000000002"
HUOZHE, SANTI = "31234000567890", "31234000567891"


def test_a_second_card_ends_the_visit_and_logs_the_new_reader_in(qtbot, kiosk, runtime):
    window, sim = kiosk
    login_card(qtbot, window, sim, OK_CARD)
    click(qtbot, window.menu.borrow_button)
    wait_view(qtbot, window, View.BORROW)
    first = window.session
    sim.present_card(CREDIT_OK)
    qtbot.waitUntil(
        lambda: window.session is not None and window.session.patron_id == CREDIT_OK,
        timeout=WAIT_MS,
    )
    wait_view(qtbot, window, View.MENU)
    assert window.session is not first
    notice = window.menu.handover
    assert notice.isVisibleTo(window) and "上一位读者已退出" in notice.text()
    ended = [
        row
        for row in runtime.store.recent_audit(20)
        if row["action"] == "session_end" and row["outcome"] == "new_card"
    ]
    assert len(ended) == 1
    # the same reader's card again changes nothing
    lift_card(qtbot, window, sim)
    click(qtbot, window.menu.borrow_button)
    wait_view(qtbot, window, View.BORROW)
    current = window.session
    with qtbot.waitSignal(window.identification.card_poller.read, timeout=WAIT_MS):
        sim.present_card(CREDIT_OK)
    qtbot.wait(200)
    assert window.session is current and window.view is View.BORROW
    # and the notice is for the handed-over visit only
    window.logout()
    lift_card(qtbot, window, sim)
    login_card(qtbot, window, sim, OK_CARD)
    assert not window.menu.handover.isVisibleTo(window)


@pytest.mark.parametrize("how", ["timeout", "logout"])
def test_the_next_reader_gets_the_sites_language_and_style(qtbot, runtime, how):
    window, sim = make_window(qtbot, runtime, idle_timeout_s=2, idle_warning_s=1)
    try:
        login_card(qtbot, window, sim, OK_CARD)
        click(qtbot, window.language_button)
        click(qtbot, window.large_button)
        click(qtbot, window.contrast_button)
        assert window.language == "en" and window.large_text and window.high_contrast
        if how == "logout":
            click(qtbot, window.menu.logout_button)
        wait_view(qtbot, window, View.ATTRACT)
        assert window.language == runtime.config.ui.language == "zh"
        assert not window.large_text and not window.high_contrast
        assert not window.large_button.isChecked() and not window.contrast_button.isChecked()
        assert window.large_button.text() == "大字"
        assert running_application().styleSheet() == theme.style_sheet(False, False)
    finally:
        window.allow_close = True
        window.shutdown()


def test_the_idle_countdown_shows_over_the_receipt_dialog(qtbot, runtime):
    window, sim = make_window(qtbot, runtime, idle_timeout_s=6, idle_warning_s=5)
    try:
        login_card(qtbot, window, sim, OK_CARD)
        click(qtbot, window.menu.borrow_button)
        place_and_wait(qtbot, window.borrow_screen, sim, [HUOZHE])
        click(qtbot, window.borrow_screen.confirm_button)
        wait_view(qtbot, window, View.RESULT)
        click(qtbot, window.result_screen.finish_button)
        qtbot.waitUntil(lambda: len(window.open_dialogs()) == 1, timeout=WAIT_MS)
        dialog = window.open_dialogs()[0]
        qtbot.waitUntil(lambda: dialog.countdown.isVisible(), timeout=WAIT_MS)
        assert "秒后自动退出" in dialog.countdown.text()
        assert not window.idle_warning.isVisible()  # not half-hidden behind the dialog
        window.idle_warning.show_seconds(16)
        assert window.idle_warning.countdown.text() == "16秒后自动退出"
        assert "以下时间" not in window.idle_warning.text.text()
        window.idle_warning.hide()
        wait_view(qtbot, window, View.ATTRACT)  # the countdown ran out: logged out
        assert window.open_dialogs() == []
    finally:
        window.allow_close = True
        window.shutdown()


def test_the_offline_notice_ends_with_the_outage(qtbot, kiosk, runtime):
    window, sim = kiosk
    sim.set_network(False)
    login_card(qtbot, window, sim, OK_CARD)
    assert window.menu.offline.isVisibleTo(window)
    assert not window.session.online
    sim.set_network(True)
    qtbot.waitUntil(lambda: window.session.online, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not window.menu.offline.isVisibleTo(window), timeout=WAIT_MS)


def test_offline_renewal_is_refused_once_not_under_every_book(qtbot, kiosk, runtime):
    window, sim = kiosk
    login_card(qtbot, window, sim, OK_CARD)
    click(qtbot, window.menu.borrow_button)
    place_and_wait(qtbot, window.borrow_screen, sim, [HUOZHE, SANTI])
    click(qtbot, window.borrow_screen.confirm_button)
    wait_view(qtbot, window, View.RESULT)
    window.logout()
    sim.set_network(False)
    login_card(qtbot, window, sim, OK_CARD)
    click(qtbot, window.menu.loans_button)
    screen = window.loans_screen
    qtbot.waitUntil(lambda: len(screen.loans) == 2, timeout=WAIT_MS)
    assert not screen.renew_all_button.isEnabled()
    screen.renew([loan.item_id for loan, _ in screen.loans])  # as if it were offered
    qtbot.waitUntil(lambda: len(screen.outcomes) == 2, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: screen.loaded, timeout=WAIT_MS)
    texts = "\n".join(visible_texts(screen))
    assert texts.count(Reason.RENEW_OFFLINE.text("zh")) == 1


def test_a_renewal_too_soon_says_from_when(qtbot, kiosk, runtime):
    window, sim = kiosk
    login_card(qtbot, window, sim, OK_CARD)
    click(qtbot, window.menu.borrow_button)
    place_and_wait(qtbot, window.borrow_screen, sim, [HUOZHE])
    click(qtbot, window.borrow_screen.confirm_button)
    wait_view(qtbot, window, View.RESULT)
    click(qtbot, window.result_screen.continue_button)
    click(qtbot, window.menu.loans_button)
    screen = window.loans_screen
    qtbot.waitUntil(lambda: len(screen.loans) == 1, timeout=WAIT_MS)
    click(qtbot, screen.renew_all_button)
    qtbot.waitUntil(lambda: len(screen.outcomes) == 1, timeout=WAIT_MS)
    (loan, _), due = screen.loans[0], runtime.store.open_loans(OK_CARD)[0].due
    window_days = runtime.config.policy.renew_window_days
    since = (due - timedelta(days=window_days)).isoformat()
    qtbot.waitUntil(lambda: any(since in t for t in visible_texts(screen)), timeout=WAIT_MS)
    assert Reason.RENEW_TOO_SOON.text("zh") in visible_texts(screen)
    assert loan.due == due  # nothing was added
