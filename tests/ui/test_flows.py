"""Resident flows end to end on the real drivers and simulators: log in, borrow,
return, loans and renewals, pick-up, receipts, refusals in plain words."""

from datetime import timedelta

from uihelp import WAIT_MS, click, login_card, place_and_wait, visible_texts, wait_view

from kiosk.model import HoldStatus
from kiosk.reasons import Reason
from ui.navigation import View

OK_CARD, CREDIT_OK, CREDIT_LOW, BLOCKED, WITH_HOLD = (f"330100000000{n}" for n in range(1, 6))
HUOZHE, SANTI, PINGFAN, WEICHENG, HONGLOU, ZHAOHUA = (f"3123400056789{n}" for n in range(6))
REFERENCE_ONLY = "31234000567900"
RESERVED_FOR_5 = "31234000567899"


def test_attract_screen_tells_where_when_what_and_how(kiosk):
    window, _ = kiosk
    texts = "\n".join(visible_texts(window))
    assert "武林门地铁书房" in texts
    assert "24小时开放" in texts
    assert "读者证" in texts and "取书码" in texts
    window.set_language("en")
    texts = "\n".join(visible_texts(window))
    assert "Wulinmen Subway Book Room" in texts
    assert "Open 24 hours" in texts
    assert "library card" in texts and "pick-up code" in texts


def test_borrow_two_books_with_receipt_then_nothing_left_on_screen(qtbot, kiosk, runtime):
    window, sim = kiosk
    login_card(qtbot, window, sim, OK_CARD)
    click(qtbot, window.menu.borrow_button)
    wait_view(qtbot, window, View.BORROW)
    place_and_wait(qtbot, window.borrow_screen, sim, [HUOZHE, SANTI])
    texts = visible_texts(window.borrow_screen)
    assert "活着" in texts and "三体" in texts
    assert texts.count("可以借阅") == 2
    assert window.borrow_screen.confirm_button.text() == "借出2本"
    click(qtbot, window.borrow_screen.confirm_button)
    wait_view(qtbot, window, View.RESULT)
    loans = runtime.store.open_loans(OK_CARD)
    assert sorted(loan.item_id for loan in loans) == [HUOZHE, SANTI]
    due = loans[0].due.isoformat()
    assert any(due in t for t in visible_texts(window.result_screen))
    # the tags were switched to "on loan"
    on_loan = runtime.config.security.afi_on_loan
    assert [tag.afi for tag in sim.sims.rfid.tags()] == [on_loan, on_loan]

    click(qtbot, window.result_screen.finish_button)
    qtbot.waitUntil(lambda: len(window.open_dialogs()) == 1, timeout=WAIT_MS)
    click(qtbot, window.open_dialogs()[0].answer_buttons[0])  # print
    printed = runtime.simulators.printer.simulator.wait_for_documents(1, 15)
    wait_view(qtbot, window, View.ATTRACT)
    lines = "\n".join(printed[0].lines)
    assert "活着" in lines and "三体" in lines and "****0001" in lines
    assert OK_CARD not in lines
    texts = "\n".join(visible_texts(window))
    for private in ("活着", "三体", "****0001", due):
        assert private not in texts


def test_refused_books_say_why_and_are_not_borrowed(qtbot, kiosk, runtime):
    window, sim = kiosk
    login_card(qtbot, window, sim, OK_CARD)
    click(qtbot, window.menu.borrow_button)
    place_and_wait(qtbot, window.borrow_screen, sim, [HUOZHE, REFERENCE_ONLY, RESERVED_FOR_5])
    texts = visible_texts(window.borrow_screen)
    assert Reason.ITEM_NOT_LOANABLE.text("zh") in texts
    assert Reason.ITEM_NOT_LOANABLE.advice("zh", window.site) in texts
    assert Reason.ITEM_RESERVED_FOR_OTHER.text("zh") in texts
    assert window.borrow_screen.confirm_button.text() == "借出1本"
    click(qtbot, window.borrow_screen.confirm_button)
    wait_view(qtbot, window, View.RESULT)
    assert [loan.item_id for loan in runtime.store.open_loans(OK_CARD)] == [HUOZHE]


def test_unreadable_tag_and_lifted_book(qtbot, kiosk):
    window, sim = kiosk
    login_card(qtbot, window, sim, OK_CARD)
    click(qtbot, window.menu.borrow_button)
    place_and_wait(qtbot, window.borrow_screen, sim, [HUOZHE, "BLANK"])
    assert Reason.TAG_UNREADABLE.text("zh") in visible_texts(window.borrow_screen)
    sim.remove_book("BLANK")
    qtbot.waitUntil(lambda: len(window.borrow_screen.entries) == 1, timeout=WAIT_MS)
    assert Reason.TAG_UNREADABLE.text("zh") not in visible_texts(window.borrow_screen)


def test_books_past_the_per_visit_limit_are_refused_before_confirming(qtbot, kiosk, runtime):
    window, sim = kiosk
    login_card(qtbot, window, sim, OK_CARD)
    click(qtbot, window.menu.borrow_button)
    six = [HUOZHE, SANTI, PINGFAN, WEICHENG, HONGLOU, ZHAOHUA]
    place_and_wait(qtbot, window.borrow_screen, sim, six)
    qtbot.waitUntil(lambda: len(window.borrow_screen.ready()) == 5, timeout=WAIT_MS)
    refused = [e for e in window.borrow_screen.entries.values() if e.reason is not None]
    assert [e.reason for e in refused] == [Reason.MAX_ITEMS_PER_TRANSACTION]
    advice = Reason.MAX_ITEMS_PER_TRANSACTION.advice("zh", window.site)
    assert advice in visible_texts(window.borrow_screen)
    click(qtbot, window.borrow_screen.confirm_button)
    wait_view(qtbot, window, View.RESULT)
    assert len(runtime.store.open_loans(OK_CARD)) == 5


def test_credit_below_threshold_is_explained_with_the_numbers(qtbot, kiosk):
    window, sim = kiosk
    sim.present_card(CREDIT_LOW)
    wait_view(qtbot, window, View.MESSAGE)
    texts = visible_texts(window.message_screen)
    assert Reason.CREDIT_TOO_LOW.text("zh") in texts
    assert Reason.CREDIT_TOO_LOW.advice("zh", window.site) in texts
    assert any("512" in t and "550" in t for t in texts)
    assert window.session is None
    click(qtbot, window.message_screen.ok_button)
    wait_view(qtbot, window, View.ATTRACT)


def test_credit_patron_above_threshold_logs_in(qtbot, kiosk):
    window, sim = kiosk
    login_card(qtbot, window, sim, CREDIT_OK)
    assert window.session.patron_id == CREDIT_OK


def test_blocked_card_is_explained(qtbot, kiosk):
    window, sim = kiosk
    window.set_language("en")
    sim.present_card(BLOCKED)
    wait_view(qtbot, window, View.MESSAGE)
    texts = visible_texts(window.message_screen)
    assert Reason.PATRON_BLOCKED.text("en") in texts
    assert Reason.PATRON_BLOCKED.advice("en", window.site) in texts
    assert any("reported lost" in t for t in texts)


def test_unknown_card_is_explained(qtbot, kiosk):
    window, sim = kiosk
    sim.present_card("9999999999999")
    wait_view(qtbot, window, View.MESSAGE)
    assert Reason.PATRON_UNKNOWN.text("zh") in visible_texts(window.message_screen)


def test_offline_session_shows_its_limits(qtbot, kiosk, runtime):
    window, sim = kiosk
    sim.network_button.setChecked(True)  # cut the network
    qtbot.waitUntil(lambda: window.network_label.isVisible(), timeout=WAIT_MS)
    login_card(qtbot, window, sim, OK_CARD)
    assert window.session.online is False
    assert window.menu.offline.isVisible()
    assert "3" in window.menu.offline.text() and "21" in window.menu.offline.text()
    click(qtbot, window.menu.borrow_button)
    place_and_wait(qtbot, window.borrow_screen, sim, [HUOZHE, SANTI, PINGFAN, WEICHENG])
    qtbot.waitUntil(lambda: len(window.borrow_screen.ready()) == 3, timeout=WAIT_MS)
    assert Reason.OFFLINE_ITEM_LIMIT.text("zh") in visible_texts(window.borrow_screen)
    click(qtbot, window.borrow_screen.confirm_button)
    wait_view(qtbot, window, View.RESULT)
    loans = runtime.store.open_loans(OK_CARD)
    assert len(loans) == 3 and all(loan.offline for loan in loans)


def test_return_without_logging_in(qtbot, kiosk, runtime):
    window, sim = kiosk
    login_card(qtbot, window, sim, OK_CARD)
    click(qtbot, window.menu.borrow_button)
    place_and_wait(qtbot, window.borrow_screen, sim, [HUOZHE])
    click(qtbot, window.borrow_screen.confirm_button)
    wait_view(qtbot, window, View.RESULT)
    window.transactions.last_receipt = None
    click(qtbot, window.result_screen.finish_button)
    wait_view(qtbot, window, View.ATTRACT)
    sim.clear_pad()

    click(qtbot, window.attract.return_button)
    wait_view(qtbot, window, View.RETURN)
    place_and_wait(qtbot, window.return_screen, sim, [HUOZHE, SANTI])
    texts = visible_texts(window.return_screen)
    assert "已借出：将办理归还" in texts and "未借出，将恢复在馆" in texts
    click(qtbot, window.return_screen.confirm_button)
    wait_view(qtbot, window, View.RESULT)
    assert runtime.store.open_loans(OK_CARD) == []
    in_library = runtime.config.security.afi_in_library
    assert [tag.afi for tag in sim.sims.rfid.tags()] == [in_library, in_library]
    assert not window.result_screen.continue_button.isVisible()


def test_my_loans_with_due_dates_and_renew(qtbot, kiosk, runtime):
    window, sim = kiosk
    login_card(qtbot, window, sim, OK_CARD)
    click(qtbot, window.menu.borrow_button)
    place_and_wait(qtbot, window.borrow_screen, sim, [HUOZHE, SANTI])
    click(qtbot, window.borrow_screen.confirm_button)
    wait_view(qtbot, window, View.RESULT)
    click(qtbot, window.result_screen.continue_button)
    wait_view(qtbot, window, View.MENU)
    click(qtbot, window.menu.loans_button)
    wait_view(qtbot, window, View.LOANS)
    qtbot.waitUntil(lambda: len(window.loans_screen.loans) == 2, timeout=WAIT_MS)
    old_due = runtime.store.open_loans(OK_CARD)[0].due
    assert any(old_due.isoformat() in t for t in visible_texts(window.loans_screen))
    # fresh loans are outside the renew window (tests/kiosk/test_renew_rules.py): widen it
    runtime.call(runtime.circulation.update_policy, {"renew_window_days": 30})
    click(qtbot, window.loans_screen.renew_all_button)
    qtbot.waitUntil(lambda: len(window.loans_screen.outcomes) == 2, timeout=WAIT_MS)
    new_due = old_due + timedelta(days=runtime.config.policy.renew_days)
    assert all(loan.due == new_due for loan in runtime.store.open_loans(OK_CARD))
    # The outcomes are shown with the loans re-read after the renewal (a second job): the
    # screen was already "loaded" before it, so wait for the text itself.
    qtbot.waitUntil(
        lambda: any(new_due.isoformat() in t and "续借" in t for t in visible_texts(window)),
        timeout=WAIT_MS,
    )


def test_pickup_by_code_opens_the_right_door(qtbot, kiosk, runtime):
    window, sim = kiosk
    click(qtbot, window.attract.code_button)
    wait_view(qtbot, window, View.CODE)
    for digit in "246810":
        click(qtbot, window.code_screen.keypad.keys[digit])
    click(qtbot, window.code_screen.ok_button)
    wait_view(qtbot, window, View.PICKUP)
    qtbot.waitUntil(lambda: window.pickup_screen.loaded, timeout=WAIT_MS)
    assert any("A01" in t and "西湖游览志" in t for t in visible_texts(window.pickup_screen))
    click(qtbot, window.pickup_screen.open_button)
    wait_view(qtbot, window, View.RESULT)
    assert any("A01" in t for t in visible_texts(window.result_screen))
    assert runtime.store.get_hold("H-0002").status is HoldStatus.PICKED_UP
    # the lock really released: the resident can pull the door open
    assert sim.sims.lockers.open_door(1, 1, "A")


def test_wrong_pickup_code_says_so(qtbot, kiosk):
    window, _ = kiosk
    click(qtbot, window.attract.code_button)
    for digit in "111111":
        click(qtbot, window.code_screen.keypad.keys[digit])
    click(qtbot, window.code_screen.ok_button)
    qtbot.waitUntil(lambda: bool(window.code_screen.error.text()), timeout=WAIT_MS)
    assert Reason.PICKUP_CODE_WRONG.text("zh") in window.code_screen.error.text()
    assert window.view is View.CODE and window.session is None


def test_pickup_code_scanned_and_card_holder_pickup(qtbot, kiosk, runtime):
    window, sim = kiosk
    login_card(qtbot, window, sim, WITH_HOLD)
    qtbot.waitUntil(lambda: "1" in window.menu.pickup_button.text(), timeout=WAIT_MS)
    click(qtbot, window.menu.pickup_button)
    qtbot.waitUntil(lambda: window.pickup_screen.loaded, timeout=WAIT_MS)
    click(qtbot, window.pickup_screen.open_button)
    wait_view(qtbot, window, View.RESULT)
    assert [o.compartment_id for o in window.result_screen.outcomes] == ["A01"]
    assert runtime.store.open_loan_for_item("31234000567901").patron_id == WITH_HOLD


def test_jammed_door_is_explained_and_hold_kept(qtbot, kiosk, runtime):
    window, sim = kiosk
    sim.jam_door("A01")
    login_card(qtbot, window, sim, WITH_HOLD)
    click(qtbot, window.menu.pickup_button)
    qtbot.waitUntil(lambda: window.pickup_screen.loaded, timeout=WAIT_MS)
    click(qtbot, window.pickup_screen.open_button)
    wait_view(qtbot, window, View.RESULT)
    texts = visible_texts(window.result_screen)
    assert Reason.COMPARTMENT_FAULT.text("zh") in texts
    assert Reason.COMPARTMENT_FAULT.advice("zh", window.site) in texts
    assert runtime.store.get_hold("H-0002").status is HoldStatus.READY


def test_qr_ecard_login(qtbot, kiosk):
    window, sim = kiosk
    sim.scan_ecard(CREDIT_OK)
    wait_view(qtbot, window, View.MENU)
    assert window.session.patron_id == CREDIT_OK and window.session.via == "ecard"


def test_foreign_qr_code_is_explained(qtbot, kiosk):
    window, sim = kiosk
    sim.scan("https://example.com/not-a-card")
    wait_view(qtbot, window, View.MESSAGE)
    assert any("二维码" in t for t in visible_texts(window.message_screen))


def test_reader_failure_on_borrow_screen_is_shown_and_recovers(qtbot, kiosk):
    from drivers.rfid.sim import Fault

    window, sim = kiosk
    login_card(qtbot, window, sim, OK_CARD)
    click(qtbot, window.menu.borrow_button)
    wait_view(qtbot, window, View.BORROW)
    sim.sims.rfid.inject(Fault.DROP_REPLY, 3)
    qtbot.waitUntil(lambda: window.borrow_screen.device_error.isVisible(), timeout=WAIT_MS)
    assert "图书感应器暂无响应" in window.borrow_screen.device_error.text()
    place_and_wait(qtbot, window.borrow_screen, sim, [HUOZHE])
    qtbot.waitUntil(lambda: not window.borrow_screen.device_error.isVisible(), timeout=WAIT_MS)


def test_device_failure_during_borrow_is_explained_and_kiosk_stays_usable(qtbot, kiosk, runtime):
    from drivers.rfid.sim import Fault

    window, sim = kiosk
    login_card(qtbot, window, sim, OK_CARD)
    click(qtbot, window.menu.borrow_button)
    place_and_wait(qtbot, window.borrow_screen, sim, [HUOZHE])
    window.borrow_screen.timer.stop()
    qtbot.waitUntil(lambda: not window.worker.busy, timeout=WAIT_MS)
    sim.sims.rfid.inject(Fault.DROP_REPLY, 6)  # the reader goes silent mid-borrow
    click(qtbot, window.borrow_screen.confirm_button)
    wait_view(qtbot, window, View.RESULT)
    (outcome,) = window.result_screen.outcomes
    texts = "\n".join(visible_texts(window.result_screen))
    # Either way the resident is told plainly what happened and what to do.
    if outcome.ok:
        assert outcome.needs_staff and "工作人员" in texts
        assert any(a.kind == "security_state_unknown" for a in runtime.store.active_alarms())
    else:
        assert outcome.reason.text("zh") in texts
    # ...and the kiosk still works: the same session goes on to pick-up elsewhere
    window.transactions.last_receipt = None
    click(qtbot, window.result_screen.finish_button)
    wait_view(qtbot, window, View.ATTRACT)
    login_card(qtbot, window, sim, WITH_HOLD)
    click(qtbot, window.menu.pickup_button)
    qtbot.waitUntil(lambda: window.pickup_screen.loaded, timeout=WAIT_MS)
    click(qtbot, window.pickup_screen.open_button)
    wait_view(qtbot, window, View.RESULT)
    assert window.result_screen.outcomes[0].ok


def test_printer_out_of_paper_explained_and_logs_out(qtbot, kiosk, runtime):
    window, sim = kiosk
    sim.paper_button.setChecked(True)
    login_card(qtbot, window, sim, OK_CARD)
    click(qtbot, window.menu.borrow_button)
    place_and_wait(qtbot, window.borrow_screen, sim, [HUOZHE])
    click(qtbot, window.borrow_screen.confirm_button)
    wait_view(qtbot, window, View.RESULT)
    click(qtbot, window.result_screen.finish_button)
    qtbot.waitUntil(lambda: len(window.open_dialogs()) == 1, timeout=WAIT_MS)
    click(qtbot, window.open_dialogs()[0].answer_buttons[0])
    wait_view(qtbot, window, View.MESSAGE)
    assert "凭条打印机暂时无法使用。" in visible_texts(window.message_screen)
    click(qtbot, window.message_screen.ok_button)
    wait_view(qtbot, window, View.ATTRACT)
    assert window.session is None
    assert len(runtime.store.open_loans(OK_CARD)) == 1
