"""RFID layer: ISO 15693 tags, library data models, FEIG and 3M reader drivers, simulators.

:func:`open_pad` is the one entry point the composition root uses: it turns a device
configuration (``driver``, ``port``, ``baud``, ``options``) into a ready
:class:`~kiosk.devices.RfidPad`, and for ``driver = "simulated"`` also starts a simulator
on a pty and opens the real driver on it, so the default kiosk runs the whole byte path.
"""

from __future__ import annotations

from typing import Any

from drivers.rfid.pad import ReaderPad, SecurityScheme
from drivers.rfid.reader import ReaderDriver
from drivers.rfid.sim import Fault, PadSimulator, library_tag, make_simulator
from drivers.rfid.tag import Tag

__all__ = [
    "Fault",
    "PadSimulator",
    "ReaderPad",
    "SecurityScheme",
    "Tag",
    "library_tag",
    "open_driver",
    "open_pad",
]

PROTOCOLS = ("feig", "bibliotheca")
_DRIVER_OPTIONS = {
    "feig": {"bus_address", "timeout", "retries", "reverse_blocks"},
    "bibliotheca": {"timeout", "retries"},
}
_SIMULATOR_OPTIONS = {"protocol", "items", "air_time", "wire_time"}


def open_driver(protocol: str, port: str, baud: int | None = None, **options: Any) -> ReaderDriver:
    """Open a reader driver and check that the reader answers (NoReader if not)."""
    unknown = set(options) - _DRIVER_OPTIONS.get(protocol, set())
    if protocol not in PROTOCOLS:
        raise ValueError(f"unknown RFID reader protocol {protocol!r} (feig, bibliotheca)")
    if unknown:
        raise ValueError(f"unknown option {sorted(unknown)[0]!r} for RFID driver {protocol!r}")
    driver: ReaderDriver
    if protocol == "feig":
        from drivers.rfid.feig import DEFAULT_BAUD, FeigReader

        driver = FeigReader(port, baud or DEFAULT_BAUD, **options)
    else:
        from drivers.rfid.bibliotheca import DEFAULT_BAUD, BibliothecaReader

        driver = BibliothecaReader(port, baud or DEFAULT_BAUD, **options)
    try:
        driver.probe()
    except BaseException:
        driver.close()
        raise
    return driver


def open_pad(
    driver: str,
    port: str | None,
    baud: int | None,
    options: dict[str, Any],
    security: SecurityScheme,
) -> tuple[ReaderPad, PadSimulator | None]:
    """The configured RFID pad, plus its simulator when ``driver`` is "simulated".

    ``iso28560_2_dsfids`` (any driver) lists the DSFIDs that mark ISO 28560-2 data
    (default [6]). Simulated options: ``protocol`` ("feig" default, or "bibliotheca"),
    ``items`` (item ids to place on the pad at start), ``air_time`` / ``wire_time``
    (emulate device timing, default on) and any option of the chosen driver. Unknown
    options raise ValueError.
    """
    options = dict(options)
    dsfids = frozenset(int(v) for v in options.pop("iso28560_2_dsfids", [0x06]))
    if driver in PROTOCOLS:
        if not port:
            raise ValueError(f"RFID driver {driver!r} needs a port")
        reader = open_driver(driver, port, baud, **options)
        return ReaderPad(reader, security, iso28560_2_dsfids=dsfids), None
    if driver != "simulated":
        raise ValueError(f"unknown RFID driver {driver!r} (feig, bibliotheca, simulated)")
    protocol = str(options.pop("protocol", "feig"))
    if protocol not in PROTOCOLS:
        raise ValueError(f"unknown simulated RFID protocol {protocol!r} (feig, bibliotheca)")
    sim_options = {k: options.pop(k) for k in list(options) if k in _SIMULATOR_OPTIONS}
    unknown = set(options) - _DRIVER_OPTIONS[protocol]
    if unknown:
        raise ValueError(f"unknown option {sorted(unknown)[0]!r} for simulated RFID pad")
    items = sim_options.pop("items", [])
    tags = [
        library_tag(
            str(item),
            afi_in_library=security.afi_in_library,
            afi_on_loan=security.afi_on_loan,
        )
        for item in items
    ]
    sim_kwargs: dict[str, object] = {k: bool(v) for k, v in sim_options.items()}
    if baud:
        sim_kwargs["baud"] = baud
    if protocol == "feig" and options.get("bus_address", 255) != 255:
        sim_kwargs["address"] = options["bus_address"]
    simulator = make_simulator(protocol, tags, **sim_kwargs)
    try:
        reader = open_driver(protocol, simulator.path, simulator.baud, **options)
    except BaseException:
        simulator.close()
        raise
    return ReaderPad(reader, security, iso28560_2_dsfids=dsfids), simulator
