"""A misread is the resident's to put right, a dead device is not: a card pulled off
mid-read or a code the scanner could not decode asks the resident to try again and leaves
the device in good standing; a reader or scanner that is gone is reported as a fault."""

from uihelp import WAIT_MS, click, login_card, visible_texts, wait_view

from kiosk.devices import CardRemoved, NoReader, UnknownCard
from kiosk.reasons import Reason
from ui.navigation import View

OK_CARD = "3301000000001"
KEEP_CARD_ZH = "请把读者证放在读卡区上，稍等片刻再拿开。"
KEEP_CARD_EN = "Keep your card on the reader until you hear the tone."


def test_card_pulled_off_mid_read_asks_to_keep_it_on_the_reader(qtbot, kiosk):
    window, sim = kiosk
    cues = []
    window.cues.played.connect(cues.append)
    # The simulated reader hands over a card in one piece, so the pull mid-read enters
    # where the real PC/SC driver's CardRemoved does: the card poller's failed signal.
    window.identification.card_poller.failed.emit(
        CardRemoved("no answer from the card", device="sim")
    )
    attract = window.attract
    assert window.view is View.ATTRACT
    assert attract.hint.isVisibleTo(window) and attract.hint.text() == KEEP_CARD_ZH
    assert cues == ["error"]
    assert "card" not in window.identification.device_faults
    assert not attract.device_note.isVisibleTo(window)
    window.set_language("en")
    assert attract.hint.text() == KEEP_CARD_EN

    # The reader still works: the next tap logs in and the hint is gone.
    login_card(qtbot, window, sim, OK_CARD)
    window.logout()
    assert not attract.hint.isVisibleTo(window)
    window.set_language("en")  # the logout restored the site's language

    # A card that is not a library card is explained; the reader is still fine.
    window.identification.card_poller.failed.emit(
        UnknownCard("the card answered SW 6A82", device="sim")
    )
    assert window.view is View.MESSAGE
    assert Reason.PATRON_UNKNOWN.text("en") in visible_texts(window.message_screen)
    assert "card" not in window.identification.device_faults
    click(qtbot, window.message_screen.ok_button)
    wait_view(qtbot, window, View.ATTRACT)
    window.set_language("en")

    # A reader that is gone is a fault: said on the attract screen, and on the service
    # screen's device list.
    window.identification.card_poller.failed.emit(NoReader("pcscd not running", device="sim"))
    assert window.identification.device_faults["card"] == "no_reader"
    assert attract.device_note.isVisibleTo(window)
    assert "card reader is not working" in attract.device_note.text()
    window.set_language("zh")
    assert "读卡器" in attract.device_note.text()
    assert not attract.hint.isVisibleTo(window)


def test_unreadable_scan_asks_to_scan_again_and_a_gone_scanner_is_a_fault(qtbot, kiosk, runtime):
    window, _ = kiosk
    attract = window.attract
    scanner = runtime.simulators.scanner
    # Bytes that cannot be a code, through the real pty and the driver's framer.
    scanner.simulator.send_raw(b"\x02\xff\xfe\x1b[0m\r")
    qtbot.waitUntil(lambda: attract.hint.isVisibleTo(window), timeout=WAIT_MS)
    assert "二维码" in attract.hint.text()
    assert "scanner" not in window.identification.device_faults
    assert not attract.device_note.isVisibleTo(window)
    window.set_language("en")
    assert "scan again" in attract.hint.text()

    # The scanner is unplugged: its port goes away under the driver.
    scanner.simulator.close()
    qtbot.waitUntil(
        lambda: window.identification.device_faults.get("scanner") == "no_reader", timeout=WAIT_MS
    )
    assert "QR scanner is not working" in attract.device_note.text()
    assert attract.device_note.isVisibleTo(window)


def test_a_misread_away_from_the_attract_screen_is_only_logged(qtbot, kiosk, caplog):
    window, sim = kiosk
    login_card(qtbot, window, sim, OK_CARD)
    cues = []
    window.cues.played.connect(cues.append)
    caplog.set_level("INFO", logger="ui.identification")
    window.identification.card_poller.failed.emit(
        CardRemoved("no answer from the card", device="sim")
    )
    # The resident is busy elsewhere: no tone, no hint, no screen change, no fault.
    assert window.view is View.MENU
    assert cues == []
    assert not window.attract.hint.isVisibleTo(window)
    assert "card" not in window.identification.device_faults
    assert "card misread on menu: card_removed" in caplog.text
