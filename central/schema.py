"""The central store's schema: one SQL script per version, applied in order and never edited.

:class:`central.store.CentralStore` records the version reached (SQLite's ``PRAGMA
user_version``, PostgreSQL's ``schema_version`` table) and runs the scripts above it at
start-up, all in one transaction (on PostgreSQL under an advisory lock, so workers starting
together migrate once). The scripts are written in SQLite's words; ``central.db.pg_ddl``
maps them to PostgreSQL's (AUTOINCREMENT, INTEGER, REAL, BLOB, TEXT collation), so write
portable DDL: explicit types from that list, no SQLite-only functions or pragmas.
"""

MIGRATIONS: list[str] = [
    """
    CREATE TABLE events (
        event_id TEXT PRIMARY KEY,
        terminal_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        kind TEXT NOT NULL,
        at TEXT NOT NULL,
        payload TEXT NOT NULL,
        received_at TEXT NOT NULL
    );
    CREATE INDEX events_terminal_seq ON events(terminal_id, seq);
    CREATE TABLE quarantine (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        terminal_id TEXT NOT NULL,
        topic TEXT NOT NULL,
        payload BLOB NOT NULL,
        reason TEXT NOT NULL,
        received_at TEXT NOT NULL
    );
    CREATE TABLE terminals (
        terminal_id TEXT PRIMARY KEY,
        state TEXT NOT NULL DEFAULT 'unknown',
        boot INTEGER NOT NULL DEFAULT -1,
        conn INTEGER NOT NULL DEFAULT -1,
        state_at TEXT,
        last_seen TEXT,
        software_version TEXT,
        config_version INTEGER NOT NULL DEFAULT 0,
        patrons_version INTEGER NOT NULL DEFAULT 0,
        queue_depth INTEGER,
        oldest_age_s REAL,
        alarms TEXT NOT NULL DEFAULT '[]',
        out_of_service TEXT NOT NULL DEFAULT '',
        telemetry TEXT,
        contiguous_seq INTEGER NOT NULL DEFAULT 0,
        max_seq INTEGER NOT NULL DEFAULT 0,
        duplicates INTEGER NOT NULL DEFAULT 0,
        gap_since TEXT,
        resend_requested_at TEXT
    );
    CREATE TABLE jobs (
        command_id TEXT PRIMARY KEY,
        terminal_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        args TEXT NOT NULL,
        validity_s INTEGER NOT NULL,
        state TEXT NOT NULL,
        reason TEXT,
        detail TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        sent_at TEXT,
        expires_at TEXT,
        finished_at TEXT
    );
    CREATE INDEX jobs_state ON jobs(state);
    CREATE TABLE patrons (
        patron_id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        credit_level INTEGER,
        blocked INTEGER NOT NULL DEFAULT 0,
        block_reason TEXT,
        version INTEGER NOT NULL
    );
    CREATE INDEX patrons_version ON patrons(version);
    CREATE TABLE desired_config (
        terminal_id TEXT PRIMARY KEY,
        version INTEGER NOT NULL,
        config TEXT NOT NULL
    );
    CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
    """,
    # What one terminal's bad messages cost is bounded and seen: quarantine rows keep a capped
    # prefix and the original size, every terminal counts what was refused or dropped, and
    # central raises its own alarms (one active row per kind and terminal).
    """
    ALTER TABLE quarantine ADD COLUMN size INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX quarantine_terminal_time ON quarantine(terminal_id, received_at);
    ALTER TABLE terminals ADD COLUMN rejected INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE terminals ADD COLUMN rate_limited INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE central_alarms (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        terminal_id TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT '{}',
        count INTEGER NOT NULL DEFAULT 0,
        raised_at TEXT NOT NULL,
        last_at TEXT NOT NULL,
        cleared_at TEXT
    );
    CREATE UNIQUE INDEX central_alarms_active ON central_alarms(kind, terminal_id)
        WHERE cleared_at IS NULL;
    """,
    # The web console (central/web, central/accounts.py): staff accounts with argon2 hashes,
    # server-side sessions (only a SHA-256 of the cookie's token is kept, so a copy of the
    # database signs nobody in), an audit row for every action, alarm acknowledgements kept
    # apart from clearing, the site each terminal serves, and the read-only API's tokens
    # (kept as SHA-256 too).
    """
    CREATE TABLE console_users (
        username TEXT PRIMARY KEY,
        role TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        disabled_at TEXT
    );
    CREATE TABLE console_sessions (
        token_sha256 TEXT PRIMARY KEY,
        username TEXT NOT NULL,
        csrf_token TEXT NOT NULL,
        created_at TEXT NOT NULL,
        last_at TEXT NOT NULL
    );
    CREATE INDEX console_sessions_user ON console_sessions(username);
    CREATE TABLE console_audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        username TEXT NOT NULL,
        source TEXT NOT NULL DEFAULT '',
        action TEXT NOT NULL,
        terminal_id TEXT,
        detail TEXT NOT NULL DEFAULT '{}',
        command_id TEXT
    );
    CREATE INDEX console_audit_terminal ON console_audit(terminal_id, id);
    CREATE TABLE alarm_acks (
        alarm_key TEXT PRIMARY KEY,
        acked_by TEXT NOT NULL,
        acked_at TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT ''
    );
    ALTER TABLE terminals ADD COLUMN site TEXT NOT NULL DEFAULT '';
    CREATE TABLE api_tokens (
        name TEXT PRIMARY KEY,
        token_sha256 TEXT NOT NULL UNIQUE,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        revoked_at TEXT,
        last_used_at TEXT
    );
    """,
    # The library system (central/sip2/upload.py, docs/sip2.md): every stored loan, return
    # and renewal has an apply state (pending, applied, refused) with its attempts, last error
    # and the earliest next attempt; rows are found from `events` by the time central received
    # them (hence the index). Titles the library system gave for items are cached apart.
    """
    CREATE TABLE sip2_apply (
        event_id TEXT PRIMARY KEY,
        terminal_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        kind TEXT NOT NULL,
        item_id TEXT NOT NULL,
        happened_at TEXT NOT NULL,
        received_at TEXT NOT NULL,
        state TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        next_at TEXT NOT NULL,
        finished_at TEXT,
        outcome TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX sip2_apply_item ON sip2_apply(item_id, happened_at);
    CREATE INDEX sip2_apply_state ON sip2_apply(state, next_at);
    CREATE INDEX sip2_apply_received ON sip2_apply(received_at);
    CREATE INDEX events_received ON events(received_at);
    CREATE TABLE sip2_items (
        item_id TEXT PRIMARY KEY,
        title TEXT,
        author TEXT,
        fetched_at TEXT NOT NULL
    );
    """,
    # The console's figures: each terminal's district (from its birth message, for the fleet
    # filter) and its state history (online, offline, out of service; from, to), so a
    # report's availability per terminal is computed over its own period, not from "now".
    # One open row (to_at NULL) per terminal: the state it is in.
    """
    ALTER TABLE terminals ADD COLUMN district TEXT NOT NULL DEFAULT '';
    CREATE TABLE terminal_states (
        terminal_id TEXT NOT NULL,
        state TEXT NOT NULL,
        from_at TEXT NOT NULL,
        to_at TEXT,
        PRIMARY KEY (terminal_id, from_at)
    );
    CREATE INDEX terminal_states_period ON terminal_states(from_at, to_at);
    """,
    # The resident's account screen and the optional patron PIN: a masked name (names
    # leave central only masked, kiosk.privacy.mask_name), fines owed, and the PIN's
    # scrypt hash made here from the uploaded PIN (kiosk.patron_pin; the PIN is not kept).
    """
    ALTER TABLE patrons ADD COLUMN masked_name TEXT;
    ALTER TABLE patrons ADD COLUMN fines_cents INTEGER;
    ALTER TABLE patrons ADD COLUMN pin_hash TEXT;
    """,
    # Several central workers (PostgreSQL): each periodic duty (dispatching commands, timing
    # out jobs, asking for re-sends, clearing quiet alarms, watching the library system) is
    # held by one worker at a time, until its lease expires unrenewed.
    """
    CREATE TABLE leases (
        duty TEXT PRIMARY KEY,
        holder TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        taken_at TEXT NOT NULL
    );
    """,
]

# How much of a refused message is kept for staff: enough to see what it was, never the
# megabyte a misbehaving terminal sent.
