"""``kiosk service pin-hash``: make a ``[ui] service_pin_hash`` for a site file.

The PIN is read twice from the terminal without echo (or once from standard input with
``--stdin``); a PIN of fewer than 6 digits is refused (:mod:`kiosk.service_pin`).
"""

from __future__ import annotations

import argparse
import getpass
import sys

from kiosk.service_pin import make_hash


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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
