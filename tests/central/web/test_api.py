"""The read-only JSON API: a bearer token made on the command line, GET only, revocable."""

from __future__ import annotations

import pytest

from central.store import CentralStore
from tests.central.web.conftest import sign_in
from tests.central.web.fleet_data import birth, event, telemetry
from tests.central.web.test_accounts import run_cli

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def token(console_db, client, capsys) -> str:
    store = CentralStore(console_db)
    birth(store, "T1")
    telemetry(store, "T1", depth=2)
    event(store, "T1", 1, "loan", {"patron_id": "3301000000042", "item_id": "I1"})
    assert run_cli("token", "add", "dashboard", "--db", str(console_db)) == 0
    return capsys.readouterr().out.strip()


def bearer(token: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"}


def test_api_answers_a_token_with_json_and_masks_patrons(client, token):
    fleet = client.get("/api/v1/fleet", headers=bearer(token))
    assert fleet.status_code == 200
    assert [t["terminal_id"] for t in fleet.json()["terminals"]] == ["T1"]
    detail = client.get("/api/v1/terminals/T1", headers=bearer(token)).json()
    assert detail["events"][0]["fields"]["patron_id"] == "****0042"
    assert "3301000000042" not in client.get("/api/v1/terminals/T1", headers=bearer(token)).text
    assert client.get("/api/v1/alarms", headers=bearer(token)).json() == {"alarms": []}
    report = client.get("/api/v1/reports?from=2026-11-27&to=2026-11-28", headers=bearer(token))
    assert report.json()["rows"][0]["loan"] == 1
    assert client.get("/api/v1/terminals/NOPE", headers=bearer(token)).status_code == 404


@pytest.mark.parametrize(
    "headers",
    [{}, {"authorization": "Bearer kc_guess"}, {"authorization": "Basic dXNlcjpwdw=="}],
)
def test_api_without_a_valid_token_is_401_not_a_redirect(client, token, headers):
    answer = client.get("/api/v1/fleet", headers=headers, follow_redirects=False)
    assert answer.status_code == 401 and answer.headers["www-authenticate"] == "Bearer"


def test_a_session_is_not_a_token_and_the_api_is_read_only(client, token):
    sign_in(client, "admin")
    assert client.get("/api/v1/fleet").status_code == 401
    answer = client.post("/api/v1/fleet", headers=bearer(token), data={"x": "1"})
    assert answer.status_code == 405


def test_a_revoked_token_stops_at_once_and_only_its_hash_is_stored(
    client, token, console_db, capsys
):
    stored = CentralStore(console_db).db.execute("SELECT token_sha256 FROM api_tokens").fetchone()
    assert token not in stored[0]
    assert run_cli("token", "revoke", "dashboard", "--db", str(console_db)) == 0
    assert client.get("/api/v1/fleet", headers=bearer(token)).status_code == 401
    assert run_cli("token", "list", "--db", str(console_db)) == 0
    assert "revoked" in capsys.readouterr().out
    assert run_cli("token", "revoke", "dashboard", "--db", str(console_db)) == 2
