"""The site file's [broker] and [sync] sections are the one source of sync settings."""

from __future__ import annotations

import pytest

from kiosk.config import ConfigError, Sync, parse_config
from sync.client import SyncSettings


def site(**sections: dict) -> dict:
    return {"site": {"terminal_id": "T1", "name": "n"}, **sections}


@pytest.mark.parametrize(
    ("section", "key", "value"),
    [
        ("sync", "patron_check_timeout_s", -5),
        ("sync", "patron_check_timeout_s", 0),
        ("sync", "queue_alarm_depth", -1),
        ("sync", "queue_alarm_depth", 0),
        ("sync", "telemetry_interval_s", -1),
        ("sync", "queue_alarm_age_h", 0),
        ("broker", "keepalive_s", 0),
        ("broker", "keepalive_s", 70000),
        ("broker", "port", 0),
    ],
)
def test_out_of_range_values_are_refused_naming_the_key(section, key, value):
    with pytest.raises(ConfigError) as excinfo:
        parse_config(site(**{section: {key: value}}))
    assert excinfo.value.key == f"{section}.{key}"


def test_sync_settings_come_from_the_site_file():
    assert SyncSettings() == SyncSettings.from_config(Sync())
    chosen = Sync(
        telemetry_interval_s=30,
        patron_check_timeout_s=1.0,
        queue_alarm_depth=9,
        queue_alarm_age_h=2,
    )
    settings = SyncSettings.from_config(chosen)
    assert (
        settings.telemetry_interval_s,
        settings.patron_check_timeout_s,
        settings.queue_alarm_depth,
        settings.queue_alarm_age_s,
    ) == (30, 1.0, 9, 7200)


def test_a_broker_username_other_than_the_terminal_id_is_refused_at_load():
    demo = {"terminal_id": "T1", "name": "n", "demo": True}
    with pytest.raises(ConfigError) as excinfo:
        parse_config({"site": demo, "broker": {"username": "T2"}})
    assert excinfo.value.key == "broker.username"
    assert parse_config({"site": demo, "broker": {"username": "T1"}}).broker.username == "T1"
