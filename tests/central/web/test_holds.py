"""Holds to load, per site: sent to a terminal, not yet reported loaded, not cancelled."""

from __future__ import annotations

import re

import pytest

from central.jobs import JobState
from central.store import CentralStore
from tests.central.web.conftest import sign_in
from tests.central.web.fleet_data import birth, event

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def console_db(any_central_db: str) -> str:
    """These run on SQLite and on PostgreSQL (the console's JSON queries differ)."""
    return any_central_db


def hold(hold_id: str, expires: str = "2099-01-01T00:00:00+00:00") -> dict:
    return {
        "hold_id": hold_id,
        "item_id": f"I-{hold_id}",
        "patron_id": "3301000000042",
        "expires_at": expires,
        "title": "三体",
    }


def test_holds_to_load_leave_out_loaded_cancelled_expired_and_failed(client, console_db):
    store = CentralStore(console_db)
    birth(store, "T1")
    birth(store, "T2")
    sent = store.enqueue_job(
        "T1",
        "load_holds",
        {"holds": [hold("H1"), hold("H2"), hold("H3"), hold("H4", "2020-01-01T00:00:00+00:00")]},
        600,
    )
    store.transition_job(sent, JobState.IN_PROGRESS)
    store.transition_job(sent, JobState.SUCCEEDED)
    failed = store.enqueue_job("T2", "load_holds", {"holds": [hold("H9")]}, 600)
    store.transition_job(failed, JobState.FAILED, reason="not sendable")
    store.enqueue_job("T2", "load_holds", {"holds": [hold("H5")]}, 600)  # still queued
    event(store, "T1", 1, "hold_loaded", {"hold_id": "H1", "item_id": "I-H1"})
    cancel = store.enqueue_job("T1", "cancel_hold", {"hold_id": "H3"}, 600)
    store.transition_job(cancel, JobState.IN_PROGRESS)
    store.transition_job(cancel, JobState.SUCCEEDED)
    client.app.state.console.view.set_site("T1", "西湖分馆", lambda db: None)

    sign_in(client, "viewer")
    page = client.get("/holds").text
    assert re.findall(r'data-hold="([^"]+)"', page) == ["H5", "H2"]  # T2's site is its id
    assert re.findall(r'data-site="([^"]+)"', page) == ["T2", "西湖分馆"]
    assert "****0042" in page and "3301000000042" not in page
