"""The store's schema: every migration, in order, and how a migration splits into statements.

The schema is versioned with ``PRAGMA user_version``; :data:`MIGRATIONS` are applied in
order at open (:class:`kiosk.store.Store`) and never edited once released: add a new
one at the end.
"""

from __future__ import annotations

STAT_COLUMNS = ("loans", "returns", "renewals", "pickups", "refusals", "sessions")

MIGRATIONS: list[str] = [
    # 1: the first schema
    """
    CREATE TABLE patrons (
        patron_id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        credit_level INTEGER,
        blocked INTEGER NOT NULL DEFAULT 0,
        block_reason TEXT,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE items (
        item_id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        author TEXT NOT NULL DEFAULT '',
        loanable INTEGER NOT NULL DEFAULT 1
    );
    CREATE TABLE loans (
        loan_id TEXT PRIMARY KEY,
        item_id TEXT NOT NULL,
        patron_id TEXT NOT NULL,
        loaned_at TEXT NOT NULL,
        due TEXT NOT NULL,
        renewals INTEGER NOT NULL DEFAULT 0,
        offline INTEGER NOT NULL DEFAULT 0,
        needs_staff INTEGER NOT NULL DEFAULT 0,
        returned_at TEXT
    );
    -- an item can be on one open loan only: a loan recorded twice fails here
    CREATE UNIQUE INDEX loans_open_item ON loans(item_id) WHERE returned_at IS NULL;
    CREATE INDEX loans_open_patron ON loans(patron_id) WHERE returned_at IS NULL;
    CREATE TABLE holds (
        hold_id TEXT PRIMARY KEY,
        item_id TEXT NOT NULL,
        patron_id TEXT NOT NULL,
        status TEXT NOT NULL,
        compartment_id TEXT,
        expires_at TEXT,
        pickup_code_hash TEXT,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX holds_patron ON holds(patron_id, status);
    CREATE INDEX holds_item ON holds(item_id);
    CREATE TABLE compartments (
        compartment_id TEXT PRIMARY KEY,
        size TEXT NOT NULL,
        in_service INTEGER NOT NULL DEFAULT 1,
        out_of_service_reason TEXT
    );
    CREATE TABLE intents (
        intent_id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        state TEXT NOT NULL,
        payload TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX intents_pending ON intents(state);
    -- AUTOINCREMENT: a sequence number is never reused, even after rows are acknowledged
    CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        event_id TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        created_at TEXT NOT NULL,
        payload TEXT NOT NULL
    );
    CREATE TABLE outbox_archive (
        seq INTEGER PRIMARY KEY,
        event_id TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        created_at TEXT NOT NULL,
        payload TEXT NOT NULL,
        acked_at TEXT NOT NULL
    );
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        outcome TEXT NOT NULL,
        reason TEXT,
        detail TEXT NOT NULL DEFAULT '{}'
    );
    CREATE TABLE daily_stats (
        day TEXT PRIMARY KEY,
        loans INTEGER NOT NULL DEFAULT 0,
        returns INTEGER NOT NULL DEFAULT 0,
        renewals INTEGER NOT NULL DEFAULT 0,
        pickups INTEGER NOT NULL DEFAULT 0,
        refusals INTEGER NOT NULL DEFAULT 0,
        sessions INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE alarms (
        alarm_id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        subject TEXT NOT NULL,
        raised_at TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT '{}',
        cleared_at TEXT,
        cleared_by TEXT
    );
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE seen_commands (command_id TEXT PRIMARY KEY, expires_at TEXT NOT NULL);
    CREATE TABLE pickup_code_failures (at TEXT NOT NULL);
    """,
    # 2: every stored instant in UTC, one fixed format, so that text order is time order.
    # Earlier rows carried the writer's offset (+08:00 next to +00:00); SQLite's date
    # functions read that offset and give UTC (to the millisecond). Wrong pick-up codes
    # are now counted per source in settings (kiosk.lockout); accepted e-cards are
    # remembered across restarts.
    """
    UPDATE patrons SET updated_at = coalesce(%(updated_at)s, updated_at);
    UPDATE loans SET loaned_at = coalesce(%(loaned_at)s, loaned_at),
        returned_at = coalesce(%(returned_at)s, returned_at);
    UPDATE holds SET expires_at = coalesce(%(expires_at)s, expires_at),
        updated_at = coalesce(%(updated_at)s, updated_at);
    UPDATE intents SET created_at = coalesce(%(created_at)s, created_at),
        updated_at = coalesce(%(updated_at)s, updated_at);
    UPDATE outbox SET created_at = coalesce(%(created_at)s, created_at);
    UPDATE outbox_archive SET created_at = coalesce(%(created_at)s, created_at),
        acked_at = coalesce(%(acked_at)s, acked_at);
    UPDATE audit SET at = coalesce(%(at)s, at);
    UPDATE alarms SET raised_at = coalesce(%(raised_at)s, raised_at),
        cleared_at = coalesce(%(cleared_at)s, cleared_at);
    UPDATE seen_commands SET expires_at = coalesce(%(expires_at)s, expires_at);
    DROP TABLE pickup_code_failures;
    CREATE TABLE seen_ecards (
        digest TEXT PRIMARY KEY,
        boot TEXT NOT NULL,
        steady REAL NOT NULL,
        accepted_at TEXT NOT NULL
    );
    """
    % {
        column: f"strftime('%Y-%m-%dT%H:%M:%f', {column}) || '000+00:00'"
        for column in (
            "updated_at",
            "loaned_at",
            "returned_at",
            "expires_at",
            "created_at",
            "acked_at",
            "at",
            "raised_at",
            "cleared_at",
        )
    },
    # 3: the resident's account screen and the optional patron PIN: a masked name (never
    # the name), fines owed as central knows them, and the PIN's slow hash (never the PIN).
    """
    ALTER TABLE patrons ADD COLUMN masked_name TEXT;
    ALTER TABLE patrons ADD COLUMN fines_cents INTEGER;
    ALTER TABLE patrons ADD COLUMN pin_hash TEXT;
    """,
    # 4: titles learned from the central library (item/req): when the terminal last asked
    # about an item it did not know. NULL for the site's own rows and holds' items; a row
    # with an empty title and an instant is an item nobody could name then (asked again
    # after a day).
    """
    ALTER TABLE items ADD COLUMN fetched_at TEXT;
    """,
]


def statements(script: str) -> list[str]:
    """Split a migration into statements, dropping ``--`` comment lines."""
    code = "\n".join(line for line in script.splitlines() if not line.strip().startswith("--"))
    return [statement.strip() for statement in code.split(";") if statement.strip()]
