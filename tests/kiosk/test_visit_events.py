"""The events central's figures need: a ``refusal`` with every refusal's audit row and a
``session`` when a visit ends, valid under the contract and without a patron id in clear."""

from __future__ import annotations

from datetime import timedelta

import pytest

from kiosk.circulation import Refused
from kiosk.reasons import Reason
from kiosk.sample_data import DEMO_PICKUP_CODE
from sync import contract

CARD = "3301000000001"
BLOCKED = "3301000000004"
HOLDER = "3301000000005"
LIVING = "31234000567890"
THREE_BODY = "31234000567891"
UNKNOWN_ITEM = "00000000000000"


def events(store, kind):
    return [e.payload for e in store.outbox_pending(limit=1000) if e.kind == kind]


def on_pad(pad, *item_ids):
    return [pad.place("E00401" + i[-10:], i, True) for i in item_ids]


def test_a_login_refusal_is_an_event_with_the_patron_masked(circulation, store):
    with pytest.raises(Refused):
        circulation.start_session(BLOCKED, "card")
    (event,) = events(store, "refusal")
    contract.validate("event", event)
    assert event["data"] == {
        "reason": "patron_blocked",
        "flow": "login",
        "patron": "****0004",
        "item_id": None,
    }
    assert BLOCKED not in str(event)
    assert event["at"] == store.recent_audit()[0]["at"]


def test_an_item_refusal_names_the_item_and_a_code_refusal_no_patron(circulation, store, pad):
    session = circulation.start_session(CARD, "card")
    (tag,) = on_pad(pad, UNKNOWN_ITEM)
    (outcome,) = circulation.borrow(session, [tag])
    assert outcome.reason is Reason.ITEM_UNKNOWN
    with pytest.raises(Refused):
        circulation.start_code_session("000000")
    item, code = events(store, "refusal")
    assert (item["data"]["reason"], item["data"]["flow"]) == ("item_unknown", "borrow")
    assert item["data"]["item_id"] == UNKNOWN_ITEM and item["data"]["patron"] == "****0001"
    assert code["data"] == {
        "reason": "pickup_code_wrong",
        "flow": "code_login",
        "patron": None,
        "item_id": None,
    }
    for event in (item, code):
        contract.validate("event", event)


def test_the_refusal_event_and_its_audit_row_are_one_transaction(circulation, store):
    """A refusal whose transaction fails leaves neither its audit row nor its event."""
    audit_before = len(store.recent_audit(1000))
    with pytest.raises(RuntimeError), store.transaction() as tx:
        circulation.refusal_rows(tx, CARD, "login", Reason.PATRON_BLOCKED, {})
        raise RuntimeError("the transaction fails after the rows")
    assert events(store, "refusal") == []
    assert len(store.recent_audit(1000)) == audit_before


def test_a_visit_ends_with_one_session_event_counting_what_it_did(circulation, store, pad, clock):
    session = circulation.start_session(CARD, "card")
    tags = on_pad(pad, LIVING, THREE_BODY)
    circulation.borrow(session, tags)
    clock.advance(days=25)  # into the renewal window
    circulation.renew(session, [LIVING])
    circulation.return_items(tags[1:], session=session)
    circulation.end_session(session, "timeout")
    (event,) = events(store, "session")
    contract.validate("event", event)
    data = event["data"]
    assert (data["via"], data["ended_by"], data["online"]) == ("card", "timeout", True)
    assert (data["loans"], data["returns"], data["renewals"], data["pickups"]) == (2, 1, 1, 0)
    assert contract.parse_time(data["ended_at"]) - contract.parse_time(
        data["started_at"]
    ) == timedelta(days=25)
    assert CARD not in str(event)
    assert store.recent_audit()[0]["action"] == "session_end"


def test_a_pickup_code_visit_counts_its_pickups(circulation, store):
    session = circulation.start_code_session(DEMO_PICKUP_CODE)
    circulation.pickup(session)
    circulation.end_session(session)
    (event,) = events(store, "session")
    assert event["data"]["via"] == "code" and event["data"]["ended_by"] == "done"
    assert event["data"]["pickups"] == 1 and event["data"]["loans"] == 0
    assert HOLDER not in str(event)
