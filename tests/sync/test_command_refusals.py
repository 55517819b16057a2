"""Malformed commands are refused with the id central can match, and never stop the worker."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from central.store import JobState
from kiosk.model import Patron, PatronKind
from kiosk.store import Store
from sync import contract
from sync.commands import CommandExecutor, CommandHandlers
from sync.signing import Verifier
from tests.support.hostile_central import offline_central
from tests.sync.test_commands import body

REPO = Path(__file__).resolve().parents[2]
PID = "3301000000001"


@pytest.fixture
def executor(tmp_path, trust) -> CommandExecutor:
    store = Store(tmp_path / "T1.db", "T1")
    store.upsert_patrons([Patron(PID, PatronKind.CARD)])
    return CommandExecutor(store, "T1", Verifier(trust), CommandHandlers())


def test_malformed_envelopes_are_refused_without_escaping(executor, signer):
    block = body("block_patron", {"patron_id": PID, "reason": "lost"})
    good = json.loads(signer.sign(block))
    for payload, reason in (
        (b"[" * 5000, "malformed"),
        (json.dumps({**good, "body": "[" * 5000}).encode(), "bad_signature"),
        (json.dumps({**good, "body": '{"command_id": "\ud800"}'}).encode(), "malformed"),
        (json.dumps({**good, "body": "{}\udfff"}).encode(), "malformed"),
        (json.dumps({**good, "v": 2**70}).encode(), "malformed"),
    ):
        result = executor.handle(payload)
        assert (result["state"], result["reason"]) == ("rejected", reason), payload[:40]
        contract.validate("command-result", result)
        contract.encode(result)
    assert executor.store.get_patron(PID).blocked is False


def test_refusals_carry_the_command_id(executor, signer):
    # An envelope that fails its schema: the id its body claims, marked unverified.
    claimed = body("block_patron", {"patron_id": PID, "reason": "lost"})
    envelope = json.loads(signer.sign(claimed))
    refused = executor.handle(json.dumps({**envelope, "extra": 1}).encode())
    assert refused["command_id"] == claimed["command_id"]
    assert refused["detail"]["unverified_id"] is True
    # A correctly signed body that fails command.json: its id is verified.
    zero = body("set_config", {"version": 0, "changes": {}})
    result = executor.handle(signer.sign(zero))
    assert (result["state"], result["reason"]) == ("rejected", "malformed")
    assert result["command_id"] == zero["command_id"]
    assert "unverified_id" not in result["detail"]


def test_central_records_a_refused_command_as_rejected_not_timed_out(tmp_path, signer, executor):
    central = offline_central(tmp_path / "central.db", signer)
    try:
        command_id = central.store.enqueue_job("T1", "set_config", {"version": 1}, 600)
        central.store.transition_job(command_id, JobState.IN_PROGRESS)
        sent = body("set_config", {"version": 0, "changes": {}})
        sent["command_id"] = command_id
        central._on_result("T1", executor.handle(signer.sign(sent)))
        assert central.store.job(command_id)["state"] == "rejected"
    finally:
        central.store.close()


def test_a_malformed_command_does_not_cost_the_next_one(make_terminal, signer):
    client, store = make_terminal("T1", start=False)
    store.upsert_patrons([Patron(PID, PatronKind.CARD)])
    valid = signer.sign(body("block_patron", {"patron_id": PID, "reason": "lost"}))
    client._handle([("cmd", b"[" * 5000), ("cmd", valid)])
    assert store.get_patron(PID).blocked is True


def test_a_result_quotes_at_most_a_bounded_error(executor, signer):
    huge = body("block_patron", {"patron_id": PID, "reason": "r", "junk": "x" * 500_000})
    result = executor.handle(signer.sign(huge))
    assert result["command_id"] == huge["command_id"]
    assert len(contract.encode(result)) < 2000


def test_example_passwords_are_refused(tmp_path):
    script = REPO / "config" / "mosquitto" / "make-passwords.sh"
    out = tmp_path / "passwords"
    example = REPO / "config" / "mosquitto" / "credentials.example"
    run = subprocess.run(["sh", str(script), str(example), str(out)], capture_output=True)
    assert run.returncode == 2
    assert len(run.stderr.decode().strip().splitlines()) == 1
    assert "example" in run.stderr.decode()
    assert not out.exists()
    own = tmp_path / "credentials"
    own.write_text("central:Xq7-long-secret\nT1:change-me-too\n")
    assert subprocess.run(["sh", str(script), str(own), str(out)], capture_output=True).returncode
    own.write_text("central:Xq7-long-secret\nT1:another-9-secret\n")
    run = subprocess.run(["sh", str(script), str(own), str(out)], capture_output=True)
    assert run.returncode == 0, run.stderr
    assert [line.split(":")[0] for line in out.read_text().splitlines()] == ["central", "T1"]


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
