"""A full disk shows on the attract screen: out of service, nothing offered, and back."""

from __future__ import annotations

from uihelp import visible_texts

from runtime.core import STORAGE_FULL


def test_attract_screen_goes_out_of_service_while_storage_is_full(qtbot, kiosk, runtime):
    window, _ = kiosk
    attract = window.attract
    assert attract.code_button.isEnabled()
    # What Runtime._storage_failed records (on kiosk-core) when a write hits a full disk.
    runtime.call(setattr, runtime, "storage_full", "kiosk.db: the disk is full")
    assert runtime.call(runtime.out_of_service_reason) == STORAGE_FULL
    window.refresh_service_state()
    qtbot.waitUntil(lambda: not attract.code_button.isEnabled(), timeout=10_000)
    assert not attract.return_button.isEnabled()
    assert attract.out_of_service.text() in visible_texts(attract)
    runtime.call(setattr, runtime, "storage_full", None)
    window.refresh_service_state()
    qtbot.waitUntil(attract.code_button.isEnabled, timeout=10_000)
