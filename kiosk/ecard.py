"""The QR e-card: a short-lived, signed login code shown by the library's app.

Residents without a plastic card log in with a dynamic QR code. The library's server (or
the app, with a key the library issued to it) signs the patron id and the issue time
with **Ed25519**; kiosks hold only the public keys, so a kiosk taken apart yields nothing
that could make e-cards. The code is compact ASCII that fits a small QR code::

    LKE1.<key id>.<patron id>.<issued at>.<nonce>.<signature>

    LKE1        format and version
    key id      which library key signed it: [A-Za-z0-9_-]{1,16} (keys can be rotated)
    patron id   [0-9A-Za-z-]{1,32}
    issued at   Unix time in seconds, decimal
    nonce       6 random bytes, base64url without padding (8 characters)
    signature   Ed25519 over the ASCII text before the last ".", base64url (86 characters)

A kiosk accepts a code from ``issued_at - skew_s`` to ``issued_at + validity_s + skew_s``
by its own clock (default 60 s validity, 15 s skew), so a screenshot is useless a minute
later. **Re-use within validity is allowed**: a resident whose first scan fails (or who
logs out and back in) may scan the same code again while it is valid; it identifies the
same person and grants nothing more. **Replay after validity is refused even if the
kiosk clock jumps back, and across restarts**: the verifier remembers every code it
accepted (a SHA-256 of its text) with the steady clock of :mod:`kiosk.lockout`
(monotonic seconds and the boot they belong to), in the kiosk's store when it is given
one, and refuses it once ``validity_s + skew_s`` have passed on that clock, or when it
was accepted in an earlier boot, whatever the wall clock says afterwards.

No devices; its only I/O is the store it is given. The ``kiosk ecard`` helper command
is in :mod:`cli.ecard`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from kiosk.lockout import SteadyClock, system_steady_clock

PREFIX = "LKE1"
DEFAULT_VALIDITY_S = 60
DEFAULT_SKEW_S = 15
NONCE_BYTES = 6

_KEY_ID = r"[A-Za-z0-9_-]{1,16}"
_PATRON = r"[0-9A-Za-z-]{1,32}"
_B64 = r"[A-Za-z0-9_-]"
_FORMAT = re.compile(
    rf"{PREFIX}\.(?P<kid>{_KEY_ID})\.(?P<pid>{_PATRON})\.(?P<iat>[0-9]{{1,12}})"
    rf"\.(?P<nonce>{_B64}{{8}})\.(?P<sig>{_B64}{{86}})"
)


class EcardError(Exception):
    """An e-card that must not log anyone in. ``code`` keys the bilingual message."""

    code = "ecard_invalid"


class EcardMalformed(EcardError):
    code = "ecard_malformed"


class EcardUnknownKey(EcardError):
    code = "ecard_unknown_key"


class EcardBadSignature(EcardError):
    code = "ecard_bad_signature"


class EcardExpired(EcardError):
    code = "ecard_expired"


class EcardNotYetValid(EcardError):
    code = "ecard_not_yet_valid"


class EcardReplayed(EcardError):
    code = "ecard_replayed"


# What the resident sees (zh, en). All say what to do next.
MESSAGES: dict[str, tuple[str, str]] = {
    EcardMalformed.code: (
        "无法识别此二维码，请打开图书馆App的电子读者证。",
        "This QR code is not a library e-card. Open the e-card in the library app.",
    ),
    EcardUnknownKey.code: (
        "此电子读者证无法在本机验证，请刷新二维码后重试。",
        "This e-card cannot be checked here. Refresh the code in the app and try again.",
    ),
    EcardBadSignature.code: (
        "电子读者证验证失败，请刷新二维码后重试。",
        "The e-card could not be verified. Refresh the code in the app and try again.",
    ),
    EcardExpired.code: (
        "二维码已过期，请在App中刷新后重新扫描。",
        "This code has expired. Refresh it in the app and scan again.",
    ),
    EcardNotYetValid.code: (
        "二维码时间异常，请检查手机时间后刷新。",
        "This code's time is wrong. Check your phone's clock and refresh the code.",
    ),
    EcardReplayed.code: (
        "此二维码已使用过且已过期，请刷新后重新扫描。",
        "This code was already used and has expired. Refresh it and scan again.",
    ),
}


@dataclass(frozen=True)
class Ecard:
    """A verified e-card."""

    patron_id: str
    key_id: str
    issued_at: int
    nonce: str


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def generate_keypair() -> tuple[str, str]:
    """A new (private, public) key pair, each 32 bytes as base64url text."""
    private = Ed25519PrivateKey.generate()
    return _b64encode(private.private_bytes_raw()), _b64encode(
        private.public_key().public_bytes_raw()
    )


def public_key_of(private_key: str) -> str:
    return _b64encode(_load_private(private_key).public_key().public_bytes_raw())


def issue_ecard(
    patron_id: str,
    key_id: str,
    private_key: str,
    issued_at: int | None = None,
    nonce: str | None = None,
) -> str:
    """The e-card text for ``patron_id``: what the library's side puts in the QR code."""
    issued_at = int(time.time()) if issued_at is None else int(issued_at)
    nonce = nonce or _b64encode(secrets.token_bytes(NONCE_BYTES))
    body = f"{PREFIX}.{key_id}.{patron_id}.{issued_at}.{nonce}"
    signature = _b64encode(_load_private(private_key).sign(body.encode("ascii")))
    text = f"{body}.{signature}"
    if not _FORMAT.fullmatch(text):
        raise ValueError("key id, patron id, time or nonce outside the e-card format")
    return text


def _load_private(private_key: str) -> Ed25519PrivateKey:
    try:
        return Ed25519PrivateKey.from_private_bytes(_b64decode(private_key))
    except (ValueError, binascii.Error):
        raise ValueError("an e-card private key is 32 bytes in base64url") from None


class AcceptedCodes(Protocol):
    """Where a verifier remembers accepted e-cards: :class:`kiosk.store.Store` in a kiosk."""

    def ecard_accepted_before(
        self, digest: str, boot: str, steady: float, forget_steady_s: float
    ) -> tuple[str, float] | None: ...

    def remember_ecard(self, digest: str, boot: str, steady: float) -> None: ...


class _ProcessMemory:
    """Accepted e-cards remembered for this process only (tests, the helper command)."""

    def __init__(self) -> None:
        self._seen: dict[str, tuple[str, float]] = {}

    def ecard_accepted_before(
        self, digest: str, boot: str, steady: float, forget_steady_s: float
    ) -> tuple[str, float] | None:
        for old in [
            d for d, (b, t) in self._seen.items() if b == boot and steady - t > forget_steady_s
        ]:
            del self._seen[old]
        return self._seen.get(digest)

    def remember_ecard(self, digest: str, boot: str, steady: float) -> None:
        self._seen.setdefault(digest, (boot, steady))


class EcardVerifier:
    """Checks e-cards on one kiosk. Thread-safe; remembers the codes it accepted.

    ``keys`` maps key id -> public key (base64url), as in the site configuration
    ``[identification] ecard_keys``. ``memory`` keeps accepted codes across restarts
    (the kiosk's store); without it they are kept in this process only. ``wall_clock``,
    ``monotonic`` and ``boot_id`` are injectable so that tests can move the kiosk's
    clocks and simulate a reboot.
    """

    def __init__(
        self,
        keys: dict[str, str],
        validity_s: float = DEFAULT_VALIDITY_S,
        skew_s: float = DEFAULT_SKEW_S,
        *,
        memory: AcceptedCodes | None = None,
        wall_clock: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
        boot_id: str | None = None,
    ):
        if validity_s <= 0 or skew_s < 0:
            raise ValueError("e-card validity must be positive and skew not negative")
        self._keys: dict[str, Ed25519PublicKey] = {}
        for key_id, public in keys.items():
            if not re.fullmatch(_KEY_ID, key_id):
                raise ValueError(f"e-card key id {key_id!r} is not [A-Za-z0-9_-]{{1,16}}")
            try:
                self._keys[key_id] = Ed25519PublicKey.from_public_bytes(_b64decode(public))
            except (ValueError, binascii.Error):
                raise ValueError(f"e-card key {key_id!r}: not a 32-byte base64url key") from None
        self.validity_s = validity_s
        self.skew_s = skew_s
        self._wall_clock = wall_clock
        self._steady = SteadyClock(boot_id or system_steady_clock().boot_id, monotonic)
        self._memory = memory if memory is not None else _ProcessMemory()
        self._lock = threading.Lock()

    @staticmethod
    def looks_like_ecard(text: str) -> bool:
        """True for text that claims to be an e-card (so the UI does not try it as a book)."""
        return text.strip().startswith(PREFIX + ".")

    def verify(self, text: str) -> Ecard:
        """The e-card, if it may log in now; else raises an :class:`EcardError`."""
        match = _FORMAT.fullmatch(text.strip())
        if match is None:
            raise EcardMalformed("not an LKE1 e-card")
        key = self._keys.get(match["kid"])
        if key is None:
            raise EcardUnknownKey(f"no e-card key {match['kid']!r} on this kiosk")
        body = text.strip().rsplit(".", 1)[0]
        try:
            signature = _b64decode(match["sig"])
            key.verify(signature, body.encode("ascii"))
        except (InvalidSignature, ValueError, binascii.Error):
            raise EcardBadSignature("signature does not match") from None
        if _b64encode(signature) != match["sig"]:
            # The last character carries 4 unused bits: only one spelling is the code.
            raise EcardBadSignature("signature not in its canonical spelling")
        card = Ecard(match["pid"], match["kid"], int(match["iat"]), match["nonce"])
        self._check_time(card, body)
        return card

    def _check_time(self, card: Ecard, body: str) -> None:
        lifetime = self.validity_s + self.skew_s
        steady = self._steady.now()
        boot = self._steady.boot_id
        digest = hashlib.sha256(body.encode("ascii")).hexdigest()
        with self._lock:
            # Each accepted code is kept a day past its lifetime: long enough to outlast
            # any clock correction, short enough that the memory stays small.
            first = self._memory.ecard_accepted_before(digest, boot, steady, lifetime + 86_400)
            if first is not None and (first[0] != boot or steady - first[1] > lifetime):
                raise EcardReplayed("this e-card was accepted before and its time is up")
            age = self._wall_clock() - card.issued_at
            if age < -self.skew_s:
                raise EcardNotYetValid(f"issued {-age:.0f} s in the future")
            if age > lifetime:
                raise EcardExpired(f"issued {age:.0f} s ago, valid {self.validity_s:g} s")
            if first is None:
                self._memory.remember_ecard(digest, boot, steady)


# -- ``kiosk ecard``: keys and test codes for the library's side -------------------------
