"""Why the store cannot be used, as typed errors naming the file (never a raw sqlite3 error).

:class:`StorageCorrupt` at open (the file is left untouched: it may hold the only copy of
loans not yet delivered, so staff decide what happens to it), :class:`StorageUnwritable`
(read-only place, I/O error), :class:`StorageInUse` (another kiosk process runs on it) and
:class:`StorageFull` (no space left, also while running: nothing of the transaction was
written, so the caller may retry the same work once there is space again).
"""

from __future__ import annotations

import sqlite3

# sqlite3 primary result codes (exception.sqlite_errorcode & 0xFF)
_SQLITE_IOERR, _SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN = 10, 11, 13, 14
_SQLITE_READONLY, _SQLITE_NOTADB = 8, 26


class StorageError(Exception):
    """The local store cannot be used; ``str()`` is one line naming the file and why."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class StorageFull(StorageError):
    """No space left for the store: the transaction was rolled back, nothing was written."""


class StorageCorrupt(StorageError):
    """The file is not a sound SQLite database; it is left exactly as it was."""


class StorageInUse(StorageError):
    """Another kiosk process holds the store (one writer per store, whatever the process)."""


class StorageUnwritable(StorageError):
    """The store cannot be opened or written (read-only place, permissions, I/O error)."""


def storage_error(path: str, exc: sqlite3.Error | OSError) -> StorageError | None:
    """The typed error for a failure of the file itself; None for one of the SQL
    (a constraint, a bug), which the caller must see as it is."""
    if isinstance(exc, OSError):
        return StorageUnwritable(path, f"cannot create or open the store: {exc.strerror or exc}")
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    if code == _SQLITE_FULL:
        return StorageFull(path, "the disk is full (SQLite: database or disk is full)")
    if code in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return StorageCorrupt(path, f"the database is damaged ({exc})")
    if code in (_SQLITE_READONLY, _SQLITE_CANTOPEN, _SQLITE_IOERR):
        return StorageUnwritable(path, f"cannot open or write the store ({exc})")
    return None
