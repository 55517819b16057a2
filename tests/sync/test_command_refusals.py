"""Malformed commands are refused with the id central can match, and never stop the worker."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from kiosk.model import Patron, PatronKind
from sync import contract
from tests.support.fleet import PID, command_body

REPO = Path(__file__).resolve().parents[2]


def test_malformed_envelopes_are_refused_without_escaping(executor, signer):
    block = command_body("block_patron", {"patron_id": PID, "reason": "lost"})
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
    claimed = command_body("block_patron", {"patron_id": PID, "reason": "lost"})
    envelope = json.loads(signer.sign(claimed))
    refused = executor.handle(json.dumps({**envelope, "extra": 1}).encode())
    assert refused["command_id"] == claimed["command_id"]
    assert refused["detail"]["unverified_id"] is True
    # A correctly signed body that fails command.json: its id is verified.
    zero = command_body("set_config", {"version": 0, "changes": {}})
    result = executor.handle(signer.sign(zero))
    assert (result["state"], result["reason"]) == ("rejected", "malformed")
    assert result["command_id"] == zero["command_id"]
    assert "unverified_id" not in result["detail"]


def test_a_malformed_command_does_not_cost_the_next_one(make_terminal, signer):
    client, store = make_terminal("T1", start=False)
    store.upsert_patrons([Patron(PID, PatronKind.CARD)])
    valid = signer.sign(command_body("block_patron", {"patron_id": PID, "reason": "lost"}))
    client._handle([("cmd", b"[" * 5000), ("cmd", valid)])
    assert store.get_patron(PID).blocked is True


def test_a_result_quotes_at_most_a_bounded_error(executor, signer):
    huge = command_body("block_patron", {"patron_id": PID, "reason": "r", "junk": "x" * 500_000})
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
