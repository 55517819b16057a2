"""The contract's two validators: the compiled fast path never accepts what the reference refuses.

``sync.contract`` validates every received message with a fastjsonschema function compiled from
the schemas (refs inlined) and falls back to the jsonschema reference only when that refuses.
If the compiled function accepted something the reference rejects, the contract would be
weaker than its schemas: these tests throw valid messages and many mutations of them at both.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sync import contract

UUID = "0b9e3a4c-1d2f-4a5b-8c9d-0e1f2a3b4c5d"
AT = "2026-11-22T08:00:00.000+08:00"
PATRON = {
    "patron_id": "3301000000001",
    "kind": "credit",
    "credit_level": 640,
    "blocked": False,
    "block_reason": None,
}
VALID: dict[str, list[dict[str, Any]]] = {
    "event": [
        {
            "event_id": UUID,
            "seq": 12,
            "terminal_id": "HZ-WLM-01",
            "kind": "loan",
            "at": AT,
            "data": {
                "patron_id": "3301000000001",
                "item_id": "B1",
                "loan_id": UUID,
                "due": "2026-12-22",
                "offline": True,
                "hold_id": None,
                "compartment_id": None,
                "needs_staff": False,
            },
        },
        *(
            {"event_id": UUID, "seq": 1, "terminal_id": "T1", "kind": kind, "at": AT, "data": data}
            for kind, data in [
                (
                    "return",
                    {
                        "item_id": "B1",
                        "loan_id": UUID,
                        "patron_id": "1",
                        "compartment_id": None,
                        "needs_staff": True,
                    },
                ),
                (
                    "renew",
                    {
                        "patron_id": "1",
                        "item_id": "B1",
                        "loan_id": UUID,
                        "due": "2026-12-22",
                        "offline": False,
                    },
                ),
                (
                    "hold_loaded",
                    {
                        "hold_id": "H1",
                        "item_id": "B1",
                        "patron_id": "1",
                        "compartment_id": "C07",
                        "expires_at": AT,
                    },
                ),
                ("hold_expired", {"hold_id": "H1", "item_id": "B1", "compartment_id": "C07"}),
                ("hold_removed", {"hold_id": "H1", "item_id": "B1", "reason": "expired"}),
                (
                    "session",
                    {
                        "via": "code",
                        "started_at": AT,
                        "ended_at": AT,
                        "ended_by": "timeout",
                        "online": True,
                        "loans": 0,
                        "returns": 1,
                        "renewals": 0,
                        "pickups": 2,
                    },
                ),
                (
                    "refusal",
                    {
                        "reason": "patron_blocked",
                        "flow": "login",
                        "patron": "****0001",
                        "item_id": None,
                    },
                ),
            ]
        ),
    ],
    "ack": [{"terminal_id": "HZ-WLM-01", "event_ids": [UUID, UUID], "at": AT}],
    "event-batch": [
        {"v": 2, "terminal_id": "T1", "events": [{"event_id": UUID}, {"any": "object"}]},
    ],
    "central-contract": [
        {
            "accepts": [1, 2],
            "max_batch": 50,
            "events_per_s": 1000.0,
            "events_burst": 10000,
            "at": AT,
        },
        {"accepts": [1], "max_batch": 1, "events_per_s": 2, "events_burst": 1, "at": AT},
    ],
    "state": [
        {
            "terminal_id": "HZ-WLM-01",
            "state": "online",
            "boot": 12,
            "conn": 3,
            "at": AT,
            "software_version": "0.1.0",
            "config_version": 4,
            "patrons_version": 18812,
        },
        {
            "terminal_id": "HZ-WLM-02",
            "state": "online",
            "boot": 1,
            "conn": 1,
            "at": AT,
            "district": "西湖区",
        },
    ],
    "telemetry": [
        {
            "terminal_id": "HZ-WLM-01",
            "at": AT,
            "software_version": "0.1.0",
            "boot": 12,
            "conn": 3,
            "devices": {"rfid": "ok", "printer": "paper_low"},
            "alarms": [
                {"alarm_id": 7, "kind": "sync_queue_backlog", "subject": "outbox", "raised_at": AT}
            ],
            "queue": {
                "depth": 0,
                "oldest_age_s": 1.5,
                "last_seq": 812,
                "in_flight": 0,
                "last_ack_at": None,
            },
            "counters": {"loans": 41, "returns": 37},
            "config_version": 4,
            "out_of_service": "",
        }
    ],
    "command-envelope": [{"v": 1, "kid": "central-2026", "sig": "A" * 86 + "==", "body": "{}"}],
    "command": [
        {
            "command_id": UUID,
            "terminal_id": "HZ-WLM-01",
            "kind": "sync_patrons",
            "issued_at": AT,
            "expires_at": AT,
            "args": {"version": 3, "patrons": [PATRON]},
        },
        {
            "command_id": UUID,
            "terminal_id": "HZ-WLM-01",
            "kind": "set_out_of_service",
            "issued_at": AT,
            "expires_at": AT,
            "args": {"out_of_service": True, "reason": "jam", "compartment_id": None},
        },
        *(
            {
                "command_id": UUID,
                "terminal_id": "T1",
                "kind": kind,
                "issued_at": AT,
                "expires_at": AT,
                "args": args,
            }
            for kind, args in [
                (
                    "load_holds",
                    {
                        "holds": [
                            {"hold_id": "H", "item_id": "I", "patron_id": "P", "expires_at": AT}
                        ]
                    },
                ),
                ("cancel_hold", {"hold_id": "H1"}),
                ("block_patron", {"patron_id": "1", "reason": "lost card"}),
                ("unblock_patron", {"patron_id": "1"}),
                ("set_config", {"version": 2, "changes": {"loan_days": 21}}),
                ("open_compartment", {"compartment_id": "C07", "reason": "jam"}),
                ("resend_events", {"from_seq": 5}),
            ]
        ),
    ],
    "command-result": [
        {
            "command_id": UUID,
            "terminal_id": "HZ-WLM-01",
            "state": "rejected",
            "reason": "expired",
            "detail": {"error": "expired"},
            "at": AT,
        }
    ],
    "patron-request": [{"terminal_id": "HZ-WLM-01", "patron_id": "3301000000001", "at": AT}],
    "patron-response": [
        {"patron_id": "3301000000001", "found": True, "patron": PATRON},
        {"patron_id": "3301000000001", "found": False, "patron": None},
    ],
    "item-request": [{"terminal_id": "HZ-WLM-01", "item_id": "31234000567890", "at": AT}],
    "item-response": [
        {
            "item_id": "31234000567890",
            "found": True,
            "title": "活着",
            "author": None,
            "source": "library",
        },
        {"item_id": "B9", "found": False, "title": None, "author": None, "source": "library"},
        {"item_id": "B9", "found": None, "title": None, "author": None, "source": "none"},
    ],
}

# Strings the schemas single out: enum and const members of other kinds, ids and their corners.
_STRINGS = [
    "",
    "x",
    "loan",
    "return",
    "renew",
    "hold_loaded",
    "hold_expired",
    "hold_removed",
    "online",
    "offline",
    "succeeded",
    "failed",
    "load_holds",
    "cancel_hold",
    "block_patron",
    "unblock_patron",
    "sync_patrons",
    "open_compartment",
    "set_out_of_service",
    "resend_events",
    "set_config",
    "credit",
    "card",
    "HZ-WLM-01\n",
    "-bad",
    UUID + "\n",
    UUID.upper(),
    "A" * 86 + "==\n",
    "A" * 65,
]


def _near(value: Any) -> list[Any]:
    """Values just across the edges a schema may draw around ``value``."""
    if isinstance(value, bool):
        return [not value, int(value), None, str(value).lower()]
    if isinstance(value, int):
        return [value - 1, -1, 0, 1, value + 0.5, float(value), True, False, str(value), None]
    if isinstance(value, float):
        return [-value, -0.5, 0, int(value), None, True]
    if isinstance(value, str):
        others = _STRINGS if value in _STRINGS else []  # a discriminator: try the others
        return [value + "\n", value[:-1], value.upper(), value * 2, "", 1, None, [value], *others]
    if value is None:
        return [False, 0, "", {}, []]
    if isinstance(value, list):
        return [[], {}, None, "", value * 2]
    return [{}, [], None, "", {**value, "extra": 1}]


def _slots(node: Any) -> list[tuple[Any, Any]]:
    """Every (container, key-or-index) inside a message, depth first."""
    slots = []
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in items:
        slots.append((node, key))
        if isinstance(value, dict | list) and value:
            slots.extend(_slots(value))
    return slots


def _single_mutations(schema: str) -> list[Any]:
    """Every valid sample with one value changed, one key dropped or one key added."""
    out: list[Any] = [None, [], "", 0]
    for sample in VALID[schema]:
        for index in range(len(_slots(sample))):
            for variant in range(len(_near(_value(sample, index))) + 2):
                message = copy.deepcopy(sample)
                container, key = _slots(message)[index]
                near = _near(container[key])
                if variant < len(near):
                    container[key] = near[variant]
                elif variant == len(near):
                    del container[key]
                elif isinstance(container, dict):
                    container["unexpected"] = container[key]
                else:
                    container.append(container[key])
                out.append(message)
    return out


def _value(sample: Any, index: int) -> Any:
    container, key = _slots(sample)[index]
    return container[key]


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-2, 2) | st.floats(-2, 2) | st.sampled_from(_STRINGS),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=6,
)


@st.composite
def _mutated(draw: st.DrawFn, schema: str) -> dict[str, Any]:
    """A valid sample with up to three random changes anywhere in it."""
    message = copy.deepcopy(draw(st.sampled_from(VALID[schema])))
    for _ in range(draw(st.integers(1, 3))):
        slots = _slots(message)
        if not slots:
            break
        container, key = draw(st.sampled_from(slots))
        action = draw(st.sampled_from(["near", "replace", "delete"]))
        if action == "near":
            container[key] = draw(st.sampled_from(_near(container[key])))
        elif action == "replace":
            container[key] = draw(_JSON)
        else:
            del container[key]
    return message


def _reference_ok(schema: str, message: Any) -> bool:
    return contract._validators()[schema].is_valid(message)


def _compiled_ok(schema: str, message: Any) -> bool:
    try:
        contract._compiled()[schema](message)
    except contract.fastjsonschema.JsonSchemaValueException:
        return False
    return True


def _contract_ok(schema: str, message: Any) -> bool:
    try:
        contract.validate(schema, message)
    except contract.ContractError:
        return False
    return True


@pytest.mark.parametrize("schema", contract.SCHEMAS)
def test_valid_samples_pass_both_validators(schema: str) -> None:
    for message in VALID[schema]:
        assert _reference_ok(schema, message)
        assert _compiled_ok(schema, message)
        assert contract.validate(schema, message) is message


@pytest.mark.parametrize("schema", contract.SCHEMAS)
def test_single_mutations_get_the_reference_verdict(schema: str) -> None:
    messages = _single_mutations(schema)
    refused = 0
    for message in messages:
        reference = _reference_ok(schema, message)
        refused += not reference
        if _compiled_ok(schema, message):
            assert reference, f"compiled validator accepted an invalid {schema}: {message!r}"
        assert _contract_ok(schema, message) == reference
    assert refused > len(messages) // 3  # the mutations do reach the schema's edges


@pytest.mark.parametrize("schema", contract.SCHEMAS)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_compiled_never_accepts_what_the_reference_refuses(
    schema: str, data: st.DataObject
) -> None:
    message = data.draw(_mutated(schema))
    reference = _reference_ok(schema, message)
    if _compiled_ok(schema, message):
        assert reference, f"compiled validator accepted an invalid {schema}: {message!r}"
    # Whatever the fast path says, the contract's verdict is the reference's.
    assert _contract_ok(schema, message) == reference


def test_refusal_names_the_best_error_like_the_reference() -> None:
    event = copy.deepcopy(VALID["event"][0])
    del event["data"]["due"]
    with pytest.raises(contract.ContractError, match=r"^event: data: 'due' is a required"):
        contract.validate("event", event)
    with pytest.raises(contract.ContractError, match="not JSON"):
        contract.decode("ack", b"\xff{")


def test_a_pattern_corner_where_only_the_reference_decides() -> None:
    # Python's "$" matches before a final newline; fastjsonschema reads it as end of string.
    # The reference accepts, so the contract does too, exactly as before the fast path.
    request = {"terminal_id": "HZ-WLM-01\n", "patron_id": "1", "at": AT}
    assert not _compiled_ok("patron-request", request)
    assert _reference_ok("patron-request", request)
    assert contract.validate("patron-request", request) is request


def test_refs_are_inlined_and_siblings_kept() -> None:
    docs = contract._documents()
    inlined = contract.inline_refs(docs["ack"], docs)
    assert inlined["properties"]["event_ids"]["items"] == docs["defs"]["$defs"]["uuid"]
    with_sibling = {"$ref": "defs.json#/$defs/uuid", "minLength": 40}
    assert contract.inline_refs(with_sibling, docs) == {
        "allOf": [docs["defs"]["$defs"]["uuid"], {"minLength": 40}]
    }


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "object", "unevaluatedProperties": False},
        {"type": "array", "prefixItems": [{"type": "string"}]},
        {"type": "array", "items": [{"type": "string"}]},
        {"properties": {"a": {"$ref": "nowhere.json#/x"}}},
        {"dependentRequired": {"a": ["b"]}},
    ],
)
def test_keywords_the_fast_path_cannot_honour_are_refused(schema: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        contract.inline_refs(schema, contract._documents())
