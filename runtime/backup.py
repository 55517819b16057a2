"""The terminal store's online backup and its restore, and the lock that says a kiosk runs.

A backup is taken while the kiosk runs (the nightly timer of docs/deployment.md): SQLite's
online backup API copies the database through a read-only connection in one step, which
in WAL mode is a consistent snapshot of the last commit and never blocks the kiosk's
writer. The copy is checked (``PRAGMA integrity_check``), made a single self-contained
file (rollback journal, no ``-wal`` beside it), written under a temporary name, synced and
renamed, so a power cut leaves either the old set of backups or the new one. The newest
``keep`` backups of this store are kept.

A restored store is the terminal as it was at the backup: whatever a flow had begun then
is settled by the same crash recovery as after a power cut, when the kiosk next starts.
Restoring is refused while a kiosk holds the store's lock, and the store it replaces is
moved aside, never deleted: if that file is still readable, the events in it that central
never acknowledged can only be recovered from it.

:class:`StoreLock` is that lock: ``flock`` on ``<store>.lock``, held by a running kiosk for
its lifetime (one owner per store: a second kiosk started on the same data directory is
refused) and released by the kernel when the process dies, kill -9 included.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from kiosk.store import StorageInUse

BACKUP_SUFFIX = ".backup.db"
PARTIAL_SUFFIX = ".partial"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why, in both languages."""


class StoreLock:
    """Exclusive ``flock`` on ``<store path>.lock`` for as long as the kiosk runs."""

    def __init__(self, store_path: str | Path) -> None:
        self.store_path = Path(store_path)
        self.path = Path(f"{store_path}.lock")
        self._fd: int | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise StorageInUse(
                str(self.store_path),
                "另一个自助终端程序正在使用这个数据库 / another kiosk process is using it",
            ) from None
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def held_elsewhere(self) -> bool:
        """True while another process holds the lock (a kiosk is running on this store)."""
        try:
            self.acquire()
        except StorageInUse:
            return True
        self.release()
        return False


@dataclass(frozen=True)
class BackupResult:
    path: Path
    bytes: int
    schema_version: int
    outbox_pending: int
    removed: list[Path]


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _check(db: sqlite3.Connection, what: str) -> None:
    problems = [row[0] for row in db.execute("PRAGMA integrity_check(1)")]
    if problems != ["ok"]:
        raise BackupError(f"{what} 已损坏 / is damaged: {problems[0]}")


def backup_store(
    store_path: str | Path, to_dir: str | Path, keep: int = 7, now: datetime | None = None
) -> BackupResult:
    """Copy the live store into ``to_dir`` as ``<name>-<UTC time>.backup.db``."""
    source_path = Path(store_path)
    if not source_path.exists():
        raise BackupError(f"没有数据库 / no store at {source_path}")
    if keep < 1:
        raise BackupError("keep must be at least 1 / 至少保留 1 份")
    target_dir = Path(to_dir)
    target_dir.mkdir(parents=True, exist_ok=True)
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = target_dir / f"{source_path.stem}-{stamp}{BACKUP_SUFFIX}"
    partial = target.with_name(target.name + PARTIAL_SUFFIX)
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
    try:
        copy = sqlite3.connect(partial)
        try:
            # pages=-1: one step under one read transaction, so the copy is one commit's
            # state even while the kiosk writes (WAL readers never block the writer).
            source.backup(copy, pages=-1)
            copy.execute("PRAGMA journal_mode=DELETE")
            _check(copy, "备份 / the backup")
            schema_version = int(copy.execute("PRAGMA user_version").fetchone()[0])
            outbox_pending = int(copy.execute("SELECT count(*) FROM outbox").fetchone()[0])
        finally:
            copy.close()
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"备份失败 / backup failed: {exc}") from exc
    except BackupError:
        partial.unlink(missing_ok=True)
        raise
    finally:
        source.close()
    with open(partial, "rb") as written:
        os.fsync(written.fileno())
    partial.rename(target)
    _fsync_dir(target_dir)
    backups = sorted(target_dir.glob(f"{source_path.stem}-*{BACKUP_SUFFIX}"))
    removed = backups[:-keep]
    for old in removed:
        old.unlink()
    return BackupResult(target, target.stat().st_size, schema_version, outbox_pending, removed)


@dataclass(frozen=True)
class RestoreResult:
    restored: Path
    moved_aside: list[Path]
    schema_version: int
    outbox_pending: int


def restore_store(
    backup: str | Path, store_path: str | Path, known_schema_version: int
) -> RestoreResult:
    """Put ``backup`` in place of the store at ``store_path`` (no kiosk may be running)."""
    backup_path = Path(backup)
    target = Path(store_path)
    if StoreLock(target).held_elsewhere():
        raise BackupError(
            "自助终端程序仍在运行，请先停止（systemctl stop library-kiosk） / the kiosk is "
            "still running on this store: stop it first (systemctl stop library-kiosk)"
        )
    try:
        check = sqlite3.connect(f"file:{backup_path}?mode=ro", uri=True)
        try:
            _check(check, f"备份 / backup {backup_path}")
            schema_version = int(check.execute("PRAGMA user_version").fetchone()[0])
            outbox_pending = int(check.execute("SELECT count(*) FROM outbox").fetchone()[0])
        finally:
            check.close()
    except sqlite3.Error as exc:
        raise BackupError(f"无法读取备份 / cannot read backup {backup_path}: {exc}") from exc
    if schema_version > known_schema_version:
        raise BackupError(
            f"备份来自更新的软件版本（{schema_version} > {known_schema_version}） / the backup "
            f"is from a newer version (schema {schema_version} > {known_schema_version})"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    moved: list[Path] = []
    for suffix in ("", "-wal", "-shm"):
        current = Path(f"{target}{suffix}")
        if current.exists():
            aside = Path(f"{target}.before-restore-{stamp}{suffix}")
            current.rename(aside)
            moved.append(aside)
    partial = target.with_name(target.name + PARTIAL_SUFFIX)
    with open(backup_path, "rb") as src, open(partial, "wb") as dst:
        while chunk := src.read(1 << 20):
            dst.write(chunk)
        dst.flush()
        os.fsync(dst.fileno())
    partial.rename(target)
    _fsync_dir(target.parent)
    return RestoreResult(target, moved, schema_version, outbox_pending)
