"""Fixtures for the core's tests: a seeded store, fake devices, a settable clock."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from fakes import DEFAULT_CONFIG, Central, Clock, FakeDoors, FakePad  # noqa: E402

from kiosk.circulation import Circulation  # noqa: E402
from kiosk.config import load_config  # noqa: E402
from kiosk.sample_data import seed  # noqa: E402
from kiosk.store import Store  # noqa: E402


@pytest.fixture
def config(tmp_path):
    base = load_config(DEFAULT_CONFIG)
    return dataclasses.replace(
        base, storage=dataclasses.replace(base.storage, path=str(tmp_path / "kiosk.db"))
    )


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def store(config):
    s = Store(config.storage.path, config.site.terminal_id)
    yield s
    s.close()


@pytest.fixture
def pad():
    return FakePad()


@pytest.fixture
def doors(config):
    return FakeDoors([c.id for c in config.lockers.compartments])


@pytest.fixture
def central(store):
    return Central(store)


@pytest.fixture
def circulation(store, config, pad, doors, central, clock):
    c = Circulation(store, config, pad, doors, central, clock)
    seed(store, clock())
    return c
