"""The dependency direction, checked on every import of every product module.

    cli -> ui -> runtime -> (sync, drivers) -> kiosk        (the terminal)
    cli -> central -> (sync's contract, kiosk)              (the central library)

The core imports no I/O framework; drivers know nothing of MQTT; the terminal's sync knows
no device; central shares only the contract with the terminal; the composition root
(runtime) runs without Qt; nothing but the command line sits above the UI.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

QT_AND_ABOVE = {"PySide6", "ui", "cli"}
DEVICE_LIBRARIES = {"serial", "smartcard", "escpos"}
FORBIDDEN = {
    "kiosk": {"paho", "drivers", "sync", "central", "runtime"} | DEVICE_LIBRARIES | QT_AND_ABOVE,
    "drivers": {"paho", "sync", "central", "runtime"} | QT_AND_ABOVE,
    "sync": {"drivers", "central", "runtime"} | DEVICE_LIBRARIES | QT_AND_ABOVE,
    "central": {"drivers", "runtime"} | DEVICE_LIBRARIES | QT_AND_ABOVE,
    "runtime": {"central"} | QT_AND_ABOVE,
    "ui": {"paho", "central", "cli"},
}


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_only_what_its_layer_may(package):
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_packages(path) & FORBIDDEN[package])
        for path in (ROOT / package).rglob("*.py")
    }
    assert {file: bad for file, bad in offenders.items() if bad} == {}


PRODUCT = ["kiosk", "drivers", "sync", "central", "runtime", "cli", "ui"]
MAX_LINES = 600


def test_no_product_module_is_over_600_lines_without_saying_why_at_its_top():
    too_long = {}
    for package in PRODUCT:
        for path in sorted((ROOT / package).rglob("*.py")):
            text = path.read_text(encoding="utf-8")
            docstring = ast.get_docstring(ast.parse(text)) or ""
            if text.count("\n") > MAX_LINES and "lines" not in docstring:
                too_long[str(path.relative_to(ROOT))] = text.count("\n")
    assert too_long == {}
