"""Figures per site and local day from stored events, as a page, CSV, PNG chart and PDF."""

from __future__ import annotations

import csv
import io
import uuid

import pytest

from central.store import CentralStore
from tests.central.web.conftest import sign_in
from tests.central.web.fleet_data import birth

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def stored(store: CentralStore, terminal_id: str, seq: int, kind: str, at: str) -> None:
    event = {
        "event_id": str(uuid.uuid4()),
        "seq": seq,
        "terminal_id": terminal_id,
        "kind": kind,
        "at": at,
        "data": {"item_id": f"I{seq}"},
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
        ["site", "day", "loan", "return", "renew", "hold_loaded"],
        ["'=西湖分馆", "2026-11-27", "1", "0", "0", "0"],  # a formula is never a formula
        ["'=西湖分馆", "2026-11-28", "1", "1", "0", "0"],
        ["T2", "2026-11-28", "0", "0", "1", "0"],
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
