"""Fixtures for the RFID tests: simulators on real ptys and drivers opened on them."""

from __future__ import annotations

import pytest

from drivers.rfid import open_driver
from drivers.rfid.pad import ReaderPad, SecurityScheme
from drivers.rfid.sim import make_simulator

PROTOCOLS = ("feig", "bibliotheca")


@pytest.fixture(params=PROTOCOLS)
def protocol(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def sim(protocol: str):
    simulator = make_simulator(protocol, air_time=False)
    yield simulator
    simulator.close()


@pytest.fixture
def driver(sim, protocol: str):
    reader = open_driver(protocol, sim.path, sim.baud, timeout=0.3)
    yield reader
    reader.close()


@pytest.fixture
def pad(driver):
    return ReaderPad(driver, SecurityScheme())
