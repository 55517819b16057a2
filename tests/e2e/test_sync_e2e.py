"""The whole terminal connected to a real mosquitto and the central service.

What a site with a broker gets from `kiosk run`: patron checks answered by the central
library (its answer wins over the local copy), loans delivered to central exactly once
and removed from the outbox only on central's acknowledgement, and a signed policy change
from central applied on the terminal's core thread.
"""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from central.service import CentralService, CentralSettings
from drivers.rfid import library_tag
from kiosk.circulation import Refused
from kiosk.config import Broker as BrokerConfig
from kiosk.config import Sync as SyncConfig
from kiosk.config import load_config
from kiosk.reasons import Reason
from runtime.build import build_runtime
from sync.mqtt import BrokerSettings
from sync.signing import Signer, public_key_to_b64
from tests.support.broker import Broker
from tests.support.fleet import wait_until

REPO = Path(__file__).resolve().parents[2]
PASSWORDS = {"central": "central-pw", "HZ-DEMO-01": "terminal-pw"}
KEY_ID = "central-e2e"
CARD, CREDIT_OK = "3301000000001", "3301000000002"


@pytest.fixture
def fleet(tmp_path):
    key = Ed25519PrivateKey.generate()
    with Broker(tmp_path / "broker", users=PASSWORDS) as broker:
        central = CentralService(
            tmp_path / "central.db",
            BrokerSettings(
                host=broker.host,
                port=broker.port,
                username="central",
                password=PASSWORDS["central"],
                reconnect_min_s=0.2,
                reconnect_max_s=1.0,
            ),
            Signer(KEY_ID, key),
            CentralSettings(tick_s=0.1, gap_timeout_s=1.0, job_grace_s=5.0),
        ).start()
        central.store.upsert_patrons(
            [
                {
                    "patron_id": CARD,
                    "kind": "card",
                    "credit_level": None,
                    "blocked": False,
                    "block_reason": None,
                },
                {
                    "patron_id": CREDIT_OK,
                    "kind": "credit",
                    "credit_level": 680,
                    "blocked": True,
                    "block_reason": "overdue",
                },
            ]
        )
        password_file = tmp_path / "terminal.password"
        password_file.write_text(PASSWORDS["HZ-DEMO-01"])
        base = load_config(REPO / "config" / "default.toml")
        config = dataclasses.replace(
            base,
            broker=BrokerConfig(
                enabled=True,
                host=broker.host,
                port=broker.port,
                password_file=str(password_file),
            ),
            sync=SyncConfig(
                telemetry_interval_s=1.0,
                trusted_command_keys={KEY_ID: public_key_to_b64(key.public_key())},
            ),
        )
        runtime = build_runtime(config, data_dir=tmp_path / "terminal")
        try:
            yield runtime, central
        finally:
            runtime.close()
            central.stop()


def test_terminal_and_central_work_together(fleet):
    runtime, central = fleet
    circulation = runtime.circulation
    wait_until(lambda: runtime.sync.status().connected, what="terminal connected")

    # central's answer decides, and refreshes the terminal's copy
    with pytest.raises(Refused) as excinfo:
        runtime.call(circulation.start_session, CREDIT_OK, "card")
    assert excinfo.value.reason is Reason.PATRON_BLOCKED
    assert runtime.store.get_patron(CREDIT_OK).block_reason == "overdue"
    session = runtime.call(circulation.start_session, CARD, "card")
    assert session.online

    runtime.simulators.rfid.place(library_tag("31234000567890"))
    (outcome,) = runtime.call(circulation.borrow, session, runtime.call(runtime.pad.inventory))
    assert outcome.ok and outcome.due == session.started_at.date() + timedelta(days=30)

    def delivered():
        return runtime.store.outbox_stats(circulation.clock()).depth == 0 and central.store.events(
            "HZ-DEMO-01"
        )

    wait_until(delivered, what="the loan stored at central and acknowledged")
    # The refused login went first, as a refusal event with the patron masked.
    refusal, event = central.store.events("HZ-DEMO-01")
    assert refusal["kind"] == "refusal" and refusal["data"]["reason"] == "patron_blocked"
    assert CREDIT_OK not in str(refusal)
    assert event["kind"] == "loan" and event["data"]["patron_id"] == CARD
    assert [refusal, event] == [e.payload for e in runtime.store.outbox_replay(1)]

    # a signed policy change from central, applied on the kiosk-core thread
    command_id = central.store.enqueue_job(
        "HZ-DEMO-01", "set_config", {"version": 1, "changes": {"loan_days": 14}}, 300
    )
    wait_until(lambda: central.store.job(command_id)["state"] == "succeeded", what="job done")
    assert circulation.policy.loan_days == 14


def test_central_puts_a_compartment_back_only_by_staffs_rule(fleet):
    """Nobody at central sees the door: "back in service" from the console is refused while
    the door stands open, and once it is shut the compartment's alarms are cleared too."""
    runtime, central = fleet
    wait_until(lambda: runtime.sync.status().connected, what="terminal connected")
    runtime.store.raise_alarm("lock_did_not_release", "A01", {"detail": "jammed"})
    runtime.store.set_compartment_in_service("A01", False, "lock_did_not_release")
    lockers = runtime.simulators.lockers
    lockers.force(1, 1, "A")  # A01 stands open (its door was forced)

    def back_in_service() -> str:
        args = {"compartment_id": "A01", "out_of_service": False, "reason": "fixed"}
        job = central.store.enqueue_job("HZ-DEMO-01", "set_out_of_service", args, 300)
        wait_until(lambda: central.store.job(job)["state"] in ("succeeded", "failed"), what="job")
        return central.store.job(job)["state"]

    def a01():
        return next(c for c in runtime.store.compartments() if c.compartment_id == "A01")

    assert back_in_service() == "failed"
    assert not a01().in_service
    assert [a.kind for a in runtime.store.active_alarms() if a.subject == "A01"]
    lockers.close_door(1, 1, "A")
    assert back_in_service() == "succeeded"
    assert a01().in_service
    assert [a for a in runtime.store.active_alarms() if a.subject == "A01"] == []
