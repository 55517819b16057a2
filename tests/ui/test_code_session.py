"""A pick-up code opens its holds and nothing else; guessing is told how long to wait.

Real runtime on the simulators (tests/ui/conftest.py), the window driven by clicks.
"""

import pytest
from uihelp import WAIT_MS, click, visible_texts, wait_view

from kiosk.model import HoldStatus
from kiosk.reasons import Reason, wait_text
from kiosk.sample_data import DEMO_PICKUP_CODE
from ui.navigation import View


def enter_code(qtbot, window, code: str) -> None:
    for digit in code:
        click(qtbot, window.code_screen.keypad.keys[digit])
    click(qtbot, window.code_screen.ok_button)


def code_logins(runtime) -> int:
    return runtime.store.query("SELECT count(*) AS n FROM audit WHERE action = 'code_login'")[0][
        "n"
    ]


def test_a_code_session_sees_only_its_holds(qtbot, kiosk, runtime):
    window, _ = kiosk
    click(qtbot, window.attract.code_button)
    enter_code(qtbot, window, DEMO_PICKUP_CODE)
    wait_view(qtbot, window, View.PICKUP)
    assert window.session.pickup_only
    for view in (View.MENU, View.BORROW, View.LOANS):
        with pytest.raises(RuntimeError):
            window.go(view)
        assert window.view is View.PICKUP, f"{view} shown to a code session"
    qtbot.waitUntil(lambda: window.pickup_screen.loaded, timeout=WAIT_MS)
    click(qtbot, window.pickup_screen.open_button)
    wait_view(qtbot, window, View.RESULT)
    assert runtime.store.get_hold("H-0002").status is HoldStatus.PICKED_UP
    assert not window.result_screen.continue_button.isVisible()
    window.resident.back_to_menu()  # what "Do something else" did: it showed the patron's loans
    assert window.view is View.ATTRACT and window.session is None


def test_keypad_guessing_says_how_long_and_the_scanned_code_still_works(qtbot, kiosk, runtime):
    window, sim = kiosk
    click(qtbot, window.attract.code_button)
    attempts = runtime.config.policy.pickup_code_attempts
    for n in range(1, attempts + 1):
        window.code_screen.reason = None
        enter_code(qtbot, window, "111111")
        qtbot.waitUntil(lambda: window.code_screen.reason is not None, timeout=WAIT_MS)
        assert code_logins(runtime) == n
    qtbot.waitUntil(lambda: wait_text(30, "zh") in window.code_screen.error.text(), timeout=WAIT_MS)
    assert Reason.PICKUP_CODE_WRONG.text("zh") in window.code_screen.error.text()
    # The rightful owner scans the code from the app: the keypad's wait does not apply.
    sim.scan(DEMO_PICKUP_CODE)
    wait_view(qtbot, window, View.PICKUP)
    assert window.session.hold_ids == ("H-0002",)
    qtbot.waitUntil(lambda: window.pickup_screen.loaded, timeout=WAIT_MS)
    assert any("A01" in t for t in visible_texts(window.pickup_screen))


def test_text_that_is_not_a_code_is_never_sent_to_the_core_as_a_guess(qtbot, kiosk, runtime):
    """One rule, kiosk.pickup_codes.normalise: six ASCII digits. Full-width digits pass
    str.isdigit, but they are no code, so no code login is tried (nor audited)."""
    window, sim = kiosk
    sim.scan("２４６８１０")
    wait_view(qtbot, window, View.MESSAGE)
    assert code_logins(runtime) == 0


def test_a_code_scanned_on_the_attract_screen_opens_its_holds(qtbot, kiosk, runtime):
    """The app shows the pick-up code as a QR code: scanned at the attract screen (spaces
    inside ignored, as the core's rule says), it goes straight to the holds."""
    window, sim = kiosk
    sim.scan(DEMO_PICKUP_CODE[:3] + " " + DEMO_PICKUP_CODE[3:])
    wait_view(qtbot, window, View.PICKUP)
    assert window.session.hold_ids == ("H-0002",)
    qtbot.waitUntil(lambda: window.pickup_screen.loaded, timeout=WAIT_MS)
    assert any("A01" in t for t in visible_texts(window.pickup_screen))
