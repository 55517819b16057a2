"""The console's HTTP rules: default deny, cookies, CSRF, roles, throttling, audit, sign-out."""

from __future__ import annotations

import pytest

from central.accounts import AccountError, Accounts, Role, SignInThrottle
from central.store import CentralStore
from central.web.base import WebSettings
from tests.central.web.conftest import PASSWORD, sign_in, signin_csrf_of
from tests.central.web.fleet_data import birth

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

PAGES = [
    "/",
    "/api/fleet",
    "/terminals/T1",
    "/api/terminals/T1/jobs",
    "/alarms",
    "/users",
    "/audit",
]


def jobs(console_db) -> list[dict]:
    store = CentralStore(console_db)
    try:
        return store.jobs()
    finally:
        store.close()


def audit(console_db) -> list[dict]:
    store = CentralStore(console_db)
    try:
        return Accounts(store).audit_log()
    finally:
        store.close()


def action(csrf: str, **fields: str) -> dict[str, str]:
    form = {"csrf": csrf, "action": "open", "compartment": "C01", "reason": "jammed book"}
    form.update(confirm="yes")
    form.update(fields)
    return form


@pytest.mark.parametrize("path", PAGES)
def test_every_page_without_a_session_redirects_to_sign_in(client, path):
    answer = client.get(path, follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/signin?next=")


def test_sign_in_healthz_and_metrics_are_public(client):
    assert client.get("/signin").status_code == 200
    health = client.get("/healthz")
    assert health.status_code == 200 and health.json()["status"] == "ok"
    assert "kiosk_central_events_stored_total" in client.get("/metrics").text


def test_a_post_without_a_session_is_redirected_and_queues_nothing(client, console_db):
    birth(CentralStore(console_db), "T1")
    answer = client.post("/terminals/T1/actions", data=action("x"), follow_redirects=False)
    assert answer.status_code == 303
    assert jobs(console_db) == []


def test_session_cookie_is_httponly_strict_and_secure_behind_tls(make_console):
    plain = make_console()
    page = plain.get("/signin")
    answer = plain.post(
        "/signin",
        data={"csrf": signin_csrf_of(page.text), "username": "viewer", "password": PASSWORD},
        follow_redirects=False,
    )
    cookie = answer.headers["set-cookie"].lower()
    assert cookie.startswith("kiosk_session=") and "httponly" in cookie
    assert "samesite=strict" in cookie and "secure" not in cookie.split("kiosk_signin")[0]

    tls = make_console(WebSettings(secure_cookies=True))
    tls.base_url = "https://testserver"
    page = tls.get("https://testserver/signin")
    answer = tls.post(
        "https://testserver/signin",
        data={"csrf": signin_csrf_of(page.text), "username": "viewer", "password": PASSWORD},
        follow_redirects=False,
    )
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith("__Host-kiosk_session=")
    assert "; secure" in cookie.lower().split(",")[0]


def test_sign_in_refuses_a_form_without_the_sign_in_cookie_token(client):
    client.get("/signin")
    answer = client.post(
        "/signin",
        data={"csrf": "forged", "username": "admin", "password": PASSWORD},
        follow_redirects=False,
    )
    assert answer.status_code == 403
    assert "kiosk_session" not in answer.headers.get("set-cookie", "")


def test_a_post_without_the_session_csrf_token_is_refused(client, console_db):
    birth(CentralStore(console_db), "T1")
    csrf = sign_in(client, "operator")
    for token in ("", "0" * len(csrf), csrf[:-1]):
        answer = client.post("/terminals/T1/actions", data=action(token), follow_redirects=False)
        assert answer.status_code == 403
    # Another session's token is no good either.
    other = sign_in(client.__class__(client.app), "admin")
    answer = client.post("/terminals/T1/actions", data=action(other), follow_redirects=False)
    assert answer.status_code == 403
    assert jobs(console_db) == []
    answer = client.post("/terminals/T1/actions", data=action(csrf), follow_redirects=False)
    assert answer.status_code == 303


def test_a_post_that_is_not_a_small_form_is_refused(client, console_db):
    birth(CentralStore(console_db), "T1")
    csrf = sign_in(client, "operator")
    big = client.post(
        "/terminals/T1/actions", data=action(csrf, reason="x" * 20_000), follow_redirects=False
    )
    assert big.status_code == 413
    as_json = client.post("/terminals/T1/actions", json=action(csrf), follow_redirects=False)
    assert as_json.status_code == 415
    assert jobs(console_db) == []


def test_a_viewer_may_see_but_not_act_and_the_refusal_is_audited(client, console_db):
    birth(CentralStore(console_db), "T1")
    csrf = sign_in(client, "viewer")
    page = client.get("/terminals/T1")
    assert page.status_code == 200 and 'id="action-form"' not in page.text
    answer = client.post("/terminals/T1/actions", data=action(csrf), follow_redirects=False)
    assert answer.status_code == 403
    assert jobs(console_db) == []
    refused = [a for a in audit(console_db) if a["action"] == "refused"]
    assert refused and refused[0]["username"] == "viewer"
    assert refused[0]["terminal_id"] == "T1"
    assert client.get("/users").status_code == 403


def test_an_operator_may_act_but_not_manage_accounts(client, console_db):
    birth(CentralStore(console_db), "T1")
    csrf = sign_in(client, "operator")
    answer = client.post(
        "/users",
        data={
            "csrf": csrf,
            "op": "add",
            "username": "mallory",
            "role": "admin",
            "password": "x" * 12,
        },
        follow_redirects=False,
    )
    assert answer.status_code == 403
    assert "mallory" not in [u["username"] for u in Accounts(CentralStore(console_db)).users()]


def test_an_action_queues_a_job_and_audits_who_what_why_and_the_job(client, console_db):
    birth(CentralStore(console_db), "T1")
    csrf = sign_in(client, "operator")
    answer = client.post("/terminals/T1/actions", data=action(csrf), follow_redirects=False)
    assert answer.status_code == 303
    (job,) = jobs(console_db)
    assert (job["terminal_id"], job["kind"], job["state"]) == ("T1", "open_compartment", "queued")
    row = next(a for a in audit(console_db) if a["action"] == "open_compartment")
    assert row["username"] == "operator" and row["command_id"] == job["command_id"]
    assert row["detail"] == {"action": "open", "compartment_id": "C01", "reason": "jammed book"}
    assert row["source"] == "testclient"
    assert job["command_id"] in client.get(answer.headers["location"]).text


@pytest.mark.parametrize(
    "fields",
    [
        {"confirm": ""},
        {"reason": "  "},
        {"compartment": ""},
        {"action": "reboot"},
        {"action": "resend", "from_seq": "0"},
        {"action": "block", "patron": ""},
    ],
)
def test_an_action_without_confirmation_reason_or_target_queues_nothing(client, console_db, fields):
    birth(CentralStore(console_db), "T1")
    csrf = sign_in(client, "operator")
    answer = client.post("/terminals/T1/actions", data=action(csrf, **fields))
    assert answer.status_code == 400
    assert jobs(console_db) == []


def test_block_masks_the_patron_in_the_audit_and_the_job_list(client, console_db):
    birth(CentralStore(console_db), "T1")
    csrf = sign_in(client, "operator")
    form = action(csrf, action="block", patron="3301000000042", reason="lost card")
    page = client.post("/terminals/T1/actions", data=form)
    assert page.status_code == 200
    assert "3301000000042" not in page.text and "****0042" in page.text
    row = next(a for a in audit(console_db) if a["action"] == "block_patron")
    assert row["detail"]["patron_id"] == "****0042"
    assert jobs(console_db)[0]["kind"] == "block_patron"


def test_sign_out_ends_the_session_on_the_server(client):
    csrf = sign_in(client, "viewer")
    token = client.cookies["kiosk_session"]
    assert client.post("/signout", data={"csrf": csrf}, follow_redirects=False).status_code == 303
    client.cookies.set("kiosk_session", token)  # a copy of the cookie kept by someone
    assert client.get("/", follow_redirects=False).status_code == 303


def test_a_disabled_account_loses_its_sessions_and_a_changed_role_applies_at_once(
    client, console_db
):
    birth(CentralStore(console_db), "T1")
    csrf = sign_in(client, "operator")
    accounts = Accounts(CentralStore(console_db))
    accounts.set_role("operator", Role.VIEWER, "admin")
    answer = client.post("/terminals/T1/actions", data=action(csrf), follow_redirects=False)
    assert answer.status_code == 403
    accounts.set_disabled("operator", True, "admin")
    assert client.get("/", follow_redirects=False).status_code == 303


def test_failed_sign_ins_wait_longer_each_time_per_account_and_address(client):
    now = [1000.0]
    throttle = SignInThrottle(clock=lambda: now[0])
    client.app.state.console.throttle = throttle

    def attempt(username: str, password: str) -> int:
        page = client.get("/signin")
        return client.post(
            "/signin",
            data={"csrf": signin_csrf_of(page.text), "username": username, "password": password},
            follow_redirects=False,
        ).status_code

    for _ in range(SignInThrottle.FREE_FAILURES):
        assert attempt("admin", "wrong password") == 401
    assert attempt("admin", "wrong password") == 401  # the first one that costs a wait
    # Even the right password is not checked while the wait lasts.
    assert attempt("admin", PASSWORD) == 429
    now[0] += 1.01
    assert attempt("admin", "wrong password") == 401
    assert attempt("admin", PASSWORD) == 429
    now[0] += 1.99
    assert attempt("admin", PASSWORD) == 429  # the second wait is 2 s
    now[0] += 0.02
    assert attempt("admin", PASSWORD) == 303

    # The address stays throttled across accounts: guessing at another name waits too.
    now[0] += 10_000
    for name in ("viewer", "operator", "nobody", "ghost"):
        attempt(name, "wrong password")
    assert attempt("viewer", PASSWORD) == 429


def test_throttle_waits_double_up_to_the_cap_and_are_forgotten_after_an_hour():
    now = [0.0]
    throttle = SignInThrottle(clock=lambda: now[0])
    keys = throttle.keys("192.0.2.1", "admin")
    waits = []
    for _ in range(20):
        throttle.failed(keys)
        waits.append(throttle.wait_left(keys))
    assert waits[:3] == [0, 0, 0]
    assert waits[3:8] == [1, 2, 4, 8, 16]
    assert max(waits) == SignInThrottle.MAX_WAIT_S
    now[0] += SignInThrottle.FORGET_S + 1
    throttle.failed(keys)
    assert throttle.wait_left(keys) == 0
    # IPv6 addresses are counted per /64: one host's many addresses are one source.
    assert throttle.address_key("2001:db8::1") == throttle.address_key("2001:db8::ffff:2")


@pytest.mark.parametrize(
    "target", ["//evil.example/", "/\t/evil.example/", "/\\evil.example", "https://evil.example/"]
)
def test_sign_in_goes_back_only_to_a_local_path(client, target):
    page = client.get("/signin", params={"next": target})
    answer = client.post(
        "/signin",
        data={
            "csrf": signin_csrf_of(page.text),
            "username": "viewer",
            "password": PASSWORD,
            "next": target,
        },
        follow_redirects=False,
    )
    assert answer.headers["location"] == "/"


def test_a_failed_sign_in_records_only_a_known_name(client, console_db):
    page = client.get("/signin")
    for name in ("admin", "my secret password"):
        client.post(
            "/signin",
            data={"csrf": signin_csrf_of(page.text), "username": name, "password": "wrong"},
        )
    names = [a["username"] for a in audit(console_db) if a["action"] == "sign_in_failed"]
    assert names == ["(unknown)", "admin"]


def test_text_people_typed_is_escaped(client, console_db):
    birth(CentralStore(console_db), "T1")
    csrf = sign_in(client, "admin")
    script = "<script>alert(1)</script>"
    client.post("/terminals/T1/site", data={"csrf": csrf, "site": script})
    page = client.get("/").text
    assert script not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_last_administrator_cannot_be_demoted_or_disabled(client, console_db):
    csrf = sign_in(client, "admin")
    for form in ({"op": "role", "role": "viewer"}, {"op": "disable"}):
        answer = client.post("/users", data={"csrf": csrf, "username": "admin", **form})
        assert answer.status_code == 400
    accounts = Accounts(CentralStore(console_db))
    with pytest.raises(AccountError):
        accounts.set_role("admin", Role.VIEWER, "cli:root")
    assert [u["role"] for u in accounts.users() if u["username"] == "admin"] == ["admin"]
    # With a second administrator, the first may step down.
    accounts.set_role("operator", Role.ADMIN, "cli:root")
    accounts.set_role("admin", Role.VIEWER, "cli:root")
