"""What the pages show: the fleet worst first and filtered, its JSON refresh, a terminal
without patron ids or pick-up codes, one alarm list with acknowledgements, the metrics."""

from __future__ import annotations

import re

import pytest

from central.store import CentralStore
from tests.central.web.conftest import sign_in
from tests.central.web.fleet_data import NOW, birth, central_alarm, event, telemetry

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def fleet(console_db) -> CentralStore:
    """T-OK fine; T-ALARM with a terminal alarm; T-OFF offline; T-BAD with a central alarm."""
    store = CentralStore(console_db)
    for terminal_id in ("T-OK", "T-ALARM", "T-BAD"):
        birth(store, terminal_id)
        telemetry(store, terminal_id, depth=4 if terminal_id == "T-OK" else 0)
    telemetry(
        store,
        "T-ALARM",
        alarms=[{"alarm_id": 7, "kind": "door_forced", "subject": "C03", "raised_at": NOW}],
        devices={"rfid": "ok", "printer": "paper_out"},
    )
    birth(store, "T-OFF", state="offline", boot=2)
    central_alarm(store, "T-BAD")
    return store


def terminal_order(html: str) -> list[str]:
    return re.findall(r'data-terminal="([^"]+)"', html)


def test_fleet_is_sorted_worst_first_and_filters(client, fleet):
    sign_in(client, "viewer")
    page = client.get("/")
    assert terminal_order(page.text) == ["T-OFF", "T-ALARM", "T-BAD", "T-OK"]
    # Alarm kinds in words (central/web/words.py), never their codes.
    assert "柜门被非正常打开" in page.text and "收到无效消息" in page.text
    assert "door_forced" not in page.text
    assert "凭条打印机：缺纸" in page.text
    assert terminal_order(client.get("/?state=offline").text) == ["T-OFF"]
    assert terminal_order(client.get("/?state=online&alarm=yes").text) == ["T-ALARM", "T-BAD"]


def test_the_fleet_refreshes_from_a_json_endpoint(client, fleet):
    sign_in(client, "viewer")
    before = client.get("/api/fleet?alarm=yes").json()
    assert before["count"] == 3
    birth(fleet, "T-OFF", state="online", boot=3)
    after = client.get("/api/fleet?alarm=yes").json()
    assert after["count"] == 2 and "T-OFF" not in terminal_order(after["html"])
    assert '<tbody id="fleet-rows" data-poll="/api/fleet' in client.get("/").text


def test_terminal_page_masks_patrons_and_never_shows_a_pickup_code(client, fleet):
    event(
        fleet,
        "T-OK",
        1,
        "hold_loaded",
        {
            "hold_id": "H1",
            "item_id": "I1",
            "patron_id": "3301000000042",
            "compartment_id": "C07",
            "expires_at": "2026-12-01T00:00:00+00:00",
            "pickup_code": "975311",
            "same_code_as": None,
        },
    )
    sign_in(client, "operator")
    page = client.get("/terminals/T-OK")
    assert page.status_code == 200
    assert "****0042" in page.text and "3301000000042" not in page.text
    assert "975311" not in page.text
    assert "C07" in page.text  # the compartment, from its events
    assert client.get("/terminals/NOPE").status_code == 404


def test_alarms_from_every_source_and_an_acknowledgement_kept_apart_from_clearing(client, fleet):
    csrf = sign_in(client, "operator")
    page = client.get("/alarms")
    keys = re.findall(r'data-alarm="([^"]+)"', page.text)
    assert {k.split(":")[0] for k in keys} == {"central", "terminal", "offline"}
    key = next(k for k in keys if k.startswith("terminal:T-ALARM"))
    answer = client.post(
        "/alarms/ack", data={"csrf": csrf, "key": key, "note": "on site"}, follow_redirects=False
    )
    assert answer.status_code == 303
    page = client.get("/alarms")
    assert "operator" in page.text and page.text.count('class="acked"') == 1
    # Acknowledged is not cleared: the fleet still shows the alarm.
    assert "柜门被非正常打开" in client.get("/").text
    gone = client.post("/alarms/ack", data={"csrf": csrf, "key": "terminal:T-OK:99"})
    assert gone.status_code == 409


def test_a_viewer_cannot_acknowledge(client, fleet):
    csrf = sign_in(client, "viewer")
    answer = client.post("/alarms/ack", data={"csrf": csrf, "key": "offline:T-OFF:x"})
    assert answer.status_code == 403


def test_metrics_expose_the_fleet(client, fleet):
    event(fleet, "T-OK", 1, "return", {"item_id": "I1"})
    text = client.get("/metrics").text
    assert 'kiosk_terminal_up{terminal="T-OK"} 1.0' in text
    assert 'kiosk_terminal_up{terminal="T-OFF"} 0.0' in text
    assert 'kiosk_outbox_depth{terminal="T-OK"} 4.0' in text
    assert "kiosk_alarms_active 3.0" in text  # door_forced, bad_messages, T-OFF offline
    assert "kiosk_central_events_stored_total 1.0" in text


def test_language_switch_and_no_open_redirect(client, fleet):
    sign_in(client, "viewer")
    assert "终端" in client.get("/").text
    answer = client.get("/lang?to=en&next=//evil.example/", follow_redirects=False)
    assert answer.headers["location"] == "/"
    client.cookies.set("kiosk_lang", "en")
    assert "Fleet" in client.get("/").text
    signin = client.get("/signin?next=https://evil.example/")
    assert 'name="next" value="/"' in signin.text


def test_pages_carry_a_strict_content_security_policy(client):
    answer = client.get("/signin")
    assert "script-src 'self'" in answer.headers["content-security-policy"]
    assert answer.headers["x-frame-options"] == "DENY"
    assert answer.headers["cache-control"] == "no-store"
