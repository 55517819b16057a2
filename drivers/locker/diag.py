"""``kiosk diag locker``: service command for maintenance staff to talk to a lock board.

    kiosk diag locker --protocol {8a,kerong} --port DEVICE [--baud N] --board N COMMAND

    status      {"board": N, "locks": {"1": "closed", "2": "open", ...}}
                (kerong adds "items": {"1": true, ...}: the infrared item sensors)
    open LOCK   {"board": N, "lock": L, "state": "open"} once the board confirms

Boards are numbered as in the site configuration: 8A boards by their DIP address
(1..32); Kerong boards from 1, so board 1 is the CU whose DIP switch reads 0. Output is
JSON lines on stdout; failures print one line on stderr and exit non-zero, within 5 s
when the board does not answer (:func:`drivers.diag.run_with_deadline`).
"""

from __future__ import annotations

import argparse
import logging
import sys

from drivers.diag import EXIT_USAGE, emit, run_with_deadline

# Short enough that the driver gives its own "board_not_answering" well inside the
# 5 s deadline (status 2 x 0.5 s, open 2 x 1.0 s), long enough for a slow lock pulse.
DIAG_REPLY_TIMEOUT_S = 0.5
DIAG_OPEN_TIMEOUT_S = 1.0
DIAG_RETRIES = 1


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "locker",
        help="lock board service commands / 锁控板维护命令",
        description="Talk to one RS-485 lock board. JSON lines on stdout.",
    )
    parser.add_argument("--protocol", choices=("8a", "kerong"), required=True)
    parser.add_argument("--port", required=True, help="serial device, e.g. /dev/ttyUSB0")
    parser.add_argument("--baud", type=int, help="default 9600 (8a) / 19200 (kerong)")
    parser.add_argument(
        "--board", type=int, required=True, help="8a: DIP address 1..32; kerong: 1..16 (CU 0..F)"
    )
    commands = parser.add_subparsers(dest="locker_command", required=True, metavar="COMMAND")
    commands.add_parser("status", help="every lock's state (and item sensors on kerong)")
    commands.add_parser("open", help="release one lock").add_argument("lock", type=int)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    # Retries are logged; on a service console only the outcome line belongs on stderr.
    logging.getLogger("drivers.locker").addHandler(logging.NullHandler())
    from drivers.locker import make_protocol
    from drivers.locker.protocol import check_board, check_lock

    protocol = make_protocol(args.protocol)
    try:
        check_board(protocol, args.board)
        if args.locker_command == "open":
            check_lock(protocol, args.board, args.lock)
    except ValueError as exc:
        sys.stderr.write(f"usage: {exc}\n")
        return EXIT_USAGE

    def action() -> None:
        from drivers.locker.bus import LockBus

        bus = LockBus(
            "diag",
            args.port,
            protocol,
            args.baud,
            reply_timeout_s=DIAG_REPLY_TIMEOUT_S,
            open_timeout_s=DIAG_OPEN_TIMEOUT_S,
            retries=DIAG_RETRIES,
        )
        with bus:
            if args.locker_command == "status":
                status = bus.status(args.board)
                out: dict[str, object] = {
                    "board": args.board,
                    "locks": {
                        str(lock): "closed" if closed else "open"
                        for lock, closed in sorted(status.closed.items())
                    },
                }
                if status.items is not None:
                    out["items"] = {
                        str(lock): present for lock, present in sorted(status.items.items())
                    }
                emit(out)
            else:
                bus.open_lock(args.board, args.lock)
                emit({"board": args.board, "lock": args.lock, "state": "open"})

    return run_with_deadline(action)
