"""The Help button: same place on every screen and in both languages; its panel gives the
phone, whether staff are here and the terminal id; it raises one "help requested" alarm
per visit, which reaches central's telemetry at once and is cleared when the visit ends
or after a while."""

from __future__ import annotations

import dataclasses
import json
import queue

import paho.mqtt.client as paho
from paho.mqtt.enums import CallbackAPIVersion
from PySide6.QtCore import QPoint
from uihelp import WAIT_MS, click, login_card, make_window, open_runtime, visible_texts, wait_view

from kiosk.reasons import Reason
from ui.help import HELP_ALARM_KIND, HelpState
from ui.navigation import View

OK_CARD = "3301000000001"
CREDIT_LOW = "3301000000003"


def help_alarms(runtime, active_only=True):
    rows = runtime.store.query(
        "SELECT alarm_id, cleared_at, cleared_by, detail FROM alarms WHERE kind = ?",
        [HELP_ALARM_KIND],
    )
    return [r for r in rows if r["cleared_at"] is None] if active_only else rows


def help_place(window):
    """Where the Help button is, from the window's top-right corner (the bar is
    right-aligned): the same numbers mean the same place under a finger."""
    corner = window.help_button.mapTo(window, QPoint(0, 0))
    return (window.width() - corner.x(), corner.y(), window.help_button.width())


def test_help_button_stays_put_across_screens_and_languages(qtbot, kiosk):
    window, sim = kiosk
    window.resize(1920, 1080)
    qtbot.waitUntil(lambda: window.width() == 1920, timeout=WAIT_MS)
    places = {("attract", "zh"): help_place(window)}
    window.set_language("en")
    places["attract", "en"] = help_place(window)
    window.set_language("zh")
    login_card(qtbot, window, sim, OK_CARD)
    places["menu", "zh"] = help_place(window)
    window.go(View.BORROW)
    places["borrow", "zh"] = help_place(window)
    window.set_language("en")
    places["borrow", "en"] = help_place(window)
    assert window.help_button.isVisible()
    assert len(set(places.values())) == 1, places


def test_help_panel_says_phone_staff_and_terminal_and_raises_one_alarm(qtbot, kiosk, runtime):
    window, sim = kiosk
    site = runtime.config.site
    click(qtbot, window.help_button)
    panel = window.help_panel
    assert panel.isVisible()
    texts = "\n".join(visible_texts(panel))
    assert site.service_phone in texts and site.terminal_id in texts
    assert "无工作人员" in texts  # the demo site is unstaffed
    qtbot.waitUntil(lambda: len(help_alarms(runtime)) == 1, timeout=WAIT_MS)
    assert json.loads(help_alarms(runtime)[0]["detail"]) == {"screen": "attract"}
    window.set_language("en")
    assert "No staff work at this site." in visible_texts(panel)
    click(qtbot, panel.close_button)
    assert not panel.isVisible()

    # Pressed again in the same visit (after logging in): the panel, no second alarm.
    login_card(qtbot, window, sim, OK_CARD)
    click(qtbot, window.help_button)
    assert panel.isVisible()
    window.worker.submit(lambda: None, session_bound=False)  # runs after any help job
    qtbot.waitUntil(lambda: not window.worker.busy, timeout=WAIT_MS)
    assert len(help_alarms(runtime, active_only=False)) == 1

    # The visit ends: the alarm clears, the panel goes, the next visit may ask again.
    window.logout("logout")
    assert not panel.isVisible()
    qtbot.waitUntil(lambda: not help_alarms(runtime), timeout=WAIT_MS)
    assert help_alarms(runtime, active_only=False)[0]["cleared_by"] == "visit_end"
    click(qtbot, window.help_button)
    qtbot.waitUntil(lambda: len(help_alarms(runtime)) == 1, timeout=WAIT_MS)
    assert len(help_alarms(runtime, active_only=False)) == 2


def test_help_alarm_clears_itself_after_a_while(qtbot, kiosk, runtime):
    window, _ = kiosk
    window.help.clear_timer.setInterval(200)  # 10 minutes on a real site
    click(qtbot, window.help_button)
    qtbot.waitUntil(lambda: len(help_alarms(runtime)) == 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not help_alarms(runtime), timeout=WAIT_MS)
    assert help_alarms(runtime, active_only=False)[0]["cleared_by"] == "timeout"
    # Nobody logged in: the timeout ended that visit, the next person's Help counts.
    assert window.help.state is HelpState.NOT_ASKED


def test_a_help_alarm_left_by_a_crash_is_cleared_at_start(qtbot, config, tmp_path):
    runtime = open_runtime(config, tmp_path)
    runtime.store.raise_alarm(HELP_ALARM_KIND, "resident", {"screen": "borrow"})
    window, _ = make_window(qtbot, runtime)
    try:
        qtbot.waitUntil(lambda: not help_alarms(runtime), timeout=WAIT_MS)
        assert help_alarms(runtime, active_only=False)[0]["cleared_by"] == "restart"
    finally:
        window.allow_close = True
        window.shutdown()
        runtime.close()


def test_help_alarm_reaches_central_telemetry_at_once(qtbot, tmp_path, config):
    """Telemetry goes every 60 s; Help sends it at once, with the alarm in it."""
    from kiosk.config import Broker as BrokerConfig
    from tests.support.broker import Broker

    with Broker(tmp_path / "broker") as broker:
        with_broker = dataclasses.replace(
            config, broker=BrokerConfig(enabled=True, host=broker.host, port=broker.port)
        )
        received: queue.Queue[dict] = queue.Queue()
        central = paho.Client(CallbackAPIVersion.VERSION2, client_id="test-central")
        central.on_message = lambda c, u, msg: received.put(json.loads(msg.payload))
        central.on_connect = lambda c, u, f, rc, p: c.subscribe("kiosk/v1/+/telemetry", qos=1)
        central.connect(broker.host, broker.port)
        central.loop_start()
        runtime = open_runtime(with_broker, tmp_path / "terminal")
        window, _ = make_window(qtbot, runtime)
        try:
            qtbot.waitUntil(window.online, timeout=WAIT_MS)
            click(qtbot, window.help_button)
            kinds: list[str] = []
            while HELP_ALARM_KIND not in kinds:
                telemetry = received.get(timeout=WAIT_MS / 1000)
                kinds = [a["kind"] for a in telemetry["alarms"]]
            assert telemetry["terminal_id"] == config.site.terminal_id
            assert "patron" not in json.dumps(telemetry["alarms"])
            texts = visible_texts(window.help_panel)
            assert "已通知图书馆您需要帮助。" in texts
        finally:
            central.loop_stop()
            central.disconnect()
            window.allow_close = True
            window.shutdown()
            runtime.close()


def test_refusal_at_the_unstaffed_demo_site_gives_the_phone_not_a_desk(qtbot, kiosk, runtime):
    window, sim = kiosk
    sim.present_card(CREDIT_LOW)
    wait_view(qtbot, window, View.MESSAGE)
    texts = "\n".join(visible_texts(window.message_screen))
    assert Reason.CREDIT_TOO_LOW.advice("zh", runtime.config.site) in texts
    assert runtime.config.site.service_phone in texts
    assert "服务台" not in texts
