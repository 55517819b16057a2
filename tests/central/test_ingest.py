"""Central's side of delivery: an event delivered twice is stored once and acknowledged
each time; a gap in a terminal's sequence makes central ask for the missing events again."""

from __future__ import annotations

import json

import pytest

from central.store import CentralStore
from sync import contract, topics
from sync.mqtt import Incoming, LinkCallbacks, MqttLink
from tests.support.fleet import (
    add_loans,
    assert_central_matches,
    broker_settings,
    stored_count,
    wait_until,
)


@pytest.fixture
def central_db(any_central_db: str) -> str:
    """These run on SQLite and on PostgreSQL."""
    return any_central_db


def test_same_event_delivered_twice_is_stored_once_and_acked_twice(
    broker, make_central, make_terminal, central_db
):
    make_central()
    _, store = make_terminal("T1", start=False)
    add_loans(store, 1)
    event = store.outbox_pending()[0]
    acks: list[list[str]] = []
    central_online: list[bool] = []

    def on_message(m: Incoming) -> None:
        if m.topic == topics.CENTRAL_STATE:
            central_online.append(contract.decode("state", m.payload)["state"] == "online")
        else:
            acks.append(contract.decode("ack", m.payload)["event_ids"])

    link = MqttLink(
        broker_settings(broker, "T1"),
        "raw-T1",
        LinkCallbacks(
            on_message=on_message,
            subscriptions=[(topics.topic("T1", topics.ACK), 1), (topics.CENTRAL_STATE, 1)],
        ),
    )
    link.start()
    try:
        # Central's birth is published after its subscriptions: once it is seen, central
        # will receive what we publish.
        wait_until(lambda: central_online and central_online[-1], 30, "central online")
        for n in (1, 2):
            link.publish(topics.topic("T1", topics.EVENTS), contract.encode(event.payload))
            wait_until(lambda n=n: len(acks) >= n, 30, f"acknowledgement {n}")
    finally:
        link.stop()
    assert acks[0] == acks[1] == [event.event_id]
    cs = CentralStore(central_db)
    assert cs.events("T1") == [event.payload]
    assert cs.terminal("T1")["duplicates"] == 1


def test_gap_makes_central_ask_for_a_resend(make_central, make_terminal, central_db):
    central = make_central()
    client, store = make_terminal()
    add_loans(store, 30)
    wait_until(lambda: client.status().queue_depth == 0, 30, "drain")
    # Lose events 11..20 from central's store (as a restore from an older backup would).
    with central.store.tx() as db:
        db.execute("DELETE FROM events WHERE terminal_id = 'T1' AND seq BETWEEN 11 AND 20")
        db.execute("UPDATE terminals SET contiguous_seq = 10, gap_since = '2000-01-01T00:00:00Z'")
    wait_until(lambda: stored_count(central_db, "T1") == 30, 30, "gap filled")
    assert_central_matches(central_db, store)

    def resend_jobs() -> list[dict]:
        return [j for j in central.store.jobs() if j["kind"] == "resend_events"]

    # A re-send slower than the 1 s gap timeout (a loaded machine) is asked for again;
    # every one asked must end succeeded, the first from the first missing event.
    wait_until(
        lambda: all(j["state"] not in ("queued", "in_progress") for j in resend_jobs()),
        30,
        "re-sends answered",
    )
    jobs = resend_jobs()
    assert jobs and all(j["state"] == "succeeded" for j in jobs)
    assert json.loads(jobs[-1]["args"]) == {"from_seq": 11}
    assert central.store.terminal("T1")["contiguous_seq"] == 30
