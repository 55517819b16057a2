"""Importing the receipt renderer leaves nothing in the temporary directory.

python-escpos creates a temporary directory at import (and caches a pickle in it); one
per process piled up in /tmp on kiosks and test machines (3,022 of them on one). A child
process with its own TMPDIR shows whether any is left.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]


def test_importing_the_receipt_renderer_leaves_no_temporary_directory(tmp_path):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = dict(os.environ, TMPDIR=str(scratch), XDG_CACHE_HOME=str(tmp_path / "cache"))
    env.pop("ESCPOS_CAPABILITIES_PICKLE_DIR", None)
    for _ in range(2):  # the second import reads the cached pickle
        subprocess.run(
            [sys.executable, "-c", "import drivers.printer.receipt as r; r.render_receipt"],
            check=True,
            cwd=REPO,
            env=env,
            timeout=60,
        )
    assert list(scratch.iterdir()) == []
    assert list((tmp_path / "cache" / "library-kiosk" / "escpos").glob("*.pickle"))


def test_importing_the_receipt_renderer_leaves_logging_to_the_application(tmp_path):
    """python-escpos calls logging.basicConfig() at import; a command's --log-level must
    still decide (the kiosk and central commands import it when they build their parser)."""
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"))
    code = (
        "import logging, drivers.printer.receipt;"
        "root = logging.getLogger();"
        "assert root.handlers == [], root.handlers;"
        "logging.basicConfig(level=logging.INFO);"
        "assert root.level == logging.INFO"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO, env=env, timeout=60)
