"""The ``kiosk`` command: one entry point for the kiosk, its service tools and central.

Sub-commands:
  kiosk run        the touchscreen kiosk (simulated devices with the default config)
  kiosk diag ...   service commands for maintenance staff, one per device
  kiosk sim ...    device simulators on pseudo-terminals, for trying the drivers by hand
  kiosk central .. the central library's side: receive events, fleet status, commands
  kiosk ecard ...  QR e-card keys and codes
  kiosk service .. service-mode tools (the service PIN hash)

``kiosk --help`` gives each group one line (``GROUP_HELP``); every parser formats its help
without the docstrings' markup (``PlainHelpFormatter``), since the diag commands use their
module docstring as the description.

Each sub-command group is contributed by the package that owns it through a
``register(subparsers)`` function: ``cli.run`` (the kiosk, through :mod:`runtime` and,
with a display, :mod:`ui`), ``cli.ecard``, ``cli.service``, the drivers' ``diag`` and
``sim`` modules and :mod:`central.cli`. Qt is imported only when ``kiosk run`` opens a
window, so ``kiosk diag`` and ``kiosk central`` never load it.
"""

from __future__ import annotations

import argparse
import importlib
import re
from typing import Any

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


# One line of words for each group in ``kiosk --help``.
GROUP_HELP: dict[str, str] = {
    "diag": "check a device or the library system by hand (JSON lines) / 设备检测",
    "ecard": "QR e-card keys and codes / 电子读者证密钥和二维码",
    "service": "service-mode tools: the service PIN hash / 维护工具",
    "central": "the central library's service, fleet and console / 中心服务",
    "sim": "simulated devices on pseudo-terminals, to try the drivers / 模拟设备",
}

# Docstring markup that reads as noise in a terminal: ``code``, :role:`target`, `x`, **x**.
_MARKUP = re.compile(r"``(.+?)``|:[a-z]+:`~?(.+?)`|`(.+?)`|\*\*(.+?)\*\*", re.DOTALL)


def plain(text: str) -> str:
    """Docstring text without its reStructuredText markup."""
    return _MARKUP.sub(lambda m: next(g for g in m.groups() if g is not None), text)


class PlainHelpFormatter(argparse.HelpFormatter):
    """Help without markup; a description keeps its paragraphs (blank-line separated)."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        paragraphs = [p for p in plain(text).strip().split("\n\n") if p.strip()]
        return "\n\n".join(
            super(PlainHelpFormatter, self)._fill_text(p, width, indent) for p in paragraphs
        )

    def _expand_help(self, action: argparse.Action) -> str:
        return plain(super()._expand_help(action))


class KioskParser(argparse.ArgumentParser):
    """Every ``kiosk`` parser, sub-commands included, formats its help plainly."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", PlainHelpFormatter)
        super().__init__(*args, **kwargs)


def build_parser() -> argparse.ArgumentParser:
    parser = KioskParser(
        prog="kiosk", description="Library self-service terminal / 图书馆自助服务终端"
    )
    groups = parser.add_subparsers(dest="group", required=True, metavar="COMMAND")
    group_parsers: dict[str, argparse._SubParsersAction[KioskParser]] = {}
    for group, module_path in COMMAND_MODULES:
        module = importlib.import_module(module_path)
        if group == "run":
            module.register(groups)
            continue
        if group not in group_parsers:
            words = GROUP_HELP[group]
            group_parser = groups.add_parser(group, help=words, description=words)
            group_parsers[group] = group_parser.add_subparsers(
                dest=f"{group}_command", required=True, metavar="SUBCOMMAND"
            )
        module.register(group_parsers[group])
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.handler(args) or 0)
