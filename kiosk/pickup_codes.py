"""Pick-up codes for locker holds: short, single use, expiring, and not guessable here.

A code is six random digits, sent to the resident by the central library (SMS / app).
The terminal stores only an HMAC of it under a secret of its own, so a copy of the
database does not reveal codes. Guessing at the kiosk is limited: after
``pickup_code_attempts`` wrong codes within ``pickup_code_lockout_minutes`` every code
is refused until the window passes (a card still works).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

CODE_DIGITS = 6
SECRET_SETTING = "pickup_code_secret"


def new_code() -> str:
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def new_secret() -> str:
    return secrets.token_hex(32)


def code_hash(secret: str, code: str) -> str:
    normalised = "".join(ch for ch in code if ch.isdigit())
    return hmac.new(bytes.fromhex(secret), normalised.encode(), hashlib.sha256).hexdigest()


def looks_like_code(text: str) -> bool:
    digits = "".join(ch for ch in text if ch.isdigit())
    return len(digits) == CODE_DIGITS and len(text.replace(" ", "")) == CODE_DIGITS
