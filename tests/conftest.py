"""Fixtures shared by the terminal's sync tests, central's tests and the e2e tests.

A real mosquitto per test (with the fleet's users and ACL), a central service and terminals
on it, and the central signing key the terminals trust. Nothing here runs unless a test
asks for it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from central.service import CentralService, CentralSettings
from kiosk.model import Patron, PatronKind
from kiosk.store import Store
from sync.client import SyncClient, SyncSettings
from sync.commands import CommandExecutor, CommandHandlers
from sync.signing import Signer, Verifier, public_key_to_b64
from tests.support.broker import Broker
from tests.support.fleet import (
    FAST_CENTRAL,
    FAST_SYNC,
    KEY_ID,
    PASSWORDS,
    PID,
    PROBE_ACL,
    broker_settings,
)
from tests.support.postgres import PgCluster


@pytest.fixture(scope="session")
def signing_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture
def signer(signing_key: Ed25519PrivateKey) -> Signer:
    return Signer(KEY_ID, signing_key)


@pytest.fixture
def trust(signing_key: Ed25519PrivateKey) -> dict[str, str]:
    return {KEY_ID: public_key_to_b64(signing_key.public_key())}


@pytest.fixture
def broker(tmp_path: Path) -> Iterator[Broker]:
    with Broker(tmp_path / "broker", users=PASSWORDS, extra_acl=PROBE_ACL) as b:
        yield b


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    """One throw-away PostgreSQL cluster for the whole run, started when first asked for."""
    with PgCluster() as pg:
        yield pg


@pytest.fixture
def central_db(tmp_path: Path) -> str:
    """The central store's ``--db``: an SQLite file. A module that runs on both backends
    overrides this fixture with ``any_central_db``."""
    return str(tmp_path / "central.db")


@pytest.fixture(params=["sqlite", "postgresql"])
def any_central_db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An SQLite file, then a fresh database on the test PostgreSQL cluster."""
    if request.param == "sqlite":
        return str(tmp_path / "central.db")
    cluster: PgCluster = request.getfixturevalue("pg_cluster")
    return cluster.database()


@pytest.fixture
def make_central(
    broker: Broker, signer: Signer, central_db: str
) -> Iterator[Callable[..., CentralService]]:
    started: list[CentralService] = []

    def make(settings: CentralSettings = FAST_CENTRAL) -> CentralService:
        svc = CentralService(central_db, broker_settings(broker, "central"), signer, settings)
        started.append(svc.start())
        assert svc.link.wait_subscribed(30), "central service could not connect"
        return svc

    yield make
    for svc in started:
        if svc._worker is not None:
            svc.stop()


@pytest.fixture
def make_terminal(
    broker: Broker, trust: dict[str, str], tmp_path: Path
) -> Iterator[Callable[..., tuple[SyncClient, Store]]]:
    started: list[SyncClient] = []

    def make(
        terminal_id: str = "T1",
        handlers: CommandHandlers | None = None,
        settings: SyncSettings = FAST_SYNC,
        start: bool = True,
        store: Store | None = None,
    ) -> tuple[SyncClient, Store]:
        store = store or Store(tmp_path / f"{terminal_id}.db", terminal_id)
        client = SyncClient(
            store,
            terminal_id,
            broker_settings(broker, terminal_id),
            trust,
            handlers,
            settings=settings,
            device_states=lambda: {"rfid": "ok", "printer": "paper_low"},
        )
        if start:
            started.append(client.start())
        return client, store

    yield make
    for client in started:
        if client._worker is not None:
            client.stop()


@pytest.fixture
def executor(tmp_path: Path, trust: dict[str, str]) -> CommandExecutor:
    """Terminal T1's command executor, without a broker; patron PID is known to it."""
    store = Store(tmp_path / "T1.db", "T1")
    store.upsert_patrons([Patron(PID, PatronKind.CARD)])
    return CommandExecutor(store, "T1", Verifier(trust), CommandHandlers())
