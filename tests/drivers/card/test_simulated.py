"""The simulated reader used by the default kiosk run and the UI's simulator window."""

from __future__ import annotations

import threading

import pytest

from drivers.card import SAMPLE_CARDS, SimulatedCardReader, UnmappableCard, open_card_reader


def test_present_from_another_thread_wakes_the_waiting_worker() -> None:
    reader = open_card_reader("simulated")
    assert isinstance(reader, SimulatedCardReader)
    results = []
    worker = threading.Thread(target=lambda: results.append(reader.wait_for_card(30)))
    worker.start()
    reader.present("00030092EEB203")
    worker.join(30)
    assert results[0].patron_id == SAMPLE_CARDS["00030092EEB203"] == "3301000000003"
    assert results[0].uid_hex == "00030092EEB203"
    assert reader.wait_for_removal(0) is False
    reader.remove()
    assert reader.wait_for_removal(0) is True
    assert reader.wait_for_card(0.05) is None


def test_simulator_uses_the_site_rule() -> None:
    reader = open_card_reader(
        "simulated", {"rule": {"byte_order": "lsb_first", "digits": 10, "prefix": "P"}}
    )
    reader.present("04a1b2c3")
    read = reader.wait_for_card(1)
    assert read is not None and read.patron_id == "P3283263748"
    reader.present("04A1B2C3D4E5F6AA")
    with pytest.raises(UnmappableCard):
        reader.wait_for_card(1)


def test_close_ends_a_wait() -> None:
    reader = SimulatedCardReader()
    results = []
    worker = threading.Thread(target=lambda: results.append(reader.wait_for_card(60)))
    worker.start()
    reader.close()
    worker.join(30)
    assert results == [None]


@pytest.mark.parametrize(
    ("driver", "options"),
    [("nfc", {}), ("simulated", {"readr": "x"}), ("pcsc", {"rule": {"digits": "x"}})],
)
def test_factory_rejects_bad_configuration(driver: str, options: dict) -> None:
    with pytest.raises(ValueError):
        open_card_reader(driver, options)


def test_swapping_one_card_for_the_next_counts_as_a_removal() -> None:
    reader = SimulatedCardReader()
    first, second = list(SAMPLE_CARDS)[:2]
    reader.present(first)
    assert reader.wait_for_card(1).patron_id == SAMPLE_CARDS[first]
    reader.present(second)  # lifted and replaced between two polls
    assert reader.wait_for_removal(1) is True
    assert reader.wait_for_card(1).patron_id == SAMPLE_CARDS[second]
    assert reader.wait_for_removal(0.1) is False
