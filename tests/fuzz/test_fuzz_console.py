"""Fuzzing the web console's input rules: where a sign-in may send the browser, what an
action form may queue, and what the gate answers to any POST body."""

from __future__ import annotations

import warnings
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from central.service import check_job_args
from central.web.actions import ACTIONS, ActionRefused, command_for
from central.web.gate import safe_next
from tests.fuzz.budget import LONG, examples

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

URLISH = st.text(alphabet=st.sampled_from(list("/\\\t\n\r .:@%?#=&ab1\x00\x7fé")), max_size=24)


def browser_reading(target: str) -> str:
    """What a browser makes of a Location: tabs and newlines dropped, backslashes as slashes."""
    return "".join(c for c in target if c not in "\t\n\r").replace("\\", "/")


@settings(max_examples=examples(2000), deadline=None, derandomize=not LONG)
@given(st.one_of(URLISH, st.text(max_size=40)))
def test_safe_next_only_ever_names_a_local_path(target):
    result = safe_next(target)
    assert result == "/" or result == target
    seen = browser_reading(result)
    assert seen.startswith("/") and not seen.startswith("//")


FIELDS = st.fixed_dictionaries(
    {},
    optional={
        "action": st.one_of(st.sampled_from(ACTIONS), st.text(max_size=8)),
        "confirm": st.sampled_from(["yes", "", "no", "YES"]),
        "reason": st.text(max_size=300),
        "compartment": st.text(max_size=300),
        "patron": st.text(max_size=300),
        "from_seq": st.one_of(st.integers(-5, 2**70).map(str), st.text(max_size=12)),
    },
)


@settings(max_examples=examples(2000), deadline=None, derandomize=not LONG)
@given(FIELDS)
def test_an_action_form_either_is_refused_or_queues_a_valid_command(form):
    try:
        command = command_for(form)
    except ActionRefused:
        return
    check_job_args(command.kind, command.args)  # the schema the terminal enforces
    assert form["confirm"] == "yes" and form["reason"].strip()
    patron = command.args.get("patron_id", "")
    if len(patron) > 4:
        assert patron not in str(command.audit_detail)


@pytest.fixture(scope="module")
def signed_in(tmp_path_factory):
    from argon2 import PasswordHasher

    from central import accounts as accounts_module
    from central.accounts import Accounts, Role
    from central.store import CentralStore
    from central.web.app import create_app

    db = tmp_path_factory.mktemp("console") / "central.db"
    hasher, accounts_module._hasher = accounts_module._hasher, PasswordHasher(1, 64, 1)
    try:
        app = create_app(db)
        Accounts(app.state.console.store).add_user("op", Role.OPERATOR, "correct horse 1", "t")
        CentralStore(db).apply_state(
            "T1", {"state": "online", "boot": 1, "conn": 1, "at": "2026-11-28T00:00:00+00:00"}
        )
        client = TestClient(app, raise_server_exceptions=False)
        page = client.get("/signin").text
        token = page.split('id="signin-csrf" value="')[1].split('"')[0]
        client.post(
            "/signin", data={"csrf": token, "username": "op", "password": "correct horse 1"}
        )
        csrf = client.get("/alarms").text.split('name="csrf" value="')[1].split('"')[0]
        yield client, csrf
    finally:
        accounts_module._hasher = hasher


BODIES = st.one_of(
    st.binary(max_size=300),
    FIELDS.map(urlencode).map(str.encode),
    st.binary(min_size=16 * 1024 - 10, max_size=16 * 1024 + 10),
)
PATHS = st.sampled_from(
    ["/terminals/T1/actions", "/terminals/T1/site", "/alarms/ack", "/users", "/signout", "/signin"]
)


@settings(
    max_examples=examples(150, 20_000),
    deadline=None,
    derandomize=not LONG,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(path=PATHS, body=BODIES, with_token=st.booleans())
def test_the_gate_answers_any_post_without_a_server_error(signed_in, path, body, with_token):
    client, csrf = signed_in
    if with_token and path != "/signout":
        body = body + b"&csrf=" + csrf.encode()
    answer = client.post(
        path,
        content=body,
        headers={"content-type": "application/x-www-form-urlencoded"},
        follow_redirects=False,
    )
    assert answer.status_code < 500, (path, body[:80], answer.status_code)
