"""mypy (the project's ``[tool.mypy]`` settings) reports nothing in the modules made clean.

Issue #11 makes the code base type-clean package by package; this keeps the packages that
are clean from sliding back while the others are finished. When every package is clean,
``CLEAN`` becomes the whole tree and ``NOT_YET`` goes away.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CLEAN = ("kiosk/", "drivers/", "sync/", "central/", "runtime/", "cli/", "ui/")
# Being rewritten by its owner, who makes it clean as they go.
NOT_YET = ("drivers/rfid/",)


def test_mypy_reports_nothing_in_the_clean_packages(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path), "--no-error-summary"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert "error:" in result.stdout or result.returncode == 0, result.stderr
    errors = [
        line
        for line in result.stdout.splitlines()
        if ": error:" in line and line.startswith(CLEAN) and not line.startswith(NOT_YET)
    ]
    assert errors == [], "\n".join(errors)
