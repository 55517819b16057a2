"""Figures per site and local day from stored events, as a page, CSV, PNG chart and PDF."""

from __future__ import annotations

import csv
import io
import re
import uuid
from datetime import date
from zoneinfo import ZoneInfo

import pytest

from central.store import CentralStore
from central.web import reports
from tests.central.web.conftest import sign_in
from tests.central.web.fleet_data import birth

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def console_db(any_central_db: str) -> str:
    """These run on SQLite and on PostgreSQL (the console's JSON queries differ)."""
    return any_central_db


def stored(
    store: CentralStore, terminal_id: str, seq: int, kind: str, at: str, **data: object
) -> None:
    event = {
        "event_id": str(uuid.uuid4()),
        "seq": seq,
        "terminal_id": terminal_id,
        "kind": kind,
        "at": at,
        "data": {"item_id": f"I{seq}", **data},
    }
    store.store_events([(terminal_id, event)])


@pytest.fixture
def events(console_db) -> CentralStore:
    store = CentralStore(console_db)
    for terminal_id in ("T1", "T2"):
        birth(store, terminal_id)
    # 15:59 UTC is 23:59 in Shanghai (27th); 16:00 UTC is already the 28th there.
    stored(store, "T1", 1, "loan", "2026-11-27T15:59:00.000000+00:00")
    stored(store, "T1", 2, "loan", "2026-11-27T16:00:00.000000+00:00")
    stored(store, "T1", 3, "return", "2026-11-28T03:00:00.000000+00:00")
    stored(store, "T2", 1, "renew", "2026-11-28T03:00:00.000000+00:00")
    stored(store, "T2", 2, "hold_expired", "2026-11-28T03:00:00.000000+00:00")  # not counted
    return store


def test_counts_per_site_and_local_day_and_a_site_set_by_an_admin(client, events):
    csrf = sign_in(client, "admin")
    answer = client.post(
        "/terminals/T1/site", data={"csrf": csrf, "site": "=西湖分馆"}, follow_redirects=False
    )
    assert answer.status_code == 303
    table = client.get("/reports.csv?from=2026-11-27&to=2026-11-28")
    assert table.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(table.text)))
    assert rows == [
        ["site", "day", "loan", "return", "renew", "hold_loaded", "session", "refusal"],
        ["'=西湖分馆", "2026-11-27", "1", "0", "0", "0", "0", "0"],  # never a formula
        ["'=西湖分馆", "2026-11-28", "1", "1", "0", "0", "0", "0"],
        ["T2", "2026-11-28", "0", "0", "1", "0", "0", "0"],
    ]
    page = client.get("/reports?from=2026-11-27&to=2026-11-28")
    assert page.status_code == 200 and "=西湖分馆" in page.text
    set_site = [
        a for a in client.app.state.console.accounts.audit_log() if a["action"] == "set_site"
    ]
    assert set_site[0]["username"] == "admin" and set_site[0]["terminal_id"] == "T1"


def test_chart_and_year_pdf_are_drawn(client, events):
    sign_in(client, "viewer")
    png = client.get("/reports/chart.png?from=2026-11-20&to=2026-11-28")
    assert png.headers["content-type"] == "image/png" and png.content.startswith(b"\x89PNG")
    pdf = client.get("/reports/year.pdf?year=2026")
    assert (
        pdf.content.startswith(b"%PDF") and "kiosk-2026.pdf" in pdf.headers["content-disposition"]
    )


@pytest.mark.parametrize(
    "query", ["from=2026-01-01&to=2027-01-02", "from=2026-11-28&to=2026-11-27", "to=yesterday"]
)
def test_a_bad_range_is_refused(client, events, query):
    sign_in(client, "viewer")
    assert client.get(f"/reports?{query}").status_code == 400
    assert client.get(f"/reports.csv?{query}").status_code == 400


def test_a_viewer_may_not_set_a_site(client, events):
    csrf = sign_in(client, "viewer")
    assert client.post("/terminals/T1/site", data={"csrf": csrf, "site": "x"}).status_code == 403


def test_pickups_offline_share_and_busiest_local_hours(console_db):
    store = CentralStore(console_db)
    for terminal_id in ("T1", "T2"):
        birth(store, terminal_id)
    store.db.execute("UPDATE terminals SET site = '西湖分馆' WHERE terminal_id = 'T1'")
    loan = {"hold_id": None, "offline": False}
    # 01:30 UTC is 09:30 in Shanghai; 15:59 UTC on the 26th is 23:59 there (still the 26th).
    stored(store, "T1", 1, "loan", "2026-11-27T01:30:00.000000+00:00", **loan)
    stored(store, "T1", 2, "loan", "2026-11-27T01:40:00.000000+00:00", **{**loan, "hold_id": "H1"})
    stored(store, "T1", 3, "loan", "2026-11-27T02:10:00.000000+00:00", **{**loan, "offline": True})
    stored(store, "T2", 1, "loan", "2026-11-26T15:59:00.000000+00:00", **{**loan, "offline": True})
    stored(store, "T2", 2, "loan", "2026-11-26T15:30:00.000000+00:00", **loan)
    stored(store, "T2", 3, "return", "2026-11-27T01:30:00.000000+00:00", hold_id="H9")
    shanghai = ZoneInfo("Asia/Shanghai")
    figures = reports.loan_figures(store, shanghai, date(2026, 11, 26), date(2026, 11, 27))
    assert figures.loans == {"西湖分馆": 3, "T2": 2}
    assert figures.pickups == {"西湖分馆": 1, "T2": 0}  # a return with a hold id is no pick-up
    assert figures.offline_share("西湖分馆") == pytest.approx(1 / 3)
    assert figures.offline_share() == pytest.approx(2 / 5)
    assert {h: n for h, n in enumerate(figures.by_hour) if n} == {9: 2, 10: 1, 23: 2}
    # A day later in Shanghai only the 27th's loans are in range.
    only_27th = reports.loan_figures(store, shanghai, date(2026, 11, 27), date(2026, 11, 27))
    assert only_27th.loans == {"西湖分馆": 3}


def test_the_page_and_the_year_pdf_show_the_loan_figures(client, console_db):
    store = CentralStore(console_db)
    for terminal_id in ("T1", "T2"):
        birth(store, terminal_id)
    stored(store, "T1", 1, "loan", "2026-11-27T01:30:00.000000+00:00", hold_id="H1", offline=True)
    stored(store, "T2", 1, "loan", "2026-11-27T01:30:00.000000+00:00", hold_id=None, offline=False)
    sign_in(client, "viewer")
    page = client.get("/reports?from=2026-11-27&to=2026-11-27").text
    assert re.search(r'data-site="T1"><td>T1</td><td>1</td><td>1</td><td>100%</td>', page)
    assert re.search(r'data-site="T2"><td>T2</td><td>1</td><td>0</td><td>0%</td>', page)
    pdf = client.get("/reports/year.pdf?year=2026").content
    # The whole network, then one page per site.
    assert len(re.findall(rb"/Type /Page\b", pdf)) == 3
