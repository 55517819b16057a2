"""The event kinds added for central's figures (``session``, ``refusal``) and the birth's
optional ``district``: what they must carry, what they must not, and that what terminals
sent before them still validates unchanged."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from sync import contract

UUID = "0b9e3a4c-1d2f-4a5b-8c9d-0e1f2a3b4c5d"
AT = "2026-11-22T00:00:00.000+00:00"


def event(kind: str, data: dict[str, Any], seq: int = 1) -> dict[str, Any]:
    return {"event_id": UUID, "seq": seq, "terminal_id": "T1", "kind": kind, "at": AT, "data": data}


SESSION = {
    "via": "card",
    "started_at": AT,
    "ended_at": AT,
    "ended_by": "done",
    "online": False,
    "loans": 2,
    "returns": 0,
    "renewals": 1,
    "pickups": 0,
}
REFUSAL = {"reason": "item_unknown", "flow": "borrow", "patron": "****0042", "item_id": "B1"}

# A terminal from before these kinds: loans, returns, renewals and holds only, each with the
# fields it has always sent (including data fields the schema does not name).
OLD_STREAM = [
    event(
        "loan",
        {
            "patron_id": "3301000000042",
            "item_id": "B1",
            "loan_id": UUID,
            "due": "2026-12-22",
            "offline": False,
            "hold_id": None,
            "compartment_id": None,
            "needs_staff": False,
            "uid": "E004010000000001",
        },
        1,
    ),
    event(
        "return",
        {
            "item_id": "B1",
            "loan_id": UUID,
            "patron_id": "3301000000042",
            "compartment_id": None,
            "needs_staff": False,
        },
        2,
    ),
    event(
        "renew",
        {"patron_id": "1", "item_id": "B1", "loan_id": UUID, "due": "2027-01-22", "offline": False},
        3,
    ),
    event("hold_expired", {"hold_id": "H1", "item_id": "B1", "compartment_id": "C07"}, 4),
    event("hold_removed", {"hold_id": "H1", "item_id": "B1", "reason": "expired"}, 5),
]


def test_an_old_terminals_event_stream_still_validates() -> None:
    for message in OLD_STREAM:
        assert contract.decode("event", contract.encode(message)) == message


def test_an_old_terminals_birth_without_a_district_still_validates() -> None:
    birth = {"terminal_id": "T1", "state": "online", "boot": 1, "conn": 1, "at": AT}
    assert contract.validate("state", birth) == birth
    assert contract.validate("state", {**birth, "district": "西湖区"})["district"] == "西湖区"
    with pytest.raises(contract.ContractError):
        contract.validate("state", {**birth, "district": "x" * 65})


def test_session_and_refusal_events_validate() -> None:
    assert contract.validate("event", event("session", SESSION))
    assert contract.validate("event", event("refusal", REFUSAL))
    assert contract.validate("event", event("refusal", {**REFUSAL, "patron": None}))


@pytest.mark.parametrize(
    ("kind", "data", "why"),
    [
        ("refusal", {**REFUSAL, "patron": "3301000000042"}, "a patron id in clear"),
        ("refusal", {**REFUSAL, "patron_id": "3301000000042"}, "a patron_id field"),
        ("refusal", {k: v for k, v in REFUSAL.items() if k != "reason"}, "no reason"),
        ("refusal", {**REFUSAL, "reason": "Not A Code"}, "a reason that is not a code"),
        ("session", {**SESSION, "patron_id": "3301000000042"}, "a patron id"),
        ("session", {**SESSION, "via": "fingerprint"}, "an unknown way in"),
        ("session", {**SESSION, "ended_by": "crash"}, "an unknown ending"),
        ("session", {**SESSION, "loans": -1}, "a negative count"),
        ("session", {k: v for k, v in SESSION.items() if k != "ended_at"}, "no end"),
    ],
)
def test_what_the_new_kinds_must_not_carry_is_refused(kind: str, data: Any, why: str) -> None:
    with pytest.raises(contract.ContractError):
        contract.validate("event", event(kind, copy.deepcopy(data)))


def test_a_kind_central_does_not_know_is_refused_not_guessed() -> None:
    """How a central older than a terminal treats a newer kind: the event is refused (and
    central quarantines it, acknowledges it so the queue moves, and raises bad_messages);
    so central is upgraded before its terminals (docs/mqtt.md)."""
    with pytest.raises(contract.ContractError, match="kind"):
        contract.decode("event", json.dumps(event("visit_survey", {})))
