"""Import python-escpos without leaving a temporary directory behind for every process.

python-escpos 3.1 (``escpos/capabilities.py``) evaluates ``mkdtemp()`` at import, even when
``ESCPOS_CAPABILITIES_PICKLE_DIR`` is set (it is the default argument of ``environ.get``),
and caches its printer database as a pickle in that directory. A kiosk that restarts, and
a test run that starts hundreds of processes, would leave one directory each in /tmp.
Here the pickle goes to a per-user cache directory that is reused (the import is faster the
second time), and the directory the library creates anyway is made inside a scratch
directory that is removed once the import is done.

The same module calls ``logging.basicConfig()`` at import, which gave the root logger a
handler before the application set up its own logging, so a command's ``--log-level`` was
ignored unless it passed ``force=True``; the handler it adds is taken away again here
(logging is the application's to set up).
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path


def _cache_dir() -> Path | None:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    cache = base / "library-kiosk" / "escpos"
    try:
        cache.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # no writable home (a locked-down account): the scratch dir serves
    return cache


def load_escpos() -> None:
    """Import ``escpos.capabilities`` once, the way described above."""
    scratch = tempfile.mkdtemp(prefix="kiosk-escpos-")
    cache = _cache_dir()
    os.environ.setdefault("ESCPOS_CAPABILITIES_PICKLE_DIR", str(cache or scratch))
    saved = tempfile.tempdir
    tempfile.tempdir = scratch
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        import escpos.capabilities  # noqa: F401  (imported for its side effect, once)
    finally:
        tempfile.tempdir = saved
        for handler in root.handlers[:]:
            if handler not in handlers:
                root.removeHandler(handler)
        root.setLevel(level)
        if cache is not None:
            shutil.rmtree(scratch, ignore_errors=True)


load_escpos()
