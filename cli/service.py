"""``kiosk service``: the site technician's commands that are not a device's.

- ``pin-hash``: make a ``[ui] service_pin_hash`` for a site file. The PIN is read twice
  from the terminal without echo (or once from standard input with ``--stdin``); a PIN of
  fewer than 6 digits is refused (:mod:`kiosk.service_pin`).
- ``backup``: an online copy of the terminal's store into a folder, keeping the newest
  ``--keep`` (the nightly timer of docs/deployment.md runs it while the kiosk runs).
- ``restore``: put a backup in place of the store, with the kiosk stopped; the replaced
  store is moved aside, never deleted (:mod:`runtime.backup`).

Each prints one JSON line on success (exit 0) and one line on stderr otherwise (exit 2).
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path

from kiosk.config import ConfigError, load_config
from kiosk.service_pin import make_hash
from kiosk.store import StorageError
from kiosk.store.schema import MIGRATIONS
from runtime.backup import BackupError, backup_store, restore_store
from runtime.simulated import DEMO_SITE_FILE


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "pin-hash", help="make a service_pin_hash for a site file / 生成维护密码哈希"
    )
    parser.add_argument(
        "--stdin", action="store_true", help="read the PIN from standard input, not a prompt"
    )
    parser.set_defaults(handler=_cmd_pin_hash)

    backup = subparsers.add_parser(
        "backup", help="copy the store while the kiosk runs / 在线备份本地数据库"
    )
    _store_arguments(backup)
    backup.add_argument("--to", required=True, help="folder for the backups")
    backup.add_argument("--keep", type=int, default=7, help="newest backups kept (default 7)")
    backup.set_defaults(handler=_cmd_backup)

    restore = subparsers.add_parser(
        "restore", help="put a backup in place of the store / 从备份恢复本地数据库"
    )
    _store_arguments(restore)
    restore.add_argument("backup", help="a file made by 'kiosk service backup'")
    restore.set_defaults(handler=_cmd_restore)


def _store_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", default=str(DEMO_SITE_FILE), help="site file (TOML)")
    parser.add_argument("--data-dir", help="directory of the store (as for 'kiosk run')")


def _store_path(args: argparse.Namespace) -> Path:
    """Where ``kiosk run`` with the same --config and --data-dir keeps its store."""
    path = Path(load_config(args.config).storage.path)
    return Path(args.data_dir) / path.name if args.data_dir else path


def _cmd_backup(args: argparse.Namespace) -> int:
    try:
        result = backup_store(_store_path(args), args.to, keep=args.keep)
    except (ConfigError, BackupError, StorageError) as exc:
        sys.stderr.write(f"备份失败 / backup failed: {exc}\n")
        return 2
    report = {
        "backup": str(result.path),
        "bytes": result.bytes,
        "schema_version": result.schema_version,
        "outbox_pending": result.outbox_pending,
        "removed": [str(p) for p in result.removed],
    }
    sys.stdout.write(json.dumps(report, ensure_ascii=False) + "\n")
    return 0


def _cmd_restore(args: argparse.Namespace) -> int:
    try:
        result = restore_store(args.backup, _store_path(args), len(MIGRATIONS))
    except (ConfigError, BackupError, StorageError) as exc:
        sys.stderr.write(f"恢复失败 / restore failed: {exc}\n")
        return 2
    report = {
        "restored": str(result.restored),
        "moved_aside": [str(p) for p in result.moved_aside],
        "schema_version": result.schema_version,
        "outbox_pending": result.outbox_pending,
    }
    sys.stdout.write(json.dumps(report, ensure_ascii=False) + "\n")
    return 0


def _cmd_pin_hash(args: argparse.Namespace) -> int:
    if args.stdin:
        pin = sys.stdin.readline().strip()
    else:
        pin = getpass.getpass("Service PIN / 维护密码: ")
        if getpass.getpass("Again / 再输一次: ") != pin:
            sys.stderr.write("the two PINs differ / 两次输入不一致\n")
            return 2
    try:
        encoded = make_hash(pin)
    except ValueError as exc:
        sys.stderr.write(f"{exc}\n")
        return 2
    sys.stdout.write(f'service_pin_hash = "{encoded}"\n')
    return 0
