"""The terminal's side of envelope v2 against a real mosquitto: when it batches, when not.

A terminal batches only after central's retained contract message lists envelope 2; it
paces its drain under the share that message announces, and falls back to one event per
message when batches go unacknowledged. Each drain ends with central's records equal to
the terminal's.
"""

from __future__ import annotations

import json

from central.service import CentralSettings
from sync import contract, topics
from tests.support.fleet import (
    FAST_SYNC,
    RawClient,
    add_loans,
    assert_central_matches,
    wait_until,
)

EVENTS_T1 = topics.topic("T1", topics.EVENTS)


def envelopes(spy: RawClient) -> list[int | None]:
    """For each message the terminal sent on its events topic: 2 for a batch, None for v1."""
    return [json.loads(p).get("v") for p in spy.on(EVENTS_T1)]


def announce(probe: RawClient, accepts: list[int], per_s: float = 1e6, burst: int = 10**6) -> None:
    message = {
        "accepts": accepts,
        "max_batch": contract.MAX_BATCH_EVENTS,
        "events_per_s": per_s,
        "events_burst": burst,
        "at": contract.now_iso(),
    }
    probe.publish(topics.CENTRAL_CONTRACT, contract.encode(message), retain=True)


def test_batches_go_to_a_central_that_announces_them_and_match_central(
    broker, make_central, make_terminal, tmp_path
):
    make_central()
    with RawClient(broker, "probe", [EVENTS_T1]) as spy:
        client, store = make_terminal()
        add_loans(store, 230)
        wait_until(lambda: client.status().queue_depth == 0, 60, "outbox drained")
    assert_central_matches(tmp_path / "central.db", store)
    sent = envelopes(spy)
    # 230 events in a handful of messages (the first window may go before the contract
    # message arrives, one event per message), never one message per event.
    assert 2 in sent and len(sent) < 230
    for payload in spy.on(EVENTS_T1):
        message = json.loads(payload)
        if "v" in message:
            assert len(message["events"]) <= contract.MAX_BATCH_EVENTS
            contract.validate("event-batch", message)


def test_without_the_contract_message_a_terminal_sends_v1_then_batches_once_announced(
    broker, make_terminal
):
    """No central connected: the probe plays central's retained messages and watches."""
    online = {"terminal_id": "central", "state": "online", "boot": 1, "conn": 1}
    with RawClient(broker, "probe", [EVENTS_T1]) as probe:
        probe.publish(
            topics.CENTRAL_STATE, contract.encode({**online, "at": contract.now_iso()}), True
        )
        client, store = make_terminal()
        add_loans(store, 120)
        wait_until(lambda: len(probe.on(EVENTS_T1)) >= 100, 30, "a window of v1 events")
        assert set(envelopes(probe)) == {None}
        announce(probe, [1, 2])
        # Unacknowledged, the window is re-sent after ack_timeout_s, now in batches.
        wait_until(lambda: 2 in envelopes(probe), 30, "a batch")
        announce(probe, [1])
        count = len(probe.on(EVENTS_T1))
        wait_until(lambda: len(probe.on(EVENTS_T1)) > count + 100, 30, "the window re-sent")
        assert envelopes(probe)[count + 1 :] == [None] * (len(probe.on(EVENTS_T1)) - count - 1)
        client.stop()


def test_batches_nobody_acknowledges_fall_back_to_single_events(broker, make_terminal):
    """A central downgraded under a stale retained contract message never acknowledges a
    batch: after one ack timeout the terminal sends what every central understands."""
    online = {"terminal_id": "central", "state": "online", "boot": 1, "conn": 1}
    with RawClient(broker, "probe", [EVENTS_T1]) as probe:
        probe.publish(
            topics.CENTRAL_STATE, contract.encode({**online, "at": contract.now_iso()}), True
        )
        announce(probe, [1, 2])
        client, store = make_terminal()
        wait_until(lambda: client._batch_limit > 1, 30, "the contract message heard")
        add_loans(store, 60)
        wait_until(
            lambda: envelopes(probe).count(None) >= 60, FAST_SYNC.ack_timeout_s + 30, "v1 events"
        )
        sent = envelopes(probe)
        first_v1 = sent.index(None)
        assert set(sent[:first_v1]) == {2} and set(sent[first_v1:]) == {None}
        client.stop()


def test_the_drain_is_paced_under_centrals_share_so_nothing_is_dropped(
    make_central, make_terminal, tmp_path
):
    """1,000 events against a share of 200 events/s (burst 400): without pacing most of the
    first window would be over the limit, dropped and waited for an ack timeout."""
    # One tick at start and none after: what the limit drops stays counted in _dropped.
    central = make_central(CentralSettings(tick_s=3600.0, rate_per_s=200.0, rate_burst=400))
    client, store = make_terminal()
    wait_until(lambda: client._pace is not None, 30, "the contract message heard")
    add_loans(store, 1000)
    wait_until(lambda: client.status().queue_depth == 0, 90, "outbox drained")
    assert_central_matches(tmp_path / "central.db", store)
    with central._dropped_lock:
        assert central._dropped["T1"] == 0
