"""The optional patron PIN: a card alone cannot borrow where the site asks for one.

A site turns it on with ``[identification] patron_pin = "required"``. A card login then
asks for the patron's PIN (4 to 8 digits, :func:`well_formed`) and checks it against the
``pin_hash`` the central library sends with the patron record. The terminal never sees
or stores the PIN itself, only that hash::

    scrypt$<log2 N>$<r>$<p>$<salt, base64>$<hash, base64>

made by the central service (:func:`make_hash`) with N=2**14, r=8, p=1: 16 MiB and tens of
milliseconds per check, so a copy of a terminal's database does not give the PINs away to
a quick search. A hash is refused (:class:`PinHashError`, counted as no PIN set) when its
parameters would make a check slower than :data:`MAX_LOG2_N` and :data:`MAX_R` allow:
a bad record cannot stall the core thread. A QR e-card counts as identified already (the
library's app authenticated the resident), and a pick-up code is a secret of its own:
neither asks for the PIN.

Guessing is limited **per card** (:func:`throttle_source`), on the steady clock
(:mod:`kiosk.lockout`), so a wall-clock change or a restart neither ends nor shortens a
wait: the first :data:`FREE_ATTEMPTS` wrong PINs cost nothing (typos); each further one
makes that card wait :data:`FIRST_DELAY_S` doubled per failure, up to
:data:`LONGEST_DELAY_S`; the right PIN, or :data:`FORGET_AFTER_S` without a wrong one,
clears the count. The bound: at most 32 guesses in a card's first 24 hours at one
terminal and 24 a day after that, 0.32 % of a 4-digit PIN's 10**4 values on the first
day (0.003 % for 6 digits). At the :data:`ALARM_AFTER`-th wrong PIN in a row an alarm
(:data:`ALARM_KIND`) goes to central, which can block the card.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

MIN_DIGITS = 4
MAX_DIGITS = 8
FREE_ATTEMPTS = 3
FIRST_DELAY_S = 60
LONGEST_DELAY_S = 3600
FORGET_AFTER_S = 24 * 3600
ALARM_AFTER = 6
ALARM_KIND = "patron_pin_guessing"
THROTTLE_SETTING = "patron_pin_throttle"
DEMO_PIN = "1357"  # the demo patrons' PIN, on demo sites only (kiosk.sample_data)

OFF = "off"
REQUIRED = "required"
MODES = (OFF, REQUIRED)

_LOG2_N, _R, _P = 14, 8, 1
MAX_LOG2_N, MAX_R, MAX_P = 15, 8, 1  # the slowest hash a terminal agrees to check
_MAXMEM = 64 * 1024 * 1024


class PinHashError(ValueError):
    """A pin_hash that is not in the format above, or too costly to check."""


def well_formed(pin: str) -> bool:
    """4 to 8 ASCII digits: the only PINs made into hashes or tried against one."""
    return MIN_DIGITS <= len(pin) <= MAX_DIGITS and all(c in "0123456789" for c in pin)


def _scrypt(pin: str, salt: bytes, log2_n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode(), salt=salt, n=2**log2_n, r=r, p=p, maxmem=_MAXMEM, dklen=32)


def make_hash(pin: str, salt: bytes | None = None) -> str:
    """The stored form of ``pin`` (central side, and the demo patrons)."""
    if not well_formed(pin):
        raise ValueError(
            f"a patron PIN must be {MIN_DIGITS} to {MAX_DIGITS} digits"
            f" / 读者密码须为{MIN_DIGITS}至{MAX_DIGITS}位数字"
        )
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = _scrypt(pin, salt, _LOG2_N, _R, _P)
    b64 = base64.b64encode
    return f"scrypt${_LOG2_N}${_R}${_P}${b64(salt).decode()}${b64(digest).decode()}"


def check_hash(encoded: str) -> tuple[int, int, int, bytes, bytes]:
    """The parts of a well-formed, affordable hash; raises :class:`PinHashError`."""
    parts = encoded.split("$")
    if len(parts) != 6 or parts[0] != "scrypt":
        raise PinHashError("pin_hash must look like scrypt$14$8$1$<salt>$<hash>")
    try:
        log2_n, r, p = (int(x) for x in parts[1:4])
        salt = base64.b64decode(parts[4], validate=True)
        expected = base64.b64decode(parts[5], validate=True)
    except ValueError as exc:
        raise PinHashError(f"pin_hash is malformed: {exc}") from None
    affordable = 10 <= log2_n <= MAX_LOG2_N and 1 <= r <= MAX_R and 1 <= p <= MAX_P
    if not (affordable and 8 <= len(salt) <= 64 and len(expected) == 32):
        raise PinHashError("pin_hash has out-of-range parameters")
    return log2_n, r, p, salt, expected


def verify(pin: str, encoded: str) -> bool:
    """True when ``pin`` matches ``encoded``; slow on purpose. Raises PinHashError."""
    log2_n, r, p, salt, expected = check_hash(encoded)
    if not well_formed(pin):
        return False
    return hmac.compare_digest(_scrypt(pin, salt, log2_n, r, p), expected)


def usable(encoded: str | None) -> bool:
    """Whether a patron record's pin_hash can be checked here (None, malformed: no)."""
    if not encoded:
        return False
    try:
        check_hash(encoded)
    except PinHashError:
        return False
    return True


def throttle_source(patron_id: str) -> str:
    """The key a card's wrong PINs are counted under: not the patron id itself."""
    return hashlib.sha256(f"patron-pin:{patron_id}".encode()).hexdigest()[:24]


def delay_after(failures: int) -> float:
    """Seconds a card waits after its ``failures``-th wrong PIN in a row."""
    extra = failures - FREE_ATTEMPTS - 1
    if extra < 0:
        return 0.0
    return float(min(FIRST_DELAY_S * 2 ** min(extra, 32), LONGEST_DELAY_S))
