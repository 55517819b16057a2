"""The result screens are honest: every book the pad saw is listed with what happened and
what to do, and a pick-up whose doors stayed shut does not say they are open."""

from uihelp import WAIT_MS, click, login_card, place_and_wait, visible_texts, wait_view

from kiosk.reasons import Reason
from ui.navigation import View

OK_CARD, WITH_HOLD = "3301000000001", "3301000000005"
FIVE = [f"3123400056789{n}" for n in range(5)]
REFERENCE_ONLY = "31234000567900"
RESERVED_FOR_5 = "31234000567899"
REFUSED = {
    REFERENCE_ONLY: Reason.ITEM_NOT_LOANABLE,
    RESERVED_FOR_5: Reason.ITEM_RESERVED_FOR_OTHER,
    "BLANK": Reason.TAG_UNREADABLE,
}


def test_borrow_result_lists_the_refused_books_with_why_and_what_to_do(qtbot, kiosk, runtime):
    window, sim = kiosk
    login_card(qtbot, window, sim, OK_CARD)
    click(qtbot, window.menu.borrow_button)
    place_and_wait(qtbot, window.borrow_screen, sim, [*FIVE, *REFUSED])
    click(qtbot, window.borrow_screen.confirm_button)
    wait_view(qtbot, window, View.RESULT)
    result = window.result_screen
    assert len(runtime.store.open_loans(OK_CARD)) == 5
    assert len(result.outcomes) == 8
    assert "共8本，已借出5本。" in result.summary.text()
    texts = visible_texts(result)
    for reason in REFUSED.values():
        assert reason.text("zh") in texts and reason.advice("zh", window.site) in texts
    window.set_language("en")
    assert "5 of 8 books borrowed." in result.summary.text()
    assert "3 books not borrowed" in result.summary.text()
    texts = visible_texts(result)
    for reason in REFUSED.values():
        assert reason.text("en") in texts
    # the receipt lists only what was lent
    kind, lines = window.transactions.last_receipt
    assert kind == "loan" and len(lines) == 5


def test_return_result_lists_an_unreadable_tag(qtbot, kiosk, runtime):
    window, sim = kiosk
    click(qtbot, window.attract.return_button)
    wait_view(qtbot, window, View.RETURN)
    place_and_wait(qtbot, window.return_screen, sim, [FIVE[0], "BLANK"])
    click(qtbot, window.return_screen.confirm_button)
    wait_view(qtbot, window, View.RESULT)
    result = window.result_screen
    assert len(result.outcomes) == 2
    texts = visible_texts(result)
    assert Reason.TAG_UNREADABLE.text("zh") in texts
    assert Reason.TAG_UNREADABLE.advice("zh", window.site) in texts
    assert "未借出，已恢复在馆。" in texts
    window.set_language("en")
    assert "1 of 2 books returned" in result.summary.text()
    assert "1 book not returned" in result.summary.text()


def test_a_jammed_door_does_not_say_your_doors_are_open(qtbot, kiosk):
    window, sim = kiosk
    sim.jam_door("A01")
    login_card(qtbot, window, sim, WITH_HOLD)
    click(qtbot, window.menu.pickup_button)
    wait_view(qtbot, window, View.PICKUP)
    qtbot.waitUntil(lambda: window.pickup_screen.open_button.isEnabled(), timeout=WAIT_MS)
    click(qtbot, window.pickup_screen.open_button)
    wait_view(qtbot, window, View.RESULT)
    result = window.result_screen
    assert result.heading.text() == "柜门没有打开"
    assert Reason.COMPARTMENT_FAULT.text("zh") in visible_texts(result)
    window.set_language("en")
    assert result.heading.text() == "The doors did not open"
    assert "open" not in result.heading.text().replace("did not open", "")
