"""How central reaches the library's own system over SIP2: one ``[sip2]`` table in a TOML file.

Read by ``kiosk central run --sip2 FILE.toml`` (and by tests). Validated like the site file:
an unknown key or a bad value is refused with the file, the key and the reason. The login
password is not in the file: ``password_env`` names the environment variable holding it.

    [sip2]
    host = "ils.library.example"
    port = 6001
    institution = "SZLIB"
    location = "KIOSK-01"
    username = "selfcheck"
    password_env = "KIOSK_SIP2_PASSWORD"
    error_detection = true       # AY sequence numbers and AZ checksums
    encoding = "gb18030"         # or "utf-8"
    tls = true
    tls_ca = "/etc/kiosk/ils-ca.pem"
    retry_max_s = 300            # applying events: longest wait between attempts
    patron_cache_ttl_s = 300     # how long a library answer may stand in for the next
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from central.sip2.codec import ENCODINGS


class Sip2ConfigError(ValueError):
    """A SIP2 settings file or value that cannot be used: where, which key, why."""

    def __init__(self, source: str, key: str, reason: str) -> None:
        super().__init__(f"{source}: {key}: {reason}")
        self.source, self.key, self.reason = source, key, reason


@dataclass(frozen=True)
class Sip2Settings:
    """Everything needed to talk to one library system."""

    host: str
    port: int = 6001
    institution: str = ""
    location: str = ""
    username: str = ""
    password: str = ""
    terminal_password: str = ""
    error_detection: bool = True
    encoding: str = "utf-8"
    delimiter: str = "|"
    tls: bool = False
    tls_ca: str | None = None
    tls_server_name: str | None = None
    # Seconds to wait for one response before re-sending (the spec's "timer").
    timeout_s: float = 5.0
    # Re-transmissions of one request before communications are taken as failed.
    retries: int = 2
    connect_timeout_s: float = 5.0
    pool_size: int = 2
    # The library system's local offset, for dates it sends with a blank zone.
    library_utc_offset_hours: float = 8.0
    # Loans, returns and renewals stored at central are applied in the library system.
    apply_events: bool = True
    # When the library system cannot be asked, an event waits retry_min_s, doubling with
    # each failed attempt up to retry_max_s; nothing is dropped.
    retry_min_s: float = 5.0
    retry_max_s: float = 300.0
    # A patron check waits this long for the library system (a terminal waits 2 s by default
    # for the whole answer), then answers from its last library answer if it is younger than
    # patron_cache_ttl_s, else from central's own patron record.
    patron_timeout_s: float = 1.5
    patron_cache_ttl_s: float = 300.0

    def __post_init__(self) -> None:
        checks: list[tuple[str, bool, str]] = [
            ("host", bool(self.host), "must not be empty"),
            ("port", 0 < self.port < 65536, "must be 1-65535"),
            ("encoding", self.encoding in ENCODINGS, f"must be one of {', '.join(ENCODINGS)}"),
            (
                "delimiter",
                len(self.delimiter) == 1 and self.delimiter.isascii() and self.delimiter != "\r",
                "must be one ASCII character other than CR",
            ),
            ("timeout_s", 0 < self.timeout_s <= 60, "must be over 0 and at most 60"),
            ("connect_timeout_s", 0 < self.connect_timeout_s <= 60, "must be over 0, at most 60"),
            ("retries", 0 <= self.retries <= 9, "must be 0-9"),
            ("pool_size", 1 <= self.pool_size <= 16, "must be 1-16"),
            ("library_utc_offset_hours", -14 <= self.library_utc_offset_hours <= 14, "bad offset"),
            ("tls_ca", self.tls_ca is None or self.tls, "needs tls = true"),
            ("retry_min_s", 0 < self.retry_min_s <= 3600, "must be over 0 and at most 3600"),
            (
                "retry_max_s",
                self.retry_min_s <= self.retry_max_s <= 86400,
                "must be at least retry_min_s and at most 86400",
            ),
            ("patron_timeout_s", 0 < self.patron_timeout_s <= 30, "must be over 0, at most 30"),
            ("patron_cache_ttl_s", 0 <= self.patron_cache_ttl_s <= 86400, "must be 0-86400"),
        ]
        for name in ("institution", "location", "username", "password", "terminal_password"):
            value = getattr(self, name)
            checks.append(
                (name, self.delimiter not in value and "\r" not in value, "contains the delimiter")
            )
        for key, ok, reason in checks:
            if not ok:
                raise Sip2ConfigError("settings", key, reason)


_TYPES: dict[str, type | tuple[type, ...]] = {
    "host": str,
    "port": int,
    "institution": str,
    "location": str,
    "username": str,
    "password_env": str,
    "terminal_password_env": str,
    "error_detection": bool,
    "encoding": str,
    "delimiter": str,
    "tls": bool,
    "tls_ca": str,
    "tls_server_name": str,
    "timeout_s": (int, float),
    "retries": int,
    "connect_timeout_s": (int, float),
    "pool_size": int,
    "library_utc_offset_hours": (int, float),
    "apply_events": bool,
    "retry_min_s": (int, float),
    "retry_max_s": (int, float),
    "patron_timeout_s": (int, float),
    "patron_cache_ttl_s": (int, float),
}


def load_sip2_settings(path: str | Path, environ: dict[str, str] | None = None) -> Sip2Settings:
    """The ``[sip2]`` table of ``path``, validated; secrets from the environment."""
    env = os.environ if environ is None else environ
    source = str(path)
    try:
        document = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise Sip2ConfigError(source, "-", "file not found") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise Sip2ConfigError(source, "-", f"not a readable TOML file: {exc}") from None
    table = document.get("sip2")
    if not isinstance(table, dict):
        raise Sip2ConfigError(source, "sip2", "a [sip2] table is required")
    values: dict[str, Any] = {}
    for key, value in table.items():
        expected = _TYPES.get(key)
        if expected is None:
            raise Sip2ConfigError(source, f"sip2.{key}", "unknown key")
        # bool is an int in Python; a port of `true` is still a mistake.
        if not isinstance(value, expected) or (isinstance(value, bool) and expected is not bool):
            raise Sip2ConfigError(source, f"sip2.{key}", "wrong type")
        values[key] = value
    for secret_key, target in (("password_env", "password"), ("terminal_password_env", None)):
        if secret_key in values:
            name = values.pop(secret_key)
            if name not in env:
                raise Sip2ConfigError(source, f"sip2.{secret_key}", f"${name} is not set")
            values[target or "terminal_password"] = env[name]
    if "host" not in values:
        raise Sip2ConfigError(source, "sip2.host", "required key is missing")
    known = {f.name for f in fields(Sip2Settings)}
    try:
        return Sip2Settings(**{k: v for k, v in values.items() if k in known})
    except Sip2ConfigError as exc:
        raise Sip2ConfigError(source, f"sip2.{exc.key}", exc.reason) from None
