"""The central service (``kiosk central run``): receive, store once, acknowledge, command.

Threads:
  ``sync-net:<client id>``  paho's network loop (sync.mqtt). Its callbacks only queue incoming
                            messages: events and reports for the worker, patron checks and
                            item requests for the patron-check threads.
  ``central-patron-N``      answer patron checks (central/sip2/patrons.py) and item requests
                            (titles, central/sip2/items.py): from the library
                            system when there is one, else or when it is slow from a cache or
                            central's own records on their own read connections, so a patron
                            at a kiosk never waits behind a batch of events being committed.
  ``central-worker``        the only writer of the central store. It takes incoming messages
                            in batches, stores events in one transaction, commits, and only
                            then publishes the acknowledgements and sends the MQTT PUBACKs
                            (manual acks), so neither the terminal nor the broker forgets an
                            event the store does not yet hold. On a timer it also dispatches
                            queued jobs, times out jobs that got no result and asks terminals
                            with a sequence gap to re-send.
  ``central-sip2``,         with a library system (SIP2): its status watch, and applying the
  ``central-sip2-apply``    stored loans, returns and renewals in it after ingest has
                            committed them (central/sip2/upload.py).


Several workers (PostgreSQL only): every ``kiosk central run`` on the same database joins
the MQTT 5 shared subscription group ``$share/central/...``, so the broker hands each
terminal message to one of them. Each connects with a clean session (session expiry 0): a
dead member's share must go to the living, not queue for it (mosquitto keeps queuing to an
expired-later session), and its in-flight messages are not handed on by mosquitto at all,
which the terminals recover: they re-send what is unacknowledged when central announces
itself again, which a surviving worker does the moment it sees the dead one's Will
(``kiosk/v1/central/state`` offline), and after their ack timeout anyway. Events are stored
once whoever stores them (the terminal row is locked while its events go in). The periodic
duties (``central.workers.DUTIES``) are each held by one worker through a lease in the
store, renewed by its holder and taken over when it expires unrenewed; the job and gap
records are moved under row locks too, so even two holders at once could not send one
command twice. On SQLite one worker runs, as before: a second ``run`` on the same file is
refused.

Over 600 lines: one class is the worker's whole message path (judge, store, acknowledge,
then the duties), which reads best in one place; the mechanics of several workers live in
``central.workers``, the SIP2 and patron-check logic in central/sip2/.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import queue
import socket
import threading
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from central import history
from central.ingest import RateLimiter, event_ids_of, events_of
from central.jobs import JobState
from central.sip2.client import Sip2Client
from central.sip2.connection import Sip2Error, Sip2LoginRefused
from central.sip2.items import ItemAnswers
from central.sip2.patrons import PatronAnswers
from central.sip2.upload import REFUSAL_NOTICE_VALIDITY_S, EventUploader
from central.store import CentralAlarm, CentralStore, Rejected
from central.workers import DutyLeases, Leases, SingleWorkerLock, shared_subscriptions
from kiosk.privacy import mask_patron_id
from sync import contract, topics
from sync.mqtt import BrokerSettings, Incoming, LinkCallbacks, MqttLink, Will
from sync.signing import Signer

log = logging.getLogger(__name__)

# Default validity of a command per kind: short where hardware moves.
VALIDITY_S: dict[str, int] = {
    "open_compartment": 120,
    "set_out_of_service": 3600,
    "resend_events": 3600,
    "load_holds": 24 * 3600,
    "cancel_hold": 24 * 3600,
    "block_patron": 7 * 24 * 3600,
    "unblock_patron": 7 * 24 * 3600,
    "sync_patrons": 7 * 24 * 3600,
    "set_config": 7 * 24 * 3600,
    "loan_refused": REFUSAL_NOTICE_VALIDITY_S,
}
PATRONS_PER_COMMAND = 2000
CENTRAL_USERNAME = "central"
ACK_IDS_PER_MESSAGE = 1000


@dataclass(frozen=True)
class CentralSettings:
    batch_max: int = 500
    tick_s: float = 0.25
    gap_timeout_s: float = 15.0
    job_grace_s: float = 30.0
    # Per terminal, all its messages together: a token bucket of rate_burst tokens refilled at
    # rate_per_s. Every message costs one token on the network thread, before anything is
    # decoded; a batch of n events costs n - 1 more once the worker has decoded it, so the
    # share counts events and batching does not multiply it. The excess is acknowledged and
    # dropped (events are re-sent by an honest terminal, which got no ack). Terminals learn
    # the share from the retained contract message and pace their drain at 90% of it with
    # half the burst, so an honest drain is never dropped: a day offline (hundreds of events)
    # goes out at once from the burst, a backlog of 100,000 in under two minutes. One stolen
    # credential can take at most this much of central's ingest (tens of thousands of events
    # a second with batching, docs/performance.md).
    rate_per_s: float = 1000.0
    rate_burst: int = 10_000
    # The event envelopes announced to terminals (contract v1: one event per message; 2: a
    # batch). Central ingests both whatever it announces; without 2 terminals send v1.
    accepts: tuple[int, ...] = (1, contract.BATCH_VERSION)
    # Quarantine rows kept per terminal and hour; further refusals are only counted.
    quarantine_per_hour: int = 100
    # A central alarm clears itself when its cause has not recurred for this long.
    alarm_quiet_s: float = 3600.0
    # How often the library system (SIP2) is asked for its status, and the bound on one ask.
    sip2_check_interval_s: float = 30.0
    sip2_check_deadline_s: float = 15.0
    # Threads answering patron checks, and how many checks may wait for one (beyond that a
    # check is dropped: the terminal times out and decides from its own copy).
    patron_threads: int = 2
    patron_queue_max: int = 1000
    # How often the applier looks for new events when it has nothing to do.
    sip2_apply_poll_s: float = 1.0
    # Several workers: how long a duty's lease lasts unrenewed (its holder renews it every
    # third of that), so a dead worker's duties move to another within this time.
    lease_s: float = 10.0


class CentralService:
    """Runs the central side (one worker of it) against one broker and one store."""

    def __init__(
        self,
        db_path: str | Path,
        broker: BrokerSettings,
        signer: Signer,
        settings: CentralSettings | None = None,
        sip2: Sip2Client | None = None,
    ) -> None:
        self.store = CentralStore(db_path)
        # PostgreSQL: one of possibly several workers sharing the fleet's traffic.
        self.shared = self.store.is_postgres
        self.worker_id = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._stopping = False
        self._single_worker = SingleWorkerLock(self.store.path)
        # The library system: its own thread asks it for its status (a SIP2 answer may take
        # seconds, which the worker must not wait for); the worker records the outcome.
        self.sip2 = sip2
        self._sip2_thread: threading.Thread | None = None
        self._sip2_outcome: tuple[CentralAlarm | None, str] | None = None
        self._sip2_lock = threading.Lock()
        self._sip2_apply_thread: threading.Thread | None = None
        self.patron_answers = PatronAnswers(self.store, sip2)
        self.item_answers = ItemAnswers(self.store, sip2)
        self._patron_checks: queue.Queue[Incoming | None] = queue.Queue(
            (settings or CentralSettings()).patron_queue_max
        )
        self._patron_threads: list[threading.Thread] = []
        self.signer = signer
        self.settings = settings or CentralSettings()
        self._inbox: queue.Queue[Incoming | None] = queue.Queue()
        self._stop = threading.Event()
        self._worker: threading.Thread | None = None
        self._boot = int(time.time())
        self._conn = 0
        self._limiter = RateLimiter(self.settings.rate_per_s, self.settings.rate_burst)
        # Messages the network thread dropped over the rate limit, per terminal, until the
        # worker records them (the worker is the store's only writer).
        self._dropped: Counter[str] = Counter()
        self._dropped_lock = threading.Lock()
        subscriptions = [
            (topics.fleet_filter(leaf), 1)
            for leaf in (topics.EVENTS, topics.STATE, topics.TELEMETRY, topics.CMD_RESULT)
        ] + [(topics.fleet_filter(leaf), 0) for leaf in (topics.PATRON_REQ, topics.ITEM_REQ)]
        if self.shared:
            subscriptions = shared_subscriptions(subscriptions)
            broker = dataclasses.replace(broker, session_expiry_s=0)
        self.link = MqttLink(
            broker,
            # The broker binds client ids to usernames (use_username_as_clientid), so central's
            # client id is its username; any other would be replaced anyway.
            broker.username or CENTRAL_USERNAME,
            LinkCallbacks(
                on_message=self._on_message,
                on_connected=self._on_connected,
                make_will=self._make_will,
                subscriptions=subscriptions,
            ),
            manual_ack=True,
        )
        self.duties = DutyLeases(
            Leases(self.store),
            self.worker_id,
            self.settings.lease_s,
            shared=self.shared,
            connected=lambda: self.link.connected,
        )

    # --- lifecycle -------------------------------------------------------------------
    def start(self) -> CentralService:
        if not self.shared:
            self._single_worker.acquire()
        contract.prepare()
        self._worker = threading.Thread(target=self._run, name="central-worker", daemon=True)
        self._worker.start()
        if self.sip2 is not None:
            self._sip2_thread = threading.Thread(
                target=self._watch_sip2, name="central-sip2", daemon=True
            )
            self._sip2_thread.start()
            if self.sip2.pool.settings.apply_events:
                uploader = EventUploader(
                    self.store, self.sip2, self._stop, poll_s=self.settings.sip2_apply_poll_s
                )
                self._sip2_apply_thread = threading.Thread(
                    target=uploader.run, name="central-sip2-apply", daemon=True
                )
                self._sip2_apply_thread.start()
        for n in range(self.settings.patron_threads):
            thread = threading.Thread(
                target=self._answer_patrons, name=f"central-patron-{n}", daemon=True
            )
            thread.start()
            self._patron_threads.append(thread)
        self.link.start()
        return self

    def stop(self) -> None:
        self._stopping = True
        self.link.stop(last_words=self._state_message("offline"))
        self._stop.set()
        self._inbox.put(None)
        if self._worker is not None:
            self._worker.join(10)
            self._worker = None
        for _ in self._patron_threads:
            self._patron_checks.put(None)
        for thread in self._patron_threads:
            thread.join(10)
        self._patron_threads = []
        self.duties.release()
        self._single_worker.release()
        if self._sip2_thread is not None:
            self._sip2_thread.join(self.settings.sip2_check_deadline_s + 1)
            self._sip2_thread = None
        if self._sip2_apply_thread is not None:
            self._sip2_apply_thread.join(30)
            self._sip2_apply_thread = None
        self.store.close()

    def __enter__(self) -> CentralService:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- network thread ----------------------------------------------------------------
    def _state_message(self, state: str) -> Will:
        body = {
            "terminal_id": topics.CENTRAL_ID,
            "state": state,
            "boot": self._boot,
            "conn": self._conn,
            "at": contract.now_iso(),
        }
        return Will(topics.CENTRAL_STATE, contract.encode(body), retain=True)

    def _make_will(self) -> Will:
        self._conn += 1
        return self._state_message("offline")

    def _on_connected(self, _session_present: bool) -> None:
        # The contract first: a terminal that hears central is online already knows what to send.
        self.link.publish(topics.CENTRAL_CONTRACT, self._contract_message(), retain=True)
        birth = self._state_message("online")
        self.link.publish(birth.topic, birth.payload, retain=True)

    def _contract_message(self) -> bytes:
        body = {
            "accepts": list(self.settings.accepts),
            "max_batch": contract.MAX_BATCH_EVENTS,
            "events_per_s": self.settings.rate_per_s,
            "events_burst": self.settings.rate_burst,
            "at": contract.now_iso(),
        }
        return contract.encode(contract.validate("central-contract", body))

    def _on_message(self, msg: Incoming) -> None:
        if msg.topic == topics.CENTRAL_STATE:
            self._on_central_state(msg)
            self.link.ack(msg.mid, msg.qos)
            return
        sender = msg.topic.split("/", 3)[2] if msg.topic.count("/") >= 3 else msg.topic
        if msg.topic != topics.CENTRAL_STATE and not self._limiter.allow(sender):
            # Acknowledged so the broker forgets it; counted, and alarmed by the worker.
            self.link.ack(msg.mid, msg.qos)
            with self._dropped_lock:
                self._dropped[sender] += 1
            return
        if msg.topic.endswith(("/" + topics.PATRON_REQ, "/" + topics.ITEM_REQ)):
            # QoS 0: nothing to acknowledge later; a check that finds the queue full is
            # dropped (the terminal times out and decides from its own copy, or goes on
            # without a title).
            self.link.ack(msg.mid, msg.qos)
            try:
                self._patron_checks.put_nowait(msg)
            except queue.Full:
                log.warning("patron checks queue full: one dropped")
            return
        self._inbox.put(msg)

    def _on_central_state(self, msg: Incoming) -> None:
        """Another worker went offline (its Will, or its clean stop) while this one runs:
        announce central online again, so terminals keep delivering and re-send at once
        what the dead worker had received but not acknowledged."""
        if not self.shared or self._stopping or not self.link.connected:
            return
        try:
            state = contract.decode("state", msg.payload)
        except contract.ContractError:
            return
        if state["state"] == "offline":
            log.info("another central worker went offline; announcing central online")
            birth = self._state_message("online")
            self.link.publish(birth.topic, birth.payload, retain=True)

    # --- patron-check threads ------------------------------------------------------------
    def _answer_patrons(self) -> None:
        while (msg := self._patron_checks.get()) is not None:
            try:
                self._answer_request(msg)
            except Exception:
                log.exception("patron check or item request failed")

    def _answer_request(self, msg: Incoming) -> None:
        if msg.topic.endswith("/" + topics.ITEM_REQ):
            self._answer(msg, "item", topics.ITEM_RESP, self._item_answer)
        else:
            self._answer(msg, "patron", topics.PATRON_RESP, self._patron_answer)

    def _answer(
        self,
        msg: Incoming,
        what: str,
        response_leaf: str,
        answer: Callable[[str, dict[str, Any]], dict[str, Any]],
    ) -> None:
        """Answer a ``<what>-request`` on the requester's own response topic, or not at all."""
        terminal_id, _ = topics.parse(msg.topic)
        expected = topics.topic(terminal_id, response_leaf)
        if msg.response_topic != expected or msg.correlation_data is None:
            # Answering on any other topic would let one terminal aim answers at another.
            log.warning(
                "%s: %s request with response topic %r dropped",
                terminal_id,
                what,
                msg.response_topic,
            )
            return
        try:
            request = contract.decode(f"{what}-request", msg.payload)
        except contract.ContractError as exc:
            log.warning("%s: bad %s request: %s", terminal_id, what, exc)
            return
        reply = contract.validate(f"{what}-response", answer(terminal_id, request))
        self.link.publish(
            expected, contract.encode(reply), qos=0, correlation_data=msg.correlation_data
        )
        if what == "item":
            self.item_answers.remember(reply)

    def _patron_answer(self, terminal_id: str, request: dict[str, Any]) -> dict[str, Any]:
        # CentralStore keeps one connection per thread: the read of central's own record runs
        # on this thread's connection and never waits for the worker's write transaction (WAL).
        answer = self.patron_answers.answer(request["patron_id"])
        log.debug(
            "%s: answered patron check for %s from %s",
            terminal_id,
            mask_patron_id(request["patron_id"]),
            answer["source"],
        )
        return answer

    def _item_answer(self, terminal_id: str, request: dict[str, Any]) -> dict[str, Any]:
        # Published first, remembered after: the terminal never waits on central's store.
        answer = self.item_answers.answer(request["item_id"])
        log.debug(
            "%s: answered item request for %s from %s",
            terminal_id,
            request["item_id"],
            answer["source"],
        )
        return answer

    # --- worker thread -----------------------------------------------------------------
    def _run(self) -> None:
        next_tick = 0.0
        batch: list[Incoming] = []
        while not self._stop.is_set():
            if not batch:
                batch = self._take_batch(max(0.0, next_tick - time.monotonic()))
            try:
                if batch:
                    self._process(batch)
                    batch = []
                if time.monotonic() >= next_tick:
                    self._tick()
                    next_tick = time.monotonic() + self.settings.tick_s
            except Exception:
                # Every message is judged on its own in _process, so only the store or the
                # broker failing gets here. The batch is kept and tried again: left
                # unacknowledged, its messages would hold the broker's in-flight window.
                log.exception("central worker: batch failed; retrying")
                self._stop.wait(1.0)

    def _take_batch(self, wait_s: float) -> list[Incoming]:
        try:
            first = self._inbox.get(timeout=wait_s)
        except queue.Empty:
            return []
        if first is None:
            return []
        batch = [first]
        while len(batch) < self.settings.batch_max:
            try:
                item = self._inbox.get_nowait()
            except queue.Empty:
                break
            if item is None:
                break
            batch.append(item)
        return batch

    def _process(self, batch: list[Incoming]) -> None:
        """Judge every message on its own, store the valid ones, then acknowledge all.

        Any exception while decoding, validating or applying one message makes that message
        rejected (quarantined, counted, acknowledged), never the batch's failure. Events are
        stored in one transaction; if that fails, each is stored alone so one event the store
        refuses cannot keep the others out.
        """
        events: list[tuple[str, dict[str, Any]]] = []
        rejected: list[Rejected] = []
        ack_ids: dict[str, list[str]] = defaultdict(list)
        for msg in batch:
            try:
                terminal_id, leaf = topics.parse(msg.topic)
            except topics.TopicError as exc:
                if msg.topic != topics.CENTRAL_STATE:
                    log.warning("ignored message: %s", exc)
                continue
            try:
                if leaf == topics.EVENTS:
                    kept = events_of(terminal_id, msg, self._limiter, rejected, ack_ids)
                    events.extend((terminal_id, ev) for ev in kept)
                else:
                    self._apply(terminal_id, leaf, msg.payload)
            except Exception as exc:
                rejected.append(self._reject(terminal_id, msg, leaf, exc, ack_ids))
        for terminal_id, event in self._store_events(events, rejected, ack_ids):
            ack_ids[terminal_id].append(event["event_id"])
        self.store.record_rejected(rejected, self.settings.quarantine_per_hour)
        for terminal_id, ids in ack_ids.items():
            self._send_ack(terminal_id, list(dict.fromkeys(ids)))
        # Committed (or quarantined): only now may the broker forget these messages.
        for msg in batch:
            self.link.ack(msg.mid, msg.qos)

    def _apply(self, terminal_id: str, leaf: str, payload: bytes) -> None:
        """Decode and apply one message that is not an event (events go through the batch)."""
        if leaf == topics.STATE:
            self._on_state(terminal_id, contract.decode("state", payload))
        elif leaf == topics.TELEMETRY:
            self.store.apply_telemetry(terminal_id, msg := contract.decode("telemetry", payload))
            history.record_serving(self.store, terminal_id, msg)  # the console's figures
        elif leaf == topics.CMD_RESULT:
            self._on_result(terminal_id, contract.decode("command-result", payload))

    def _reject(
        self,
        terminal_id: str,
        msg: Incoming,
        leaf: str,
        exc: Exception,
        ack_ids: dict[str, list[str]],
    ) -> Rejected:
        reason = str(exc) if isinstance(exc, contract.ContractError) else repr(exc)
        log.warning("%s: quarantined message on %s: %s", terminal_id, leaf, reason[:200])
        if leaf == topics.EVENTS:
            # Kept in quarantine for staff; acknowledged so the terminal's queue moves.
            ack_ids[terminal_id].extend(event_ids_of(msg.payload))
        return Rejected(terminal_id, msg.topic, msg.payload, reason)

    def _store_events(
        self,
        events: list[tuple[str, dict[str, Any]]],
        rejected: list[Rejected],
        ack_ids: dict[str, list[str]],
    ) -> list[tuple[str, dict[str, Any]]]:
        """Store the batch's events; returns those stored (new or duplicate)."""
        if not events:
            return []
        try:
            stored = self.store.store_events(events)
            if stored.duplicate:
                log.info("%d duplicate event(s) recognised", len(stored.duplicate))
            return events
        except Exception:
            log.exception("storing %d events together failed; storing each alone", len(events))
        kept = []
        for terminal_id, ev in events:
            try:
                self.store.store_events([(terminal_id, ev)])
                kept.append((terminal_id, ev))
            except Exception as exc:
                payload = contract.encode(ev) if _encodable(ev) else repr(ev).encode()
                rejected.append(
                    Rejected(
                        terminal_id,
                        topics.topic(terminal_id, topics.EVENTS),
                        payload,
                        f"not storable: {exc!r}",
                    )
                )
                ack_ids[terminal_id].append(ev["event_id"])
        return kept

    def _send_ack(self, terminal_id: str, event_ids: list[str]) -> None:
        for start in range(0, len(event_ids), ACK_IDS_PER_MESSAGE):
            ack = {
                "terminal_id": terminal_id,
                "event_ids": event_ids[start : start + ACK_IDS_PER_MESSAGE],
                "at": contract.now_iso(),
            }
            self.link.publish(topics.topic(terminal_id, topics.ACK), contract.encode(ack))

    def _on_state(self, terminal_id: str, msg: dict[str, Any]) -> None:
        if not self.store.apply_state(terminal_id, msg):
            log.info(
                "%s: stale %s state (boot %s conn %s) ignored",
                terminal_id,
                msg["state"],
                msg["boot"],
                msg["conn"],
            )
            return
        history.record_state(self.store, terminal_id, msg)  # the console's figures
        if msg["state"] == "online":
            self._bring_up_to_date(terminal_id, msg)

    def _bring_up_to_date(self, terminal_id: str, birth: dict[str, Any]) -> None:
        """Desired state, not missed messages, is the truth: compare versions at every birth."""
        desired = self.store.desired_config(terminal_id)
        if desired is not None and birth.get("config_version", 0) < desired[0]:
            self.store.enqueue_job(
                terminal_id,
                "set_config",
                {"version": desired[0], "changes": desired[1]},
                VALIDITY_S["set_config"],
            )
        self.queue_patron_sync(terminal_id, birth.get("patrons_version", 0))

    def queue_patron_sync(self, terminal_id: str, since_version: int) -> int:
        """Queue sync_patrons jobs with every record changed after ``since_version``."""
        queued = 0
        while True:
            rows = self.store.patrons_since(since_version, PATRONS_PER_COMMAND)
            if not rows:
                return queued
            since_version = rows[-1]["version"]
            patrons = [{k: v for k, v in r.items() if k != "version"} for r in rows]
            self.store.enqueue_job(
                terminal_id,
                "sync_patrons",
                {"version": since_version, "patrons": patrons},
                VALIDITY_S["sync_patrons"],
            )
            queued += 1

    def _on_result(self, terminal_id: str, msg: dict[str, Any]) -> None:
        command_id = msg["command_id"]
        job = self.store.job(command_id) if command_id else None
        if job is None or job["terminal_id"] != terminal_id:
            # A refusal of a command we never sent (forged, or sent by another central).
            log.warning(
                "%s: result for unknown command %s: %s %s",
                terminal_id,
                command_id,
                msg["state"],
                msg["reason"],
            )
            return
        if not self.store.transition_job(
            command_id, JobState(msg["state"]), reason=msg["reason"], detail=msg["detail"]
        ):
            log.info("%s: late result for finished job %s ignored", terminal_id, command_id)

    def _watch_sip2(self) -> None:
        """Ask the library system for its status until stopped (thread ``central-sip2``)."""
        assert self.sip2 is not None
        while not self._stop.is_set():
            if "sip2" not in self.duties.held:
                # Another worker watches the library system.
                self._stop.wait(self.settings.sip2_check_interval_s)
                continue
            deadline = time.monotonic() + self.settings.sip2_check_deadline_s
            outcome: tuple[CentralAlarm | None, str]
            try:
                status = self.sip2.status(deadline)
                outcome = (
                    (None, "") if status.online else (CentralAlarm.SIP2_UNREACHABLE, "off-line")
                )
            except Sip2LoginRefused as exc:
                outcome = (CentralAlarm.SIP2_LOGIN_REFUSED, str(exc))
            except Sip2Error as exc:
                outcome = (CentralAlarm.SIP2_UNREACHABLE, str(exc))
            with self._sip2_lock:
                self._sip2_outcome = outcome
            self._stop.wait(self.settings.sip2_check_interval_s)

    def _record_sip2(self) -> None:
        with self._sip2_lock:
            outcome, self._sip2_outcome = self._sip2_outcome, None
        if outcome is None:
            return
        kind, reason = outcome
        if kind is None:
            self.store.clear_sip2_alarms()
        else:
            log.warning("library system: %s", reason)
            self.store.record_sip2_alarm(kind, reason)

    def _tick(self) -> None:
        held = self.duties.current()
        if "sip2" in held:
            self._record_sip2()
        with self._dropped_lock:
            dropped, self._dropped = dict(self._dropped), Counter()
        if dropped:
            log.warning("rate limit: dropped %s", dropped)
        self.store.record_rate_limited(dropped)
        if "alarm_clearing" in held:
            self.store.clear_quiet_alarms(timedelta(seconds=self.settings.alarm_quiet_s))
        if "dispatch" in held:
            for job in self.store.queued_jobs():
                self._dispatch(job)
        if "job_timeouts" in held:
            for command_id in self.store.overdue_jobs(timedelta(seconds=self.settings.job_grace_s)):
                self.store.transition_job(command_id, JobState.TIMED_OUT, reason="no result")
        if "gap_resends" in held:
            self._request_resends()

    def _request_resends(self) -> None:
        older_than = timedelta(seconds=self.settings.gap_timeout_s)
        for gap in self.store.gaps_due(older_than):
            asked = self.store.request_resend(
                gap["terminal_id"], older_than, VALIDITY_S["resend_events"]
            )
            if asked is not None:
                log.warning(
                    "%s: events %d..%d missing; asking for a re-send",
                    gap["terminal_id"],
                    asked[1],
                    gap["max_seq"],
                )

    def _dispatch(self, job: dict[str, Any]) -> None:
        """Sign and send a queued job. Kept queued while the broker is unreachable."""
        if not self.link.connected:
            return
        issued = datetime.now(UTC)
        expires = issued + timedelta(seconds=job["validity_s"])
        body = {
            "command_id": job["command_id"],
            "terminal_id": job["terminal_id"],
            "kind": job["kind"],
            "issued_at": issued.isoformat(timespec="milliseconds"),
            "expires_at": expires.isoformat(timespec="milliseconds"),
            "args": job["args"],
        }
        try:
            contract.validate("command", body)
        except contract.ContractError as exc:
            log.error("%s: job %s not sendable: %s", job["terminal_id"], job["command_id"], exc)
            self.store.transition_job(job["command_id"], JobState.FAILED, reason=str(exc))
            return
        envelope = self.signer.sign(body)
        if len(envelope) > contract.MAX_PAYLOAD_BYTES:
            # The broker disconnects a client that sends a packet over its max_packet_size,
            # and paho would send it again after every reconnect.
            reason = f"command of {len(envelope)} bytes exceeds {contract.MAX_PAYLOAD_BYTES}"
            log.error("%s: job %s not sendable: %s", job["terminal_id"], job["command_id"], reason)
            self.store.transition_job(job["command_id"], JobState.FAILED, reason=reason)
            return
        # Recorded as in progress before it leaves, so a result can never beat the record;
        # sent only by the worker whose transition it was (the job row is locked for it).
        if not self.store.transition_job(
            job["command_id"],
            JobState.IN_PROGRESS,
            sent_at=body["issued_at"],
            expires_at=body["expires_at"],
        ):
            return
        self.link.publish(topics.topic(job["terminal_id"], topics.CMD), envelope)
        log.info("%s: sent %s %s", job["terminal_id"], job["kind"], job["command_id"])


def check_job_args(kind: str, args: dict[str, Any]) -> None:
    """Validate a command's args before queuing it (raises ContractError)."""
    now = contract.now_iso()
    sample = {
        "command_id": "00000000-0000-4000-8000-000000000000",
        "terminal_id": "T",
        "kind": kind,
        "issued_at": now,
        "expires_at": now,
        "args": args,
    }
    contract.validate("command", sample)


def _encodable(message: dict[str, Any]) -> bool:
    try:
        contract.encode(message)
        return True
    except (ValueError, RecursionError):
        return False


def fleet_rows(store: CentralStore) -> list[dict[str, Any]]:
    """The fleet as ``kiosk central status`` shows it."""
    rows = []
    for t in store.fleet():
        rows.append(
            {
                "terminal_id": t["terminal_id"],
                "state": t["state"],
                "last_seen": t["last_seen"],
                "queue_depth": t["queue_depth"],
                "oldest_age_s": t["oldest_age_s"],
                "alarms": [a["kind"] for a in json.loads(t["alarms"])],
                "out_of_service": t["out_of_service"],
                "software_version": t["software_version"],
                "config_version": t["config_version"],
                "events_stored_upto": t["contiguous_seq"],
                "max_seq": t["max_seq"],
                "duplicates": t["duplicates"],
                "gap": t["max_seq"] > t["contiguous_seq"],
                "rejected": t["rejected"],
                "rate_limited": t["rate_limited"],
            }
        )
    return rows
