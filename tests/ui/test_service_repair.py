"""Service mode as a maintenance technician uses it (issue #12): a jammed compartment
repaired and back in service with its hold handed over, every action confirmed on screen
in words and audited with what it touched, quitting only after a question, the sync page
telling the truth, views that refresh by themselves."""

from datetime import datetime, timedelta, timezone

from uihelp import WAIT_MS, click, make_window, open_runtime, visible_texts, wait_view

from cli.run import status as check_status
from drivers.printer.status import Paper
from kiosk.model import HoldStatus
from kiosk.sample_data import DEMO_PICKUP_CODE
from kiosk.service_pin import DEMO_PIN
from ui.navigation import View

COMPARTMENTS_TAB, DEVICES_TAB, ALARMS_TAB, SYNC_TAB, TRANSACTIONS_TAB = 3, 0, 2, 4, 5


def login_service(qtbot, window):
    click(qtbot, window.attract.service_button)
    wait_view(qtbot, window, View.SERVICE_LOGIN)
    for digit in DEMO_PIN:
        click(qtbot, window.service_login.keypad.keys[digit])
    click(qtbot, window.service_login.ok_button)
    wait_view(qtbot, window, View.SERVICE)
    qtbot.waitUntil(lambda: bool(window.service_screen.snapshot), timeout=WAIT_MS)


def compartment(runtime, compartment_id):
    return next(c for c in runtime.store.compartments() if c.compartment_id == compartment_id)


def audit_rows(runtime, action):
    return [r for r in runtime.store.recent_audit(200) if r["action"] == action]


def audited(runtime, action):
    return bool(audit_rows(runtime, action))


def row_for(rows, text):
    """The row widget of a service list whose text mentions ``text``."""
    layout = rows.rows
    for i in range(layout.count()):
        widget = layout.itemAt(i).widget()
        if text in widget.text.text():
            return widget
    raise AssertionError(f"no row mentions {text!r}")


def screen_text(window):
    """What a person can read on every page of the service screen, page by page."""
    screen = window.service_screen
    shown = screen.tabs.currentIndex()
    texts = []
    for page in range(screen.tabs.count()):
        screen.tabs.setCurrentIndex(page)
        texts += visible_texts(screen)
        texts.append(screen.tabs.tabText(page))
    screen.tabs.setCurrentIndex(shown)
    return "\n".join(texts)


def jam_a01_during_a_pickup(runtime, sim):
    """The resident's pick-up meets a jammed lock: A01 goes out of service with its hold."""
    sim.jam_door("A01")
    circ = runtime.circulation
    (outcome,) = runtime.call(lambda: circ.pickup(circ.start_code_session(DEMO_PICKUP_CODE)))
    assert not outcome.ok
    assert not compartment(runtime, "A01").in_service


def test_a_jammed_compartment_goes_back_in_service_and_its_hold_is_handed_over(
    qtbot, kiosk, runtime
):
    window, sim = kiosk
    jam_a01_during_a_pickup(runtime, sim)
    sim.unjam_door("A01")  # the technician fixed the lock
    login_service(qtbot, window)
    screen = window.service_screen
    screen.tabs.setCurrentIndex(COMPARTMENTS_TAB)
    row = row_for(screen.compartment_rows, "A01")
    test_open, put_back = row.buttons
    click(qtbot, test_open)  # a faulted door opens for staff
    qtbot.waitUntil(lambda: audited(runtime, "service.open_compartment"), timeout=WAIT_MS)
    assert audit_rows(runtime, "service.open_compartment")[0]["outcome"] == "ok"
    assert sim.sims.lockers.open_door(1, 1, "A")  # the lock really released
    qtbot.waitUntil(lambda: "A01" in screen.status.text(), timeout=WAIT_MS)
    sim.close_door("A01")
    click(qtbot, put_back)
    qtbot.waitUntil(lambda: compartment(runtime, "A01").in_service, timeout=WAIT_MS)
    # the audit row follows the change (the service action records it once it succeeded)
    qtbot.waitUntil(lambda: audited(runtime, "service.compartment_in_service"), timeout=WAIT_MS)
    (row,) = audit_rows(runtime, "service.compartment_in_service")
    assert row["outcome"] == "ok" and row["detail"]["compartment_id"] == "A01"
    assert [a for a in runtime.store.active_alarms() if a.subject == "A01"] == []
    qtbot.waitUntil(lambda: "A01" in screen.status.text(), timeout=WAIT_MS)
    # the door answers residents again: the hold inside is handed over
    circ = runtime.circulation
    (outcome,) = runtime.call(lambda: circ.pickup(circ.start_code_session(DEMO_PICKUP_CODE)))
    assert outcome.ok
    assert runtime.store.get_hold("H-0002").status is HoldStatus.PICKED_UP


def test_an_in_service_compartment_is_taken_out_and_audited_as_asked(qtbot, kiosk, runtime):
    window, _ = kiosk
    login_service(qtbot, window)
    screen = window.service_screen
    screen.tabs.setCurrentIndex(COMPARTMENTS_TAB)
    _, take_out = row_for(screen.compartment_rows, "A04").buttons
    click(qtbot, take_out)
    qtbot.waitUntil(lambda: not compartment(runtime, "A04").in_service, timeout=WAIT_MS)
    (row,) = audit_rows(runtime, "service.compartment_out_of_service")
    assert row["detail"] == {"compartment_id": "A04"}
    assert audit_rows(runtime, "service.compartment_in_service") == []


def test_putting_back_a_compartment_with_its_door_open_says_close_it(qtbot, kiosk, runtime):
    window, sim = kiosk
    window.set_language("en")
    jam_a01_during_a_pickup(runtime, sim)
    sim.unjam_door("A01")
    login_service(qtbot, window)
    window.service.open_door("A01")  # the technician test-opens it and leaves it open
    qtbot.waitUntil(lambda: audited(runtime, "service.open_compartment"), timeout=WAIT_MS)
    sim.open_door("A01")
    window.service.set_compartment("A01", False)
    qtbot.waitUntil(lambda: audited(runtime, "service.compartment_in_service"), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "close it" in window.service_screen.status.text(), timeout=WAIT_MS)
    assert not compartment(runtime, "A01").in_service


def test_loading_with_the_door_open_says_what_to_do(qtbot, kiosk, runtime):
    window, sim = kiosk
    window.set_language("en")
    login_service(qtbot, window)
    screen = window.service_screen
    window.service.begin_loading("31234000567899")
    qtbot.waitUntil(lambda: screen.ticket is not None, timeout=WAIT_MS)
    sim.open_door(screen.ticket.compartment_id)
    click(qtbot, screen.loaded_button)
    qtbot.waitUntil(lambda: audited(runtime, "service.confirm_loaded"), timeout=WAIT_MS)
    # the status line is set when the answer reaches the UI thread, after the audit row
    qtbot.waitUntil(lambda: "Open a door" not in screen.status.text(), timeout=WAIT_MS)
    text = screen.status.text()
    assert "door_not_closed" not in text and "failed" not in text
    assert "close it, then try again" in text
    assert screen.ticket is not None  # Done stays offered once the door is shut


def test_quit_asks_first_and_does_not_sit_where_back_is(qtbot, kiosk, runtime):
    window, _ = kiosk
    login_service(qtbot, window)
    screen = window.service_screen
    bottom = screen.body.itemAt(screen.body.count() - 1).layout()
    bottom_buttons = [bottom.itemAt(i).widget() for i in range(bottom.count())]
    assert screen.quit_button not in bottom_buttons
    assert bottom_buttons[0] is screen.exit_button
    click(qtbot, screen.quit_button)
    qtbot.waitUntil(lambda: window.service.quit_dialog.isVisible(), timeout=WAIT_MS)
    click(qtbot, window.service.quit_dialog.answer_buttons[0])  # keep running
    assert window.isVisible() and window.view is View.SERVICE
    assert audit_rows(runtime, "service.quit") == []


def test_sync_page_says_no_central_is_configured(qtbot, kiosk, runtime):
    window, _ = kiosk
    window.set_language("en")
    assert runtime.sync is None  # the default site has no broker
    login_service(qtbot, window)
    text = window.service_screen.sync_text.text()
    assert "No central library is configured" in text
    assert "reachable" not in text and "connected" not in text.replace("not connected", "")
    assert not window.service_screen.sync_button.isEnabled()


def test_check_lists_the_compartments_out_of_service(runtime):
    runtime.call(runtime.store.set_compartment_in_service, "A02", False, "returns_to_empty")
    reported = check_status(runtime)
    assert reported["compartments_out_of_service"] == {"A02": "returns_to_empty"}
    assert reported["terminal_out_of_service"] is None


def test_every_code_on_the_service_pages_has_words(qtbot, kiosk, runtime):
    window, sim = kiosk
    jam_a01_during_a_pickup(runtime, sim)
    runtime.call(runtime.store.set_compartment_in_service, "A02", False, "returns_to_empty")
    login_service(qtbot, window)
    screen = window.service_screen
    click(qtbot, screen.board_button)
    qtbot.waitUntil(lambda: "A04" in screen.device_out.text(), timeout=WAIT_MS)
    for lang in ("zh", "en"):
        window.set_language(lang)
        text = screen_text(window)
        for code in (
            "lock_did_not_release",
            "lock_did_not_open",
            "returns_to_empty",
            "item=",
            "None",
            "service.",
            "patron:",
            "staff:",
            "开放时间",
            "确定",
            "上架",
        ):
            assert code not in text, (lang, code)
        for line in screen.device_text.text().splitlines():
            assert line.split(":")[0].split("：")[0] not in ("rfid", "scanner", "card", "lockers")
    window.set_language("zh")
    assert "正常" in screen.device_text.text()
    assert "柜门锁未能打开" in screen_text(window) or "锁未打开" in screen_text(window)
    assert "T" not in screen.audit_table.item(0, 0).text()


def test_alarm_details_acknowledge_apart_from_clear_and_refresh_by_itself(qtbot, kiosk, runtime):
    window, _ = kiosk
    window.set_language("en")
    login_service(qtbot, window)
    screen = window.service_screen
    # raised behind the screen's back: no button touched, no locker callback
    alarm_id = runtime.call(
        runtime.store.raise_alarm, "check_compartment", "A03", {"hold_id": "H-0009"}
    )
    qtbot.waitUntil(
        lambda: any(a.alarm_id == alarm_id for a in screen.snapshot.get("alarms", [])),
        timeout=WAIT_MS,
    )
    row = row_for(screen.alarm_rows, "A03")
    assert "hold H-0009" in row.text.text() and "bus A, board 1, lock 3" in row.text.text()
    acknowledge, clear = row.buttons
    click(qtbot, acknowledge)
    qtbot.waitUntil(lambda: alarm_id in screen.snapshot.get("acknowledged", set()), timeout=WAIT_MS)
    assert alarm_id in [a.alarm_id for a in runtime.store.active_alarms()]  # still active
    (row,) = audit_rows(runtime, "service.acknowledge_alarm")
    assert row["detail"]["alarm_id"] == alarm_id
    assert row["detail"]["compartment_id"] == "A03"
    assert "Acknowledged" in row_for(screen.alarm_rows, "A03").text.text()
    _, clear = row_for(screen.alarm_rows, "A03").buttons
    click(qtbot, clear)
    qtbot.waitUntil(
        lambda: alarm_id not in [a.alarm_id for a in runtime.store.active_alarms()],
        timeout=WAIT_MS,
    )
    # the transactions page names what each entry touched
    qtbot.waitUntil(
        lambda: screen.audit_table.rowCount() and screen.audit_table.item(0, 3).text() == "A03",
        timeout=WAIT_MS,
    )


def test_printer_test_page_and_expired_holds_check_answer_on_screen(qtbot, kiosk, runtime):
    window, sim = kiosk
    window.set_language("en")
    login_service(qtbot, window)
    screen = window.service_screen
    click(qtbot, screen.print_test_button)
    qtbot.waitUntil(lambda: "Test page printed" in screen.status.text(), timeout=WAIT_MS)
    screen.tabs.setCurrentIndex(1)
    click(qtbot, screen.expire_button)
    qtbot.waitUntil(lambda: "No hold has expired" in screen.status.text(), timeout=WAIT_MS)


def test_paper_low_is_a_warning_on_the_devices_page(qtbot, kiosk, runtime):
    window, _ = kiosk
    window.set_language("en")
    runtime.simulators.printer.simulator.set_paper(Paper.LOW)
    login_service(qtbot, window)
    qtbot.waitUntil(
        lambda: "paper low" in window.service_screen.device_text.text(), timeout=WAIT_MS
    )


def test_alarm_times_are_in_the_site_time_zone(qtbot, kiosk, runtime):
    window, _ = kiosk
    login_service(qtbot, window)
    runtime.call(runtime.store.raise_alarm, "door_forced", "A04", {})
    screen = window.service_screen
    qtbot.waitUntil(lambda: bool(screen.snapshot.get("alarms")), timeout=WAIT_MS)
    (alarm,) = screen.snapshot["alarms"]
    site = timezone(timedelta(hours=runtime.config.site.utc_offset_hours))
    local = datetime.fromisoformat(alarm.raised_at).astimezone(site).strftime("%Y-%m-%d %H:%M:%S")
    assert local in row_for(screen.alarm_rows, "A04").text.text()


def test_sync_page_with_a_broker_tells_the_state_and_sync_now_answers(qtbot, tmp_path, config):
    import dataclasses

    from kiosk.config import Broker as BrokerConfig
    from tests.support.broker import Broker

    terminal = config.site.terminal_id
    password_file = tmp_path / "terminal.password"
    password_file.write_text("terminal-pw")
    with Broker(tmp_path / "broker", users={terminal: "terminal-pw"}) as broker:
        with_broker = dataclasses.replace(
            config,
            broker=BrokerConfig(
                enabled=True, host=broker.host, port=broker.port, password_file=str(password_file)
            ),
        )
        runtime = open_runtime(with_broker, tmp_path / "terminal")
        window, _ = make_window(qtbot, runtime)
        try:
            window.set_language("en")
            login_service(qtbot, window)
            screen = window.service_screen
            qtbot.waitUntil(lambda: "Broker: connected" in screen.sync_text.text(), timeout=WAIT_MS)
            assert "SyncStatus" not in screen.sync_text.text()
            screen.tabs.setCurrentIndex(SYNC_TAB)
            click(qtbot, screen.sync_button)
            qtbot.waitUntil(lambda: "Sync started" in screen.status.text(), timeout=WAIT_MS)
            assert audited(runtime, "service.sync_now")
        finally:
            window.allow_close = True
            window.shutdown()
            runtime.close()


def test_lock_board_status_follows_a_language_switch(qtbot, kiosk, runtime):
    window, _ = kiosk
    login_service(qtbot, window)
    screen = window.service_screen
    click(qtbot, screen.board_button)
    qtbot.waitUntil(lambda: "A04：门已关" in screen.device_out.text(), timeout=WAIT_MS)
    window.set_language("en")
    assert "A04: door closed" in screen.device_out.text()


def test_a_jam_during_a_pick_up_is_one_alarm_not_two(qtbot, kiosk, runtime):
    """The door supervision alarms the jam; the flow's own record of it adds no second."""
    _, sim = kiosk
    jam_a01_during_a_pickup(runtime, sim)
    alarms = [a.kind for a in runtime.store.active_alarms() if a.subject == "A01"]
    assert alarms == ["lock_did_not_release"]
    assert not compartment(runtime, "A01").in_service
