"""The terminal's side of sync: deliver the outbox, report health, take commands, ask about patrons.

``SyncClient`` is what the app starts. Threads (and nothing else):
  ``sync-net:kiosk-<terminal>``  paho's network loop with jittered reconnect (sync.mqtt). Its
                                 callbacks never touch the store: they validate and queue
                                 messages for the worker, and hand patron answers to the
                                 thread waiting in ``check()``.
  ``sync-worker``                everything else: outbox delivery, acknowledgements, commands,
                                 telemetry and the queue alarm. It is the only thread through
                                 which sync writes to the store.
``check()`` (a patron check) and ``look_up()`` (an item's title) run on the caller's thread
(the circulation flow) and block at most ``patron_check_timeout_s``.

Delivery: events go out in sequence order, at most ``window`` unacknowledged at a time. A row
leaves the outbox only when the central service acknowledges it (``outbox_ack``), never on the
broker's PUBACK. After every (re)connect, after the central service comes back, and when
acknowledgements stop coming for ``ack_timeout_s``, the window restarts at the oldest
unacknowledged row, re-sending with the same event ids; the central service stores each id
once. Nothing is sent while the central service's retained state says it is offline.

Batching: while the central service's retained contract message (``kiosk/v1/central/contract``)
lists envelope 2, events go out up to ``batch_events`` per message (``event-batch.json``), and
the drain is paced under the share central grants each terminal (its token bucket counts
events), so an honest drain is never cut by central's rate limit. Without that message (an
older central, or a broker ACL that does not let the terminal read it) every event is its own
message, as in contract v1. If a window sent in batches gets no acknowledgement for
``ack_timeout_s``, the terminal falls back to one event per message until central announces
its contract again (central publishes it at every connect; the broker re-delivers the
retained copy at every reconnect), so a central downgraded under a stale retained message
still receives what it understands.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from kiosk.config import Sync as SiteSync
from kiosk.model import Alarm, ItemLookupResult, OutboxEvent, Patron, PatronCheckResult
from kiosk.privacy import mask_patron_id
from kiosk.store import Store
from sync import contract, topics
from sync.commands import (
    CONFIG_VERSION_KEY,
    OUT_OF_SERVICE_KEY,
    PATRONS_VERSION_KEY,
    CommandExecutor,
    CommandHandlers,
)
from sync.mqtt import BrokerSettings, Incoming, LinkCallbacks, MqttLink, Will
from sync.signing import Verifier

log = logging.getLogger(__name__)

BOOT_KEY = "sync.boot"
QUEUE_ALARM = "sync_queue_backlog"
SOFTWARE_VERSION = "0.1.0"
# item-request.json's bound: a longer id is not asked about (central would refuse it).
ITEM_ID_MAX_CHARS = 64


# The site file's [sync] section is the one source of the settings a site may change.
_SITE = SiteSync()


@dataclass(frozen=True)
class SyncSettings:
    """How the terminal syncs: the site file's ``[sync]`` values plus internal tunables."""

    window: int = 200
    ack_timeout_s: float = 20.0
    # Events per message when central accepts envelope 2 (at most contract.MAX_BATCH_EVENTS),
    # and the window then: 40 messages of 50 in flight. A round trip holds two durable commits
    # (central's store, this terminal's archive), so the window is what keeps the link busy:
    # 200 events in batches measured 2,700 events/s, 2,000 about 11,000 (docs/performance.md).
    batch_events: int = contract.MAX_BATCH_EVENTS
    batch_window: int = 2000
    telemetry_interval_s: float = _SITE.telemetry_interval_s
    patron_check_timeout_s: float = _SITE.patron_check_timeout_s
    # The 3M/Ceridwen practice: warn when stored transactions get old or many.
    queue_alarm_age_s: float = _SITE.queue_alarm_age_h * 3600
    queue_alarm_depth: int = _SITE.queue_alarm_depth
    housekeeping_interval_s: float = 5.0
    archive_prune_interval_s: float = 3600.0

    @classmethod
    def from_config(cls, site: SiteSync) -> SyncSettings:
        """The settings of a site file's ``[sync]`` section (already range-checked)."""
        return cls(
            telemetry_interval_s=site.telemetry_interval_s,
            patron_check_timeout_s=site.patron_check_timeout_s,
            queue_alarm_age_s=site.queue_alarm_age_h * 3600,
            queue_alarm_depth=site.queue_alarm_depth,
        )


@dataclass(frozen=True)
class SyncStatus:
    connected: bool
    central_online: bool | None  # None: its retained state not heard yet
    queue_depth: int
    oldest_age_s: float | None
    in_flight: int
    last_ack_at: str | None


class _Pace:
    """A token bucket over events sent: the drain's share of central, used by the worker only.

    Paced at PACE_SHARE of central's rate with half its burst, so the excess that jitter
    between here and central can bunch up (rate x jitter, up to 2.5 s at the default share)
    still fits in central's bucket, and the messages other than events (state, telemetry,
    results, patron checks: one token each at central) fit in the rest.
    """

    PACE_SHARE = 0.9

    def __init__(self, events_per_s: float, central_burst: int) -> None:
        self.rate = events_per_s * self.PACE_SHARE
        self.burst = max(1.0, central_burst / 2)
        self.tokens = self.burst
        self.when = time.monotonic()

    def room(self) -> int:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.when) * self.rate)
        self.when = now
        return int(self.tokens)

    def take(self, n: int) -> None:
        self.tokens -= n


# The answers that come back to a waiting caller, by topic leaf.
_RESPONSE_SCHEMAS = {topics.PATRON_RESP: "patron-response", topics.ITEM_RESP: "item-response"}


class _Waiter:
    """One outstanding patron check or item request."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.answer: dict[str, Any] | None = None


class SyncClient:
    """Owns the terminal's MQTT connection; see the module docstring for its threads."""

    def __init__(
        self,
        store: Store,
        terminal_id: str,
        broker: BrokerSettings,
        trust: Mapping[str, str],
        handlers: CommandHandlers | None = None,
        *,
        settings: SyncSettings | None = None,
        software_version: str = SOFTWARE_VERSION,
        device_states: Callable[[], dict[str, str]] | None = None,
        district: str = "",
    ) -> None:
        self.store = store
        self.terminal_id = topics.check_terminal_id(terminal_id)
        if broker.username not in (None, terminal_id):
            # The broker's ACL and client id binding key on the username: any other would
            # confine this terminal to someone else's topics.
            raise ValueError(f"broker username {broker.username!r} is not the terminal id")
        self.settings = settings or SyncSettings()
        self.software_version = software_version
        self.district = district
        self._device_states = device_states or dict
        self._handlers = handlers or CommandHandlers()
        self._handlers.resend_events = self._resend_from
        self._executor = CommandExecutor(store, terminal_id, Verifier(trust), self._handlers)
        self._inbox: queue.Queue[tuple[str, Any]] = queue.Queue()
        self._worker: threading.Thread | None = None
        self._boot = 0
        self._conn = 0
        # None until central's retained state arrives: delivery goes ahead (central's acks
        # will tell), but nobody is told "central online" before it is known.
        self._central_online: bool | None = None
        # Worker-only delivery state.
        self._inflight: dict[str, int] = {}
        self._sent_upto = 0
        self._replay: deque[OutboxEvent] = deque()
        self._last_progress = time.monotonic()
        # What central's contract message allows: 1 = one event per message (contract v1).
        self._batch_limit = 1
        self._pace: _Pace | None = None
        self._last_ack_at: str | None = None
        # Patron checks and item requests: correlation data -> waiter; touched by caller and
        # network threads.
        self._waiters: dict[bytes, _Waiter] = {}
        self._waiters_lock = threading.Lock()
        t = self.terminal_id
        self.link = MqttLink(
            broker,
            # The broker replaces a client id with the username (use_username_as_clientid), so
            # a terminal's client id is its terminal id (on TLS, its certificate's CN).
            t,
            LinkCallbacks(
                on_message=self._on_message,
                on_connected=lambda _sp: self._inbox.put(("connected", None)),
                make_will=self._make_will,
                subscriptions=[
                    (topics.topic(t, topics.ACK), 1),
                    (topics.topic(t, topics.CMD), 1),
                    (topics.topic(t, topics.PATRON_RESP), 0),
                    (topics.topic(t, topics.ITEM_RESP), 0),
                    (topics.CENTRAL_STATE, 1),
                    (topics.CENTRAL_CONTRACT, 1),
                ],
            ),
        )

    # --- lifecycle (app thread) --------------------------------------------------------
    def start(self) -> SyncClient:
        contract.prepare()
        self._boot = int(self.store.get_setting(BOOT_KEY) or 0) + 1
        self.store.set_setting(BOOT_KEY, str(self._boot))
        self._worker = threading.Thread(target=self._run, name="sync-worker", daemon=True)
        self._worker.start()
        self.link.start()
        return self

    def stop(self) -> None:
        """Say goodbye (retained offline state), disconnect and join both threads."""
        self.link.stop(last_words=self._state_will("offline"))
        if self._worker is not None:
            self._inbox.put(("stop", None))
            self._worker.join(10)
            self._worker = None

    def sync_now(self) -> None:
        """Staff asked to sync: re-send the whole window now and report telemetry."""
        self._inbox.put(("sync_now", None))

    def status(self) -> SyncStatus:
        stats = self.store.outbox_stats(datetime.now().astimezone())
        return SyncStatus(
            connected=self.link.connected,
            central_online=self._central_online,
            queue_depth=stats.depth,
            oldest_age_s=stats.oldest_age_s,
            in_flight=len(self._inflight),
            last_ack_at=self._last_ack_at,
        )

    # --- patron checks (caller's thread) -------------------------------------------------
    def check(self, patron_id: str) -> PatronCheckResult | None:
        """kiosk.model.PatronCheck over MQTT 5 request/response; None = no answer in time."""
        request = {"terminal_id": self.terminal_id, "patron_id": patron_id}
        answer = self._ask(topics.PATRON_REQ, topics.PATRON_RESP, request)
        if answer is None:
            log.info("patron check for %s: no answer in time", mask_patron_id(patron_id))
            return None
        if answer["patron_id"] != patron_id:
            return None
        if not answer["found"]:
            return PatronCheckResult(None)
        patron = _patron(answer["patron"])
        self._inbox.put(("cache_patron", patron))
        return PatronCheckResult(patron)

    def look_up(self, item_id: str) -> ItemLookupResult | None:
        """kiosk.model.ItemLookup over MQTT 5 request/response: an item's title and author.

        No patron id goes into the request. None when central cannot be asked (offline);
        ``unanswered`` when no answer came within ``patron_check_timeout_s`` (a central older
        than item requests never answers)."""
        if len(item_id) > ITEM_ID_MAX_CHARS:
            return None
        if not self.link.connected or self._central_online is False:
            return None
        request = {"terminal_id": self.terminal_id, "item_id": item_id}
        answer = self._ask(topics.ITEM_REQ, topics.ITEM_RESP, request)
        if answer is None or answer["item_id"] != item_id:
            log.info("item request for %s: no answer in time", item_id)
            return ItemLookupResult(None, None, "unanswered")
        return ItemLookupResult(answer["title"], answer["author"], answer["source"])

    def _ask(self, req_leaf: str, resp_leaf: str, body: dict[str, Any]) -> dict[str, Any] | None:
        """Publish a request with this terminal's response topic and fresh correlation data;
        the decoded answer, or None when offline or none came in time."""
        if not self.link.connected or self._central_online is False:
            return None
        correlation = uuid.uuid4().bytes
        waiter = _Waiter()
        with self._waiters_lock:
            self._waiters[correlation] = waiter
        try:
            self.link.publish(
                topics.topic(self.terminal_id, req_leaf),
                contract.encode({**body, "at": contract.now_iso()}),
                qos=0,
                response_topic=topics.topic(self.terminal_id, resp_leaf),
                correlation_data=correlation,
            )
            if not waiter.done.wait(self.settings.patron_check_timeout_s):
                return None
        finally:
            with self._waiters_lock:
                self._waiters.pop(correlation, None)
        return waiter.answer

    # --- network thread ----------------------------------------------------------------
    def _state_will(self, state: str) -> Will:
        body = {
            "terminal_id": self.terminal_id,
            "state": state,
            "boot": self._boot,
            "conn": self._conn,
            "at": contract.now_iso(),
        }
        return Will(topics.topic(self.terminal_id, topics.STATE), contract.encode(body))

    def _make_will(self) -> Will:
        self._conn += 1
        return self._state_will("offline")

    def _on_message(self, msg: Incoming) -> None:
        try:
            self._receive(msg)
        except contract.ContractError as exc:
            log.warning("dropped a malformed message on %s: %s", msg.topic, str(exc)[:200])

    def _receive(self, msg: Incoming) -> None:
        if msg.topic == topics.CENTRAL_STATE:
            state = contract.decode("state", msg.payload)
            self._inbox.put(("central", state["state"] == "online"))
            return
        if msg.topic == topics.CENTRAL_CONTRACT:
            self._inbox.put(("contract", contract.decode("central-contract", msg.payload)))
            return
        _, leaf = topics.parse(msg.topic)
        if leaf == topics.ACK:
            ack = contract.decode("ack", msg.payload)
            self._inbox.put(("ack", ack["event_ids"]))
        elif leaf == topics.CMD:
            self._inbox.put(("cmd", msg.payload))
        elif leaf in _RESPONSE_SCHEMAS and msg.correlation_data is not None:
            with self._waiters_lock:
                waiter = self._waiters.get(msg.correlation_data)
            if waiter is not None:
                waiter.answer = contract.decode(_RESPONSE_SCHEMAS[leaf], msg.payload)
                waiter.done.set()

    # --- worker thread -----------------------------------------------------------------
    def _run(self) -> None:
        next_telemetry = next_housekeeping = next_prune = 0.0
        while True:
            items = self._take(0.25)
            if ("stop", None) in items:
                return
            try:
                self._handle(items)
                self._pump()
                now = time.monotonic()
                if self._inflight and now - self._last_progress > self.settings.ack_timeout_s:
                    log.warning(
                        "no acknowledgement for %.0f s; re-sending the window",
                        self.settings.ack_timeout_s,
                    )
                    self._fall_back_to_single_events()
                    self._restart_window()
                if now >= next_housekeeping:
                    self._check_queue_alarm()
                    next_housekeeping = now + self.settings.housekeeping_interval_s
                if now >= next_prune:
                    self.store.prune_archive(datetime.now().astimezone())
                    next_prune = now + self.settings.archive_prune_interval_s
                if now >= next_telemetry or any(kind == "sync_now" for kind, _ in items):
                    if self.link.connected:
                        self._publish_telemetry()
                    next_telemetry = now + self.settings.telemetry_interval_s
            except Exception:
                # A store or broker hiccup must not end delivery; the next round retries.
                log.exception("sync worker error")
                time.sleep(1.0)

    def _take(self, timeout: float) -> list[tuple[str, Any]]:
        try:
            items = [self._inbox.get(timeout=timeout)]
        except queue.Empty:
            return []
        while len(items) < 200:
            try:
                items.append(self._inbox.get_nowait())
            except queue.Empty:
                break
        return items

    def _handle(self, items: list[tuple[str, Any]]) -> None:
        # Acknowledgements first and together: one store transaction for many acks.
        acked = [eid for kind, ids in items if kind == "ack" for eid in ids]
        if acked:
            self.store.outbox_ack(acked)
            for eid in acked:
                self._inflight.pop(eid, None)
            self._last_progress = time.monotonic()
            self._last_ack_at = contract.now_iso()
        for kind, value in items:
            try:
                self._handle_one(kind, value)
            except Exception:
                # One item failing (the broker gone mid-publish, a store error) must not lose
                # the rest of the round: paho has already acknowledged those messages.
                log.exception("sync worker: %s failed", kind)

    def _handle_one(self, kind: str, value: Any) -> None:
        if kind == "connected":
            self._publish_birth()
            self._restart_window()
        elif kind == "central":
            was_offline, self._central_online = self._central_online is False, value
            log.info("central service is %s", "online" if value else "offline")
            if value and was_offline:
                self._restart_window()
        elif kind == "cmd":
            result = self._executor.handle(value)
            self.link.publish(
                topics.topic(self.terminal_id, topics.CMD_RESULT), contract.encode(result)
            )
        elif kind == "contract":
            self._apply_central_contract(value)
        elif kind == "cache_patron":
            self.store.upsert_patrons([value])
        elif kind == "sync_now":
            self._restart_window()

    def _apply_central_contract(self, message: dict[str, Any]) -> None:
        if contract.BATCH_VERSION in message["accepts"]:
            self._batch_limit = max(1, min(self.settings.batch_events, message["max_batch"]))
        else:
            self._batch_limit = 1
        self._pace = _Pace(message["events_per_s"], message["events_burst"])
        log.info(
            "central accepts envelopes %s; sending up to %d events per message at %.0f/s",
            message["accepts"],
            self._batch_limit,
            self._pace.rate,
        )

    def _fall_back_to_single_events(self) -> None:
        if self._batch_limit > 1:
            log.warning("batches got no acknowledgement; one event per message from now")
            self._batch_limit = 1

    def _restart_window(self) -> None:
        self._inflight.clear()
        self._sent_upto = 0
        self._last_progress = time.monotonic()

    def _resend_from(self, from_seq: int) -> None:
        """The central service asked for events from ``from_seq`` (it found a gap)."""
        self._replay.extend(self.store.outbox_replay(from_seq))
        if self._replay:
            self._sent_upto = max(self._sent_upto, self._replay[-1].seq)

    def _pump(self) -> None:
        if not self.link.connected or self._central_online is False:
            return
        window = self.settings.window if self._batch_limit == 1 else self.settings.batch_window
        while len(self._inflight) < window:
            room = window - len(self._inflight)
            if self._pace is not None:
                room = min(room, self._pace.room())
                if room <= 0:
                    return  # the next round (at most 0.25 s away) has new tokens
            if self._replay:
                batch = [self._replay.popleft() for _ in range(min(room, len(self._replay)))]
            else:
                batch = self.store.outbox_pending(after_seq=self._sent_upto, limit=room)
                if not batch:
                    return
                self._sent_upto = batch[-1].seq
            self._publish_events(batch)

    def _publish_events(self, batch: list[OutboxEvent]) -> None:
        """Publish ``batch`` in sequence order: one message each, or envelopes of several."""
        events_topic = topics.topic(self.terminal_id, topics.EVENTS)
        if self._pace is not None:
            self._pace.take(len(batch))
        if self._batch_limit == 1:
            for ev in batch:
                self._inflight[ev.event_id] = ev.seq
                self.link.publish(events_topic, contract.encode(ev.payload))
            return
        room = contract.MAX_PAYLOAD_BYTES - contract.batch_overhead(self.terminal_id)
        chunk: list[bytes] = []
        size = 0
        for ev in batch:
            encoded = contract.encode(ev.payload)
            if chunk and (len(chunk) == self._batch_limit or size + len(encoded) + 1 > room):
                self.link.publish(events_topic, contract.encode_batch(self.terminal_id, chunk))
                chunk, size = [], 0
            chunk.append(encoded)
            size += len(encoded) + 1
            self._inflight[ev.event_id] = ev.seq
        self.link.publish(events_topic, contract.encode_batch(self.terminal_id, chunk))

    def _publish_birth(self) -> None:
        birth = {
            "terminal_id": self.terminal_id,
            "state": "online",
            "boot": self._boot,
            "conn": self._conn,
            "at": contract.now_iso(),
            "software_version": self.software_version,
            "config_version": int(self.store.get_setting(CONFIG_VERSION_KEY) or 0),
            "patrons_version": int(self.store.get_setting(PATRONS_VERSION_KEY) or 0),
        }
        if self.district:
            birth["district"] = self.district
        self.link.publish(
            topics.topic(self.terminal_id, topics.STATE), contract.encode(birth), retain=True
        )

    def _publish_telemetry(self) -> None:
        now = datetime.now().astimezone()
        stats = self.store.outbox_stats(now)
        message = {
            "terminal_id": self.terminal_id,
            "at": contract.now_iso(),
            "software_version": self.software_version,
            "boot": self._boot,
            "conn": self._conn,
            "devices": dict(self._device_states()),
            "alarms": [_alarm(a) for a in self.store.active_alarms()],
            "queue": {
                "depth": stats.depth,
                "oldest_age_s": stats.oldest_age_s,
                "last_seq": stats.last_seq,
                "in_flight": len(self._inflight),
                "last_ack_at": self._last_ack_at,
            },
            "counters": self.store.daily_stats(date.today()),
            "config_version": int(self.store.get_setting(CONFIG_VERSION_KEY) or 0),
            "out_of_service": self.store.get_setting(OUT_OF_SERVICE_KEY) or "",
        }
        self.link.publish(
            topics.topic(self.terminal_id, topics.TELEMETRY), contract.encode(message), qos=0
        )

    def _check_queue_alarm(self) -> None:
        stats = self.store.outbox_stats(datetime.now().astimezone())
        backlog = stats.depth >= self.settings.queue_alarm_depth or (
            stats.oldest_age_s is not None and stats.oldest_age_s >= self.settings.queue_alarm_age_s
        )
        active = [a for a in self.store.active_alarms() if a.kind == QUEUE_ALARM]
        if backlog and not active:
            log.warning(
                "outbox backlog: %d events, oldest %.0f s", stats.depth, stats.oldest_age_s or 0
            )
            self.store.raise_alarm(
                QUEUE_ALARM,
                "outbox",
                {"depth": stats.depth, "oldest_age_s": stats.oldest_age_s},
            )
        elif not backlog:
            for alarm in active:
                self.store.clear_alarm(alarm.alarm_id, cleared_by="sync")


def _patron(p: dict[str, Any]) -> Patron:
    return contract.patron_record(p)


def _alarm(a: Alarm) -> dict[str, Any]:
    return {"alarm_id": a.alarm_id, "kind": a.kind, "subject": a.subject, "raised_at": a.raised_at}
