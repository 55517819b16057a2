"""What central takes in from terminals before it stores anything: shares and events.

``RateLimiter`` is each terminal's share of central, a token bucket counted in events;
``events_of`` turns one message of the events topic, contract v1 (one event) or envelope v2
(a batch, ``event-batch.json``), into the events to store, quarantining an invalid event of
a batch alone. Both are used by ``central.service.CentralService``.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

from central.store import Rejected
from sync import contract
from sync.mqtt import Incoming

log = logging.getLogger(__name__)


class RateLimiter:
    """A token bucket per key: the network thread asks, the worker charges what it decoded."""

    def __init__(
        self, rate_per_s: float, burst: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.rate_per_s, self.burst, self._clock = rate_per_s, burst, clock
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, when)
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        """Take one token if there is one."""
        with self._lock:
            tokens, now = self._refilled(key)
            allowed = tokens >= 1.0
            self._buckets[key] = (tokens - 1.0 if allowed else tokens, now)
            return allowed

    def charge(self, key: str, n: int) -> None:
        """Take ``n`` more tokens for a message already let in (a batch's further events).

        The bucket may go below zero: the key's next messages wait until it has refilled, so
        over time a key gets no more than its rate, counted in events. The debt is at most
        one batch (contract.MAX_BATCH_EVENTS - 1) per message let in.
        """
        if n <= 0:
            return
        with self._lock:
            tokens, now = self._refilled(key)
            self._buckets[key] = (tokens - n, now)

    def _refilled(self, key: str) -> tuple[float, float]:
        now = self._clock()
        tokens, then = self._buckets.get(key, (float(self.burst), now))
        return min(float(self.burst), tokens + (now - then) * self.rate_per_s), now


def events_of(
    terminal_id: str,
    msg: Incoming,
    limiter: RateLimiter,
    rejected: list[Rejected],
    ack_ids: dict[str, list[str]],
) -> list[dict[str, Any]]:
    """The valid events of one message on the events topic: one event (v1) or a batch (v2).

    A v1 message is an event; a v2 envelope has ``v``. The envelope is judged whole (an
    invalid one raises, and the caller rejects the whole message); then each event in it on
    its own: an invalid event is added to ``rejected`` alone (and its id to ``ack_ids`` if it
    is well-formed, so the terminal's queue moves on) and the others are returned.
    """
    message = contract.parse("event", msg.payload)
    if not (isinstance(message, dict) and "v" in message):
        return [_own_event(terminal_id, contract.validate("event", message))]
    envelope = contract.validate("event-batch", message)
    if envelope["terminal_id"] != terminal_id:
        raise contract.ContractError("event-batch", "terminal_id does not match topic")
    # The network thread charged the message one token; the share counts events.
    limiter.charge(terminal_id, len(envelope["events"]) - 1)
    kept = []
    for ev in envelope["events"]:
        try:
            kept.append(_own_event(terminal_id, contract.validate("event", ev)))
        except contract.ContractError as exc:
            log.warning("%s: quarantined an event of a batch: %s", terminal_id, str(exc)[:200])
            rejected.append(Rejected(terminal_id, msg.topic, contract.encode(ev), str(exc)))
            if event_id := _well_formed_id(ev.get("event_id")):
                ack_ids[terminal_id].append(event_id)
    return kept


def _own_event(terminal_id: str, event: dict[str, Any]) -> dict[str, Any]:
    if event["terminal_id"] != terminal_id:
        raise contract.ContractError("event", "terminal_id does not match topic")
    return event


def _well_formed_id(value: Any) -> str | None:
    try:
        if isinstance(value, str) and str(uuid.UUID(value)) == value:
            return value
    except ValueError:
        pass
    return None


def event_ids_of(payload: bytes) -> list[str]:
    """The well-formed event ids of a rejected message: one event's, or a batch's events'."""
    try:
        message = json.loads(payload)
    except (ValueError, RecursionError):
        return []
    if not isinstance(message, dict):
        return []
    items = message.get("events") if "v" in message else [message]
    if not isinstance(items, list):
        return []
    ids = (_well_formed_id(item.get("event_id")) for item in items if isinstance(item, dict))
    return [event_id for event_id in ids if event_id is not None]
