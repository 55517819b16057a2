"""Sessions and refusals per site per day, availability per terminal from the state history,
and the fleet filtered by district: in the store, on the page, in CSV, PDF and the JSON API."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from central import history
from central.accounts import ApiTokens
from central.store import CentralStore
from central.web import reports
from sync import contract
from tests.central.web.conftest import sign_in
from tests.central.web.fleet_data import birth
from tests.support.fleet import wait_until

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def console_db(any_central_db):
    """Visit and availability figures on both backends."""
    return any_central_db


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def stored(store: CentralStore, terminal_id: str, seq: int, kind: str, at: str, data: dict) -> None:
    event = {
        "event_id": str(uuid.uuid4()),
        "seq": seq,
        "terminal_id": terminal_id,
        "kind": kind,
        "at": at,
        "data": data,
    }
    contract.validate("event", event)
    store.store_events([(terminal_id, event)])


def refusal(reason: str, flow: str = "login") -> dict:
    return {"reason": reason, "flow": flow, "patron": "****0042", "item_id": None}


def session(ended_by: str = "done") -> dict:
    return {
        "via": "card",
        "started_at": "2026-11-27T15:50:00.000+00:00",
        "ended_at": "2026-11-27T15:59:00.000+00:00",
        "ended_by": ended_by,
        "online": True,
        "loans": 1,
        "returns": 0,
        "renewals": 0,
        "pickups": 0,
    }


@pytest.fixture
def visits(console_db) -> CentralStore:
    store = CentralStore(console_db)
    for terminal_id in ("T1", "T2"):
        birth(store, terminal_id)
    store.db.execute("UPDATE terminals SET site = '西湖分馆' WHERE terminal_id = 'T1'")
    # 15:59 UTC is 23:59 on the 27th in Shanghai; 16:00 UTC is the 28th there.
    stored(store, "T1", 1, "session", "2026-11-27T15:59:00.000+00:00", session())
    stored(store, "T1", 2, "refusal", "2026-11-27T15:59:30.000+00:00", refusal("patron_blocked"))
    stored(store, "T1", 3, "session", "2026-11-27T16:00:00.000+00:00", session("timeout"))
    stored(store, "T1", 4, "refusal", "2026-11-27T16:01:00.000+00:00", refusal("patron_blocked"))
    stored(
        store,
        "T1",
        5,
        "refusal",
        "2026-11-28T02:00:00.000+00:00",
        refusal("item_unknown", "borrow"),
    )
    stored(store, "T2", 1, "refusal", "2026-11-28T03:00:00.000+00:00", refusal("credit_too_low"))
    return store


def test_sessions_and_refusals_per_site_and_local_day(visits):
    days = reports.daily_counts(visits, SHANGHAI, date(2026, 11, 27), date(2026, 11, 28))
    got = {(d.site, d.day.day): (d.counts["session"], d.counts["refusal"]) for d in days}
    assert got == {("西湖分馆", 27): (1, 1), ("西湖分馆", 28): (1, 2), ("T2", 28): (0, 1)}
    reasons = reports.refusal_reasons(visits, SHANGHAI, date(2026, 11, 27), date(2026, 11, 28))
    assert reasons[("西湖分馆", date(2026, 11, 28))] == {"patron_blocked": 1, "item_unknown": 1}
    assert reasons[("T2", date(2026, 11, 28))] == {"credit_too_low": 1}


def test_the_page_csv_and_api_show_refusals_by_reason_and_sessions(make_console, visits):
    client = make_console()
    sign_in(client, "viewer")
    rows = list(
        csv.reader(io.StringIO(client.get("/reports.csv?from=2026-11-27&to=2026-11-28").text))
    )
    header = rows[0]
    assert header[:8] == [
        "site",
        "day",
        "loan",
        "return",
        "renew",
        "hold_loaded",
        "session",
        "refusal",
    ]
    assert header[8:] == [
        "refusal:credit_too_low",
        "refusal:item_unknown",
        "refusal:patron_blocked",
    ]
    assert rows[3] == ["西湖分馆", "2026-11-28", "0", "0", "0", "0", "1", "2", "0", "1", "1"]
    page = client.get("/reports?from=2026-11-27&to=2026-11-28").text
    assert "读者证已暂停" in page and "图书未识别" in page and "<td>patron_blocked<" not in page
    english = make_console()
    sign_in(english, "viewer")
    english.cookies.set("kiosk_lang", "en")
    assert "Card suspended" in english.get("/reports?from=2026-11-27&to=2026-11-28").text
    pdf = client.get("/reports/year.pdf?year=2026")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_the_json_api_per_day_and_per_month(make_console, visits):
    client = make_console()
    token = ApiTokens(client.app.state.console.store).add("dash", "test")
    auth = {"Authorization": f"Bearer {token}"}
    daily = client.get("/api/v1/reports?from=2026-11-27&to=2026-11-28", headers=auth).json()
    assert daily["by"] == "day"
    by_key = {(r["site"], r["day"]): r for r in daily["rows"]}
    assert by_key[("西湖分馆", "2026-11-28")]["session"] == 1
    assert by_key[("西湖分馆", "2026-11-28")]["refusals_by_reason"] == {
        "item_unknown": 1,
        "patron_blocked": 1,
    }
    assert daily["network"]["refusal"] == 4 and daily["network"]["session"] == 2
    assert daily["network"]["refusals_by_reason"]["patron_blocked"] == 2
    assert len(daily["network"]["loans_by_hour"]) == 24
    monthly = client.get(
        "/api/v1/reports?from=2026-11-01&to=2026-11-30&by=month", headers=auth
    ).json()
    (t1,) = [r for r in monthly["rows"] if r["site"] == "西湖分馆"]
    assert t1["month"] == "2026-11" and t1["refusal"] == 3 and t1["session"] == 2
    assert client.get("/api/v1/reports?by=week", headers=auth).status_code == 400
    assert client.get("/api/v1/reports").status_code == 401


def day_of_transitions(store: CentralStore) -> None:
    """T1 across the Shanghai day 2026-11-28 (2026-11-27T16:00Z to 2026-11-28T16:00Z)."""
    for state, at in [
        ("online", "2026-11-27T12:00:00"),
        ("offline", "2026-11-27T18:00:00"),
        ("online", "2026-11-28T00:00:00"),
        ("online", "2026-11-28T01:00:00"),  # the same state again: no new row
        ("out_of_service", "2026-11-28T06:00:00"),
        ("online", "2026-11-28T10:00:00"),
    ]:
        history.record_availability(store, "T1", state, utc(at))


def test_availability_is_computed_over_the_period_from_the_history(visits):
    day_of_transitions(visits)
    rows = history.state_history(visits, utc("2026-11-27T00:00:00"), utc("2026-11-29T00:00:00"))
    assert [r["state"] for r in rows if r["terminal_id"] == "T1"] == [
        "online",
        "offline",
        "online",
        "out_of_service",
        "online",
    ]
    day = date(2026, 11, 28)
    (t1,) = [
        a
        for a in reports.availability(visits, SHANGHAI, day, day, now=utc("2026-11-29T00:00:00"))
        if a.terminal_id == "T1"
    ]
    hours = {k: v / 3600 for k, v in t1.seconds.items()}
    assert hours == {"online": 14.0, "offline": 6.0, "out_of_service": 4.0}
    assert t1.share == pytest.approx(14 / 24) and t1.site == "西湖分馆"
    # Part of the day still to come is not counted against it: the period ends at "now".
    (early,) = [
        a
        for a in reports.availability(visits, SHANGHAI, day, day, now=utc("2026-11-28T04:00:00"))
        if a.terminal_id == "T1"
    ]
    assert early.seconds == {"online": 6 * 3600.0, "offline": 6 * 3600.0, "out_of_service": 0.0}
    # The UTC day is another period: 18:00 to 00:00 offline, 4 h out of service, 14 h online.
    (utc_day,) = [
        a
        for a in reports.availability(
            visits, ZoneInfo("UTC"), day, day, now=utc("2026-11-29T00:00:00")
        )
        if a.terminal_id == "T1"
    ]
    assert utc_day.seconds["offline"] == 0.0 and utc_day.seconds["online"] == 20 * 3600.0


def test_availability_on_the_page_and_in_the_api(make_console, visits):
    day_of_transitions(visits)
    client = make_console()
    sign_in(client, "viewer")
    page = client.get("/reports?from=2026-11-28&to=2026-11-28").text
    assert 'data-terminal="T1"' in page and "4 小时" in page
    token = ApiTokens(client.app.state.console.store).add("dash", "test")
    answer = client.get(
        "/api/v1/reports?from=2026-11-28&to=2026-11-28",
        headers={"Authorization": f"Bearer {token}"},
    ).json()
    (t1,) = [a for a in answer["availability"] if a["terminal"] == "T1"]
    assert t1["seconds"]["out_of_service"] == 4 * 3600.0


def test_fleet_filtered_by_district(make_console, console_db):
    store = CentralStore(console_db)
    for terminal_id, district in [("W1", "西湖区"), ("W2", "西湖区"), ("Y1", "杨浦区")]:
        birth(store, terminal_id)
        history.record_availability(store, terminal_id, "online", district=district)
    birth(store, "N1")
    client = make_console()
    sign_in(client, "viewer")
    page = client.get("/").text
    assert '<option value="西湖区"' in page and '<option value="杨浦区"' in page
    west = client.get("/?district=西湖区").text
    assert 'data-terminal="W1"' in west and 'data-terminal="W2"' in west
    assert 'data-terminal="Y1"' not in west and 'data-terminal="N1"' not in west
    polled = client.get("/api/fleet?district=杨浦区").json()
    assert polled["count"] == 1 and 'data-terminal="Y1"' in polled["html"]
    assert client.get("/api/fleet").json()["count"] == 4


def test_a_terminal_birth_carries_its_district_and_feeds_the_history(make_central, make_terminal):
    """Through a real broker: the birth's district reaches central, and online then offline
    (the terminal's goodbye) become two history rows."""
    central = make_central()
    client, _ = make_terminal("T1", start=False)
    client.district = "拱墅区"
    client.start()
    store = central.store
    reader = CentralStore(store.path)
    wait_until(lambda: (reader.terminal("T1") or {}).get("district") == "拱墅区", 30, "district")
    client.stop()
    start, end = utc("2000-01-01T00:00:00"), utc("2100-01-01T00:00:00")
    wait_until(
        lambda: (
            [r["state"] for r in history.state_history(reader, start, end)] == ["online", "offline"]
        ),
        30,
        "online then offline in the history",
    )
    rows = history.state_history(reader, start, end)
    assert rows[0]["to_at"] == rows[1]["from_at"] and rows[1]["to_at"] is None
