"""``kiosk central ...`` as staff use it: keygen, run (a real process), send, status, jobs."""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from central import cli
from kiosk.model import Patron, PatronKind
from kiosk.store import Store
from sync.client import SyncClient
from tests.support.fleet import FAST_SYNC, PASSWORDS, add_loans, broker_settings, wait_until

REPO = Path(__file__).resolve().parents[2]


def run_cli(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="kiosk central")
    cli.register(parser.add_subparsers(dest="cmd", required=True))
    args = parser.parse_args(argv)
    return args.handler(args)


def test_central_run_send_and_status(broker, tmp_path, capsys):
    key = tmp_path / "central.pem"
    assert run_cli("keygen", "--out", str(key), "--key-id", "k1") == 0
    public = json.loads(capsys.readouterr().out)
    assert run_cli("keygen", "--out", str(key), "--key-id", "k1") == 2  # never overwrites
    assert "已存在" in capsys.readouterr().err

    db = tmp_path / "central.db"
    env = dict(os.environ, KIOSK_CENTRAL_PASSWORD=PASSWORDS["central"])
    service = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cli",
            "central",
            "run",
            "--db",
            str(db),
            "--broker-port",
            str(broker.port),
            "--key-id",
            "k1",
            "--signing-key",
            str(key),
        ],
        cwd=REPO,
        env=env,
        stderr=(tmp_path / "central.log").open("wb"),
    )
    store = Store(tmp_path / "T1.db", "T1")
    store.upsert_patrons([Patron("3301000000001", PatronKind.CARD)])
    client = SyncClient(
        store, "T1", broker_settings(broker, "T1"), {"k1": public["public_key"]}, settings=FAST_SYNC
    )
    try:
        client.start()
        add_loans(store, 25)
        wait_until(lambda: client.status().queue_depth == 0, 60, "drain to the CLI service")

        code = run_cli(
            "send",
            "--db",
            str(db),
            "--terminal",
            "T1",
            "--wait",
            "30",
            "block",
            "--patron",
            "3301000000001",
            "--reason",
            "card reported lost",
        )
        sent = json.loads(capsys.readouterr().out)
        assert (code, sent["kind"], sent["state"]) == (0, "block_patron", "succeeded")
        assert store.get_patron("3301000000001").blocked is True

        code = run_cli(
            "send",
            "--db",
            str(db),
            "--all",
            "--wait",
            "30",
            "cancel-hold",
            "--hold",
            "NO-SUCH-HOLD",
        )
        assert code == 1 and json.loads(capsys.readouterr().out)["state"] == "failed"

        wait_until(lambda: _status(capsys, db)["queue_depth"] == 0, 30, "telemetry in status")
        row = _status(capsys, db)
        assert (row["terminal_id"], row["state"], row["events_stored_upto"]) == ("T1", "online", 25)
        assert row["gap"] is False and row["duplicates"] == 0
        assert run_cli("status", "--db", str(db)) == 0
        table = capsys.readouterr().out.splitlines()
        assert table[0].split()[:2] == ["TERMINAL", "STATE"] and table[1].startswith("T1 ")
        assert run_cli("jobs", "--db", str(db), "--json") == 0
        states = {j["kind"]: j["state"] for j in json.loads(capsys.readouterr().out)["jobs"]}
        assert states == {"block_patron": "succeeded", "cancel_hold": "failed"}
    finally:
        client.stop()
        service.send_signal(signal.SIGTERM)
        assert service.wait(20) == 0
    # The default --log-level INFO reaches the log, though the kiosk command's other
    # subcommands import python-escpos, whose import configures logging first.
    assert "central service running" in (tmp_path / "central.log").read_text()
    with pytest.raises(SystemExit):
        run_cli("send", "--db", str(db), "block", "--patron", "x", "--reason", "y")


def _status(capsys, db: Path) -> dict:
    assert run_cli("status", "--db", str(db), "--json") == 0
    return json.loads(capsys.readouterr().out)["terminals"][0]


@pytest.mark.parametrize("command", ["status", "jobs"])
def test_read_commands_refuse_a_missing_database(tmp_path, capsys, command):
    db = tmp_path / "typo.db"
    assert run_cli(command, "--db", str(db)) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and str(db) in err
    assert not db.exists()


def test_status_shows_central_alarms(tmp_path, capsys, signer):
    from sync import topics
    from tests.support.hostile_central import NESTED, incoming, offline_central

    central = offline_central(tmp_path / "central.db", signer)
    central._process([incoming("T2", topics.TELEMETRY, NESTED)])
    central.store.close()
    assert run_cli("status", "--db", str(tmp_path / "central.db"), "--json") == 0
    status = json.loads(capsys.readouterr().out)
    assert [(a["kind"], a["terminal_id"]) for a in status["alarms"]] == [("bad_messages", "T2")]
    assert status["terminals"][0]["rejected"] == 1
    assert run_cli("status", "--db", str(tmp_path / "central.db")) == 0
    assert "ALARM bad_messages T2" in capsys.readouterr().out


def test_send_help_lists_every_kind():
    run = subprocess.run(
        [sys.executable, "-m", "cli", "central", "send", "--help"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    for kind in ("hold", "cancel-hold", "block", "unblock", "config", "open", "resend"):
        assert f"    {kind} " in run.stdout or f"    {kind}\n" in run.stdout, kind
