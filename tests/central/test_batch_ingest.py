"""Central's ingest of envelope v2 (a batch of events) next to v1 (one event per message).

Handler-level: the worker's ``_process`` and the network thread's ``_on_message`` are called
directly on a real SQLite store (tests/support/hostile_central.py), so what is stored,
quarantined and acknowledged can be read back exactly.
"""

from __future__ import annotations

import json

from sync import contract, topics
from tests.support.hostile_central import event, incoming, offline_central


def batch(terminal_id: str, events: list[dict]) -> bytes:
    return contract.encode_batch(terminal_id, [contract.encode(ev) for ev in events])


def acked_ids(central) -> list[str]:
    """Event ids of the acknowledgements central queued with paho (never connected)."""
    ids = []
    for message in central.link._client._out_messages.values():
        if message.topic.endswith("/" + topics.ACK):
            ids += json.loads(message.payload)["event_ids"]
    return ids


def test_v1_and_v2_messages_are_stored_together_once_each(tmp_path, signer):
    central = offline_central(tmp_path / "central.db", signer)
    try:
        v2 = [event("T1", seq) for seq in range(1, 51)]
        v1 = event("T1", 51)
        other = event("T2", 1)
        central._process(
            [
                incoming("T1", topics.EVENTS, batch("T1", v2)),
                incoming("T1", topics.EVENTS, v1),
                incoming("T2", topics.EVENTS, other),
                incoming("T1", topics.EVENTS, batch("T1", v2[:3])),  # re-sent: duplicates
            ]
        )
        assert central.store.events("T1") == [*v2, v1]
        assert central.store.events("T2") == [other]
        t1 = central.store.terminal("T1")
        assert (t1["contiguous_seq"], t1["duplicates"], t1["rejected"]) == (51, 3, 0)
        assert sorted(set(acked_ids(central))) == sorted(ev["event_id"] for ev in [*v2, v1, other])
    finally:
        central.store.close()


def test_an_invalid_event_of_a_batch_is_quarantined_alone_and_acknowledged(tmp_path, signer):
    central = offline_central(tmp_path / "central.db", signer)
    try:
        good = [event("T1", 1), event("T1", 3)]
        bad = event("T1", 2, kind="stolen")
        foreign = event("T2", 4)  # another terminal's event inside T1's batch
        central._process(
            [incoming("T1", topics.EVENTS, batch("T1", [good[0], bad, foreign, good[1]]))]
        )
        assert central.store.events("T1") == good
        assert central.store.events("T2") == []
        quarantined = central.store.quarantined("T1")
        assert len(quarantined) == 2
        assert {json.loads(row["payload"])["event_id"] for row in quarantined} == {
            bad["event_id"],
            foreign["event_id"],
        }
        assert central.store.terminal("T1")["rejected"] == 2
        # All four acknowledged, so the terminal's queue moves on.
        assert sorted(acked_ids(central)) == sorted(ev["event_id"] for ev in [*good, bad, foreign])
    finally:
        central.store.close()


def test_a_broken_envelope_is_rejected_whole_and_its_event_ids_acknowledged(tmp_path, signer):
    central = offline_central(tmp_path / "central.db", signer)
    try:
        events = [event("T1", seq) for seq in range(1, 52)]  # one more than a batch may hold
        too_many = batch("T1", events)
        wrong_terminal = batch("T2", [event("T1", 60)])
        central._process(
            [
                incoming("T1", topics.EVENTS, too_many),
                incoming("T1", topics.EVENTS, wrong_terminal),
                incoming("T1", topics.EVENTS, b'{"v": 2, "terminal_id": "T1", "events": 7}'),
            ]
        )
        assert central.store.events("T1") == []
        assert central.store.terminal("T1")["rejected"] == 3
        assert len(acked_ids(central)) == 52
    finally:
        central.store.close()


def test_the_rate_limit_counts_a_batchs_events(tmp_path, signer):
    """A burst of 100 events lets in two batches of 50, not 100 batches."""
    central = offline_central(tmp_path / "central.db", signer, rate_per_s=0.001, rate_burst=100)
    try:
        for start in range(1, 200, 50):
            message = incoming("T1", topics.EVENTS, batch("T1", [
                event("T1", seq) for seq in range(start, start + 50)
            ]))  # fmt: skip
            central._on_message(message)
            central._process([central._inbox.get_nowait()] if central._inbox.qsize() else [])
        assert len(central.store.events("T1")) == 100
        central._tick()
        assert central.store.terminal("T1")["rate_limited"] == 2
    finally:
        central.store.close()


def test_central_announces_the_envelopes_it_accepts_and_the_share(tmp_path, signer):
    central = offline_central(tmp_path / "central.db", signer, rate_per_s=1000.0, rate_burst=10_000)
    try:
        announced = contract.decode("central-contract", central._contract_message())
        assert announced["accepts"] == [1, 2]
        assert (announced["max_batch"], announced["events_per_s"], announced["events_burst"]) == (
            contract.MAX_BATCH_EVENTS,
            1000.0,
            10_000,
        )
    finally:
        central.store.close()
