"""``kiosk diag card``: read one patron card on a PC/SC reader and show what it maps to.

Prints ``{"reader": .., "uid": "04A1B2C3D4E5F6", "patron_id": "****0001"}``. The patron
id is masked like on every service screen; ``--unmasked`` shows it whole, for setting up
a site's card rule with a test card. A card whose number does not fit the rule is a
working reader with an unmapped card: the UID is printed with ``"patron_id": null`` and
the reason in ``"unmapped"``, exit 0 (the technician sets up the rule from that UID).

``--timeout`` is how long to wait for someone to put a card down (default 4 s, at most
60 s); the command's hard deadline is that wait plus the time to reach pcscd and read
the card, so a silent reader still fails promptly after the wait.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import sys

from drivers.diag import DIAG_DEADLINE_S, EXIT_USAGE, emit, run_with_deadline
from kiosk.devices import DeviceError
from kiosk.privacy import mask_patron_id

# Time to reach pcscd and read the card once it is there, on top of the wait.
READ_MARGIN_S = 1.0
DEFAULT_WAIT_S = DIAG_DEADLINE_S - READ_MARGIN_S
MAX_WAIT_S = 60.0
UNMAPPED_HINT = "此卡号不符合本馆的读者证规则 / the card number does not fit the site's card rule"


class NoCard(DeviceError):
    """No card was put on the reader while the service command waited."""

    code = "no_card"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "card",
        help="read one patron card on a PC/SC reader / 读取一张读者证",
        description=__doc__,
    )
    parser.add_argument("--reader", default="", help="substring of the PC/SC reader name")
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_WAIT_S,
        help=f"seconds to wait for a card (default {DEFAULT_WAIT_S:g}, at most {MAX_WAIT_S:g})",
    )
    parser.add_argument(
        "--rule",
        default="{}",
        help='card rule options as JSON, e.g. \'{"byte_order": "lsb_first"}\'',
    )
    parser.add_argument("--unmasked", action="store_true", help="show the patron id in full")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    # stdout is the JSON result and stderr one line on failure: driver log records
    # (alarms, warnings) would break that contract.
    logging.disable(logging.WARNING)
    if not (math.isfinite(args.timeout) and 0 <= args.timeout <= MAX_WAIT_S):
        sys.stderr.write(
            f"usage: --timeout must be 0..{MAX_WAIT_S:g} seconds, not {args.timeout:g} / "
            f"等待时间须在 0 至 {MAX_WAIT_S:g} 秒之间\n"
        )
        return EXIT_USAGE
    wait_s = args.timeout

    def action() -> None:
        from drivers.card import UnmappableCard, open_card_reader

        rule = json.loads(args.rule)
        if not isinstance(rule, dict):
            raise ValueError("--rule must be a JSON object")
        reader = open_card_reader("pcsc", {"reader": args.reader, "rule": rule})
        try:
            card = reader.wait_for_card(wait_s)
        except UnmappableCard as exc:
            # The reader works; only the site's rule has no patron for this card.
            unmapped = f"{exc.detail} ({UNMAPPED_HINT})"
            emit(
                {"reader": exc.device, "uid": exc.uid_hex, "patron_id": None, "unmapped": unmapped}
            )
            return
        finally:
            reader.close()
        if card is None:
            raise NoCard(f"no card on the reader within {wait_s:g} s / 未检测到读者证")
        shown = card.patron_id if args.unmasked else mask_patron_id(card.patron_id)
        emit({"reader": card.reader, "uid": card.uid_hex, "patron_id": shown})

    return run_with_deadline(action, wait_s + READ_MARGIN_S)
