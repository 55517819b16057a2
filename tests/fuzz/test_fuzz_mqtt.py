"""Fuzzing every MQTT message on both sides: nothing undocumented escapes, nothing hangs,
and a valid message among garbage is still stored or handled.

The handlers are called directly (central's worker on a real SQLite store, the terminal's
command executor and receive path), so the default run stays within seconds; the broker
end of the same poison scenario is tests/central/test_hostile_terminal.py. Set
KIOSK_FUZZ_LONG=1 for 100k examples per target.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kiosk.config import ConfigError
from kiosk.model import Patron, PatronKind
from kiosk.store import Store
from sync import contract, topics
from sync.client import SyncClient
from sync.commands import CommandExecutor, CommandHandlers
from sync.mqtt import BrokerSettings, Incoming
from sync.signing import Signer, Verifier, public_key_to_b64
from tests.fuzz.budget import LONG, examples
from tests.support.hostile_central import event, incoming, offline_central

SETTINGS = settings(
    max_examples=examples(),
    deadline=None,
    derandomize=not LONG,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
KEY = Ed25519PrivateKey.generate()
SIGNER = Signer("fuzz", KEY)
TRUST = {"fuzz": public_key_to_b64(KEY.public_key())}

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
    | st.sampled_from(["\ud800", "a\udfffb"]),  # lone surrogates
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
hostile_payloads = st.sampled_from(
    [
        b"[" * 5000,
        b"{" * 100 + b"}" * 100,
        b'{"a": "\\ud800"}',
        b"NaN",
        b"1e99999",
        b'{"seq": 18446744073709551616}',
        b"\xff\xfe\x00",
        b"",
    ]
)


def _mutate(message: dict[str, Any], key: str, value: Any) -> bytes:
    mutated = dict(message)
    if key in mutated:
        mutated[key] = value
    try:
        return json.dumps(mutated).encode()
    except (ValueError, RecursionError):
        return b"{}"


@st.composite
def garbage(draw: st.DrawFn, valid: dict[str, Any]) -> bytes:
    kind = draw(st.integers(0, 3))
    if kind == 0:
        return draw(st.binary(max_size=200))
    if kind == 1:
        return draw(hostile_payloads)
    if kind == 2:
        return json.dumps(draw(json_values)).encode()
    key = draw(st.sampled_from(sorted(valid)))
    return _mutate(valid, key, draw(json_values))


def _valid(leaf: str, terminal_id: str) -> dict[str, Any]:
    now = contract.now_iso()
    if leaf == topics.EVENTS:
        return event(terminal_id, 1)
    if leaf == topics.STATE:
        return {"terminal_id": terminal_id, "state": "online", "boot": 1, "conn": 1, "at": now}
    if leaf == topics.CMD_RESULT:
        return {
            "command_id": str(uuid.uuid4()),
            "terminal_id": terminal_id,
            "state": "succeeded",
            "reason": None,
            "detail": {},
            "at": now,
        }
    if leaf == topics.PATRON_REQ:
        return {"terminal_id": terminal_id, "patron_id": "3301000000001", "at": now}
    return {
        "terminal_id": terminal_id,
        "at": now,
        "software_version": "0.1.0",
        "boot": 1,
        "conn": 1,
        "devices": {},
        "alarms": [],
        "queue": {
            "depth": 0,
            "oldest_age_s": None,
            "last_seq": 0,
            "in_flight": 0,
            "last_ack_at": None,
        },
        "counters": {},
        "config_version": 0,
        "out_of_service": "",
    }


CENTRAL_LEAVES = [topics.EVENTS, topics.STATE, topics.TELEMETRY, topics.CMD_RESULT]


@pytest.fixture(scope="module")
def central(tmp_path_factory):
    service = offline_central(tmp_path_factory.mktemp("central") / "central.db", SIGNER)
    yield service
    service.store.close()


@SETTINGS
@given(data=st.data())
def test_central_stores_valid_events_among_garbage(central, data):
    leaves = data.draw(st.lists(st.sampled_from(CENTRAL_LEAVES), min_size=1, max_size=6))
    batch = [incoming("T2", leaf, data.draw(garbage(_valid(leaf, "T2")))) for leaf in leaves]
    seq = len(central.store.events("T1")) + 1
    good = event("T1", seq)
    batch.insert(data.draw(st.integers(0, len(batch))), incoming("T1", topics.EVENTS, good))
    central._process(batch)  # nothing may escape
    assert central.store.events("T1")[-1] == good


@SETTINGS
@given(data=st.data())
def test_central_patron_requests_never_raise(central, data):
    payload = data.draw(garbage(_valid(topics.PATRON_REQ, "T2")))
    msg = Incoming(
        topics.topic("T2", topics.PATRON_REQ),
        payload,
        0,
        0,
        False,
        response_topic=topics.topic("T2", topics.PATRON_RESP),
        correlation_data=b"c",
    )
    central._answer_request(msg)


@pytest.fixture(scope="module")
def terminal(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("terminal") / "T1.db", "T1")
    store.upsert_patrons([Patron("3301000000001", PatronKind.CARD)])

    def apply_config(changes: dict) -> None:
        if not all(isinstance(v, int) for v in changes.values()):
            raise ConfigError("policy", "x", "must be an integer")

    executor = CommandExecutor(store, "T1", Verifier(TRUST), CommandHandlers(apply_config))
    client = SyncClient(store, "T1", BrokerSettings(username="T1"), TRUST)
    yield executor, client
    store.close()


def _command(kind: str, args: dict[str, Any]) -> dict[str, Any]:
    issued = datetime.now(UTC)
    return {
        "command_id": str(uuid.uuid4()),
        "terminal_id": "T1",
        "kind": kind,
        "issued_at": issued.isoformat(),
        "expires_at": (issued + timedelta(hours=1)).isoformat(),
        "args": args,
    }


@SETTINGS
@given(data=st.data())
def test_terminal_commands_never_escape_and_a_valid_one_still_runs(terminal, data):
    executor, _ = terminal
    signed_garbage = data.draw(st.booleans())
    if signed_garbage:
        body = _command("set_config", {"version": 1, "changes": {}})
        key = data.draw(st.sampled_from(sorted(body)))
        mutated = json.loads(_mutate(body, key, data.draw(json_values)))
        try:
            payload = SIGNER.sign(mutated)
        except ValueError:
            assume(False)  # nor can central: its job store refuses such arguments
    else:
        envelope = json.loads(SIGNER.sign(_command("unblock_patron", {"patron_id": "1"})))
        payload = data.draw(garbage(envelope))
    result = executor.handle(payload)
    contract.validate("command-result", result)
    assert len(contract.encode(result)) < contract.MAX_PAYLOAD_BYTES


@SETTINGS
@given(data=st.data())
def test_terminal_receive_raises_only_contract_errors(terminal, data):
    _, client = terminal
    leaf = data.draw(st.sampled_from([topics.ACK, topics.PATRON_RESP, None]))
    topic = topics.CENTRAL_STATE if leaf is None else topics.topic("T1", leaf)
    valid = {"terminal_id": "T1", "event_ids": [str(uuid.uuid4())], "at": contract.now_iso()}
    payload = data.draw(garbage(valid))
    msg = Incoming(topic, payload, 1, 1, False, correlation_data=b"c")
    client._on_message(msg)  # logs and drops; nothing escapes to paho's thread


def _batch(terminal_id: str, first_seq: int, n: int) -> dict[str, Any]:
    events = [event(terminal_id, first_seq + i) for i in range(n)]
    return {"v": contract.BATCH_VERSION, "terminal_id": terminal_id, "events": events}


@SETTINGS
@given(data=st.data())
def test_central_stores_a_valid_batch_among_garbage_batches(central, data):
    """Contract v2: broken envelopes, and batches with one event broken or claiming another
    terminal, never escape and never keep a good batch from being stored."""
    messages = []
    for _ in range(data.draw(st.integers(1, 4))):
        batch = _batch("T2", 1, data.draw(st.integers(1, 4)))
        if data.draw(st.booleans()):
            payload = data.draw(garbage(batch))
        else:
            i = data.draw(st.integers(0, len(batch["events"]) - 1))
            broken = data.draw(garbage(batch["events"][i]))
            try:
                batch["events"][i] = json.loads(broken)
            except (ValueError, RecursionError):
                batch["events"][i] = broken.decode("latin-1")
            payload = json.dumps(batch).encode()
        messages.append(incoming("T2", topics.EVENTS, payload))
    seq = len(central.store.events("T3")) + 1
    good = _batch("T3", seq, data.draw(st.integers(1, contract.MAX_BATCH_EVENTS)))
    messages.insert(
        data.draw(st.integers(0, len(messages))),
        incoming("T3", topics.EVENTS, contract.encode(good)),
    )
    central._process(messages)  # nothing may escape
    stored = central.store.events("T3")[-len(good["events"]) :]
    assert stored == good["events"]


@SETTINGS
@given(data=st.data())
def test_terminal_takes_only_a_sound_central_contract(terminal, data):
    """The retained contract message sets the batch size and pace: garbage is dropped, and
    whatever decodes keeps the batch within 1..the terminal's own limit and a real pace."""
    _, client = terminal
    valid = {
        "accepts": [1, 2],
        "max_batch": 50,
        "events_per_s": 1000,
        "events_burst": 10000,
        "at": contract.now_iso(),
    }
    payload = data.draw(garbage(valid))
    client._on_message(Incoming(topics.CENTRAL_CONTRACT, payload, 1, 1, True))
    try:
        message = contract.decode("central-contract", payload)
    except contract.ContractError:
        return
    client._apply_central_contract(message)
    assert 1 <= client._batch_limit <= max(1, client.settings.batch_events)
    assert client._pace is not None and client._pace.rate > 0
