"""Service mode: PIN (slow hash, lockout) or staff card, and the staff actions, each one
written to the audit log."""

import subprocess
import sys

import pytest
from uihelp import ROOT, WAIT_MS, click, lift_card, visible_texts, wait_view

from kiosk.model import HoldStatus
from kiosk.service_pin import (
    DEMO_PIN,
    DEMO_STAFF_CARD,
    MAX_FAILURES,
    PinFormatError,
    make_hash,
    verify,
)
from ui.navigation import View


def enter_pin(qtbot, window, pin):
    screen = window.service_login
    for digit in pin:
        click(qtbot, screen.keypad.keys[digit])
    click(qtbot, screen.ok_button)


def audited(runtime, action, outcome="ok"):
    return any(
        r["action"] == action and r["outcome"] == outcome for r in runtime.store.recent_audit(100)
    )


def login_service(qtbot, window):
    click(qtbot, window.attract.service_button)
    wait_view(qtbot, window, View.SERVICE_LOGIN)
    enter_pin(qtbot, window, DEMO_PIN)
    wait_view(qtbot, window, View.SERVICE)
    qtbot.waitUntil(lambda: bool(window.service_screen.snapshot), timeout=WAIT_MS)


def test_demo_pin_is_shown_only_with_simulated_devices(qtbot, kiosk):
    window, _ = kiosk
    click(qtbot, window.attract.service_button)
    assert DEMO_PIN in window.service_login.demo.text()
    assert window.service_login.demo.isVisible()


def test_lockout_after_wrong_pins_even_for_the_right_pin(qtbot, kiosk, runtime):
    window, _ = kiosk
    click(qtbot, window.attract.service_button)
    wait_view(qtbot, window, View.SERVICE_LOGIN)
    screen = window.service_login
    for attempt in range(1, MAX_FAILURES):
        enter_pin(qtbot, window, "000000")
        qtbot.waitUntil(
            lambda a=attempt: (
                screen.check is not None and screen.check.failures_left == MAX_FAILURES - a
            ),
            timeout=WAIT_MS,
        )  # noqa: E501
        assert str(MAX_FAILURES - attempt) in screen.error.text()
    enter_pin(qtbot, window, "000000")
    qtbot.waitUntil(lambda: screen.check.locked_for_s > 0, timeout=WAIT_MS)
    assert "锁定" in screen.error.text()
    screen.check = None
    enter_pin(qtbot, window, DEMO_PIN)  # right PIN, but locked
    qtbot.waitUntil(lambda: screen.check is not None, timeout=WAIT_MS)
    assert screen.check.locked_for_s > 0 and not screen.check.ok
    assert window.view is View.SERVICE_LOGIN
    assert audited(runtime, "service_login", "locked")
    assert (
        sum(r["outcome"] == "refused" for r in runtime.store.recent_audit(50)) >= MAX_FAILURES - 1
    )


def test_lockout_survives_a_restart(qtbot, runtime):
    from kiosk.lockout import SteadyClock
    from kiosk.service_pin import PinGuard

    steady = [100.0]
    clock = SteadyClock("boot-1", lambda: steady[0])
    guard = PinGuard(runtime.store, make_hash("135790"), simulated=False, steady=clock)
    for _ in range(MAX_FAILURES):
        assert not runtime.call(guard.check, "999999").ok
    again = PinGuard(runtime.store, make_hash("135790"), simulated=False, steady=clock)
    assert runtime.call(again.check, "135790").locked_for_s == 300
    steady[0] += 300
    assert runtime.call(again.check, "135790").ok


def test_staff_card_enters_service_mode(qtbot, kiosk, runtime):
    window, sim = kiosk
    sim.present_card(DEMO_STAFF_CARD)
    wait_view(qtbot, window, View.SERVICE)
    qtbot.waitUntil(lambda: audited(runtime, "service_login"), timeout=WAIT_MS)
    assert any(r["actor"].startswith("staff:card") for r in runtime.store.recent_audit(5))


def test_service_screen_shows_devices_queue_and_masked_transactions(qtbot, kiosk, runtime):
    window, sim = kiosk
    sim.present_card("3301000000001")
    wait_view(qtbot, window, View.MENU)
    lift_card(qtbot, window, sim)
    window.logout()
    login_service(qtbot, window)
    snap = window.service_screen.snapshot
    assert snap["devices"]["rfid"] == (True, "")
    assert snap["devices"]["lockers"] == (True, "")
    assert snap["outbox"].depth >= 0
    texts = "\n".join(visible_texts(window.service_screen))
    assert "****0001" in texts
    assert "3301000000001" not in texts


def test_open_compartment_is_audited_and_door_released(qtbot, kiosk, runtime):
    window, sim = kiosk
    login_service(qtbot, window)
    door_buttons = [
        window.service_screen.door_grid.itemAt(i).widget()
        for i in range(window.service_screen.door_grid.count())
    ]
    a02 = next(b for b in door_buttons if "A02" in b.text())
    click(qtbot, a02)
    qtbot.waitUntil(lambda: audited(runtime, "service.open_compartment"), timeout=WAIT_MS)
    assert sim.sims.lockers.open_door(1, 2, "A")  # the lock really released


def test_load_a_hold_into_a_compartment(qtbot, kiosk, runtime):
    window, sim = kiosk
    login_service(qtbot, window)
    screen = window.service_screen
    assert [h.item_id for h, _ in screen.snapshot["to_load"]] == ["31234000567899"]
    window.service.begin_loading("31234000567899")
    qtbot.waitUntil(lambda: screen.ticket is not None, timeout=WAIT_MS)
    compartment = screen.ticket.compartment_id
    assert compartment in screen.ticket_text.text()
    sim.open_door(compartment)
    sim.close_door(compartment)
    click(qtbot, screen.loaded_button)
    qtbot.waitUntil(lambda: screen.ticket is None, timeout=WAIT_MS)
    hold = runtime.store.get_hold("H-0001")
    assert hold.status is HoldStatus.READY and hold.compartment_id == compartment
    assert compartment in screen.status.text()
    assert audited(runtime, "service.begin_loading") and audited(runtime, "service.confirm_loaded")


def test_terminal_out_of_service_and_back(qtbot, kiosk, runtime):
    window, _ = kiosk
    login_service(qtbot, window)
    click(qtbot, window.service_screen.terminal_button)
    qtbot.waitUntil(lambda: window.service_screen.snapshot.get("out_of_service"), timeout=WAIT_MS)
    click(qtbot, window.service_screen.exit_button)
    wait_view(qtbot, window, View.ATTRACT)
    qtbot.waitUntil(lambda: window.attract.out_of_service.isVisible(), timeout=WAIT_MS)
    assert not window.attract.code_button.isEnabled()
    assert audited(runtime, "service.terminal_out_of_service")
    qtbot.waitUntil(lambda: audited(runtime, "service_logout", "logout"), timeout=WAIT_MS)
    login_service(qtbot, window)
    click(qtbot, window.service_screen.terminal_button)
    qtbot.waitUntil(
        lambda: not window.service_screen.snapshot.get("out_of_service"), timeout=WAIT_MS
    )
    window.logout()
    qtbot.waitUntil(lambda: not window.attract.out_of_service.isVisible(), timeout=WAIT_MS)


def test_alarm_from_a_forced_door_shows_and_clears(qtbot, kiosk, runtime):
    window, sim = kiosk
    cues = []
    window.cues.played.connect(cues.append)
    login_service(qtbot, window)
    sim.force_door("A03")
    qtbot.waitUntil(lambda: bool(runtime.store.active_alarms()), timeout=WAIT_MS)
    # the alarm, raised on the locker bus thread, sounds the attention tone on the UI thread
    qtbot.waitUntil(lambda: "attention" in cues, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: bool(window.service_screen.snapshot.get("alarms")), timeout=WAIT_MS)
    alarm = window.service_screen.snapshot["alarms"][0]
    window.service.clear_alarm(alarm.alarm_id)
    qtbot.waitUntil(lambda: audited(runtime, "service.clear_alarm"), timeout=WAIT_MS)
    assert alarm.alarm_id not in [a.alarm_id for a in runtime.store.active_alarms()]


def test_compartment_out_of_service_toggle(qtbot, kiosk, runtime):
    window, _ = kiosk
    login_service(qtbot, window)
    window.service.set_compartment("A04", True)
    qtbot.waitUntil(
        lambda: (
            not next(
                c for c in runtime.store.compartments() if c.compartment_id == "A04"
            ).in_service
        ),
        timeout=WAIT_MS,
    )
    assert audited(runtime, "service.compartment_out_of_service")


def test_reader_inventory_and_printer_test_page(qtbot, kiosk, runtime):
    window, sim = kiosk
    login_service(qtbot, window)
    sim.place_book("31234000567890")
    click(qtbot, window.service_screen.inventory_button)
    qtbot.waitUntil(
        lambda: "31234000567890" in window.service_screen.device_out.text(), timeout=WAIT_MS
    )
    click(qtbot, window.service_screen.print_test_button)
    docs = runtime.simulators.printer.simulator.wait_for_documents(1, 15)
    assert any("TEST" in line for line in docs[0].lines)
    assert audited(runtime, "service.reader_inventory")
    qtbot.waitUntil(lambda: audited(runtime, "service.printer_test"), timeout=WAIT_MS)


def test_pin_hash_format_and_verification():
    encoded = make_hash("135790")
    assert encoded.startswith("scrypt$15$8$1$")
    assert verify("135790", encoded) and not verify("135791", encoded)
    assert make_hash("135790") != encoded  # salted
    with pytest.raises(PinFormatError):
        verify("135790", "sha256$abc")
    with pytest.raises(ValueError):
        make_hash("12a456")


def test_pin_hash_command():
    out = subprocess.run(
        [sys.executable, "-m", "cli", "service", "pin-hash", "--stdin"],
        input="864213\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    ).stdout
    encoded = out.split('"')[1]
    assert out.startswith("service_pin_hash = ") and verify("864213", encoded)


def test_stored_utc_times_are_shown_in_site_time(qtbot, kiosk, runtime):
    from datetime import datetime, timedelta, timezone

    window, _ = kiosk
    login_service(qtbot, window)
    row = window.service_screen.snapshot["audit"][0]
    assert row["at"].endswith("+00:00")
    site = timezone(timedelta(hours=runtime.config.site.utc_offset_hours))
    local = datetime.fromisoformat(row["at"]).astimezone(site)
    assert window.service_screen.audit_table.item(0, 0).text() == local.strftime(
        "%Y-%m-%d %H:%M:%S"
    )
