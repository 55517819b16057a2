"""Translations of the kiosk's screens: Qt Linguist sources here, compiled .qm on demand.

The source strings in the code are English; ``kiosk_zh_CN.ts`` translates them into
Chinese (the default language) and ``kiosk_en.ts`` is the identity catalogue. The .qm
files are build products (git-ignored): :func:`ensure_compiled` runs ``pyside6-lrelease``
when a .qm is missing or older than its .ts, so a fresh clone gets them at first start
(``scripts/setup`` also compiles them).

To add strings: write ``self.tr("...")`` in a widget, then run
``.venv/bin/pyside6-lupdate ui -extensions py -ts ui/i18n/kiosk_zh_CN.ts ui/i18n/kiosk_en.ts``
and fill in the Chinese with ``pyside6-linguist`` (or by hand in the XML).
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from pathlib import Path

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
LANGUAGES = {"zh": "kiosk_zh_CN", "en": "kiosk_en"}


class TranslationBuildError(RuntimeError):
    """The .qm files could not be compiled (no lrelease, or lrelease failed)."""


def _lrelease() -> str:
    beside_python = Path(sys.executable).with_name("pyside6-lrelease")
    if beside_python.exists():
        return str(beside_python)
    found = shutil.which("pyside6-lrelease") or shutil.which("lrelease")
    if found is None:
        raise TranslationBuildError("pyside6-lrelease not found: run scripts/setup")
    return found


def qm_path(lang: str) -> Path:
    return HERE / f"{LANGUAGES[lang]}.qm"


def ensure_compiled(directory: Path = HERE) -> list[Path]:
    """Compile every .ts whose .qm is missing or stale; return the .qm files built."""
    built = []
    for ts in sorted(directory.glob("*.ts")):
        qm = ts.with_suffix(".qm")
        if qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
            continue
        result = subprocess.run(
            [_lrelease(), "-silent", str(ts), "-qm", str(qm)],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0 or not qm.exists():
            raise TranslationBuildError(f"lrelease failed on {ts.name}: {result.stderr.strip()}")
        log.info("compiled %s", qm.name)
        built.append(qm)
    return built
