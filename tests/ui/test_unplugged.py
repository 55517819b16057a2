"""A kiosk whose RFID reader and lock bus are not plugged in still starts and serves:
the resident logs in, is told the reader does not answer, and nothing is recorded."""

from __future__ import annotations

import dataclasses

from uihelp import WAIT_MS, click, login_card, make_window, open_runtime, wait_view

from kiosk.config import DeviceConfig, LockerBusConfig
from ui.navigation import View

OK_CARD = "3301000000001"


def test_kiosk_without_its_reader_and_lock_bus_still_serves(qtbot, config, tmp_path):
    config = dataclasses.replace(
        config,
        devices=dataclasses.replace(
            config.devices, rfid=DeviceConfig(driver="feig", port=str(tmp_path / "ttyUSB-none"))
        ),
        lockers=dataclasses.replace(
            config.lockers,
            buses=(LockerBusConfig(name="A", driver="8a", port=str(tmp_path / "ttyUSB-no-bus")),),
        ),
    )
    runtime = open_runtime(config, tmp_path)
    try:
        assert set(runtime.unavailable) == {"rfid", "lockers"}
        window, sim = make_window(qtbot, runtime)
        login_card(qtbot, window, sim, OK_CARD)
        click(qtbot, window.menu.borrow_button)
        wait_view(qtbot, window, View.BORROW)
        qtbot.waitUntil(lambda: window.borrow_screen.device_error.isVisible(), timeout=WAIT_MS)
        assert window.identification.device_faults["rfid"] == "no_reader"
        assert runtime.store.open_loans(OK_CARD) == []
        kinds = {(a.kind, a.subject) for a in runtime.store.active_alarms()}
        assert {("device_unavailable", "rfid"), ("device_unavailable", "lockers")} <= kinds
        window.allow_close = True
        window.shutdown()
    finally:
        runtime.close()
