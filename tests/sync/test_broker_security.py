"""The broker's side of the contract: ACL per terminal username, TLS with client certificates,
the retained online/offline state that a late Will cannot overwrite, client ids bound to
usernames (a stolen terminal credential takes over nobody) and the packet size cap."""

from __future__ import annotations

import json
import re
from pathlib import Path

from sync import contract, topics
from sync.mqtt import BrokerSettings, LinkCallbacks, MqttLink
from tests.support.broker import Broker, make_dev_certs
from tests.support.fleet import PASSWORDS, RawClient, add_loans, broker_settings, wait_until

REPO = Path(__file__).resolve().parents[2]


def test_terminal_cannot_act_as_another_or_read_its_commands(broker, make_central):
    central = make_central()
    t1_subs = [topics.topic("T2", topics.CMD), "kiosk/v1/#", topics.topic("T1", topics.CMD)]
    with (
        RawClient(broker, "T1", t1_subs) as t1,
        RawClient(broker, "T2", [topics.topic("T2", topics.CMD)]) as t2,
    ):
        # T1 forges an event as T2 and a command for T2: the broker drops both.
        forged = {
            "event_id": "6f1c2a3b-4d5e-4f60-8a7b-8c9d0e1f2a3b",
            "seq": 1,
            "terminal_id": "T2",
            "kind": "return",
            "at": contract.now_iso(),
            "data": {
                "item_id": "B1",
                "loan_id": None,
                "patron_id": None,
                "compartment_id": None,
                "needs_staff": False,
            },
        }
        t1.publish(topics.topic("T2", topics.EVENTS), contract.encode(forged))
        t1.publish(topics.topic("T2", topics.CMD), b"from T1")
        t1.publish(topics.topic("T1", topics.CMD), b"T1 commanding itself")
        # Central commands T2, then T1: T1 must see only its own.
        central.link.publish(topics.topic("T2", topics.CMD), b"for T2")
        central.link.publish(topics.topic("T1", topics.CMD), b"for T1")
        wait_until(lambda: t1.on(topics.topic("T1", topics.CMD)), 30, "T1's own command")
        wait_until(lambda: t2.on(topics.topic("T2", topics.CMD)), 30, "T2's command")
        # Through "kiosk/v1/#" T1 may read central's public state and contract message,
        # nothing of T2's, and not its own command topic's forgery (the broker refused it).
        public = {topics.CENTRAL_STATE, topics.CENTRAL_CONTRACT}
        assert {p for t, p in t1.received if t not in public} == {b"for T1"}
        assert t2.on(topics.topic("T2", topics.CMD)) == [b"for T2"]
    assert central.store.events("T2") == []


def test_tls_listener_requires_a_client_certificate(tmp_path):
    tls = make_dev_certs(tmp_path / "tls", ["T1"])
    with Broker(tmp_path / "broker", users=PASSWORDS, tls_dir=tls) as b:
        received: list[bytes] = []
        with RawClient(b, "central", [topics.topic("T1", topics.EVENTS)]) as central:
            ok = MqttLink(
                BrokerSettings(
                    host="127.0.0.1",
                    port=b.tls_port,
                    tls_ca=str(tls / "ca.crt"),
                    tls_cert=str(tls / "T1.crt"),
                    tls_key=str(tls / "T1.key"),
                ),
                "tls-T1",
                LinkCallbacks(on_message=lambda m: received.append(m.payload)),
            )
            ok.start()
            try:
                assert ok.wait_connected(30)
                # The certificate's CN is the username: the ACL lets T1 write its own events...
                ok.publish(topics.topic("T1", topics.EVENTS), b"hello over TLS")
                ok.publish(topics.topic("T2", topics.EVENTS), b"not as T2")
                wait_until(lambda: central.received, 30, "event over TLS")
            finally:
                ok.stop()
            assert central.received == [(topics.topic("T1", topics.EVENTS), b"hello over TLS")]
        anonymous = MqttLink(
            BrokerSettings(
                host="127.0.0.1",
                port=b.tls_port,
                tls_ca=str(tls / "ca.crt"),
                reconnect_min_s=0.2,
                reconnect_max_s=0.5,
            ),
            "tls-nocert",
            LinkCallbacks(on_message=lambda m: None),
        )
        anonymous.start()
        try:
            wait_until(lambda: "did not return a certificate" in b.tail(50), 30, "refusal")
            assert not anonymous.connected
        finally:
            anonymous.stop()


def test_late_will_cannot_overwrite_a_newer_birth(broker, make_central, make_terminal):
    central = make_central()
    client, _ = make_terminal()
    wait_until(lambda: (central.store.terminal("T1") or {}).get("state") == "online", 30, "birth")
    record = central.store.terminal("T1")
    assert (record["boot"], record["conn"]) == (1, 1)
    with RawClient(broker, "probe", []) as raw:
        late = {
            "terminal_id": "T1",
            "state": "offline",
            "boot": 1,
            "conn": 0,
            "at": contract.now_iso(),
        }
        raw.publish(topics.topic("T1", topics.STATE), json.dumps(late).encode(), retain=True)
        # A message after it on the same topic proves central has processed the late one.
        marker = {
            "terminal_id": "T1",
            "state": "online",
            "boot": 1,
            "conn": 1,
            "at": contract.now_iso(),
        }
        raw.publish(topics.topic("T1", topics.STATE), json.dumps(marker).encode(), retain=True)
        wait_until(lambda: central.store.terminal("T1")["state_at"] == marker["at"], 30, "marker")
    assert central.store.terminal("T1")["state"] == "online"
    client.stop()
    wait_until(lambda: central.store.terminal("T1")["state"] == "offline", 30, "clean offline")


def _connect_as(broker, user: str, client_id: str) -> MqttLink:
    link = MqttLink(broker_settings(broker, user), client_id, LinkCallbacks(on_message=print))
    link.start()
    assert link.wait_connected(30)
    return link


def test_a_stolen_terminal_credential_cannot_take_over_central_or_another_terminal(
    broker, make_central, make_terminal
):
    central = make_central()
    client, store = make_terminal("T2")
    wait_until(lambda: client.status().connected, 30, "T2 connected")
    # The client ids central and T2 really use (with the binding: their usernames).
    for stolen_id in (central.link.client_id, client.link.client_id):
        attacker = _connect_as(broker, "T1", stolen_id)
        try:
            add_loans(store, 1, start=len(central.store.events("T2")))
            n = len(store.outbox_replay(1))
            wait_until(lambda n=n: len(central.store.events("T2")) == n, 30, "T2's event stored")
        finally:
            attacker.stop()
    taken_over = re.findall(r"Client (\S+) already connected", broker.tail(500))
    assert taken_over == [], taken_over
    assert central.link.connected and client.status().connected


def test_a_packet_over_the_maximum_disconnects_its_sender(broker, make_central):
    central = make_central()
    with RawClient(broker, "T1", []) as t1:
        t1.link.publish(topics.topic("T1", topics.TELEMETRY), b"x" * (2 * 1024 * 1024))
        wait_until(lambda: t1.link._disconnected.is_set(), 30, "oversized sender dropped")
    state = {"terminal_id": "T2", "state": "online", "boot": 1, "conn": 1, "at": "x" * 20}
    with RawClient(broker, "T2", []) as t2:
        t2.publish(topics.topic("T2", topics.STATE), json.dumps(state).encode())
        wait_until(lambda: central.store.terminal("T2") is not None, 30, "central still serving")
    assert central.store.quarantined("T1") == []


def test_broker_configuration_binds_client_ids_and_caps_packets():
    conf = (REPO / "config" / "mosquitto" / "mosquitto.conf").read_text()
    assert re.search(r"^use_username_as_clientid true$", conf, re.M)
    assert re.search(r"^use_identity_as_username true$", conf, re.M)
    (size,) = re.findall(r"^max_packet_size (\d+)$", conf, re.M)
    assert int(size) == contract.MAX_PACKET_BYTES


def test_a_terminal_cannot_read_or_aim_another_terminals_item_answers(broker, make_central):
    central = make_central()
    t1_resp, t2_resp = topics.topic("T1", topics.ITEM_RESP), topics.topic("T2", topics.ITEM_RESP)
    with (
        RawClient(broker, "T1", [t1_resp]) as t1,
        RawClient(broker, "T2", [t2_resp, t1_resp, "kiosk/v1/#"]) as t2,
    ):
        request = {"terminal_id": "T1", "item_id": "31234000567890", "at": contract.now_iso()}
        for correlation, response_topic in ((b"to-T2", t2_resp), (b"own", t1_resp)):
            # Aimed at T2 first: central answers only on the requester's own topic, so
            # that one is dropped; then T1's own request is answered to T1 alone.
            t1.link.publish(
                topics.topic("T1", topics.ITEM_REQ),
                contract.encode(request),
                qos=0,
                response_topic=response_topic,
                correlation_data=correlation,
            )
        # T2 forges a request as T1 (the broker drops it: not T2's topic).
        t2.link.publish(
            topics.topic("T1", topics.ITEM_REQ),
            contract.encode(request),
            qos=0,
            response_topic=t1_resp,
            correlation_data=b"forged",
        )
        wait_until(lambda: t1.on(t1_resp), 30, "T1's answer")
        (answer,) = t1.on(t1_resp)
        assert contract.decode("item-response", answer)["source"] == "none"
        # T2 subscribed to T1's answers and to everything: it received none of them.
        public = {topics.CENTRAL_STATE, topics.CENTRAL_CONTRACT}
        assert [t for t, _ in t2.received if t not in public] == []
    assert central.store.item_title("31234000567890") is None
