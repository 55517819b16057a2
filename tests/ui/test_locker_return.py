"""Returns into a locker compartment (``[lockers] returns_enabled``): the books are
checked in on the pad, an empty compartment opens on the real lock board simulator, and
the resident is told which one; refusals leave the books for a return on the pad."""

from uihelp import WAIT_MS, click, visible_texts, wait_view

from drivers.locker.simulator import SimDoor
from kiosk.reasons import Reason
from ui.navigation import View
from ui.screens.result import ResultKind

OK_CARD = "3301000000001"
HUOZHE, SANTI = "31234000567890", "31234000567891"
A02 = (1, 2)  # board, lock of compartment A02 in config/default.toml


def lend(runtime, sim, item_ids):
    """Put the books on the pad and lend them to OK_CARD on the core thread."""
    for item_id in item_ids:
        sim.place_book(item_id)
    circ = runtime.circulation
    session = runtime.call(circ.start_session, OK_CARD, "card")
    tags = runtime.call(runtime.pad.inventory)
    assert all(o.ok for o in runtime.call(circ.borrow, session, tags))
    runtime.call(circ.end_session, session, "logout")
    assert len(runtime.store.open_loans(OK_CARD)) == len(item_ids)


def open_return_screen(qtbot, window, count):
    click(qtbot, window.attract.return_button)
    wait_view(qtbot, window, View.RETURN)
    qtbot.waitUntil(lambda: len(window.return_screen.ready()) == count, timeout=WAIT_MS)


def test_return_into_a_locker_opens_a_compartment_and_closes_the_loans(qtbot, kiosk, runtime):
    window, sim = kiosk
    lend(runtime, sim, [HUOZHE, SANTI])
    open_return_screen(qtbot, window, 2)
    locker_button = window.return_screen.locker_button
    assert locker_button.isVisibleTo(window) and "2" in locker_button.text()
    click(qtbot, locker_button)
    wait_view(qtbot, window, View.RESULT)

    result = window.result_screen
    assert result.kind is ResultKind.LOCKER_RETURN and result.compartment_id == "A02"
    texts = visible_texts(result)
    assert "请把书放入A02号柜格并关好柜门" in result.summary.text()
    assert texts.count("已归还") == 2 and "活着" in texts and "三体" in texts
    window.set_language("en")
    assert "Put the books into compartment A02 and close the door" in result.summary.text()
    assert visible_texts(result).count("Returned") == 2

    # The lock really released, the loans are closed, the tags protect again, and the
    # compartment waits for staff to empty it.
    assert runtime.simulators.lockers.door(*A02) is SimDoor.RELEASED
    assert runtime.store.open_loans(OK_CARD) == []
    in_library = runtime.config.security.afi_in_library
    assert [tag.afi for tag in sim.sims.rfid.tags()] == [in_library, in_library]
    a02 = next(c for c in runtime.store.compartments() if c.compartment_id == "A02")
    assert not a02.in_service

    # The resident puts the books in and shuts the door: the screen says thank you.
    sim.open_door("A02")
    qtbot.waitUntil(lambda: result.door_opened, timeout=WAIT_MS)  # the bank polls the sensor
    sim.close_door("A02")
    qtbot.waitUntil(lambda: result.door_closed, timeout=WAIT_MS)
    assert "Compartment A02 is closed" in result.summary.text()
    assert window.transactions.last_receipt[0] == "return"


def test_no_free_compartment_and_a_jammed_door_are_explained(qtbot, kiosk, runtime):
    window, sim = kiosk
    lend(runtime, sim, [HUOZHE])
    store = runtime.store
    for compartment in store.compartments():
        runtime.call(store.set_compartment_in_service, compartment.compartment_id, False, "test")
    open_return_screen(qtbot, window, 1)
    screen = window.return_screen
    click(qtbot, screen.locker_button)
    qtbot.waitUntil(lambda: screen.locker_refusal is Reason.NO_FREE_COMPARTMENT, timeout=WAIT_MS)
    assert window.view is View.RETURN
    assert Reason.NO_FREE_COMPARTMENT.text("zh") in screen.device_error.text()
    assert screen.device_error.isVisibleTo(window)
    assert not screen.locker_button.isEnabled()
    assert len(store.open_loans(OK_CARD)) == 1  # nothing was returned

    # A free compartment whose lock will not release: the books are returned already,
    # and the resident is told so and what to do with them.
    runtime.call(store.set_compartment_in_service, "A02", True, None)
    sim.jam_door("A02")
    window.logout()
    open_return_screen(qtbot, window, 1)
    click(qtbot, screen.locker_button)
    wait_view(qtbot, window, View.MESSAGE)
    texts = "\n".join(visible_texts(window.message_screen))
    assert "柜门没有打开" in texts and "已归还" in texts
    assert store.open_loans(OK_CARD) == []
    assert runtime.simulators.lockers.door(*A02) is SimDoor.LOCKED
