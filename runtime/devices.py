"""Opening each device from its site-file section, and the stand-ins for a device that
could not be opened (unplugged, wrong port) or that the site does not have.

A driver's option error surfaces as :class:`~kiosk.config.ConfigError` naming the key,
like any other bad value in the site file. Driver packages are imported when a device is
opened, so a site loads only the drivers it uses.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from typing import Any

from kiosk.config import ConfigError, SiteConfig
from kiosk.devices import DeviceError
from kiosk.lockers import Alarm, DoorState


class UnavailableDevice:
    """Stands in for a device that could not be opened at start-up (unplugged, wrong port).

    The kiosk still starts and does what needs no such device; every call to this one
    raises the error it failed with, which the screens explain and service mode shows.
    A restart picks the device up again once it is back.
    """

    def __init__(self, name: str, error: DeviceError):
        self.name = name
        self.error = error

    def close(self) -> None:
        """Nothing was opened."""

    def __getattr__(self, attribute: str) -> Callable[..., Any]:
        def unavailable(*_args: Any, **_kwargs: Any) -> Any:
            raise self.error

        return unavailable


class AbsentDevice:
    """A card reader or scanner the site does not have (``driver = "none"``): nothing is
    opened, no alarm is raised, and it never reads anything."""

    def __init__(self, name: str):
        self.name = name
        self._closed = threading.Event()

    def wait_for_card(self, timeout_s: float) -> None:
        self._closed.wait(timeout_s)

    def read_code(self, timeout_s: float) -> None:
        self._closed.wait(timeout_s)

    def wait_for_removal(self, timeout_s: float) -> bool:
        return True

    def close(self) -> None:
        self._closed.set()


def pair(opened: Any) -> tuple[Any, Any]:
    """(driver, simulator) from a factory that returns both, or (stand-in, None)."""
    return (opened, None) if isinstance(opened, UnavailableDevice) else opened


def from_config(config: SiteConfig, key: str, opener: Callable[..., Any], *args: Any) -> Any:
    """Run a factory that reads a config section; an option it refuses (ValueError) or
    cannot use (TypeError: a string where a number belongs) becomes a ConfigError."""
    try:
        return opener(*args)
    except ValueError as exc:
        raise ConfigError(config.source or "<config>", key, str(exc)) from None
    except TypeError as exc:
        reason = f"an option has the wrong type ({exc})"
        raise ConfigError(config.source or "<config>", key, reason) from None


def open_pad(config: SiteConfig) -> tuple[Any, Any]:
    from drivers.rfid import SecurityScheme, open_pad

    device = config.devices.rfid
    security = SecurityScheme(
        afi_in_library=config.security.afi_in_library,
        afi_on_loan=config.security.afi_on_loan,
        use_eas=config.security.use_eas,
    )
    return open_pad(device.driver, device.port, device.baud, device.options, security)


def open_lockers(
    config: SiteConfig,
    on_alarm: Callable[[Alarm], None],
    on_door_change: Callable[[str, DoorState], None],
) -> tuple[Any, Any]:
    from drivers.locker import open_locker_bank

    return open_locker_bank(
        [dataclasses.asdict(bus) for bus in config.lockers.buses],
        config.lockers.compartments,
        config.lockers.door_open_alarm_s,
        config.lockers.poll_interval_s,
        on_alarm,
        on_door_change,
    )


def open_card(config: SiteConfig) -> Any:
    from drivers.card import open_card_reader

    return open_card_reader(config.devices.card.driver, config.devices.card.options)


def open_scanner(config: SiteConfig) -> Any:
    from drivers.scanner import open_scanner

    device = config.devices.scanner
    return open_scanner(device.driver, device.port, device.baud, device.options)


def open_printer(config: SiteConfig, on_alarm: Callable[[str, bool, str], None]) -> Any:
    from drivers.printer import open_printer

    device = config.devices.printer
    return open_printer(device.driver, device.port, device.baud, device.options, on_alarm)
