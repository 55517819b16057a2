"""Issue #12, through the real window: the resident's account screen, the patron PIN
after a card on a PIN site, and three session bugs (a second card mid-transaction, the
hand-over notice, the borrow screen's error line)."""

from __future__ import annotations

import dataclasses
import threading

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit
from uihelp import (
    WAIT_MS,
    click,
    lift_card,
    login_card,
    make_window,
    open_runtime,
    place_and_wait,
    visible_texts,
    wait_view,
)

from kiosk import patron_pin
from kiosk.reasons import Reason
from kiosk.sample_data import DEMO_PICKUP_CODE
from ui.navigation import View

OK_CARD, CREDIT_OK, HOLDER = "3301000000001", "3301000000002", "3301000000005"
HUOZHE, SANTI = "31234000567890", "31234000567891"
READY_TITLE, WAITING_TITLE = "西湖游览志", "杭州史话"


def every_text(window) -> list[str]:
    """Every text the kiosk window holds, shown or not (the simulator window aside)."""
    texts = []
    for child in window.findChildren(QLabel) + window.findChildren(QAbstractButton):
        if child.window() is window and child.text():
            texts.append(child.text())
    texts += [f.text() for f in window.findChildren(QLineEdit) if f.window() is window]
    return texts


def open_account(qtbot, window):
    click(qtbot, window.menu.account_button)
    wait_view(qtbot, window, View.ACCOUNT)
    qtbot.waitUntil(lambda: window.account_screen.account is not None, timeout=WAIT_MS)
    return "\n".join(visible_texts(window.account_screen))


# --- the account view ---------------------------------------------------------------------


def test_my_account_shows_loans_fines_and_holds_and_nothing_survives_the_visit(qtbot, runtime):
    window, sim = make_window(qtbot, runtime, idle_timeout_s=3, idle_warning_s=1)
    try:
        login_card(qtbot, window, sim, HOLDER)
        click(qtbot, window.menu.borrow_button)
        place_and_wait(qtbot, window.borrow_screen, sim, [HUOZHE])
        click(qtbot, window.borrow_screen.confirm_button)
        wait_view(qtbot, window, View.RESULT)
        click(qtbot, window.result_screen.continue_button)
        wait_view(qtbot, window, View.MENU)
        shown = open_account(qtbot, window)
        due = runtime.store.open_loans(HOLDER)[0].due.isoformat()
        assert "欧**娜" in shown and "****0005" in shown
        assert "活着" in shown and f"应还{due}" in shown and "还可续借2次" in shown
        assert "逾期0册" in shown and "待缴罚款3.00元" in shown
        assert READY_TITLE in shown and "柜格A01" in shown and WAITING_TITLE in shown
        assert DEMO_PICKUP_CODE not in shown  # the code itself is never shown
        ready = window.account_screen.account.ready[0].hold
        local = ready.expires_at.astimezone(ready.expires_at.tzinfo).strftime("%Y-%m-%d")
        assert local in shown
        click(qtbot, window.language_button)
        english = "\n".join(visible_texts(window.account_screen))
        assert "Fines owed: 3.00 yuan" in english and "2 renewals left" in english
        wait_view(qtbot, window, View.ATTRACT)  # the visit times out
        left = "\n".join(every_text(window))
        for trace in ("欧**娜", "****0005", "活着", READY_TITLE, WAITING_TITLE, "3.00"):
            assert trace not in left
    finally:
        window.allow_close = True
        window.shutdown()


def test_a_code_session_has_no_account_entry(qtbot, kiosk):
    window, sim = kiosk
    sim.scan(DEMO_PICKUP_CODE)
    wait_view(qtbot, window, View.PICKUP)
    with pytest.raises(RuntimeError):
        window.go(View.ACCOUNT)


# --- the patron PIN -----------------------------------------------------------------------


@pytest.fixture
def pin_runtime(config, tmp_path):
    pin_site = dataclasses.replace(
        config,
        identification=dataclasses.replace(config.identification, patron_pin="required"),
    )
    rt = open_runtime(pin_site, tmp_path)
    yield rt
    rt.close()


@pytest.fixture
def pin_kiosk(qtbot, pin_runtime):
    window, sim = make_window(qtbot, pin_runtime)
    yield window, sim
    window.allow_close = True
    window.shutdown()


def type_pin(qtbot, window, pin: str) -> None:
    screen = window.pin_screen
    for digit in pin:
        click(qtbot, screen.keypad.keys[digit])
    click(qtbot, screen.ok_button)


def test_on_a_pin_site_a_card_alone_cannot_borrow(qtbot, pin_kiosk, pin_runtime):
    window, sim = pin_kiosk
    sim.present_card(OK_CARD)
    wait_view(qtbot, window, View.PIN)
    assert window.session is None  # nothing of the account yet
    screen = window.pin_screen
    assert screen.pin.echoMode() is QLineEdit.EchoMode.Password
    for _ in range(patron_pin.FREE_ATTEMPTS):
        type_pin(qtbot, window, "9999")
        qtbot.waitUntil(lambda: screen.reason is Reason.PIN_WRONG, timeout=WAIT_MS)
        assert Reason.PIN_WRONG.text("zh") in screen.error.text()
        screen.reason = None
    keypad_top = screen.keypad.geometry().top()
    type_pin(qtbot, window, "9999")  # one more: this card now waits
    qtbot.waitUntil(lambda: screen.wait_s is not None, timeout=WAIT_MS)
    assert "请在1分钟后再试" in screen.error.text()
    assert screen.keypad.geometry().top() == keypad_top  # the error did not move the keys
    assert window.view is View.PIN and window.session is None
    alarms = pin_runtime.store.active_alarms()
    assert not [a for a in alarms if a.kind == patron_pin.ALARM_KIND]  # not yet: 6 in a row
    # the card's owner waits; meanwhile the right PIN is not even tried
    type_pin(qtbot, window, patron_pin.DEMO_PIN)
    qtbot.waitUntil(lambda: screen.reason is Reason.PIN_LOCKED, timeout=WAIT_MS)
    assert window.session is None
    window.logout()
    lift_card(qtbot, window, sim)
    sim.present_card(CREDIT_OK)  # another card is not held up
    wait_view(qtbot, window, View.PIN)
    type_pin(qtbot, window, patron_pin.DEMO_PIN)
    wait_view(qtbot, window, View.MENU)
    assert window.session.patron_id == CREDIT_OK


def test_an_ecard_needs_no_pin_and_a_card_without_one_is_told_what_to_do(
    qtbot, pin_kiosk, pin_runtime
):
    window, sim = pin_kiosk
    sim.scan_ecard(OK_CARD)
    wait_view(qtbot, window, View.MENU)
    window.logout()
    patron = pin_runtime.store.get_patron(CREDIT_OK)
    pin_runtime.store.upsert_patrons([dataclasses.replace(patron, pin_hash=None)])
    sim.present_card(CREDIT_OK)
    wait_view(qtbot, window, View.MESSAGE)
    shown = visible_texts(window.message_screen)
    assert Reason.PIN_NOT_SET.text("zh") in shown and Reason.PIN_NOT_SET.advice("zh") in shown


# --- session bugs ---------------------------------------------------------------------------


def test_a_second_card_mid_borrow_lets_the_borrow_finish_and_show_then_hands_over(
    qtbot, kiosk, runtime
):
    window, sim = kiosk
    window.resident.hand_over_timer.setInterval(1500)
    login_card(qtbot, window, sim, OK_CARD)
    first = window.session
    click(qtbot, window.menu.borrow_button)
    place_and_wait(qtbot, window.borrow_screen, sim, [HUOZHE, SANTI])
    # hold the core thread so that the second card is read while the borrow runs
    gate = threading.Event()
    runtime.submit(gate.wait, 10)
    click(qtbot, window.borrow_screen.confirm_button)
    with qtbot.waitSignal(window.identification.card_poller.read, timeout=WAIT_MS):
        sim.present_card(CREDIT_OK)
    gate.set()
    wait_view(qtbot, window, View.RESULT)
    screen = window.result_screen
    assert len(screen.succeeded()) == 2 and window.session is first
    qtbot.waitUntil(lambda: screen.handover.isVisibleTo(window), timeout=WAIT_MS)
    assert "本次服务即将结束" in screen.handover.text()
    qtbot.waitUntil(
        lambda: window.session is not None and window.session.patron_id == CREDIT_OK,
        timeout=WAIT_MS,
    )
    wait_view(qtbot, window, View.MENU)
    assert {loan.item_id for loan in runtime.store.open_loans(OK_CARD)} == {HUOZHE, SANTI}
    assert window.menu.handover.isVisibleTo(window)


def test_while_a_hand_over_is_due_nobody_goes_on_as_the_previous_reader(qtbot, kiosk, runtime):
    window, sim = kiosk
    window.resident.hand_over_timer.setInterval(60_000)  # the tap comes first
    login_card(qtbot, window, sim, OK_CARD)
    click(qtbot, window.menu.borrow_button)
    place_and_wait(qtbot, window.borrow_screen, sim, [HUOZHE])
    gate = threading.Event()
    runtime.submit(gate.wait, 10)
    click(qtbot, window.borrow_screen.confirm_button)
    with qtbot.waitSignal(window.identification.card_poller.read, timeout=WAIT_MS):
        sim.present_card(CREDIT_OK)
    gate.set()
    wait_view(qtbot, window, View.RESULT)
    qtbot.waitUntil(lambda: window.result_screen.handover.isVisibleTo(window), timeout=WAIT_MS)
    click(qtbot, window.result_screen.continue_button)  # "do something else"
    qtbot.waitUntil(
        lambda: window.session is not None and window.session.patron_id == CREDIT_OK,
        timeout=WAIT_MS,
    )
    wait_view(qtbot, window, View.MENU)


def test_the_hand_over_notice_stays_on_the_next_visits_first_screen(qtbot, pin_kiosk, pin_runtime):
    window, sim = pin_kiosk
    sim.present_card(OK_CARD)
    wait_view(qtbot, window, View.PIN)
    type_pin(qtbot, window, patron_pin.DEMO_PIN)
    wait_view(qtbot, window, View.MENU)
    lift_card(qtbot, window, sim)
    sim.present_card(CREDIT_OK)
    wait_view(qtbot, window, View.PIN)  # the next reader's first screen
    notice = window.pin_screen.handover
    assert notice.isVisibleTo(window) and "上一位读者已退出" in notice.text()
    # still there after a status poll, a language switch and a wrong PIN
    with qtbot.waitSignal(window.status_timer.timeout, timeout=WAIT_MS):
        pass
    click(qtbot, window.language_button)
    type_pin(qtbot, window, "9999")
    qtbot.waitUntil(lambda: window.pin_screen.reason is Reason.PIN_WRONG, timeout=WAIT_MS)
    assert notice.isVisibleTo(window) and "previous reader" in notice.text()
    type_pin(qtbot, window, patron_pin.DEMO_PIN)
    wait_view(qtbot, window, View.MENU)
    assert window.menu.handover.isVisibleTo(window)


def test_the_hand_over_notice_is_on_the_menu_from_its_first_moment(qtbot, kiosk, runtime):
    window, sim = kiosk
    login_card(qtbot, window, sim, OK_CARD)
    # hold the core thread right behind the new reader's login: the menu's counts cannot
    # come back while the notice is looked at
    gate = threading.Event()
    submit = window.worker._submit

    def submit_then_hold(run, job):
        future = submit(run, job)
        if job.label == "login":
            submit(gate.wait, 10)
        return future

    window.worker._submit = submit_then_hold
    sim.present_card(CREDIT_OK)
    try:
        qtbot.waitUntil(
            lambda: window.session is not None and window.session.patron_id == CREDIT_OK,
            timeout=WAIT_MS,
        )
        assert window.view is View.MENU and window.menu.counts is None
        assert window.menu.handover.isVisibleTo(window)
    finally:
        gate.set()
    qtbot.waitUntil(lambda: window.menu.counts is not None, timeout=WAIT_MS)
    assert window.menu.handover.isVisibleTo(window)


def test_the_reader_error_line_does_not_move_the_book_list(qtbot, kiosk):
    window, sim = kiosk
    login_card(qtbot, window, sim, OK_CARD)
    click(qtbot, window.menu.borrow_button)
    screen = window.borrow_screen
    place_and_wait(qtbot, screen, sim, [HUOZHE])
    list_top = screen.rows.mapTo(window, screen.rows.rect().topLeft()).y()
    buttons_top = screen.confirm_button.mapTo(window, screen.confirm_button.rect().topLeft()).y()
    sim.set_reader_fault(True)
    qtbot.waitUntil(lambda: screen.device_error.isVisible(), timeout=WAIT_MS)
    qtbot.wait(50)  # one layout pass
    assert screen.rows.mapTo(window, screen.rows.rect().topLeft()).y() == list_top
    assert (
        screen.confirm_button.mapTo(window, screen.confirm_button.rect().topLeft()).y()
        == buttons_top
    )
    sim.set_reader_fault(False)
    qtbot.waitUntil(lambda: not screen.device_error.isVisible(), timeout=WAIT_MS)
    assert screen.rows.mapTo(window, screen.rows.rect().topLeft()).y() == list_top
