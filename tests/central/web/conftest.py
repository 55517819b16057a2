"""A console over a fresh central store, with one account per role, driven over HTTP."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

with warnings.catch_warnings():
    # Starlette 1.x suggests httpx2 for its TestClient; httpx (pinned) works the same here.
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from argon2 import PasswordHasher

from central import accounts as accounts_module
from central.accounts import Accounts, Role
from central.web.app import create_app
from central.web.base import WebSettings

PASSWORD = "correct horse 1"
ROLES = {"viewer": Role.VIEWER, "operator": Role.OPERATOR, "admin": Role.ADMIN}
CSRF = re.compile(r'name="csrf" value="([^"]*)"')
SIGNIN_CSRF = re.compile(r'id="signin-csrf" value="([^"]*)"')


def csrf_of(html: str) -> str:
    """The CSRF token a page's forms carry."""
    match = CSRF.search(html)
    assert match, "page has no form with a CSRF token"
    return match.group(1)


def signin_csrf_of(html: str) -> str:
    """The token of the sign-in form (a signed-in page also has the sign-out form's)."""
    match = SIGNIN_CSRF.search(html)
    assert match, "not the sign-in page"
    return match.group(1)


def sign_in(client: TestClient, username: str, password: str = PASSWORD) -> str:
    """Sign in as a person would (sign-in page, then its form); returns the session's token."""
    page = client.get("/signin")
    answer = client.post(
        "/signin",
        data={"csrf": signin_csrf_of(page.text), "username": username, "password": password},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    return csrf_of(client.get("/alarms").text)


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 at its production cost (64 MiB, 3 passes) would make these tests slow; the
    rules under test do not depend on the cost (test_accounts checks the production one)."""
    monkeypatch.setattr(accounts_module, "_hasher", PasswordHasher(1, 64, 1))


@pytest.fixture
def console_db(tmp_path: Path) -> Path:
    return tmp_path / "central.db"


@pytest.fixture
def make_console(console_db: Path) -> Iterator[object]:
    def make(settings: WebSettings | None = None) -> TestClient:
        app = create_app(console_db, settings)
        accounts = Accounts(app.state.console.store)
        if not accounts.has_users():
            for name, role in ROLES.items():
                accounts.add_user(name, role, PASSWORD, "test")
        return TestClient(app, base_url="http://testserver")

    yield make


@pytest.fixture
def client(make_console) -> TestClient:
    return make_console()
