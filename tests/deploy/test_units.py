"""The systemd units in deploy/ are valid and start commands the kiosk really has.

``systemd-analyze verify`` checks each unit as systemd would load it (unknown keys, bad
values, a missing program); the install prefix /opt/library-kiosk is pointed at this
checkout so the programs exist. Each ``kiosk ...`` command line in them is parsed by the
kiosk's own argument parser, so a renamed or removed option fails here, not on a site.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from cli import build_parser

REPO = Path(__file__).resolve().parents[2]
UNITS = sorted((REPO / "deploy" / "systemd").iterdir())
PLACEHOLDERS = {
    "${CENTRAL_DB}": "/var/lib/library-central/central.db",
    "${BROKER_HOST}": "broker.example",
    "${KEY_ID}": "central-2026",
    "${SIP2_FILE}": "/etc/library-central/sip2.toml",
}


def exec_lines(unit: Path) -> list[list[str]]:
    lines = []
    for line in unit.read_text().splitlines():
        if line.startswith("ExecStart="):
            command = line.removeprefix("ExecStart=")
            for name, value in PLACEHOLDERS.items():
                command = command.replace(name, value)
            lines.append(shlex.split(command))
    return lines


@pytest.mark.parametrize("unit", UNITS, ids=lambda p: p.name)
def test_systemd_accepts_the_unit(unit, tmp_path):
    copy = tmp_path / unit.name
    copy.write_text(unit.read_text().replace("/opt/library-kiosk", str(REPO)))
    if unit.suffix == ".timer":
        service = unit.with_suffix(".service")
        (tmp_path / service.name).write_text(
            service.read_text().replace("/opt/library-kiosk", str(REPO))
        )
    verified = subprocess.run(
        [shutil.which("systemd-analyze") or "systemd-analyze", "verify", "--man=no", str(copy)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert verified.returncode == 0, verified.stderr
    assert verified.stderr.strip() == "", verified.stderr


@pytest.mark.parametrize("unit", [u for u in UNITS if u.suffix == ".service"], ids=lambda p: p.name)
def test_the_units_kiosk_commands_parse(unit):
    commands = exec_lines(unit)
    assert commands, f"{unit.name} starts nothing"
    for argv in commands:
        if argv[0] == "/usr/bin/xinit":
            argv = argv[1 : argv.index("--")]
        assert argv[0] == "/opt/library-kiosk/.venv/bin/kiosk"
        args = build_parser().parse_args(argv[1:])
        assert callable(args.handler)


def test_the_kiosk_unit_is_watched_and_restarted():
    text = (REPO / "deploy" / "systemd" / "library-kiosk.service").read_text()
    for setting in ("Type=notify", "NotifyAccess=all", "WatchdogSec=", "Restart=always"):
        assert setting in text
    assert "--full-screen" in text and "--no-simulator-window" in text
