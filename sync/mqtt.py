"""The one module that owns paho-mqtt: connection, reconnect with jitter, guarded callbacks.

``MqttLink`` wraps one paho ``Client`` (callback API VERSION2, MQTT 5, persistent session)
and runs it in one network thread of its own (``sync-net:<client id>``) that calls
``client.loop()`` and does the reconnecting itself, because paho's built-in back-off has no
jitter and a city's fleet reconnecting in lock-step after an outage is the central broker's
worst moment. Everything paho calls back into is wrapped so an exception is logged and never
kills the network thread. Subscriptions are (re)made in ``on_connect`` every time, because a
broker that lost its state (SIGKILL without persistence, expiry) forgets them.

Callers never see paho types: they get ``Incoming`` messages and plain ints for message ids.
"""

from __future__ import annotations

import logging
import random
import ssl
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import paho.mqtt.client as paho
from paho.mqtt.enums import CallbackAPIVersion
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BrokerSettings:
    """Where and how to connect; TLS is used when ``tls_ca`` is set."""

    host: str = "127.0.0.1"
    port: int = 1883
    username: str | None = None
    password: str | None = None
    tls_ca: str | None = None
    tls_cert: str | None = None
    tls_key: str | None = None
    keepalive_s: int = 30
    session_expiry_s: int = 7 * 24 * 3600
    reconnect_min_s: float = 0.5
    reconnect_max_s: float = 60.0


@dataclass(frozen=True)
class Incoming:
    """A received message, stripped of paho types."""

    topic: str
    payload: bytes
    qos: int
    mid: int
    retain: bool
    response_topic: str | None = None
    correlation_data: bytes | None = None


@dataclass
class Will:
    topic: str
    payload: bytes
    retain: bool = True


class Backoff:
    """Exponential back-off with jitter: each wait is uniform in [cap/2, cap]."""

    def __init__(self, min_s: float, max_s: float, rng: random.Random | None = None) -> None:
        self.min_s, self.max_s = min_s, max_s
        self._attempt = 0
        self._rng = rng or random.Random()

    def reset(self) -> None:
        self._attempt = 0

    def next(self) -> float:
        cap = min(self.max_s, self.min_s * (2**self._attempt))
        self._attempt = min(self._attempt + 1, 30)
        return self._rng.uniform(cap / 2, cap)


@dataclass
class LinkCallbacks:
    """What the owner of a link wants to hear; every one runs in the network thread."""

    on_message: Callable[[Incoming], None]
    on_connected: Callable[[bool], None] = lambda session_present: None
    on_disconnected: Callable[[], None] = lambda: None
    # Called just before every CONNECT, so the Will can carry a fresh connection counter.
    make_will: Callable[[], Will | None] = lambda: None
    subscriptions: Sequence[tuple[str, int]] = field(default_factory=list)


class MqttLink:
    """One MQTT 5 connection in its own network thread."""

    def __init__(
        self,
        settings: BrokerSettings,
        client_id: str,
        callbacks: LinkCallbacks,
        *,
        manual_ack: bool = False,
    ) -> None:
        self.settings = settings
        self.client_id = client_id
        self._cb = callbacks
        self._backoff = Backoff(settings.reconnect_min_s, settings.reconnect_max_s)
        self._stop = threading.Event()
        self._connected = threading.Event()
        self._disconnected = threading.Event()
        self._subscribed = threading.Event()
        self._subscribe_mid: int | None = None
        self._thread: threading.Thread | None = None
        # Messages whose PUBACK a caller wants to wait for. No lock of ours is held around
        # paho calls: paho calls on_publish with its own mutex held, and a lock taken in both
        # orders deadlocks the worker against the network thread.
        self._tracked: dict[int, paho.MQTTMessageInfo] = {}
        self._client = self._make_client(manual_ack)

    def _make_client(self, manual_ack: bool) -> paho.Client:
        s = self.settings
        client = paho.Client(
            CallbackAPIVersion.VERSION2,
            client_id=self.client_id,
            protocol=paho.MQTTv5,
            manual_ack=manual_ack,
        )
        if s.username is not None:
            client.username_pw_set(s.username, s.password)
        if s.tls_ca:
            client.tls_set(
                ca_certs=s.tls_ca,
                certfile=s.tls_cert,
                keyfile=s.tls_key,
                tls_version=ssl.PROTOCOL_TLS_CLIENT,
            )
        client.on_pre_connect = self._guard(self._on_pre_connect)
        client.on_connect = self._guard(self._on_connect)
        client.on_disconnect = self._guard(self._on_disconnect)
        client.on_message = self._guard(self._on_message)
        client.on_publish = self._guard(self._on_publish)
        client.on_subscribe = self._guard(self._on_subscribe)
        props = Properties(PacketTypes.CONNECT)
        props.SessionExpiryInterval = s.session_expiry_s
        client.connect_async(
            s.host, s.port, keepalive=s.keepalive_s, clean_start=False, properties=props
        )
        return client

    def _guard(self, fn: Callable[..., None]) -> Callable[..., None]:
        def guarded(*args: Any) -> None:
            try:
                fn(*args)
            except Exception:
                log.exception("%s: error in MQTT callback %s", self.client_id, fn.__name__)

        return guarded

    # --- paho callbacks (network thread) -------------------------------------------------
    def _on_pre_connect(self, client: paho.Client, _ud: Any) -> None:
        will = self._cb.make_will()
        if will is None:
            client.will_clear()
        else:
            client.will_set(will.topic, will.payload, qos=1, retain=will.retain)

    def _on_connect(self, client: paho.Client, _ud: Any, flags: Any, rc: Any, _props: Any) -> None:
        if rc.is_failure:
            log.warning("%s: broker refused connection: %s", self.client_id, rc)
            return
        self._backoff.reset()
        self._disconnected.clear()
        # Subscribe before announcing the connection, so anything the owner publishes after
        # wait_connected() reaches the broker behind the SUBSCRIBE (same socket, in order).
        self._subscribed.clear()
        if self._cb.subscriptions:
            _rc, self._subscribe_mid = client.subscribe(list(self._cb.subscriptions))
        else:
            self._subscribed.set()
        self._connected.set()
        log.info("%s: connected (session present: %s)", self.client_id, flags.session_present)
        self._cb.on_connected(bool(flags.session_present))

    def _on_disconnect(self, _c: paho.Client, _ud: Any, _flags: Any, rc: Any, _p: Any) -> None:
        was_connected = self._connected.is_set()
        self._connected.clear()
        self._disconnected.set()
        if was_connected:
            log.info("%s: disconnected: %s", self.client_id, rc)
            self._cb.on_disconnected()

    def _on_subscribe(self, _c: paho.Client, _ud: Any, mid: int, codes: Any, _p: Any) -> None:
        for code in codes:
            if code.is_failure:
                log.error("%s: subscription refused: %s", self.client_id, code)
        if mid == self._subscribe_mid:
            self._subscribed.set()

    def _on_message(self, _c: paho.Client, _ud: Any, msg: paho.MQTTMessage) -> None:
        props = getattr(msg, "properties", None)
        self._cb.on_message(
            Incoming(
                topic=msg.topic,
                payload=bytes(msg.payload),
                qos=msg.qos,
                mid=msg.mid,
                retain=bool(msg.retain),
                response_topic=getattr(props, "ResponseTopic", None),
                correlation_data=getattr(props, "CorrelationData", None),
            )
        )

    def _on_publish(self, _c: paho.Client, _ud: Any, mid: int, rc: Any, _p: Any) -> None:
        if rc.is_failure:
            # MQTT 5 brokers answer an ACL denial with PUBACK 0x87: the message is dropped.
            log.error("%s: broker refused publish mid=%s: %s", self.client_id, mid, rc)

    # --- the network thread --------------------------------------------------------------
    def start(self) -> None:
        self._thread = threading.Thread(
            target=self._run, name=f"sync-net:{self.client_id}", daemon=True
        )
        self._thread.start()

    def _run(self) -> None:
        socket_open = False
        while not self._stop.is_set():
            if not socket_open:
                try:
                    self._client.reconnect()
                    socket_open = True
                except (OSError, ssl.SSLError) as exc:
                    delay = self._backoff.next()
                    log.info("%s: connect failed (%s); retry in %.1f s", self.client_id, exc, delay)
                    self._stop.wait(delay)
                    continue
            rc = self._client.loop(timeout=0.5)
            if rc != paho.MQTT_ERR_SUCCESS:
                socket_open = False
                self._connected.clear()
                if not self._stop.is_set():
                    self._stop.wait(self._backoff.next())

    def stop(self, last_words: Will | None = None, timeout: float = 3.0) -> None:
        """Publish ``last_words`` (e.g. a clean "offline" state), disconnect, join the thread.

        A clean DISCONNECT suppresses the Will, so the offline state is published by hand.
        """
        if self._thread is None:
            return
        if last_words is not None and self.connected:
            mid = self.publish(
                last_words.topic, last_words.payload, retain=last_words.retain, track=True
            )
            self.wait_published(mid, timeout)
        if self.connected:
            self._client.disconnect()
            self._disconnected.wait(timeout)
        self._stop.set()
        self._thread.join(timeout + 1.0)
        self._thread = None

    # --- for the owner (any thread) ------------------------------------------------------
    @property
    def connected(self) -> bool:
        return self._connected.is_set()

    def wait_connected(self, timeout: float) -> bool:
        return self._connected.wait(timeout)

    def wait_subscribed(self, timeout: float) -> bool:
        """Wait until the broker has acknowledged this connection's subscriptions."""
        return self._connected.wait(timeout) and self._subscribed.wait(timeout)

    def publish(
        self,
        topic: str,
        payload: bytes,
        *,
        qos: int = 1,
        retain: bool = False,
        response_topic: str | None = None,
        correlation_data: bytes | None = None,
        track: bool = False,
    ) -> int:
        """Queue a message with paho; returns its mid. ``track`` enables wait_published()."""
        props = None
        if response_topic is not None or correlation_data is not None:
            props = Properties(PacketTypes.PUBLISH)
            if response_topic is not None:
                props.ResponseTopic = response_topic
            if correlation_data is not None:
                props.CorrelationData = correlation_data
        info = self._client.publish(topic, payload, qos=qos, retain=retain, properties=props)
        if track:
            self._tracked[info.mid] = info
        return info.mid

    def wait_published(self, mid: int, timeout: float) -> bool:
        """Wait for the broker's PUBACK of a message published with ``track=True``."""
        info = self._tracked.pop(mid, None)
        if info is None:
            return False
        try:
            info.wait_for_publish(timeout)
        except RuntimeError:
            # paho raises for a message queued while disconnected; it is not published yet.
            return False
        return info.is_published()

    def ack(self, mid: int, qos: int) -> None:
        """Send the PUBACK of a received message (links made with ``manual_ack=True``)."""
        self._client.ack(mid, qos)
