"""open_pad: the composition root's entry point, simulated and real-driver paths."""

from __future__ import annotations

import pytest

from drivers.rfid import open_pad
from drivers.rfid.pad import SecurityScheme
from drivers.rfid.sim import BibliothecaSimulator, FeigSimulator, library_tag
from kiosk.devices import NoReader


@pytest.mark.parametrize("protocol", ["feig", "bibliotheca"])
def test_simulated_pad_runs_the_real_driver_on_a_pty(protocol: str) -> None:
    pad, sim = open_pad(
        "simulated",
        None,
        None,
        {"protocol": protocol, "items": ["A-1"], "air_time": False},
        SecurityScheme(),
    )
    try:
        assert sim is not None and sim.path.startswith("/dev/pts/")
        sim.place(library_tag("A-2", secured=False))
        reads = {r.item_id: r.secured for r in pad.inventory()}
        assert reads == {"A-1": True, "A-2": False}
        cls = FeigSimulator if protocol == "feig" else BibliothecaSimulator
        assert isinstance(sim, cls) and sim.requests_seen > 0
    finally:
        pad.close()
        sim.close()


def test_real_driver_on_a_port(tmp_path) -> None:
    with FeigSimulator([library_tag("B-1")], air_time=False) as sim:
        pad, none = open_pad("feig", sim.path, None, {"bus_address": 255}, SecurityScheme())
        try:
            assert none is None
            assert [r.item_id for r in pad.inventory()] == ["B-1"]
        finally:
            pad.close()


@pytest.mark.parametrize(
    ("driver", "options", "named"),
    [
        ("simulated", {"colour": "red"}, "colour"),
        ("simulated", {"protocol": "bibliotheca", "bus_address": 3}, "bus_address"),
        ("feig", {"speed": 1}, "speed"),
    ],
)
def test_unknown_options_are_named(driver: str, options: dict, named: str) -> None:
    port = "/dev/null" if driver != "simulated" else None
    with pytest.raises(ValueError, match=named):
        open_pad(driver, port, None, options, SecurityScheme())


def test_missing_port_is_no_reader() -> None:
    with pytest.raises(NoReader):
        open_pad("bibliotheca", "/dev/does-not-exist", None, {}, SecurityScheme())
