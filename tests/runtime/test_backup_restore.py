"""The restore drill: nightly backups taken while a kiosk commits loans are usable.

A real child process borrows and returns in a loop on a real SQLite store; the real
``kiosk service backup`` command copies it meanwhile, keeping the newest three; the writer
is then SIGKILLed, and ``kiosk service restore`` puts the newest backup in place. The
restored store must open, pass SQLite's integrity check, settle by crash recovery, hold
exactly one outbox event per loan, and start a kiosk (``kiosk run --check``).
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.circulation import Circulation
from kiosk.config import load_config
from kiosk.store import StorageInUse, Store
from runtime.backup import StoreLock

REPO = Path(__file__).resolve().parents[2]
SITE = REPO / "config" / "default.toml"
WRITER = Path(__file__).with_name("backup_writer.py")


def kiosk(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
    )


@pytest.fixture
def busy_kiosk(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    store_name = Path(load_config(SITE).storage.path).name
    writer = subprocess.Popen(
        [sys.executable, str(WRITER), str(data / store_name), str(tmp_path)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None
    assert writer.stdout.readline().strip() == "started"
    yield data, store_name, writer
    if writer.poll() is None:
        writer.kill()
    writer.wait()


def wait_cycles(writer: subprocess.Popen[str], n: int) -> None:
    assert writer.stdout is not None
    for _ in range(n):
        assert writer.stdout.readline(), "the writer stopped"


def test_backups_taken_while_lending_restore_to_a_working_kiosk(tmp_path, busy_kiosk):
    data, store_name, writer = busy_kiosk
    backups = tmp_path / "backups"
    taken = []
    for _ in range(4):
        wait_cycles(writer, 3)
        done = kiosk(
            "service",
            "backup",
            "--config",
            str(SITE),
            "--data-dir",
            str(data),
            "--to",
            str(backups),
            "--keep",
            "3",
        )
        assert done.returncode == 0, done.stderr
        taken.append(json.loads(done.stdout))
        assert writer.poll() is None  # taken while the kiosk was writing
    assert [b["outbox_pending"] for b in taken] == sorted(b["outbox_pending"] for b in taken)
    assert taken[0]["outbox_pending"] > 0
    kept = sorted(backups.iterdir())
    assert [Path(b["backup"]) for b in taken[1:]] == kept
    assert taken[-1]["removed"] == [taken[0]["backup"]]

    refused = kiosk(
        "service", "restore", "--config", str(SITE), "--data-dir", str(data), taken[-1]["backup"]
    )
    assert refused.returncode == 2
    assert "still running" in refused.stderr

    wait_cycles(writer, 2)
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    restored = kiosk(
        "service", "restore", "--config", str(SITE), "--data-dir", str(data), taken[-1]["backup"]
    )
    assert restored.returncode == 0, restored.stderr
    report = json.loads(restored.stdout)
    assert report["outbox_pending"] == taken[-1]["outbox_pending"]
    assert any(
        Path(p).name.startswith(f"{store_name}.before-restore-") for p in report["moved_aside"]
    )

    db = data / store_name
    with sqlite3.connect(db) as check:
        assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    config = load_config(SITE)
    store = Store(db, config.site.terminal_id)
    try:
        Circulation(store, config).recover()
        assert store.pending_intents() == []
        loans = {row["loan_id"] for row in store.query("SELECT loan_id FROM loans")}
        events = [
            e.payload["data"]["loan_id"]
            for e in store.outbox_pending(limit=100_000)
            if e.kind == "loan"
        ]
        assert sorted(events) == sorted(loans)
        assert len(loans) >= 9  # at least the cycles seen before the backup
    finally:
        store.close()

    started = kiosk("run", "--check", "--config", str(SITE), "--data-dir", str(data))
    assert started.returncode == 0, started.stderr
    assert json.loads(started.stdout)["terminal_id"] == config.site.terminal_id


def test_a_damaged_backup_is_refused_and_the_store_is_left_alone(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    store_name = Path(load_config(SITE).storage.path).name
    Store(data / store_name, "HZ-DEMO-01").close()
    before = (data / store_name).read_bytes()
    damaged = tmp_path / "damaged.backup.db"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    refused = kiosk(
        "service", "restore", "--config", str(SITE), "--data-dir", str(data), str(damaged)
    )
    assert refused.returncode == 2
    assert "restore failed" in refused.stderr
    assert (data / store_name).read_bytes() == before
    assert sorted(p.name for p in data.iterdir() if "before-restore" in p.name) == []


def test_backup_of_a_missing_store_says_so(tmp_path):
    done = kiosk(
        "service",
        "backup",
        "--config",
        str(SITE),
        "--data-dir",
        str(tmp_path / "x"),
        "--to",
        str(tmp_path / "b"),
    )
    assert done.returncode == 2
    assert "no store" in done.stderr


def test_a_second_kiosk_on_the_same_store_is_refused(tmp_path):
    lock = StoreLock(tmp_path / "kiosk.db")
    lock.acquire()
    try:
        with pytest.raises(StorageInUse):
            StoreLock(tmp_path / "kiosk.db").acquire()
        second = kiosk("run", "--check", "--config", str(SITE), "--data-dir", str(tmp_path))
        assert second.returncode == 2
        assert "another kiosk process" in second.stderr
    finally:
        lock.release()
    StoreLock(tmp_path / "kiosk.db").acquire()  # free again once the holder let go
