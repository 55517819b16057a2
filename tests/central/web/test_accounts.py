"""Accounts as stored: argon2id at its production cost, sessions that end, the CLI that
makes accounts, and `kiosk central web` serving the store of `kiosk central run`."""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher, extract_parameters

from central import accounts as accounts_module
from central import cli
from central.accounts import IDLE, LIFETIME, Accounts, Role, User
from central.schema import MIGRATIONS
from central.store import CentralStore
from tests.support.broker import free_port
from tests.support.fleet import wait_until

REPO = Path(__file__).resolve().parents[3]


def run_cli(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="kiosk central")
    cli.register(parser.add_subparsers(dest="cmd", required=True))
    args = parser.parse_args(argv)
    return args.handler(args)


def test_production_hashes_are_argon2id_at_64_mib(monkeypatch, console_db):
    monkeypatch.setattr(accounts_module, "_hasher", PasswordHasher())
    accounts = Accounts(CentralStore(console_db))
    accounts.add_user("admin", Role.ADMIN, "correct horse 1", "test")
    stored = accounts.store.db.execute("SELECT password_hash FROM console_users").fetchone()[0]
    params = extract_parameters(stored)
    assert stored.startswith("$argon2id$") and params.memory_cost >= 65536
    assert "correct horse" not in stored


def test_sessions_end_after_idle_time_and_lifetime_and_keep_only_a_hash(console_db):
    accounts = Accounts(CentralStore(console_db))
    accounts.add_user("viewer", Role.VIEWER, "correct horse 1", "test")
    token, _ = accounts.open_session(User("viewer", Role.VIEWER), "192.0.2.1")
    stored = [r[0] for r in accounts.store.db.execute("SELECT token_sha256 FROM console_sessions")]
    assert token not in stored
    now = datetime.now(UTC)
    assert accounts.session(token, now + IDLE - timedelta(seconds=5)) is not None
    # Used just now (the call above touched it), so idle time counts from there...
    assert accounts.session(token, now + 2 * IDLE - timedelta(seconds=10)) is not None
    # ...but no session outlives its lifetime, however busy.
    assert accounts.session(token, now + LIFETIME + timedelta(seconds=1)) is None
    assert accounts.purge_sessions(now + LIFETIME + timedelta(seconds=1)) == 1


@pytest.mark.parametrize("name", ["", "Root", "a b", "x" * 65, "élan"])
def test_user_add_refuses_bad_names_and_short_passwords(console_db, monkeypatch, name):
    monkeypatch.setattr(sys, "stdin", io.StringIO("correct horse 1\n"))
    assert (
        run_cli(
            "user", "add", name, "--role", "viewer", "--password-stdin", "--db", str(console_db)
        )
        == 2
    )
    monkeypatch.setattr(sys, "stdin", io.StringIO("short\n"))
    assert (
        run_cli(
            "user", "add", "ok", "--role", "viewer", "--password-stdin", "--db", str(console_db)
        )
        == 2
    )


def test_user_commands_add_list_change_and_audit(console_db, monkeypatch, capsys):
    db = str(console_db)
    monkeypatch.setattr(sys, "stdin", io.StringIO("correct horse 1\n"))
    assert (
        run_cli("user", "add", "li.ming", "--role", "operator", "--password-stdin", "--db", db) == 0
    )
    monkeypatch.setattr(sys, "stdin", io.StringIO("correct horse 1\n"))
    assert run_cli("user", "add", "li.ming", "--role", "admin", "--password-stdin", "--db", db) == 2
    assert "已存在" in capsys.readouterr().err
    assert run_cli("user", "set-role", "li.ming", "admin", "--db", db) == 0
    assert run_cli("user", "disable", "li.ming", "--db", db) == 2  # the only administrator
    assert "管理员" in capsys.readouterr().err
    monkeypatch.setattr(sys, "stdin", io.StringIO("correct horse 2\n"))
    assert (
        run_cli("user", "add", "wang.fang", "--role", "admin", "--password-stdin", "--db", db) == 0
    )
    assert run_cli("user", "disable", "li.ming", "--db", db) == 0
    assert run_cli("user", "list", "--db", db) == 0
    listed = capsys.readouterr().out
    assert "li.ming" in listed and "admin" in listed and "disabled" in listed
    accounts = Accounts(CentralStore(db))
    assert accounts.authenticate("li.ming", "correct horse 1") is None  # disabled
    actions = [a["action"] for a in accounts.audit_log()]
    assert actions == ["user_disable", "user_add", "user_role", "user_add"]
    assert all(a["username"].startswith("cli:") for a in accounts.audit_log())


def test_kiosk_central_web_serves_the_store_in_its_own_process(console_db, tmp_path):
    store = CentralStore(console_db)
    store.apply_state(
        "T9", {"state": "online", "boot": 1, "conn": 1, "at": "2026-11-28T00:00:00+00:00"}
    )
    store.close()
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cli",
            "central",
            "web",
            "--db",
            str(console_db),
            "--listen",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=REPO,
        env=dict(os.environ, PYTHONPATH=str(REPO)),
        stderr=(tmp_path / "web.log").open("wb"),
    )
    try:

        def health() -> dict | None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    return json.loads(r.read())
            except OSError:
                return None

        wait_until(health, 30, "kiosk central web to answer")
        assert health() == {"status": "ok", "schema_version": len(MIGRATIONS), "terminals": 1}
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=2) as r:
            assert 'kiosk_terminal_up{terminal="T9"} 1.0' in r.read().decode()
    finally:
        server.terminate()
        server.wait(10)
    assert "尚无账户" in (tmp_path / "web.log").read_text()
