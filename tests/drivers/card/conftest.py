"""The real PC/SC stack for the card tests: one private pcscd + vpcd per test session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from drivers.card.pcsc import PcscCardReader
from drivers.card.rule import CardUidRule
from tests.support.pcsc_rig import PcscRig


@pytest.fixture(scope="session")
def pcsc_rig() -> Iterator[PcscRig]:
    rig = PcscRig()
    rig.start()
    yield rig
    rig.stop()


@pytest.fixture
def make_reader(pcsc_rig: PcscRig) -> Iterator:
    """Readers on slot 00 of the virtual PCD; each test starts and ends with no card there."""
    made: list[PcscCardReader] = []

    def make(rule: CardUidRule | None = None) -> PcscCardReader:
        reader = PcscCardReader(rule, reader_filter=pcsc_rig.reader_names[0])
        made.append(reader)
        return reader

    probe = make()
    assert probe.wait_for_removal(10), "a card from an earlier test is still on the reader"
    yield make
    for reader in made:
        reader.close()
