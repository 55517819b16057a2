"""The console names a terminal's "help requested" alarm in words, in both languages."""

from __future__ import annotations

import pytest

from central.store import CentralStore
from central.web.base import LANGUAGE_COOKIE
from tests.central.web.conftest import sign_in
from tests.central.web.fleet_data import NOW, birth, telemetry

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def test_help_requested_alarm_has_words_on_the_alarm_page(client, console_db):
    store = CentralStore(console_db)
    birth(store, "T-HELP")
    telemetry(
        store,
        "T-HELP",
        alarms=[{"alarm_id": 3, "kind": "help_requested", "subject": "resident", "raised_at": NOW}],
    )
    sign_in(client, "viewer")
    assert "读者在终端按了“帮助”求助" in client.get("/alarms").text
    client.cookies.set(LANGUAGE_COOKIE, "en")
    assert "A resident pressed Help at the terminal" in client.get("/alarms").text
