"""Site configuration: read a TOML file, validate every key, give typed settings.

A site file names the terminal, its devices (a driver and port, "simulated" or "none"),
its circulation policy, its lockers and its broker. Validation happens once, at start-up:
an unknown key or a bad value raises :class:`ConfigError` naming the file, the key and
the reason, so a typo stops the kiosk in the workshop rather than at 3 a.m.

The schema is the dataclasses below: each field's type annotation says what the TOML
value must be, and ``__post_init__`` checks ranges. Nothing else describes the format.

Demo or real: only ``[site] demo = true`` allows what exists for trying the kiosk on a
laptop (simulated devices, sample data, the demo PIN and staff card, the demo e-card key
whose private half is in this repository). A site that is not a demo must name each
device's driver and a service PIN hash and must not trust the demo key
(:func:`_check_real_site`), so a copied demo file cannot open a real terminal to anyone.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import math
import re
import tomllib
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from kiosk import patron_pin
from kiosk.ecard import EcardVerifier

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

# The public half of config/demo-ecard.key, whose private half anyone can read in the
# repository: a site that trusts it accepts e-cards forged by anyone.
DEMO_ECARD_PUBLIC_KEY = "Yb2aVHRxhPLxw0AHile4rPkiTRQwfhukI2cyYGyXqnM"

DEVICE_NAMES = ("rfid", "card", "scanner", "printer")

# ``scrypt$<log2 N>$<r>$<p>$<salt, base64>$<hash, base64>`` as ``kiosk service pin-hash``
# writes it (kiosk.service_pin); checked here so a mangled hash stops start-up instead of
# locking staff out at the first PIN.
_PIN_HASH = re.compile(r"scrypt\$(\d{1,2})\$(\d{1,2})\$(\d)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)")
_SCRYPT_MAXMEM = 64 * 1024 * 1024  # what kiosk.service_pin lets hashlib.scrypt use


class ConfigError(ValueError):
    """A configuration value that stops start-up; says file, key and reason."""

    def __init__(self, file: str, key: str, reason: str):
        super().__init__(f"{file}: {key}: {reason}")
        self.file = file
        self.key = key
        self.reason = reason


class _Invalid(ValueError):
    """Raised by a section's checks; ``key`` is the field within the section."""

    def __init__(self, key: str, reason: str):
        super().__init__(reason)
        self.key = key


def _require(condition: bool, key: str, reason: str) -> None:
    if not condition:
        raise _Invalid(key, reason)


def _within(value: float, low: float, high: float, key: str, unit: str = "") -> None:
    """``low <= value <= high`` and finite (TOML allows inf and nan)."""
    _require(math.isfinite(value) and low <= value <= high, key, f"must be {low:g}..{high:g}{unit}")


def _pin_hash_problem(encoded: str) -> str | None:
    """Why ``encoded`` is not a usable service PIN hash, or None when it is."""
    match = _PIN_HASH.fullmatch(encoded)
    if match is None:
        return "must look like scrypt$15$8$1$<salt>$<hash> (make one with kiosk service pin-hash)"
    log2_n, r, p = (int(match[i]) for i in (1, 2, 3))
    try:
        salt = base64.b64decode(match[4], validate=True)
        digest = base64.b64decode(match[5], validate=True)
    except (ValueError, binascii.Error):
        return "salt and hash must be base64"
    if not (10 <= log2_n <= 20 and 1 <= r <= 32 and 1 <= p <= 4):
        return "scrypt parameters out of range (log2 N 10..20, r 1..32, p 1..4)"
    if 128 * r * (2**log2_n + 2 + p) > _SCRYPT_MAXMEM:
        return "scrypt parameters need more than 64 MiB per PIN check"
    if len(salt) < 8 or len(digest) != 32:
        return "salt must be at least 8 bytes and the hash 32 bytes"
    return None


@dataclass(frozen=True)
class SiteIdentity:
    terminal_id: str
    name: str
    name_en: str = ""
    # True only for trying the kiosk: simulated devices, sample data, demo PIN and keys.
    demo: bool = False
    opening_hours: str = "00:00-24:00"
    owner_isil: str = "CN-330100"
    utc_offset_hours: int = 8
    # The help phone residents call (shown on the help panel and in refusals' advice).
    service_phone: str = ""
    # The district the site belongs to (central's console filters its fleet by it).
    district: str = ""
    # Whether staff work at this site: advice then sends residents to the service desk;
    # most sites (subway book rooms, pick-up lockers) have nobody and give the phone.
    staffed: bool = False

    def __post_init__(self) -> None:
        _require(len(self.district) <= 64, "district", "must be at most 64 characters")
        _require(
            bool(self.terminal_id) and all(c.isalnum() or c in "-_" for c in self.terminal_id),
            "terminal_id",
            "must be letters, digits, '-' or '_' (it is also the MQTT username)",
        )
        _require(len(self.terminal_id) <= 64, "terminal_id", "must be at most 64 characters")
        _require(
            len(self.service_phone) <= 32
            and all(c in "0123456789+-() " for c in self.service_phone),
            "service_phone",
            "must be a phone number (digits, '+', '-', '(', ')', spaces; at most 32)",
        )
        _within(self.utc_offset_hours, -12, 14, "utc_offset_hours")


@dataclass(frozen=True)
class OfflinePolicy:
    allow_new_sessions: bool = True
    max_items_per_session: int = 3
    loan_days: int = 21

    def __post_init__(self) -> None:
        _within(self.max_items_per_session, 0, 100, "max_items_per_session")
        _within(self.loan_days, 1, 365, "loan_days")


@dataclass(frozen=True)
class Policy:
    loan_days: int = 30
    max_loans: int = 10
    max_items_per_transaction: int = 5
    max_renewals: int = 2
    renew_days: int = 30
    # A loan may be renewed only this close to its due date (days), so renewing twice in
    # one visit cannot stack periods; 0 allows renewing on the due date or after it only.
    renew_window_days: int = 7
    credit_threshold: int = 550
    hold_days: int = 3
    pickup_code_attempts: int = 5
    # Per source of codes: wrong codes before waits start, and the longest wait (minutes).
    pickup_code_lockout_minutes: int = 6
    offline: OfflinePolicy = field(default_factory=OfflinePolicy)

    def __post_init__(self) -> None:
        _within(self.loan_days, 1, 365, "loan_days")
        _within(self.max_loans, 1, 1000, "max_loans")
        _within(self.max_items_per_transaction, 1, 100, "max_items_per_transaction")
        _within(self.max_renewals, 0, 100, "max_renewals")
        _within(self.renew_days, 1, 365, "renew_days")
        _within(self.renew_window_days, 0, 365, "renew_window_days")
        # Credit scores such as Zhima run 350..950; 0 admits every credit patron.
        _within(self.credit_threshold, 0, 1000, "credit_threshold")
        _within(self.hold_days, 1, 60, "hold_days")
        _within(self.pickup_code_attempts, 1, 100, "pickup_code_attempts")
        _within(self.pickup_code_lockout_minutes, 1, 60, "pickup_code_lockout_minutes")


@dataclass(frozen=True)
class Security:
    """How a tag says "in library" or "on loan" at this site (3M sites: 0xD7 / 0xDA)."""

    afi_in_library: int = 0x07
    afi_on_loan: int = 0xC2
    use_eas: bool = False

    def __post_init__(self) -> None:
        _require(0 <= self.afi_in_library <= 0xFF, "afi_in_library", "must be a byte (0..255)")
        _require(0 <= self.afi_on_loan <= 0xFF, "afi_on_loan", "must be a byte (0..255)")
        _require(
            self.afi_in_library != self.afi_on_loan,
            "afi_on_loan",
            "must differ from afi_in_library",
        )


@dataclass(frozen=True)
class DeviceConfig:
    """One device: a real driver name with its port, ``"none"`` (the site has no such
    device) or ``"simulated"`` (demo sites only). Absent on a demo site means simulated;
    a site that is not a demo must name every device (:func:`_check_real_site`)."""

    driver: str = "simulated"
    port: str | None = None
    baud: int | None = None
    # The driver's own settings, as TOML gives them; each driver checks the ones it reads.
    options: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _check_port(self.driver, self.port, self.baud, ("simulated", "none", "pcsc"))


def _check_port(driver: str, port: str | None, baud: int | None, portless: tuple[str, ...]) -> None:
    _require(bool(driver), "driver", "must not be empty")
    _require(driver in portless or port is not None, "port", f"driver {driver!r} needs a port")
    _require(port is None or bool(port), "port", "must not be empty")
    _require(baud is None or 300 <= baud <= 4_000_000, "baud", "must be 300..4000000")


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
    # The lock board driver's own settings, as TOML gives them; the driver checks them.
    options: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _require(bool(self.name), "name", "must not be empty")
        _check_port(self.driver, self.port, self.baud, ("simulated",))


@dataclass(frozen=True)
class CompartmentConfig:
    id: str
    bus: str
    board: int
    lock: int
    size: str = "M"

    def __post_init__(self) -> None:
        _require(bool(self.id), "id", "must not be empty")
        _require(self.size in ("S", "M", "L"), "size", "must be S, M or L")
        _within(self.board, 1, 32, "board")
        _within(self.lock, 1, 48, "lock")


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
        _within(self.door_open_alarm_s, 5, 86400, "door_open_alarm_s", " seconds")
        _within(self.poll_interval_s, 0.05, 60, "poll_interval_s", " seconds")


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
    # key id -> public key (base64); runtime.build checks each value when it starts sync.
    trusted_command_keys: dict[str, object] = field(default_factory=dict)

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
    ecard_keys: dict[str, str] = field(default_factory=dict)  # key id -> public key
    ecard_validity_s: int = 60
    # "required": a card login also asks for the patron's PIN (kiosk.patron_pin)
    patron_pin: str = patron_pin.OFF

    def __post_init__(self) -> None:
        _within(self.ecard_validity_s, 10, 600, "ecard_validity_s", " seconds")
        _require(
            self.patron_pin in patron_pin.MODES,
            "patron_pin",
            " or ".join(f'"{m}"' for m in patron_pin.MODES) + " expected",
        )
        for key_id, public in self.ecard_keys.items():
            _require(isinstance(public, str), f"ecard_keys.{key_id}", "must be a string")
        try:
            EcardVerifier(self.ecard_keys, self.ecard_validity_s)
        except ValueError as exc:
            raise _Invalid("ecard_keys", str(exc)) from None


@dataclass(frozen=True)
class Ui:
    language: str = "zh"
    idle_timeout_s: int = 90
    idle_warning_s: int = 20
    full_screen: bool = False
    service_pin_hash: str = ""
    # Spoken guidance (docs/ui.md): on at the start of each visit, and its volume until
    # service mode stores another.
    speech: bool = True
    speech_volume: int = 70

    def __post_init__(self) -> None:
        _require(self.language in ("zh", "en"), "language", "must be zh or en")
        _within(self.speech_volume, 0, 100, "speech_volume", "")
        _within(self.idle_timeout_s, 10, 3600, "idle_timeout_s", " seconds")
        _require(
            0 < self.idle_warning_s < self.idle_timeout_s,
            "idle_warning_s",
            "must be more than 0 and less than idle_timeout_s",
        )
        if self.service_pin_hash:
            problem = _pin_hash_problem(self.service_pin_hash)
            _require(problem is None, "service_pin_hash", problem or "")


@dataclass(frozen=True)
class Storage:
    path: str = "var/kiosk.db"
    seed_sample_data: bool = False

    def __post_init__(self) -> None:
        _require(bool(self.path) and "\x00" not in self.path, "path", "must be a file path")


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


def parse_config(data: dict[str, Any], file: str = "<config>") -> SiteConfig:
    if "source" in data:
        raise ConfigError(file, "source", "unknown key")
    config = _build(SiteConfig, data, "", file)
    if config.broker.username not in ("", config.site.terminal_id):
        # The broker binds client ids, topics and ACL to the username: any other would put
        # this terminal on someone else's topics (or nowhere).
        raise ConfigError(file, "broker.username", "must be empty or the site's terminal_id")
    if not config.site.demo:
        _check_real_site(config, data, file)
    return config


def _check_real_site(config: SiteConfig, data: dict[str, Any], file: str) -> None:
    """What a site that is not a demo must say and must not do; see the module docstring."""
    devices = data.get("devices", {})
    for name in DEVICE_NAMES:
        if "driver" not in devices.get(name, {}):
            raise ConfigError(
                file,
                f"devices.{name}.driver",
                'required unless [site] demo = true (name the driver, or "none" if the site '
                "has no such device)",
            )
        if getattr(config.devices, name).driver == "simulated":
            raise ConfigError(
                file, f"devices.{name}.driver", "simulated only on a demo site ([site] demo = true)"
            )
    for i, bus in enumerate(config.lockers.buses):
        if bus.driver == "simulated":
            raise ConfigError(
                file,
                f"lockers.buses[{i}].driver",
                "simulated only on a demo site ([site] demo = true)",
            )
    if not config.ui.service_pin_hash:
        raise ConfigError(
            file,
            "ui.service_pin_hash",
            "required unless [site] demo = true (make one with kiosk service pin-hash)",
        )
    if config.storage.seed_sample_data:
        raise ConfigError(
            file, "storage.seed_sample_data", "sample data only on a demo site ([site] demo = true)"
        )
    trusted: dict[str, Mapping[str, object]] = {
        "identification.ecard_keys": config.identification.ecard_keys,
        "sync.trusted_command_keys": config.sync.trusted_command_keys,
    }
    for section, keys in trusted.items():
        for key_id, public in keys.items():
            if public == DEMO_ECARD_PUBLIC_KEY:
                raise ConfigError(
                    file,
                    f"{section}.{key_id}",
                    "is the demo key, whose private half is public in the repository; "
                    "only a demo site may trust it",
                )


def replace_section(config: SiteConfig, section: str, changes: dict[str, Any]) -> SiteConfig:
    """A copy of ``config`` with some keys of one section changed, validated like a file."""
    current = dataclasses.asdict(getattr(config, section))
    merged = _deep_merge(current, changes)
    rebuilt = _build(type(getattr(config, section)), merged, section, config.source or "<update>")
    return dataclasses.replace(config, **{section: rebuilt})


def _deep_merge(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _deep_merge(out[key], value)
        else:
            out[key] = value
    return out


_Section = TypeVar("_Section", bound="DataclassInstance")


def _build(cls: type[_Section], table: object, prefix: str, file: str) -> _Section:
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
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _build(hint, value, key, file)
    if origin is tuple:
        if not isinstance(value, list):
            raise ConfigError(file, key, "must be an array of tables")
        return tuple(_convert(args[0], v, f"{key}[{i}]", file) for i, v in enumerate(value))
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
    if hint is dict or origin is dict:
        if not isinstance(value, dict):
            raise ConfigError(file, key, "must be a table")
        return value
    raise ConfigError(file, key, f"unsupported type {hint}")


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key
