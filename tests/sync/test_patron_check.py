"""Patron checks over MQTT 5 request/response, and the fall-back to the local cache."""

from __future__ import annotations

from kiosk.model import PatronKind
from sync import contract, topics
from tests.support.fleet import RawClient, wait_until

KNOWN = {
    "patron_id": "3301000000777",
    "kind": "credit",
    "credit_level": 640,
    "blocked": False,
    "block_reason": None,
}


def test_online_check_answers_from_central_records_and_refreshes_cache(make_central, make_terminal):
    central = make_central()
    central.store.upsert_patrons([KNOWN])
    client, store = make_terminal()
    wait_until(lambda: client.status().connected, 30, "connected")
    result = client.check("3301000000777")
    assert result is not None and result.patron is not None
    assert (result.patron.kind, result.patron.credit_level) == (PatronKind.CREDIT, 640)
    unknown = client.check("3301000000999")
    assert unknown is not None and unknown.patron is None
    wait_until(lambda: store.get_patron("3301000000777") is not None, 30, "cache refreshed")
    assert store.get_patron("3301000000777").credit_level == 640


def test_no_answer_in_time_or_central_offline_gives_none(broker, make_central, make_terminal):
    central = make_central()
    client, _ = make_terminal()
    wait_until(lambda: client.status().connected, 30, "connected")
    central.stop()
    wait_until(lambda: client.status().central_online is False, 30, "central offline seen")
    assert client.check("3301000000777") is None  # decided at once, no waiting
    # A central that says it is online but never answers: the check times out.
    with RawClient(broker, "central", [], client_id="silent-central") as raw:
        online = {
            "terminal_id": "central",
            "state": "online",
            "boot": 9,
            "conn": 1,
            "at": contract.now_iso(),
        }
        raw.publish(topics.CENTRAL_STATE, contract.encode(online), retain=True)
        wait_until(lambda: client.status().central_online is True, 30, "central online again")
        assert client.check("3301000000777") is None
    broker.stop()
    wait_until(lambda: not client.status().connected, 30, "disconnected")
    assert client.check("3301000000777") is None
