"""``kiosk diag card``: read one patron card on a PC/SC reader and show what it maps to.

Prints ``{"reader": .., "uid": "04A1B2C3D4E5F6", "patron_id": "****0001"}``. The patron
id is masked like on every service screen; ``--unmasked`` shows it whole, for setting up
a site's card rule with a test card. A card whose number does not fit the rule still
prints its UID (with ``"patron_id": null``) before failing with ``unknown_card``.
"""

from __future__ import annotations

import argparse
import json
import logging

from drivers.diag import DIAG_DEADLINE_S, emit, run_with_deadline
from kiosk.devices import DeviceError
from kiosk.privacy import mask_patron_id

# Leave time for connecting to pcscd and reading the card inside the hard deadline.
MAX_WAIT_S = DIAG_DEADLINE_S - 1.0


class NoCard(DeviceError):
    """No card was put on the reader while the service command waited."""

    code = "no_card"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "card",
        help="read one patron card on a PC/SC reader / 读取一张读者证",
        description=__doc__,
    )
    parser.add_argument("--reader", default="", help="substring of the PC/SC reader name")
    parser.add_argument(
        "--timeout",
        type=float,
        default=MAX_WAIT_S,
        help=f"seconds to wait for a card (at most {MAX_WAIT_S:g})",
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

    def action() -> None:
        from drivers.card import UnmappableCard, open_card_reader

        rule = json.loads(args.rule)
        if not isinstance(rule, dict):
            raise ValueError("--rule must be a JSON object")
        reader = open_card_reader("pcsc", {"reader": args.reader, "rule": rule})
        wait_s = max(0.0, min(args.timeout, MAX_WAIT_S))
        try:
            card = reader.wait_for_card(wait_s)
        except UnmappableCard as exc:
            emit({"reader": exc.device, "uid": exc.uid_hex, "patron_id": None})
            raise
        finally:
            reader.close()
        if card is None:
            raise NoCard(f"no card on the reader within {wait_s:g} s / 未检测到读者证")
        shown = card.patron_id if args.unmasked else mask_patron_id(card.patron_id)
        emit({"reader": card.reader, "uid": card.uid_hex, "patron_id": shown})

    return run_with_deadline(action)
