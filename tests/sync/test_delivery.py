"""Outbox delivery end to end against a real mosquitto: nothing lost, nothing twice."""

from __future__ import annotations

from tests.sync.helpers import add_loans, assert_central_matches, wait_until


def test_queued_events_drain_once_and_are_acknowledged(make_central, make_terminal, tmp_path):
    central = make_central()
    client, store = make_terminal()
    add_loans(store, 250)
    wait_until(lambda: client.status().queue_depth == 0, 60, "drain")
    assert_central_matches(tmp_path / "central.db", store)
