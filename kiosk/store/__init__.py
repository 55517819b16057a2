"""The terminal's local store: SQLite through sqlite-utils, crash-safe and single-writer.

Everything the terminal must not lose lives here: loans, holds, the intents of flows
that talk to devices, the durable outbox of events for the central library, the audit
log, daily statistics and alarms. One connection serialised by a lock, so there is
exactly one writer whichever thread calls; a business change, its outbox row and its
audit row are written in one transaction through :meth:`Store.transaction`.

Modules:

- ``database``: :class:`Store`, the connection, opening and migrating, every read, the
  outbox and small one-transaction writes;
- ``tx``: :class:`Tx`, every write the flows make inside one transaction, by name;
- ``schema``: :data:`MIGRATIONS` (never edited once released: add one at the end);
- ``rows``: instants as UTC text (:func:`utc_text`), rows as model records,
  :func:`masked_actor`;
- ``errors``: :class:`StorageError` and its kinds (the file is full, damaged or
  unwritable).

A store that cannot be used raises a typed :class:`StorageError` naming the file, never a
raw ``sqlite3`` error.
"""

from kiosk.store.database import ARCHIVE_RETENTION_DAYS, Store
from kiosk.store.errors import (
    StorageCorrupt,
    StorageError,
    StorageFull,
    StorageInUse,
    StorageUnwritable,
)
from kiosk.store.rows import masked_actor, utc_now, utc_text
from kiosk.store.schema import MIGRATIONS, STAT_COLUMNS
from kiosk.store.tx import Tx

__all__ = [
    "ARCHIVE_RETENTION_DAYS",
    "MIGRATIONS",
    "STAT_COLUMNS",
    "StorageCorrupt",
    "StorageInUse",
    "StorageError",
    "StorageFull",
    "StorageUnwritable",
    "Store",
    "Tx",
    "masked_actor",
    "utc_now",
    "utc_text",
]
