"""A simulated library system (pysip2's server on 127.0.0.1, a free port) and clients for it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest

from central.sip2.client import Sip2Client, Sip2Pool
from central.sip2.config import Sip2Settings
from central.sip2.simulator import Sip2Simulator

USER, PASSWORD = "selfcheck", "s3cret"


@pytest.fixture
def sim() -> Iterator[Sip2Simulator]:
    with Sip2Simulator(username=USER, password=PASSWORD) as simulator:
        yield simulator


def settings_for(simulator: Sip2Simulator, **overrides: object) -> Sip2Settings:
    base = Sip2Settings(
        host="127.0.0.1",
        port=simulator.port,
        institution=simulator.institution,
        location="KIOSK-01",
        username=USER,
        password=PASSWORD,
        timeout_s=0.5,
        connect_timeout_s=2.0,
        retries=2,
    )
    return replace(base, **overrides)


@pytest.fixture
def make_client() -> Iterator[Callable[..., Sip2Client]]:
    pools: list[Sip2Pool] = []

    def make(simulator: Sip2Simulator, **overrides: object) -> Sip2Client:
        pool = Sip2Pool(settings_for(simulator, **overrides))
        pools.append(pool)
        return Sip2Client(pool)

    yield make
    for pool in pools:
        pool.close()


@pytest.fixture
def client(sim: Sip2Simulator, make_client: Callable[..., Sip2Client]) -> Sip2Client:
    return make_client(sim)
