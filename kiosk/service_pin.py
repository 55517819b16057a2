"""The maintenance PIN: a slow salted hash in the site file, and growing lockouts.

Format of ``[ui] service_pin_hash`` (one string)::

    scrypt$<log2 N>$<r>$<p>$<salt, base64>$<hash, base64>

scrypt with N=2**15, r=8, p=1 takes tens of milliseconds and 32 MiB per guess, so a copied
site file does not give the PIN away to a quick search. A PIN has 6 to 12 digits
(:data:`MIN_DIGITS`): ``kiosk service pin-hash`` refuses shorter ones, and the kiosk
refuses to try a shorter PIN against a hash (it is not counted as a guess), so a hash
made from a 4-digit PIN by an earlier version no longer opens service mode: make a new
one (staff cards keep working). An empty setting means the demo PIN :data:`DEMO_PIN`,
accepted only with simulated devices.

Guessing at an unattended kiosk: the first :data:`MAX_FAILURES` wrong PINs in a row are
free (typos); each further one locks the service login for :data:`LOCKOUT_S` doubled
per failure, up to :data:`LONGEST_LOCKOUT_S`; the right PIN clears the count. With the
defaults an attacker gets 5 + 8 PINs in the first 24 h (locks of 5, 10, 20 ... 320 min,
then 8 h) and 3 a day after that: about 1,100 a year, 0.11 % of the 10**6 six-digit
PINs (the old rule, 5 per 5 minutes on 4 digits, searched them all in 3.5 days). The
lockout runs on the steady clock (:mod:`kiosk.lockout`): a wall-clock jump neither ends
nor stretches it, and a restart or reboot does not end it. At the first lockout an
alarm (``service_pin_guessing``) goes to central. Make a hash with
``kiosk service pin-hash`` (:mod:`cli.service`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Protocol

from kiosk.lockout import GuessThrottle, SettingsStore, SteadyClock, system_steady_clock

DEMO_PIN = "246802"
MIN_DIGITS = 6
MAX_DIGITS = 12
MAX_FAILURES = 5
LOCKOUT_S = 300
LONGEST_LOCKOUT_S = 8 * 3600
THROTTLE_SETTING = "service_pin_throttle"
THROTTLE_SOURCE = "service_login"
ALARM_KIND = "service_pin_guessing"
STAFF_CARDS_SETTING = "service_staff_cards"
DEMO_STAFF_CARD = "3309000000001"  # the simulator window's staff card

_LOG2_N, _R, _P = 15, 8, 1
_MAXMEM = 64 * 1024 * 1024


class PinFormatError(ValueError):
    """A service_pin_hash that is not in the format above."""


def _scrypt(pin: str, salt: bytes, log2_n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode(), salt=salt, n=2**log2_n, r=r, p=p, maxmem=_MAXMEM, dklen=32)


def well_formed(pin: str) -> bool:
    """6 to 12 ASCII digits: the only PINs that are made into hashes or tried against one."""
    return MIN_DIGITS <= len(pin) <= MAX_DIGITS and all(c in "0123456789" for c in pin)


def lockout_after(failures: int) -> float:
    """Seconds the service login stays locked after the ``failures``-th wrong PIN in a row."""
    if failures < MAX_FAILURES:
        return 0.0
    return float(min(LOCKOUT_S * 2 ** min(failures - MAX_FAILURES, 32), LONGEST_LOCKOUT_S))


def make_hash(pin: str) -> str:
    if not well_formed(pin):
        raise ValueError(
            f"the PIN must be {MIN_DIGITS} to {MAX_DIGITS} digits"
            f" / 维护密码须为 {MIN_DIGITS} 至 {MAX_DIGITS} 位数字"
        )
    salt = secrets.token_bytes(16)
    digest = _scrypt(pin, salt, _LOG2_N, _R, _P)
    b64 = base64.b64encode
    return f"scrypt${_LOG2_N}${_R}${_P}${b64(salt).decode()}${b64(digest).decode()}"


def verify(pin: str, encoded: str) -> bool:
    """True when ``pin`` matches ``encoded``; slow on purpose. Raises PinFormatError."""
    parts = encoded.split("$")
    if len(parts) != 6 or parts[0] != "scrypt":
        raise PinFormatError("service_pin_hash must look like scrypt$15$8$1$<salt>$<hash>")
    try:
        log2_n, r, p = (int(x) for x in parts[1:4])
        salt = base64.b64decode(parts[4], validate=True)
        expected = base64.b64decode(parts[5], validate=True)
    except ValueError as exc:
        raise PinFormatError(f"service_pin_hash is malformed: {exc}") from None
    if not (10 <= log2_n <= 20 and 1 <= r <= 32 and 1 <= p <= 4 and salt and expected):
        raise PinFormatError("service_pin_hash has out-of-range parameters")
    return hmac.compare_digest(_scrypt(pin, salt, log2_n, r, p), expected)


@dataclass(frozen=True)
class PinCheck:
    ok: bool
    locked_for_s: int = 0  # >0: locked now (after this PIN, or no PIN was tried)
    failures_left: int = MAX_FAILURES  # wrong PINs before the next lockout
    too_short: bool = False  # not 6-12 digits: not tried, not counted


class PinStore(SettingsStore, Protocol):
    """What the guard needs of the store: its throttle's settings and an alarm."""

    def raise_alarm_once(
        self, kind: str, subject: str, detail: dict[str, object] | None = None
    ) -> int | None: ...


class PinGuard:
    """Checks PINs against the site's hash (or the demo PIN) with a persistent lockout.

    Call from the worker thread: verification is deliberately slow.
    """

    def __init__(
        self,
        store: PinStore,
        encoded: str,
        simulated: bool,
        steady: SteadyClock | None = None,
    ) -> None:
        self.store = store
        self.encoded = encoded
        self.demo = not encoded and simulated
        self._demo_hash = make_hash(DEMO_PIN) if self.demo else ""
        self.throttle = GuessThrottle(
            store, THROTTLE_SETTING, lockout_after, steady or system_steady_clock()
        )

    @property
    def enabled(self) -> bool:
        return bool(self.encoded) or self.demo

    def check(self, pin: str) -> PinCheck:
        verdict = self.throttle.check(THROTTLE_SOURCE)
        if verdict.wait_s:
            return PinCheck(False, verdict.wait_s, 0)
        left = max(0, MAX_FAILURES - verdict.failures)
        if not well_formed(pin):
            return PinCheck(False, 0, left, too_short=True)
        if self.enabled and verify(pin, self.encoded or self._demo_hash):
            self.throttle.succeeded(THROTTLE_SOURCE)
            return PinCheck(True)
        verdict = self.throttle.failed(THROTTLE_SOURCE)
        if verdict.failures >= MAX_FAILURES:
            self.store.raise_alarm_once(
                ALARM_KIND,
                THROTTLE_SOURCE,
                {"failures": verdict.failures, "locked_s": verdict.wait_s},
            )
        return PinCheck(False, verdict.wait_s, max(0, MAX_FAILURES - verdict.failures))

    def staff_cards(self) -> set[str]:
        raw = self.store.get_setting(STAFF_CARDS_SETTING)
        if raw:
            return {c.strip() for c in raw.split(",") if c.strip()}
        return {DEMO_STAFF_CARD} if self.demo else set()
