"""The maintenance PIN: a slow salted hash in the site file, and a lockout after failures.

Format of ``[ui] service_pin_hash`` (one string)::

    scrypt$<log2 N>$<r>$<p>$<salt, base64>$<hash, base64>

scrypt with N=2**15, r=8, p=1 takes tens of milliseconds and 32 MiB per guess, so a copied
site file does not give the PIN away to a quick search of all 4-8 digit PINs. An empty
setting means the demo PIN :data:`DEMO_PIN`, accepted only with simulated devices.

After :data:`MAX_FAILURES` wrong PINs in a row the service login is locked for
:data:`LOCKOUT_S` seconds; the count lives in the store, so restarting the kiosk does not
reset it. Make a hash with ``kiosk service pin-hash`` (or ``python -m ui.service_pin``).
No Qt here: the CLI must not load it.
"""

from __future__ import annotations

import argparse
import base64
import getpass
import hashlib
import hmac
import json
import secrets
import sys
from dataclasses import dataclass
from datetime import datetime

DEMO_PIN = "2468"
MAX_FAILURES = 5
LOCKOUT_S = 300
FAILURES_SETTING = "service_pin_failures"
STAFF_CARDS_SETTING = "service_staff_cards"
DEMO_STAFF_CARD = "3309000000001"  # the simulator window's staff card

_LOG2_N, _R, _P = 15, 8, 1
_MAXMEM = 64 * 1024 * 1024


class PinFormatError(ValueError):
    """A service_pin_hash that is not in the format above."""


def _scrypt(pin: str, salt: bytes, log2_n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode(), salt=salt, n=2**log2_n, r=r, p=p, maxmem=_MAXMEM, dklen=32)


def make_hash(pin: str) -> str:
    if not (pin.isdigit() and 4 <= len(pin) <= 12):
        raise ValueError("the PIN must be 4 to 12 digits")
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
    locked_for_s: int = 0  # >0: locked now, no PIN was tried
    failures_left: int = MAX_FAILURES


class PinGuard:
    """Checks PINs against the site's hash (or the demo PIN) with a persistent lockout.

    Call from the worker thread: verification is deliberately slow.
    """

    def __init__(self, store, encoded: str, simulated: bool):
        self.store = store
        self.encoded = encoded
        self.demo = not encoded and simulated
        self._demo_hash = make_hash(DEMO_PIN) if self.demo else ""

    @property
    def enabled(self) -> bool:
        return bool(self.encoded) or self.demo

    def _state(self) -> dict:
        raw = self.store.get_setting(FAILURES_SETTING)
        return json.loads(raw) if raw else {"count": 0, "locked_until": 0.0}

    def check(self, pin: str, now: datetime) -> PinCheck:
        state = self._state()
        stamp = now.timestamp()
        if state["locked_until"] > stamp:
            return PinCheck(False, int(state["locked_until"] - stamp) + 1, 0)
        ok = self.enabled and verify(pin, self.encoded or self._demo_hash)
        if ok:
            state = {"count": 0, "locked_until": 0.0}
        else:
            state["count"] += 1
            if state["count"] >= MAX_FAILURES:
                state = {"count": 0, "locked_until": stamp + LOCKOUT_S}
        self.store.set_setting(FAILURES_SETTING, json.dumps(state))
        if state["locked_until"] > stamp:
            return PinCheck(False, LOCKOUT_S, 0)
        return PinCheck(ok, 0, MAX_FAILURES - state["count"])

    def staff_cards(self) -> set[str]:
        raw = self.store.get_setting(STAFF_CARDS_SETTING)
        if raw:
            return {c.strip() for c in raw.split(",") if c.strip()}
        return {DEMO_STAFF_CARD} if self.demo else set()


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "pin-hash", help="make a service_pin_hash for a site file / 生成维护密码哈希"
    )
    parser.add_argument(
        "--stdin", action="store_true", help="read the PIN from standard input, not a prompt"
    )
    parser.set_defaults(handler=_cmd_pin_hash)


def _cmd_pin_hash(args: argparse.Namespace) -> int:
    if args.stdin:
        pin = sys.stdin.readline().strip()
    else:
        pin = getpass.getpass("Service PIN / 维护密码: ")
        if getpass.getpass("Again / 再输一次: ") != pin:
            sys.stderr.write("the two PINs differ / 两次输入不一致\n")
            return 2
    try:
        encoded = make_hash(pin)
    except ValueError as exc:
        sys.stderr.write(f"{exc}\n")
        return 2
    sys.stdout.write(f'service_pin_hash = "{encoded}"\n')
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ui.service_pin")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv if argv is not None else ["pin-hash", *sys.argv[1:]])
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
