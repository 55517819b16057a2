"""Site configuration: read a TOML file, validate every key, give typed settings.

A site file names the terminal, its devices (a driver and port, or "simulated"), its
circulation policy, its lockers and its broker. Validation happens once, at start-up:
an unknown key or a bad value raises :class:`ConfigError` naming the file, the key and
the reason, so a typo stops the kiosk in the workshop rather than at 3 a.m.

The schema is the dataclasses below: each field's type annotation says what the TOML
value must be, and ``__post_init__`` checks ranges. Nothing else describes the format.
"""

from __future__ import annotations

import dataclasses
import tomllib
import types
import typing
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any


class ConfigError(ValueError):
    """A configuration value that stops start-up; says file, key and reason."""

    def __init__(self, file: str, key: str, reason: str):
        super().__init__(f"{file}: {key}: {reason}")
        self.file = file
        self.key = key
        self.reason = reason


class SiteKind(Enum):
    READING_ROOM_24H = "reading_room_24h"
    SUBWAY_BOOK_ROOM = "subway_book_room"
    LOCKER_STATION = "locker_station"


class _Invalid(ValueError):
    """Raised by a section's checks; ``key`` is the field within the section."""

    def __init__(self, key: str, reason: str):
        super().__init__(reason)
        self.key = key


def _require(condition: bool, key: str, reason: str) -> None:
    if not condition:
        raise _Invalid(key, reason)


@dataclass(frozen=True)
class SiteIdentity:
    terminal_id: str
    name: str
    name_en: str = ""
    kind: SiteKind = SiteKind.READING_ROOM_24H
    opening_hours: str = "00:00-24:00"
    owner_isil: str = "CN-330100"
    utc_offset_hours: int = 8
    service_phone: str = ""

    def __post_init__(self) -> None:
        _require(
            bool(self.terminal_id) and all(c.isalnum() or c in "-_" for c in self.terminal_id),
            "terminal_id",
            "must be letters, digits, '-' or '_' (it is also the MQTT username)",
        )
        _require(-12 <= self.utc_offset_hours <= 14, "utc_offset_hours", "must be -12..14")


@dataclass(frozen=True)
class OfflinePolicy:
    allow_new_sessions: bool = True
    max_items_per_session: int = 3
    loan_days: int = 21

    def __post_init__(self) -> None:
        _require(self.max_items_per_session >= 0, "max_items_per_session", "must be >= 0")
        _require(1 <= self.loan_days <= 365, "loan_days", "must be 1..365")


@dataclass(frozen=True)
class Policy:
    loan_days: int = 30
    max_loans: int = 10
    max_items_per_transaction: int = 5
    max_renewals: int = 2
    renew_days: int = 30
    credit_threshold: int = 550
    hold_days: int = 3
    pickup_code_attempts: int = 5
    # Per source of codes: wrong codes before waits start, and the longest wait (minutes).
    pickup_code_lockout_minutes: int = 6
    offline: OfflinePolicy = field(default_factory=OfflinePolicy)

    def __post_init__(self) -> None:
        _require(1 <= self.loan_days <= 365, "loan_days", "must be 1..365")
        _require(self.max_loans >= 1, "max_loans", "must be >= 1")
        _require(self.max_items_per_transaction >= 1, "max_items_per_transaction", "must be >= 1")
        _require(self.max_renewals >= 0, "max_renewals", "must be >= 0")
        _require(1 <= self.renew_days <= 365, "renew_days", "must be 1..365")
        _require(self.hold_days >= 1, "hold_days", "must be >= 1")
        _require(self.pickup_code_attempts >= 1, "pickup_code_attempts", "must be >= 1")
        _require(
            1 <= self.pickup_code_lockout_minutes <= 60,
            "pickup_code_lockout_minutes",
            "must be 1..60",
        )


@dataclass(frozen=True)
class Security:
    """How a tag says "in library" or "on loan" at this site (3M sites: 0xD7 / 0xDA)."""

    afi_in_library: int = 0x07
    afi_on_loan: int = 0xC2
    use_eas: bool = False

    def __post_init__(self) -> None:
        _require(0 <= self.afi_in_library <= 0xFF, "afi_in_library", "must be a byte")
        _require(0 <= self.afi_on_loan <= 0xFF, "afi_on_loan", "must be a byte")
        _require(
            self.afi_in_library != self.afi_on_loan,
            "afi_on_loan",
            "must differ from afi_in_library",
        )


@dataclass(frozen=True)
class DeviceConfig:
    """One device: ``driver = "simulated"`` or a real driver name with its port."""

    driver: str = "simulated"
    port: str | None = None
    baud: int | None = None
    options: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        _require(bool(self.driver), "driver", "must not be empty")
        _require(
            self.driver in ("simulated", "none", "pcsc") or self.port is not None,
            "port",
            f"driver {self.driver!r} needs a port",
        )
        _require(self.baud is None or self.baud > 0, "baud", "must be positive")


@dataclass(frozen=True)
class Devices:
    rfid: DeviceConfig = field(default_factory=DeviceConfig)
    card: DeviceConfig = field(default_factory=DeviceConfig)
    scanner: DeviceConfig = field(default_factory=DeviceConfig)
    printer: DeviceConfig = field(default_factory=DeviceConfig)


@dataclass(frozen=True)
class LockerBusConfig:
    name: str
    driver: str = "simulated"
    port: str | None = None
    baud: int | None = None
    options: dict = field(default_factory=dict)


@dataclass(frozen=True)
class CompartmentConfig:
    id: str
    bus: str
    board: int
    lock: int
    size: str = "M"

    def __post_init__(self) -> None:
        _require(self.size in ("S", "M", "L"), "size", "must be S, M or L")
        _require(1 <= self.board <= 32, "board", "must be 1..32")
        _require(1 <= self.lock <= 48, "lock", "must be 1..48")


@dataclass(frozen=True)
class Lockers:
    buses: tuple[LockerBusConfig, ...] = ()
    compartments: tuple[CompartmentConfig, ...] = ()
    door_open_alarm_s: float = 120.0
    poll_interval_s: float = 0.5
    returns_enabled: bool = False

    def __post_init__(self) -> None:
        bus_names = [b.name for b in self.buses]
        _require(len(set(bus_names)) == len(bus_names), "buses", "bus names must be unique")
        ids = [c.id for c in self.compartments]
        _require(len(set(ids)) == len(ids), "compartments", "compartment ids must be unique")
        places = [(c.bus, c.board, c.lock) for c in self.compartments]
        _require(len(set(places)) == len(places), "compartments", "two compartments share one lock")
        for c in self.compartments:
            _require(
                c.bus in bus_names,
                "compartments",
                f"compartment {c.id} names unknown bus {c.bus!r}",
            )
        _require(self.door_open_alarm_s > 0, "door_open_alarm_s", "must be positive")
        _require(self.poll_interval_s > 0, "poll_interval_s", "must be positive")


@dataclass(frozen=True)
class Broker:
    enabled: bool = False
    host: str = "127.0.0.1"
    port: int = 1883
    username: str = ""
    password_file: str = ""
    ca_file: str = ""
    cert_file: str = ""
    key_file: str = ""
    keepalive_s: int = 30

    def __post_init__(self) -> None:
        _require(0 < self.port < 65536, "port", "must be 1..65535")
        # 0 would switch keepalive off (a dead link goes unnoticed); MQTT's field is 16 bits.
        _require(5 <= self.keepalive_s <= 65535, "keepalive_s", "must be 5..65535")


@dataclass(frozen=True)
class Sync:
    """The terminal's sync settings; ``sync.client.SyncSettings.from_config`` reads them."""

    telemetry_interval_s: float = 60.0
    patron_check_timeout_s: float = 2.0
    queue_alarm_depth: int = 500
    queue_alarm_age_h: float = 4.0
    trusted_command_keys: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        _require(
            1 <= self.telemetry_interval_s <= 86400, "telemetry_interval_s", "must be 1..86400"
        )
        # A patron check blocks the resident's session: seconds, not minutes.
        _require(
            0 < self.patron_check_timeout_s <= 30, "patron_check_timeout_s", "must be > 0 and <= 30"
        )
        _require(self.queue_alarm_depth >= 1, "queue_alarm_depth", "must be >= 1")
        _require(
            0 < self.queue_alarm_age_h <= 24 * 31, "queue_alarm_age_h", "must be > 0 and <= 744"
        )


@dataclass(frozen=True)
class Identification:
    ecard_keys: dict = field(default_factory=dict)
    ecard_validity_s: int = 60


@dataclass(frozen=True)
class Ui:
    language: str = "zh"
    idle_timeout_s: int = 90
    idle_warning_s: int = 20
    full_screen: bool = False
    service_pin_hash: str = ""

    def __post_init__(self) -> None:
        _require(self.language in ("zh", "en"), "language", "must be zh or en")
        _require(self.idle_timeout_s >= 10, "idle_timeout_s", "must be >= 10")
        _require(0 < self.idle_warning_s < self.idle_timeout_s, "idle_warning_s", "out of range")


@dataclass(frozen=True)
class Storage:
    path: str = "var/kiosk.db"
    seed_sample_data: bool = False


@dataclass(frozen=True)
class SiteConfig:
    site: SiteIdentity
    policy: Policy = field(default_factory=Policy)
    security: Security = field(default_factory=Security)
    devices: Devices = field(default_factory=Devices)
    lockers: Lockers = field(default_factory=Lockers)
    broker: Broker = field(default_factory=Broker)
    sync: Sync = field(default_factory=Sync)
    identification: Identification = field(default_factory=Identification)
    ui: Ui = field(default_factory=Ui)
    storage: Storage = field(default_factory=Storage)
    source: str = field(default="", compare=False)


def load_config(path: str | Path) -> SiteConfig:
    """Read and validate a site file; relative storage paths stay relative to the cwd."""
    path = Path(path)
    try:
        with path.open("rb") as f:
            data = tomllib.load(f)
    except FileNotFoundError:
        raise ConfigError(str(path), "-", "file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(path), "-", f"not valid TOML: {exc}") from None
    config = parse_config(data, str(path))
    return dataclasses.replace(config, source=str(path))


def parse_config(data: dict, file: str = "<config>") -> SiteConfig:
    if "source" in data:
        raise ConfigError(file, "source", "unknown key")
    return _build(SiteConfig, data, "", file)


def replace_section(config: SiteConfig, section: str, changes: dict) -> SiteConfig:
    """A copy of ``config`` with some keys of one section changed, validated like a file."""
    current = dataclasses.asdict(getattr(config, section))
    merged = _deep_merge(current, changes)
    rebuilt = _build(type(getattr(config, section)), merged, section, config.source or "<update>")
    return dataclasses.replace(config, **{section: rebuilt})


def _deep_merge(base: dict, changes: dict) -> dict:
    out = dict(base)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def _build(cls: type, table: Any, prefix: str, file: str) -> Any:
    if not isinstance(table, dict):
        raise ConfigError(file, prefix or "-", "must be a table")
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls) if f.name != "source"}
    for key in table:
        if key not in fields:
            raise ConfigError(file, _join(prefix, key), "unknown key")
    values = {}
    for name, f in fields.items():
        key = _join(prefix, name)
        if name not in table:
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise ConfigError(file, key, "required key is missing")
            continue
        values[name] = _convert(hints[name], table[name], key, file)
    try:
        return cls(**values)
    except _Invalid as exc:
        raise ConfigError(file, _join(prefix, exc.key), str(exc)) from None


def _convert(hint: Any, value: Any, key: str, file: str) -> Any:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (types.UnionType, typing.Union):
        if value is None and type(None) in args:
            return None
        (inner,) = [a for a in args if a is not type(None)]
        return _convert(inner, value, key, file)
    if dataclasses.is_dataclass(hint):
        return _build(hint, value, key, file)
    if origin is tuple:
        if not isinstance(value, list):
            raise ConfigError(file, key, "must be an array of tables")
        return tuple(_convert(args[0], v, f"{key}[{i}]", file) for i, v in enumerate(value))
    if isinstance(hint, type) and issubclass(hint, Enum):
        allowed = [m.value for m in hint]
        if value not in allowed:
            raise ConfigError(file, key, f"must be one of {', '.join(allowed)}")
        return hint(value)
    if hint is bool:
        if not isinstance(value, bool):
            raise ConfigError(file, key, "must be true or false")
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(file, key, "must be an integer")
        return value
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigError(file, key, "must be a number")
        return float(value)
    if hint is str:
        if not isinstance(value, str):
            raise ConfigError(file, key, "must be a string")
        return value
    if hint is dict:
        if not isinstance(value, dict):
            raise ConfigError(file, key, "must be a table")
        return value
    raise ConfigError(file, key, f"unsupported type {hint}")


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key
