"""``kiosk diag rfid``: service command for maintenance staff to talk to the RFID reader.

    kiosk diag rfid --protocol {feig,bibliotheca} --port DEVICE [--baud N]
                    [--bus-address N] [--afi-in-library X] [--afi-on-loan X] [--eas] COMMAND

Commands: ``inventory``, ``read UID``, ``secure UID``, ``unsecure UID`` and
``write UID --item-id ID --owner ISIL [--set-size N --set-part K]``. Output is JSON lines
on stdout; failures print one line on stderr and exit non-zero, within 5 s when the
reader does not answer (:func:`drivers.diag.run_with_deadline`).
"""

from __future__ import annotations

import argparse
import logging
import sys
from typing import Any

from drivers.diag import EXIT_USAGE, emit, run_with_deadline
from drivers.rfid.pad import ReaderPad, SecurityScheme, TagReport
from drivers.rfid.tag import uid_from_hex


def _byte(text: str) -> int:
    value = int(text, 0)
    if not 0 <= value <= 0xFF:
        raise argparse.ArgumentTypeError(f"{text} is not a byte (0..255 or 0x00..0xFF)")
    return value


def _uid(text: str) -> str:
    try:
        return uid_from_hex(text).hex().upper()
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "rfid",
        help="RFID reader service commands / RFID 读写器维护命令",
        description="Talk to the RFID reader under the pad. JSON lines on stdout.",
    )
    parser.add_argument("--protocol", choices=("feig", "bibliotheca"), required=True)
    parser.add_argument("--port", required=True, help="serial device, e.g. /dev/ttyUSB0")
    parser.add_argument("--baud", type=int, help="default 38400 (FEIG) / 19200 (3M)")
    parser.add_argument("--bus-address", type=int, help="FEIG COM-ADR, default 255 (any)")
    parser.add_argument("--afi-in-library", type=_byte, default=0x07, help="default 0x07")
    parser.add_argument("--afi-on-loan", type=_byte, default=0xC2, help="default 0xC2")
    parser.add_argument("--eas", action="store_true", help="also use the NXP EAS bit")
    commands = parser.add_subparsers(dest="rfid_command", required=True, metavar="COMMAND")
    commands.add_parser("inventory", help="list the UIDs on the pad")
    for name, text in (
        ("read", "decode one tag"),
        ("secure", 'write the "in library" AFI and read it back'),
        ("unsecure", 'write the "on loan" AFI and read it back'),
    ):
        commands.add_parser(name, help=text).add_argument("uid", type=_uid)
    write = commands.add_parser("write", help="write an ISO 28560-3 basic block")
    write.add_argument("uid", type=_uid)
    write.add_argument("--item-id", required=True)
    write.add_argument("--owner", required=True, help="owner ISIL, e.g. CN-330100")
    write.add_argument("--set-size", type=int, default=1)
    write.add_argument("--set-part", type=int, default=1)
    parser.set_defaults(handler=run)


def report_json(report: TagReport) -> dict[str, Any]:
    item = report.item
    return {
        "uid": report.uid,
        "afi": report.afi,
        "model": item.model.value,
        "item_id": item.item_id,
        "owner_library": item.owner_library,
        "set_size": item.set_size,
        "set_part": item.set_part,
    }


def run(args: argparse.Namespace) -> int:
    # Retries are logged as warnings; on a service console only the outcome line belongs
    # on stderr, whatever logging set-up other modules of the process made.
    logging.getLogger("drivers.rfid").setLevel(logging.ERROR)
    if args.bus_address is not None and args.protocol != "feig":
        sys.stderr.write("usage: --bus-address applies to the FEIG protocol only\n")
        return EXIT_USAGE
    try:
        security = SecurityScheme(args.afi_in_library, args.afi_on_loan, args.eas)
    except ValueError as exc:
        sys.stderr.write(f"usage: {exc}\n")
        return EXIT_USAGE

    def action() -> None:
        from drivers.rfid import open_driver

        options: dict[str, object] = {}
        if args.bus_address is not None:
            options["bus_address"] = args.bus_address
        pad = ReaderPad(open_driver(args.protocol, args.port, args.baud, **options), security)
        try:
            _command(pad, args)
        finally:
            pad.close()

    return run_with_deadline(action)


def _command(pad: ReaderPad, args: argparse.Namespace) -> None:
    command = args.rfid_command
    if command == "inventory":
        for entry in pad.driver.inventory():
            emit({"uid": entry.uid.hex().upper()})
    elif command == "read":
        emit(report_json(pad.read_tag(bytes.fromhex(args.uid))))
    elif command in ("secure", "unsecure"):
        pad.set_secured(args.uid, command == "secure")
        emit({"uid": args.uid, "afi": pad.driver.system_info(bytes.fromhex(args.uid)).afi})
    else:
        report = pad.write_item(
            args.uid, args.item_id, args.owner, set_size=args.set_size, set_part=args.set_part
        )
        emit(report_json(report))
