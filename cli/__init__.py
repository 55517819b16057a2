"""The ``kiosk`` command: one entry point for the kiosk, its service tools and central.

Sub-commands:
  kiosk run        the touchscreen kiosk (simulated devices with the default config)
  kiosk diag ...   service commands for maintenance staff, one per device
  kiosk sim ...    device simulators on pseudo-terminals, for trying the drivers by hand
  kiosk central .. the central library's side: receive events, fleet status, commands

Each sub-command group is contributed by the package that owns it through a
``register(subparsers)`` function: ``cli.run`` (the kiosk, through :mod:`runtime` and,
with a display, :mod:`ui`), ``cli.ecard``, ``cli.service``, the drivers' ``diag`` and
``sim`` modules and :mod:`central.cli`. Qt is imported only when ``kiosk run`` opens a
window, so ``kiosk diag`` and ``kiosk central`` never load it.
"""

from __future__ import annotations

import argparse
import importlib

# (group, module path): each module has register(subparsers) adding its commands,
# each with set_defaults(handler=callable(args) -> int).
COMMAND_MODULES: list[tuple[str, str]] = [
    ("run", "cli.run"),
    ("diag", "drivers.card.diag"),
    ("diag", "drivers.scanner.diag"),
    ("diag", "drivers.printer.diag"),
    ("diag", "drivers.rfid.diag"),
    ("diag", "drivers.locker.diag"),
    ("diag", "central.sip2.diag"),
    ("ecard", "cli.ecard"),
    ("service", "cli.service"),
    ("central", "central.cli"),
    ("sim", "drivers.sim_command"),
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk", description="Library self-service terminal / 图书馆自助服务终端"
    )
    groups = parser.add_subparsers(dest="group", required=True, metavar="COMMAND")
    group_parsers: dict[str, argparse._SubParsersAction[argparse.ArgumentParser]] = {}
    for group, module_path in COMMAND_MODULES:
        module = importlib.import_module(module_path)
        if group == "run":
            module.register(groups)
            continue
        if group not in group_parsers:
            group_parser = groups.add_parser(group, help=f"{group} commands")
            group_parsers[group] = group_parser.add_subparsers(
                dest=f"{group}_command", required=True, metavar="SUBCOMMAND"
            )
        module.register(group_parsers[group])
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.handler(args) or 0)
