"""Pick-up codes for locker holds: short, single use, expiring, and not guessable here.

A code is six random digits, sent to the resident by the central library (SMS / app).
The terminal stores only an HMAC of it under a secret of its own, so a copy of the
database does not reveal codes.

Guessing at the kiosk is limited per **source** of guesses, :class:`CodeSource`: the
on-screen keypad and the QR scanner (the app shows the code as a QR code). A kiosk
cannot tell one person from the next at its keypad (a "session" is just pressing a
button again), but the two input paths can be told apart: a passer-by trying codes on
the keypad does not stop the rightful owner scanning the code from the app, and a card
always works. Per source, the first ``pickup_code_attempts`` wrong codes cost nothing
(typos); each further one makes that source wait, doubling from
:data:`FIRST_DELAY_S` up to ``pickup_code_lockout_minutes``; after
:data:`FORGET_AFTER_MAX_DELAYS` longest waits without a wrong code the source starts
afresh. While a source waits, no code from it is looked at (the rightful one included),
and the resident is told how long. Waits are kept on the steady clock
(:mod:`kiosk.lockout`), so neither a wall-clock change nor a restart shortens them.

The bound, with the defaults (5 free, 30-60-120-240 s, then 360 s; forgiven after
3600 s quiet): one source tries at most 9 codes in its first 450 s and one per 360 s
after that, so at most ``9 + T/360`` codes in any T seconds (a forgiveness costs 3600 s
of quiet, i.e. 10 codes of budget, and gives back at most 9). Both sources together:
at most ``18 + T/180``, a sustained 20 codes per hour per terminal, at most 498 a day.
With 20 ready codes among 10**6, the chance that a day of guessing opens any
compartment is at most 498 * 20 / 10**6 ≈ 1.0 %. The rightful owner waits at most
360 s (or scans, or uses the card). An alarm goes to central once a source has
:data:`ALARM_AFTER_EXTRA` wrong codes beyond the free ones.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from enum import Enum

CODE_DIGITS = 6
SECRET_SETTING = "pickup_code_secret"
THROTTLE_SETTING = "pickup_code_throttle"
ALARM_KIND = "pickup_code_guessing"
FIRST_DELAY_S = 30
FORGET_AFTER_MAX_DELAYS = 10
ALARM_AFTER_EXTRA = 3

_CODE = re.compile(rf"[0-9]{{{CODE_DIGITS}}}")


class CodeSource(Enum):
    """Where a pick-up code was entered: each has its own guess limit."""

    KEYPAD = "keypad"
    SCANNER = "scanner"


def new_code() -> str:
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def new_secret() -> str:
    return secrets.token_hex(32)


def normalise(text: str) -> str | None:
    """The six ASCII digits of an entered code (spaces ignored), or None if it is not one."""
    compact = "".join(text.split())
    return compact if _CODE.fullmatch(compact) else None


def code_hash(secret: str, code: str) -> str:
    normalised = "".join(ch for ch in code if ch in "0123456789")
    return hmac.new(bytes.fromhex(secret), normalised.encode(), hashlib.sha256).hexdigest()


def delay_after(failures: int, free_attempts: int, max_delay_s: float) -> float:
    """Seconds one source waits after its ``failures``-th wrong code in a row."""
    extra = failures - free_attempts
    if extra < 0:
        return 0.0
    return float(min(FIRST_DELAY_S * 2 ** min(extra, 32), max_delay_s))
