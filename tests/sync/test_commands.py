"""Signed commands: refused ones are reported and change nothing; accepted ones are carried
out and their outcome reaches the central service's job record."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.config import ConfigError
from kiosk.model import HoldStatus, Patron, PatronKind
from sync import contract, topics
from sync.commands import CommandHandlers
from sync.signing import Signer
from tests.support.fleet import KEY_ID, RawClient, command_body, job_done, wait_until

RESULT = topics.topic("T1", topics.CMD_RESULT)
CMD = topics.topic("T1", topics.CMD)


class Recorder:
    def __init__(self) -> None:
        self.opened: list[str] = []
        self.configs: list[dict] = []
        self.service: list[tuple] = []

    def open_compartment(self, cid: str) -> None:
        if cid == "JAMMED":
            raise RuntimeError("door did not open")
        self.opened.append(cid)

    def apply_config(self, changes: dict) -> None:
        if "loan_days" in changes and not isinstance(changes["loan_days"], int):
            raise ConfigError("policy", "loan_days", "must be an integer")
        self.configs.append(changes)

    def handlers(self) -> CommandHandlers:
        return CommandHandlers(
            apply_config=self.apply_config,
            open_compartment=self.open_compartment,
            on_service_change=lambda *a: self.service.append(a),
        )


@pytest.fixture
def rec() -> Recorder:
    return Recorder()


@pytest.fixture
def terminal(make_central, make_terminal, rec):
    central = make_central()
    client, store = make_terminal("T1", handlers=rec.handlers())
    store.upsert_patrons([Patron("3301000000001", PatronKind.CARD)])
    wait_until(lambda: central.store.terminal("T1") is not None, 30, "birth")
    wait_until(lambda: central.store.terminal("T1")["state"] == "online", 30, "online")
    return central, client, store


def send(raw: RawClient, payload: bytes) -> dict:
    """Publish a command as the central service would and wait for the terminal's result."""
    before = len(raw.on(RESULT))
    raw.publish(CMD, payload)
    wait_until(lambda: len(raw.on(RESULT)) > before, 30, "command result")
    return contract.decode("command-result", raw.on(RESULT)[before])


def test_refused_commands_are_reported_and_change_nothing(broker, terminal, signer, rec):
    _, _, store = terminal
    pid = "3301000000001"
    block = command_body("block_patron", {"patron_id": pid, "reason": "lost card"})
    attacker = Signer(KEY_ID, Ed25519PrivateKey.generate())  # right key id, wrong key
    with RawClient(broker, "probe", [RESULT]) as raw:
        forged = send(raw, attacker.sign(block))
        assert (forged["state"], forged["reason"]) == ("rejected", "bad_signature")
        assert forged["command_id"] == block["command_id"]  # claimed id, for matching only

        unknown = send(raw, Signer("someone-else", Ed25519PrivateKey.generate()).sign(block))
        assert (unknown["state"], unknown["reason"]) == ("rejected", "unknown_key")

        envelope = json.loads(signer.sign(block))
        envelope["body"] = envelope["body"].replace(pid, "3301000000002")  # tampered bytes
        tampered = send(raw, json.dumps(envelope).encode())
        assert tampered["reason"] == "bad_signature"

        expired = send(raw, signer.sign(command_body("block_patron", block["args"], validity_s=-1)))
        assert (expired["state"], expired["reason"]) == ("rejected", "expired")

        wrong = send(raw, signer.sign(command_body("block_patron", block["args"], terminal="T2")))
        assert (wrong["state"], wrong["reason"]) == ("rejected", "wrong_terminal")

        garbage = send(raw, b"\xff not json")
        assert (garbage["state"], garbage["reason"], garbage["command_id"]) == (
            "rejected",
            "malformed",
            None,
        )
        bad_args = send(raw, signer.sign(command_body("block_patron", {"patron_id": pid})))
        assert (bad_args["state"], bad_args["reason"]) == ("rejected", "malformed")

        long_open = command_body("open_compartment", {"compartment_id": "C01"}, validity_s=3600)
        too_long = send(raw, signer.sign(long_open))
        assert (too_long["state"], too_long["reason"]) == ("rejected", "invalid_args")

        assert store.get_patron(pid).blocked is False
        assert rec.opened == []

        unblock_bytes = signer.sign(command_body("unblock_patron", {"patron_id": pid}))
        good = send(raw, signer.sign(block))
        assert good["state"] == "succeeded"
        assert store.get_patron(pid).blocked is True
        assert send(raw, unblock_bytes)["state"] == "succeeded"
        assert store.get_patron(pid).blocked is False
        assert send(raw, signer.sign(block))["reason"] == "replayed"
        replay = send(raw, unblock_bytes)
        assert (replay["state"], replay["reason"]) == ("rejected", "replayed")
        assert store.get_patron(pid).blocked is False
    for res in (forged, expired, wrong, garbage, replay):
        contract.validate("command-result", res)


def test_stale_desired_version_is_ignored(broker, terminal, signer, rec):
    _, _, store = terminal
    with RawClient(broker, "probe", [RESULT]) as raw:
        v2 = send(
            raw,
            signer.sign(command_body("set_config", {"version": 2, "changes": {"loan_days": 21}})),
        )
        assert v2["state"] == "succeeded"
        v1 = send(
            raw,
            signer.sign(command_body("set_config", {"version": 1, "changes": {"loan_days": 7}})),
        )
        assert (v1["state"], v1["reason"]) == ("rejected", "stale_version")
        bad = send(
            raw,
            signer.sign(command_body("set_config", {"version": 3, "changes": {"loan_days": "x"}})),
        )
        assert (bad["state"], bad["reason"]) == ("failed", "invalid_args")
    assert rec.configs == [{"loan_days": 21}]
    assert store.get_setting("sync.config_version") == "2"


def test_jobs_from_central_are_carried_out_and_recorded(terminal, rec):
    central, _, store = terminal
    store.sync_compartments([("C01", "M"), ("C02", "L")])
    expires = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    hold = {
        "hold_id": "H1",
        "item_id": "B1",
        "patron_id": "3301000000001",
        "expires_at": expires,
        "title": "三体",
    }
    jobs = {
        "hold": central.store.enqueue_job("T1", "load_holds", {"holds": [hold]}, 600),
        "open": central.store.enqueue_job("T1", "open_compartment", {"compartment_id": "C02"}, 60),
        "jam": central.store.enqueue_job(
            "T1", "open_compartment", {"compartment_id": "JAMMED"}, 60
        ),
        "oos": central.store.enqueue_job(
            "T1",
            "set_out_of_service",
            {"compartment_id": "C01", "out_of_service": True, "reason": "broken hinge"},
            600,
        ),
        "terminal_oos": central.store.enqueue_job(
            "T1", "set_out_of_service", {"out_of_service": True, "reason": "flooded"}, 600
        ),
    }
    done = {name: job_done(central, cid) for name, cid in jobs.items()}
    assert {n: j["state"] for n, j in done.items()} == {
        "hold": "succeeded",
        "open": "succeeded",
        "jam": "failed",
        "oos": "succeeded",
        "terminal_oos": "succeeded",
    }
    assert done["jam"]["reason"] == "handler_error"
    assert store.get_hold("H1").status is HoldStatus.AWAITING_LOAD
    assert store.get_item("B1").title == "三体"
    assert rec.opened == ["C02"]
    c01 = next(c for c in store.compartments() if c.compartment_id == "C01")
    assert (c01.in_service, c01.out_of_service_reason) == (False, "broken hinge")
    assert store.get_setting("terminal_out_of_service") == "flooded"
    assert ("C01", True, "broken hinge") in rec.service
    cancel = central.store.enqueue_job("T1", "cancel_hold", {"hold_id": "H1"}, 600)
    assert job_done(central, cancel)["state"] == "succeeded"
    assert store.get_hold("H1").status is HoldStatus.CANCELLED
    again = central.store.enqueue_job("T1", "cancel_hold", {"hold_id": "H1"}, 600)
    assert job_done(central, again)["state"] == "failed"


def test_birth_brings_desired_config_and_patrons_up_to_date(make_central, make_terminal, rec):
    central = make_central()
    central.store.set_desired_config("T1", {"loan_days": 14})
    version, _ = central.store.set_desired_config("T1", {"max_items": 5})
    central.store.upsert_patrons(
        [
            {
                "patron_id": "3301000000009",
                "kind": "credit",
                "credit_level": 620,
                "blocked": False,
                "block_reason": None,
            },
            {
                "patron_id": "3301000000010",
                "kind": "card",
                "credit_level": None,
                "blocked": True,
                "block_reason": "overdue",
            },
        ]
    )
    _, store = make_terminal("T1", handlers=rec.handlers())
    wait_until(lambda: store.get_setting("sync.config_version") == str(version), 30, "config")
    assert rec.configs == [{"loan_days": 14, "max_items": 5}]
    wait_until(lambda: store.get_patron("3301000000010") is not None, 30, "patrons")
    assert store.get_patron("3301000000010").blocked is True
    assert store.get_patron("3301000000009").credit_level == 620
