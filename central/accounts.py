"""Staff accounts of the central web console: roles, passwords, sessions, audit, throttling.

Passwords are kept only as argon2id hashes (argon2-cffi's defaults: 64 MiB, 3 passes), and
at most ``VERIFY_CONCURRENCY`` hashes are checked at once, so a burst of sign-ins cannot
take the server's memory. A session is a random 256-bit token in an HttpOnly cookie; the
store keeps only its SHA-256, with a per-session CSRF token, so a copy of the database signs
nobody in. Sessions end on sign-out, after ``IDLE`` without a request, after ``LIFETIME``
in any case, and when the account is disabled; the role is read on every request, so a
changed role applies at once.

Every action a person takes goes to ``console_audit``: who, when, from where, what, and the
command job it created (written in the job's own transaction).

Writers: the web console's request threads and ``kiosk central user ...``; the central
service's worker never touches these tables.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from central.db import Db
from central.store import CentralStore

IDLE = timedelta(minutes=30)
LIFETIME = timedelta(hours=12)
# A session's last use is written at most this often: a page that polls every few seconds
# must not make every poll a write to the store the central service writes to.
TOUCH_EVERY = timedelta(seconds=60)
MIN_PASSWORD_CHARS = 10
MAX_PASSWORD_CHARS = 1024
USERNAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789._-")
MAX_USERNAME_CHARS = 64
VERIFY_CONCURRENCY = 2

_hasher = PasswordHasher()
# Checked when the account does not exist, so a wrong name costs what a wrong password does.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))
_verify_slots = threading.BoundedSemaphore(VERIFY_CONCURRENCY)


class Role(Enum):
    """What an account may do; each role may do everything the roles before it may."""

    VIEWER = "viewer"  # sees the fleet, terminals, alarms
    OPERATOR = "operator"  # also acts on terminals and acknowledges alarms
    ADMIN = "admin"  # also manages accounts and reads the audit log

    @property
    def rank(self) -> int:
        return list(Role).index(self)

    def may(self, needed: Role) -> bool:
        return self.rank >= needed.rank


@dataclass(frozen=True)
class User:
    username: str
    role: Role


@dataclass(frozen=True)
class Session:
    user: User
    csrf_token: str
    token_sha256: str


class AccountError(ValueError):
    """A refused account change; the message is bilingual (zh / en)."""


def utc_text(at: datetime | None = None) -> str:
    """A UTC instant as the store keeps it: text order is time order."""
    return (at or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="microseconds")


def _sha256(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def check_username(name: str) -> str:
    if not name or len(name) > MAX_USERNAME_CHARS or not set(name) <= USERNAME_CHARS:
        raise AccountError(
            "用户名只能包含小写字母、数字和 . _ -（1 到 64 个字符）"
            " / a username is 1 to 64 characters of a-z, 0-9, '.', '_', '-'"
        )
    return name


def check_password(password: str) -> str:
    if not MIN_PASSWORD_CHARS <= len(password) <= MAX_PASSWORD_CHARS:
        raise AccountError(
            f"密码至少 {MIN_PASSWORD_CHARS} 个字符 / a password has at least"
            f" {MIN_PASSWORD_CHARS} characters"
        )
    return password


class Accounts:
    """Accounts, sessions and the audit log, kept in the central store."""

    def __init__(self, store: CentralStore) -> None:
        self.store = store

    # --- accounts --------------------------------------------------------------------
    def add_user(self, username: str, role: Role, password: str, actor: str) -> None:
        check_username(username)
        password_hash = _hasher.hash(check_password(password))
        try:
            with self.store.tx() as db:
                db.execute(
                    "INSERT INTO console_users (username, role, password_hash, created_at)"
                    " VALUES (?, ?, ?, ?)",
                    [username, role.value, password_hash, utc_text()],
                )
                self.write_audit(
                    db, actor, "user_add", detail={"user": username, "role": role.value}
                )
        except self.store.IntegrityError as exc:
            raise AccountError(f"用户 {username} 已存在 / user {username} exists") from exc

    @staticmethod
    def _keep_an_admin(db: Db, username: str) -> None:
        """Refuse to demote or disable the last enabled administrator."""
        others = db.execute(
            "SELECT 1 FROM console_users WHERE role = ? AND disabled_at IS NULL AND username != ?",
            [Role.ADMIN.value, username],
        ).fetchone()
        target = db.execute(
            "SELECT 1 FROM console_users WHERE role = ? AND disabled_at IS NULL AND username = ?",
            [Role.ADMIN.value, username],
        ).fetchone()
        if target and not others:
            raise AccountError(
                "至少要保留一个启用的管理员 / at least one enabled administrator must remain"
            )

    def set_role(self, username: str, role: Role, actor: str, source: str = "") -> None:
        with self.store.tx() as db:
            if role is not Role.ADMIN:
                self._keep_an_admin(db, username)
            if not db.execute(
                "UPDATE console_users SET role = ? WHERE username = ?", [role.value, username]
            ).rowcount:
                raise AccountError(f"没有用户 {username} / no user {username}")
            detail = {"user": username, "role": role.value}
            self.write_audit(db, actor, "user_role", source=source, detail=detail)

    def set_disabled(self, username: str, disabled: bool, actor: str, source: str = "") -> None:
        """Disable (ending every session of the account) or enable an account."""
        with self.store.tx() as db:
            if disabled:
                self._keep_an_admin(db, username)
            if not db.execute(
                "UPDATE console_users SET disabled_at = ? WHERE username = ?",
                [utc_text() if disabled else None, username],
            ).rowcount:
                raise AccountError(f"没有用户 {username} / no user {username}")
            if disabled:
                db.execute("DELETE FROM console_sessions WHERE username = ?", [username])
            action = "user_disable" if disabled else "user_enable"
            self.write_audit(db, actor, action, source=source, detail={"user": username})

    def users(self) -> list[dict[str, Any]]:
        return [
            dict(r)
            for r in self.store.db.execute(
                "SELECT username, role, created_at, disabled_at FROM console_users"
                " ORDER BY username"
            )
        ]

    def has_users(self) -> bool:
        return self.store.db.execute("SELECT 1 FROM console_users LIMIT 1").fetchone() is not None

    def authenticate(self, username: str, password: str) -> User | None:
        """The account if the password is right and the account enabled; else None."""
        row = self.store.db.execute(
            "SELECT role, password_hash, disabled_at FROM console_users WHERE username = ?",
            [username],
        ).fetchone()
        with _verify_slots:
            try:
                _hasher.verify(row["password_hash"] if row else _DUMMY_HASH, password)
            except (VerificationError, InvalidHashError):
                return None
        if row is None or row["disabled_at"] is not None:
            return None
        return User(username, Role(row["role"]))

    def known(self, username: str) -> bool:
        return (
            self.store.db.execute(
                "SELECT 1 FROM console_users WHERE username = ?", [username]
            ).fetchone()
            is not None
        )

    # --- sessions --------------------------------------------------------------------
    def open_session(self, user: User, source: str) -> tuple[str, Session]:
        """A new session for ``user``; returns the cookie's token (never stored) and it."""
        token = secrets.token_urlsafe(32)
        csrf = secrets.token_urlsafe(32)
        now = utc_text()
        with self.store.tx() as db:
            # Sessions past their time are deleted here, so the table holds only live ones
            # and those not yet replaced.
            db.execute(
                "DELETE FROM console_sessions WHERE created_at < ? OR last_at < ?",
                [utc_text(datetime.now(UTC) - LIFETIME), utc_text(datetime.now(UTC) - IDLE)],
            )
            db.execute(
                "INSERT INTO console_sessions (token_sha256, username, csrf_token, created_at,"
                " last_at) VALUES (?, ?, ?, ?, ?)",
                [_sha256(token), user.username, csrf, now, now],
            )
            self.write_audit(db, user.username, "sign_in", source=source)
        return token, Session(user, csrf, _sha256(token))

    def session(self, token: str, now: datetime | None = None) -> Session | None:
        """The live session of a cookie's token, touching its last use; None if none."""
        now = now or datetime.now(UTC)
        row = self.store.db.execute(
            "SELECT s.token_sha256, s.username, s.csrf_token, s.created_at, s.last_at, u.role,"
            " u.disabled_at FROM console_sessions s JOIN console_users u USING (username)"
            " WHERE s.token_sha256 = ?",
            [_sha256(token)],
        ).fetchone()
        if row is None or row["disabled_at"] is not None:
            return None
        if row["created_at"] < utc_text(now - LIFETIME) or row["last_at"] < utc_text(now - IDLE):
            return None
        if row["last_at"] < utc_text(now - TOUCH_EVERY):
            with self.store.tx() as db:
                db.execute(
                    "UPDATE console_sessions SET last_at = ? WHERE token_sha256 = ?",
                    [utc_text(now), row["token_sha256"]],
                )
        user = User(row["username"], Role(row["role"]))
        return Session(user, row["csrf_token"], row["token_sha256"])

    def close_session(self, session: Session, source: str) -> None:
        with self.store.tx() as db:
            db.execute(
                "DELETE FROM console_sessions WHERE token_sha256 = ?", [session.token_sha256]
            )
            self.write_audit(db, session.user.username, "sign_out", source=source)

    def purge_sessions(self, now: datetime | None = None) -> int:
        """Delete sessions past their idle time or lifetime; returns how many."""
        now = now or datetime.now(UTC)
        with self.store.tx() as db:
            return db.execute(
                "DELETE FROM console_sessions WHERE created_at < ? OR last_at < ?",
                [utc_text(now - LIFETIME), utc_text(now - IDLE)],
            ).rowcount

    # --- audit -----------------------------------------------------------------------
    def audit(
        self,
        username: str,
        action: str,
        *,
        source: str = "",
        terminal_id: str | None = None,
        detail: dict[str, Any] | None = None,
    ) -> None:
        with self.store.tx() as db:
            self.write_audit(db, username, action, source, terminal_id, detail)

    @staticmethod
    def write_audit(
        db: Db,
        username: str,
        action: str,
        source: str = "",
        terminal_id: str | None = None,
        detail: dict[str, Any] | None = None,
        command_id: str | None = None,
    ) -> None:
        db.execute(
            "INSERT INTO console_audit (at, username, source, action, terminal_id, detail,"
            " command_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                utc_text(),
                username,
                source,
                action,
                terminal_id,
                json.dumps(detail or {}, ensure_ascii=False, sort_keys=True),
                command_id,
            ],
        )

    def audit_log(self, limit: int = 200, terminal_id: str | None = None) -> list[dict[str, Any]]:
        where, params = ("WHERE terminal_id = ?", [terminal_id]) if terminal_id else ("", [])
        rows = [
            dict(r)
            for r in self.store.db.execute(
                f"SELECT * FROM console_audit {where} ORDER BY id DESC LIMIT ?", [*params, limit]
            )
        ]
        for row in rows:
            row["detail"] = json.loads(row["detail"])
        return rows


API_TOKEN_PREFIX = "kc_"


class ApiTokens:
    """Bearer tokens for the read-only JSON API (``/api/v1/...``), one per named client.

    A token is shown once, when made; the store keeps its SHA-256. Revoking is immediate.
    """

    def __init__(self, store: CentralStore) -> None:
        self.store = store

    def add(self, name: str, actor: str) -> str:
        check_username(name)
        token = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
        try:
            with self.store.tx() as db:
                db.execute(
                    "INSERT INTO api_tokens (name, token_sha256, created_by, created_at)"
                    " VALUES (?, ?, ?, ?)",
                    [name, _sha256(token), actor, utc_text()],
                )
                Accounts.write_audit(db, actor, "api_token_add", detail={"name": name})
        except self.store.IntegrityError as exc:
            raise AccountError(f"令牌 {name} 已存在 / token {name} exists") from exc
        return token

    def revoke(self, name: str, actor: str) -> None:
        with self.store.tx() as db:
            if not db.execute(
                "UPDATE api_tokens SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL",
                [utc_text(), name],
            ).rowcount:
                raise AccountError(f"没有有效令牌 {name} / no live token {name}")
            Accounts.write_audit(db, actor, "api_token_revoke", detail={"name": name})

    def listing(self) -> list[dict[str, Any]]:
        return [
            dict(r)
            for r in self.store.db.execute(
                "SELECT name, created_by, created_at, revoked_at, last_used_at FROM api_tokens"
                " ORDER BY name"
            )
        ]

    def client(self, token: str, now: datetime | None = None) -> str | None:
        """The name of the client a live token belongs to, noting its use; None if none."""
        if not token.startswith(API_TOKEN_PREFIX):
            return None
        row = self.store.db.execute(
            "SELECT name, last_used_at FROM api_tokens WHERE token_sha256 = ?"
            " AND revoked_at IS NULL",
            [_sha256(token)],
        ).fetchone()
        if row is None:
            return None
        now = now or datetime.now(UTC)
        if (row["last_used_at"] or "") < utc_text(now - TOUCH_EVERY):
            with self.store.tx() as db:
                db.execute(
                    "UPDATE api_tokens SET last_used_at = ? WHERE name = ?",
                    [utc_text(now), row["name"]],
                )
        return str(row["name"])


def same_token(a: str, b: str) -> bool:
    """Constant-time comparison of two tokens (a CSRF token, a form's copy)."""
    return bool(a) and hmac.compare_digest(a.encode(), b.encode())


class SignInThrottle:
    """Growing waits after failed sign-ins, per account and per source address.

    The first ``FREE_FAILURES`` failures cost nothing; each further one doubles the wait
    before the next attempt, from 1 s up to ``MAX_WAIT_S``; a key is forgotten after
    ``FORGET_S`` without a failure. Waits run on the monotonic clock, so setting the wall
    clock neither ends nor stretches them. A success clears the account's count but not the
    address's, so signing in to one's own account does not buy guesses at another's.
    Accounts are counted only for names that exist (their number is bounded by the accounts
    table); addresses are counted by IPv4 address or IPv6 /64, at most ``MAX_ADDRESSES`` at
    once, the stalest forgotten first. Kept in memory: a restart of the console starts over.
    """

    FREE_FAILURES = 3
    FIRST_WAIT_S = 1.0
    MAX_WAIT_S = 900.0
    FORGET_S = 3600.0
    MAX_ADDRESSES = 10_000

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        # key -> (failures, monotonic time of the last failure, monotonic time allowed again)
        self._state: dict[str, tuple[int, float, float]] = {}

    @staticmethod
    def address_key(source: str) -> str:
        try:
            address = ipaddress.ip_address(source)
        except ValueError:
            return f"addr:{source}"
        if address.version == 6:
            return f"addr:{ipaddress.ip_network(f'{address}/64', strict=False)}"
        return f"addr:{address}"

    def keys(self, source: str, username: str | None) -> list[str]:
        keys = [self.address_key(source)]
        if username is not None:
            keys.append(f"user:{username}")
        return keys

    def wait_left(self, keys: list[str]) -> float:
        """Seconds before these keys may try again (0 when they may now)."""
        now = self._clock()
        with self._lock:
            return max(
                (max(0.0, self._state[k][2] - now) for k in keys if k in self._state), default=0.0
            )

    def failed(self, keys: list[str]) -> None:
        now = self._clock()
        with self._lock:
            for key in keys:
                failures, last, _ = self._state.get(key, (0, now, now))
                if now - last > self.FORGET_S:
                    failures = 0
                failures += 1
                excess = failures - self.FREE_FAILURES
                wait = (
                    min(self.FIRST_WAIT_S * 2 ** (excess - 1), self.MAX_WAIT_S)
                    if excess > 0
                    else 0.0
                )
                self._state[key] = (failures, now, now + wait)
            self._bound(now)

    def succeeded(self, username: str) -> None:
        with self._lock:
            self._state.pop(f"user:{username}", None)

    def _bound(self, now: float) -> None:
        addresses = [k for k in self._state if k.startswith("addr:")]
        if len(addresses) <= self.MAX_ADDRESSES:
            return
        for key in addresses:
            if now - self._state[key][1] > self.FORGET_S:
                del self._state[key]
        addresses = [k for k in self._state if k.startswith("addr:")]
        addresses.sort(key=lambda k: self._state[k][1])
        for key in addresses[: len(addresses) - self.MAX_ADDRESSES]:
            del self._state[key]
