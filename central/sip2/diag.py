"""``kiosk diag sip2``: ask the library system one question over SIP2 and print the answer.

    kiosk diag sip2 --host H --port P [--user U --password W] [--location L]
                    [--institution I] [--no-checksums] [--encoding gb18030] [--tls]
                    (status | patron ID [--pin PIN] | item ID)

One JSON document on stdout and exit 0 on success; one line on stderr and a non-zero exit
otherwise (1: the library system failed or refused, 2: bad arguments, 3: no answer in time).
Whatever the retries would do, the command ends within :data:`DIAG_DEADLINE_S`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from typing import Any

from central.sip2.client import Sip2Client, Sip2Pool
from central.sip2.config import Sip2ConfigError, Sip2Settings
from central.sip2.connection import Sip2Error

DIAG_DEADLINE_S = 10.0
# Each wait for one answer; with the re-sends the whole command still fits the deadline.
ANSWER_TIMEOUT_S = 3.0
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_TIMEOUT = 0, 1, 2, 3


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "sip2", help="ask the library system over SIP2 / 测试图书馆系统 SIP2 连接"
    )
    parser.add_argument("--host", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--user", default="", help="SIP2 login user (93); none: no login")
    parser.add_argument("--password", default=None, help="SIP2 login password")
    parser.add_argument(
        "--password-env", default=None, help="environment variable holding the login password"
    )
    parser.add_argument("--location", default="")
    parser.add_argument("--institution", default="")
    parser.add_argument(
        "--no-checksums", action="store_true", help="no AY sequence numbers or AZ checksums"
    )
    parser.add_argument("--encoding", choices=("utf-8", "gb18030"), default="utf-8")
    parser.add_argument("--tls", action="store_true")
    parser.add_argument("--tls-ca", default=None, help="CA file for the library system's cert")
    commands = parser.add_subparsers(dest="sip2_action", required=True, metavar="COMMAND")
    commands.add_parser("status", help="SC status (99/98)")
    patron = commands.add_parser("patron", help="patron information (63/64)")
    patron.add_argument("patron_id")
    patron.add_argument("--pin", default=None)
    item = commands.add_parser("item", help="item information (17/18)")
    item.add_argument("item_id")
    parser.set_defaults(handler=run)


def _settings(args: argparse.Namespace) -> Sip2Settings:
    password = args.password
    if password is None and args.password_env:
        password = os.environ.get(args.password_env, "")
    return Sip2Settings(
        host=args.host,
        port=args.port,
        institution=args.institution,
        location=args.location,
        username=args.user,
        password=password or "",
        error_detection=not args.no_checksums,
        encoding=args.encoding,
        tls=args.tls,
        tls_ca=args.tls_ca,
        timeout_s=ANSWER_TIMEOUT_S,
        connect_timeout_s=ANSWER_TIMEOUT_S,
        retries=1,
        pool_size=1,
    )


def answer(client: Sip2Client, args: argparse.Namespace, deadline: float) -> dict[str, Any]:
    """The JSON document for one diag command."""
    if args.sip2_action == "status":
        status = client.status(deadline)
        return {
            "online": status.online,
            "institution": status.institution,
            "supported": list(status.supported),
        }
    if args.sip2_action == "patron":
        info = client.patron_information(args.patron_id, args.pin, deadline)
        return {
            "patron_id": info.patron_id or args.patron_id,
            # Without BL (optional, p. 26) an empty personal name is taken as "unknown":
            # our reading, not a rule of the spec.
            "valid": info.valid if info.valid is not None else bool(info.name),
            "pin_ok": info.pin_ok,
            "name": info.name,
            "charged": info.charged or 0,
            "holds": info.holds or 0,
            "blocked": info.blocked,
            "message": info.message,
        }
    item = client.item_information(args.item_id, deadline)
    return {
        "item_id": item.item_id or args.item_id,
        "title": item.title,
        "status": item.status,
        "due": item.due,
    }


def run(args: argparse.Namespace) -> int:
    try:
        settings = _settings(args)
    except Sip2ConfigError as exc:
        sys.stderr.write(f"参数错误 / bad argument: {exc.key}: {exc.reason}\n")
        return EXIT_USAGE
    outcome: dict[str, int] = {}
    started = time.monotonic()
    # Leave a margin under the hard deadline for printing and closing.
    deadline = started + DIAG_DEADLINE_S - 0.5

    def action() -> None:
        pool = Sip2Pool(settings)
        try:
            document = answer(Sip2Client(pool), args, deadline)
            sys.stdout.write(json.dumps(document, ensure_ascii=False) + "\n")
            sys.stdout.flush()
            outcome["rc"] = EXIT_OK
        except Sip2Error as exc:
            sys.stderr.write(f"图书馆系统错误 / library system error: {exc}\n")
            outcome["rc"] = EXIT_FAILED
        except ValueError as exc:
            sys.stderr.write(f"参数错误 / bad argument: {exc}\n")
            outcome["rc"] = EXIT_USAGE
        finally:
            pool.close()

    worker = threading.Thread(target=action, name="diag-action", daemon=True)
    worker.start()
    worker.join(DIAG_DEADLINE_S - (time.monotonic() - started))
    if worker.is_alive():
        sys.stderr.write(f"超时 / timeout: no answer within {DIAG_DEADLINE_S:g} s\n")
        sys.stderr.flush()
        os._exit(EXIT_TIMEOUT)
    return outcome.get("rc", EXIT_FAILED)
