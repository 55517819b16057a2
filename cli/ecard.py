"""``kiosk ecard keygen | issue | verify``: the QR e-card's key and code tools.

For the library's side and for trying the kiosk by hand: make an Ed25519 key pair,
issue an e-card code for a patron with the private key, check a code with public keys.
The format and the checks themselves are in :mod:`kiosk.ecard`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping

from kiosk.ecard import (
    DEFAULT_VALIDITY_S,
    EcardError,
    EcardVerifier,
    generate_keypair,
    issue_ecard,
)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    keygen = subparsers.add_parser("keygen", help="new Ed25519 key pair / 生成密钥对")
    keygen.set_defaults(handler=_cmd_keygen)
    issue = subparsers.add_parser("issue", help="make an e-card code / 生成电子读者证")
    issue.add_argument("patron_id")
    issue.add_argument("--key-id", required=True)
    issue.add_argument("--private-key-file", required=True, help="file with the base64url key")
    issue.add_argument("--issued-at", type=int, default=None, help="Unix time (default now)")
    issue.set_defaults(handler=_cmd_issue)
    verify = subparsers.add_parser("verify", help="check an e-card code / 验证电子读者证")
    verify.add_argument("code")
    verify.add_argument("--key", action="append", default=[], metavar="KEY_ID=PUBLIC_KEY")
    verify.add_argument("--validity", type=float, default=DEFAULT_VALIDITY_S)
    verify.set_defaults(handler=_cmd_verify)


def _out(obj: Mapping[str, object]) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def _cmd_keygen(args: argparse.Namespace) -> int:
    private, public = generate_keypair()
    _out({"private_key": private, "public_key": public})
    return 0


def _cmd_issue(args: argparse.Namespace) -> int:
    with open(args.private_key_file, encoding="ascii") as handle:
        private = handle.read().strip()
    try:
        code = issue_ecard(args.patron_id, args.key_id, private, args.issued_at)
    except ValueError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 2
    _out({"ecard": code})
    return 0


def _cmd_verify(args: argparse.Namespace) -> int:
    try:
        keys = dict(k.split("=", 1) for k in args.key)
        verifier = EcardVerifier(keys, validity_s=args.validity)
    except ValueError as exc:
        sys.stderr.write(f"error: bad --key ({exc})\n")
        return 2
    try:
        card = verifier.verify(args.code)
    except EcardError as exc:
        sys.stderr.write(f"{exc.code}: {exc}\n")
        return 1
    _out({"patron_id": card.patron_id, "key_id": card.key_id, "issued_at": card.issued_at})
    return 0
