"""Several central workers on one PostgreSQL database and one mosquitto, with real terminal
sync clients: the terminals' traffic is shared, every event is stored once, a gap's re-send
is asked once and every command sent once; a worker SIGKILLed mid-stream loses and doubles
nothing and its duties pass to the survivor within the lease. On SQLite a second worker is
refused."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from central import cli
from central.service import CentralService
from central.store import CentralStore
from central.workers import Leases, WorkerRefused
from sync import contract, topics
from sync.signing import Signer
from tests.support.broker import Broker
from tests.support.fleet import (
    FAST_CENTRAL,
    KEY_ID,
    PASSWORDS,
    PROBE_ACL,
    RawClient,
    add_loans,
    assert_central_matches,
    broker_settings,
    wait_until,
)
from tests.support.postgres import PgCluster

REPO = Path(__file__).resolve().parents[2]
WORKERS = {"central": PASSWORDS["central"], "central-2": "central-2-pw"}
LEASE_S = 2.0
TERMINALS = ("T1", "T2", "T3")


@pytest.fixture
def broker(tmp_path: Path) -> Iterator[Broker]:
    """The fleet's broker with a second central worker's account (central-2, whose rights
    come from the shipped ACL)."""
    users = {**PASSWORDS, **WORKERS}
    with Broker(tmp_path / "broker", users=users, extra_acl=PROBE_ACL) as b:
        yield b


@pytest.fixture
def pg_db(pg_cluster: PgCluster) -> str:
    return pg_cluster.database()


@pytest.fixture
def start_worker(
    broker: Broker, signer: Signer, pg_db: str
) -> Iterator[Callable[[str], CentralService]]:
    started: list[CentralService] = []

    def start(username: str) -> CentralService:
        settings = replace(
            broker_settings(broker, "central"), username=username, password=WORKERS[username]
        )
        svc = CentralService(pg_db, settings, signer, replace(FAST_CENTRAL, lease_s=LEASE_S))
        started.append(svc.start())
        assert svc.link.wait_subscribed(30), f"{username} could not connect"
        return svc

    yield start
    for svc in started:
        if svc._worker is not None:
            svc.stop()


class Counted:
    """What the broker carried on some topics, per message (a probe with central's rights)."""

    def __init__(self, probe: RawClient) -> None:
        self.probe = probe

    def commands(self) -> Counter[str]:
        out: Counter[str] = Counter()
        for topic, payload in self.probe.received:
            if topic.endswith("/" + topics.CMD):
                out[json.loads(json.loads(payload)["body"])["command_id"]] += 1
        return out


def _events_stored(store: CentralStore) -> int:
    return int(store.db.execute("SELECT count(*) FROM events").fetchone()[0])


def test_two_workers_share_the_fleet_and_do_each_thing_once(
    broker, start_worker, make_terminal, pg_db
):
    first = start_worker("central")
    second = start_worker("central-2")
    seen_by: dict[str, int] = {"central": 0, "central-2": 0}
    for name, svc in (("central", first), ("central-2", second)):
        process = svc._process

        def counting(batch, name=name, process=process):
            seen_by[name] += sum(1 for m in batch if m.topic.endswith("/" + topics.EVENTS))
            process(batch)

        svc._process = counting  # type: ignore[method-assign]
    with RawClient(broker, "probe", ["kiosk/v1/+/cmd"]) as probe:
        counted = Counted(probe)
        fleet = {t: make_terminal(t) for t in TERMINALS}
        for _, store in fleet.values():
            add_loans(store, 150)
        wait_until(
            lambda: all(c.status().queue_depth == 0 for c, _ in fleet.values()), 90, "drained"
        )
        # Both workers took a share of the events (the broker shares them round-robin).
        assert seen_by["central"] > 0 and seen_by["central-2"] > 0, seen_by

        # A gap at central (events lost from its store): re-sent once, asked for once.
        with first.store.tx() as db:
            db.execute("DELETE FROM events WHERE terminal_id = 'T2' AND seq BETWEEN 41 AND 60")
            db.execute(
                "UPDATE terminals SET contiguous_seq = 40,"
                " gap_since = '2000-01-01T00:00:00.000+00:00' WHERE terminal_id = 'T2'"
            )
        wait_until(lambda: first.store.terminal("T2")["contiguous_seq"] == 150, 60, "gap filled")
        # Commands queued while both run: each signed and sent once.
        queued = [
            first.store.enqueue_job(t, "resend_events", {"from_seq": 150}, 600)
            for t in TERMINALS
            for _ in range(5)
        ]
        wait_until(
            lambda: all(first.store.job(c)["state"] == "succeeded" for c in queued), 60, "jobs"
        )
        time.sleep(FAST_CENTRAL.tick_s * 5)  # room for a second send, were there one
        sent = counted.commands()
    resends = [j for j in first.store.jobs(500) if j["kind"] == "resend_events"]
    gap_jobs = [j for j in resends if json.loads(j["args"]) == {"from_seq": 41}]
    assert len(gap_jobs) == 1 and gap_jobs[0]["state"] == "succeeded"
    assert all(sent[c] == 1 for c in queued), {c: sent[c] for c in queued}
    assert all(n == 1 for n in sent.values()), sent
    for client, store in fleet.values():
        client.stop()
        assert_central_matches(pg_db, store)
    assert _events_stored(first.store) == 150 * len(TERMINALS)


def _worker_process(
    broker: Broker, pg_db: str, key: Path, username: str, log: Path
) -> subprocess.Popen[bytes]:
    env = dict(os.environ, KIOSK_CENTRAL_PASSWORD=WORKERS[username], PYTHONPATH=str(REPO))
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cli",
            "central",
            "run",
            "--db",
            pg_db,
            "--broker-port",
            str(broker.port),
            "--username",
            username,
            "--key-id",
            KEY_ID,
            "--signing-key",
            str(key),
            "--lease-s",
            str(LEASE_S),
        ],
        cwd=REPO,
        env=env,
        stderr=log.open("wb"),
    )


def test_a_worker_killed_mid_stream_loses_and_doubles_nothing(
    broker, make_terminal, pg_db, signing_key: Ed25519PrivateKey, tmp_path
):
    key = tmp_path / "central.pem"
    key.write_bytes(
        signing_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    # The schema first, and the probe listening before the workers start: each worker's
    # "online" must be seen as it is published, not only the last one the broker retained.
    store = CentralStore(pg_db)
    leases = Leases(store)
    procs: dict[str, subprocess.Popen[bytes]] = {}
    try:
        with RawClient(broker, "probe", ["kiosk/v1/+/cmd", topics.CENTRAL_STATE]) as probe:
            for name in WORKERS:
                procs[name] = _worker_process(broker, pg_db, key, name, tmp_path / f"{name}.log")
            wait_until(
                lambda: len({p for t, p in probe.received if t == topics.CENTRAL_STATE}) >= 2,
                60,
                "both workers online",
            )
            wait_until(lambda: len(leases.listing()) == 5, 30, "duties taken")
            holder_pid = int(leases.listing()[0]["holder"].split(":")[1])
            victim = next(n for n, p in procs.items() if p.pid == holder_pid)
            survivor = next(n for n in procs if n != victim)
            fleet = {t: make_terminal(t) for t in TERMINALS}
            for _, tstore in fleet.values():
                add_loans(tstore, 100)
            wait_until(lambda: _events_stored(store) >= 60, 60, "stream under way")
            os.kill(procs[victim].pid, signal.SIGKILL)
            procs[victim].wait(10)
            killed_at = time.monotonic()
            for _, tstore in fleet.values():
                add_loans(tstore, 100, start=100)
            # The survivor takes every duty within the lease (plus a renewal period).
            wait_until(
                lambda: (
                    {r["holder"].split(":")[1] for r in leases.listing()}
                    == {str(procs[survivor].pid)}
                    and len(leases.listing()) == 5
                ),
                LEASE_S * 3,
                "duties taken over",
            )
            takeover_s = time.monotonic() - killed_at
            command_id = store.enqueue_job("T1", "resend_events", {"from_seq": 200}, 600)
            wait_until(
                lambda: store.job(command_id)["state"] == "succeeded", 30, "dispatch by survivor"
            )
            wait_until(
                lambda: all(c.status().queue_depth == 0 for c, _ in fleet.values()),
                90,
                "drained after the kill",
            )
            sent = Counter(
                json.loads(json.loads(p)["body"])["command_id"]
                for t, p in probe.received
                if t.endswith("/" + topics.CMD)
            )
        assert sent[command_id] == 1
        assert takeover_s < LEASE_S * 3
        for client, tstore in fleet.values():
            client.stop()
            assert_central_matches(pg_db, tstore)
        assert _events_stored(store) == 200 * len(TERMINALS)
        # The survivor answered the dead worker's Will: central is online for the terminals.
        last = [p for t, p in probe.received if t == topics.CENTRAL_STATE][-1]
        assert contract.decode("state", last)["state"] == "online"
    finally:
        store.close()
        for p in procs.values():
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
                p.wait(15)


def test_status_reads_a_postgresql_store(pg_db, capsys):
    store = CentralStore(pg_db)
    from tests.support.hostile_central import event

    store.store_events([("T1", event("T1", 1)), ("T1", event("T1", 3))])
    store.close()
    assert _cli("status", "--db", pg_db, "--json") == 0
    (row,) = json.loads(capsys.readouterr().out)["terminals"]
    assert (row["terminal_id"], row["events_stored_upto"], row["gap"]) == ("T1", 1, True)
    assert _cli("jobs", "--db", pg_db) == 0


def test_status_names_an_unreachable_postgresql(capsys):
    from tests.support.broker import free_port

    url = f"postgresql://nobody:secret@127.0.0.1:{free_port()}/central?connect_timeout=2"
    for command in (["status"], ["jobs"], ["user", "list"], ["web"]):
        assert _cli(*command, "--db", url) == 2
        err = capsys.readouterr().err
        assert "无法打开中心数据库" in err and "cannot open the central database" in err
        assert "secret" not in err


def test_a_second_worker_on_one_sqlite_file_is_refused(tmp_path, signer, capsys):
    db = tmp_path / "central.db"
    first = CentralService(db, broker_settings_offline(), signer, FAST_CENTRAL)
    first.start()
    try:
        second = CentralService(db, broker_settings_offline(), signer, FAST_CENTRAL)
        with pytest.raises(WorkerRefused, match="PostgreSQL"):
            second.start()
        second.store.close()
    finally:
        first.stop()
    # Once the first has stopped, a worker starts again on the same file.
    again = CentralService(db, broker_settings_offline(), signer, FAST_CENTRAL)
    again.start()
    again.stop()


def broker_settings_offline():
    from sync.mqtt import BrokerSettings
    from tests.support.broker import free_port

    return BrokerSettings(port=free_port(), username="central")


def _cli(*argv: str) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="kiosk central")
    cli.register(parser.add_subparsers(dest="cmd", required=True))
    args = parser.parse_args(argv)
    return int(args.handler(args))
